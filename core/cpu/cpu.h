// What the machine runner needs from any CPU model.
#pragma once

#include "core/common/types.h"

namespace bw {

class Cpu {
  public:
    virtual ~Cpu() = default;
    virtual void reset() = 0;
    // Execute instructions until the scheduler's |remaining| budget reaches zero
    // or the CPU halts waiting for an interrupt. Must decrement |remaining| by one
    // per instruction retired (exceptions count as one).
    virtual void execute() = 0;
    // True while stopped in WFI/WAIT with no interrupt to wake it.
    virtual bool halted() const = 0;
    // Program counter, for diagnostics.
    virtual u32 pc() const = 0;
};

}  // namespace bw
