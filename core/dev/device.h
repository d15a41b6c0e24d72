// The interface every memory-mapped device implements.
//
// Offsets are relative to the device's base. size is 1, 2 or 4 bytes; the bus
// adapts narrower accesses for devices that only implement 32-bit registers (see
// Bus::map_device). Devices never learn their absolute address or which board
// they are on: the board passes options in.
#pragma once

#include "core/common/types.h"

namespace bw {

class Device {
  public:
    virtual ~Device() = default;
    virtual const char* name() const = 0;
    virtual void reset() = 0;
    virtual u32 read(u32 offset, unsigned size) = 0;
    virtual void write(u32 offset, u32 value, unsigned size) = 0;
};

}  // namespace bw
