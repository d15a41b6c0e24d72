// An I2C bus: one master, targets selected by their 7-bit address.
//
// The master side (a bit-bang decoder or an I2C controller model) calls start()
// with the address byte's fields, then send()/recv() per byte, and stop(). The
// bus routes each call to the addressed target and reports its ACK/NACK.
// Implemented: 7-bit addressing, repeated START (to the same or another target),
// master NACK on reads. Not implemented: 10-bit addresses, the general call
// (address 0), multiple masters, clock stretching.
#pragma once

#include <array>

#include "core/common/types.h"

namespace bw {

// A device on an I2C bus. Return values: true = ACK, false = NACK.
class I2cTarget {
  public:
    virtual ~I2cTarget() = default;
    // Power-on state (the bus resets its targets).
    virtual void reset() = 0;
    // A START or repeated START addressed this target for a write (|read| false)
    // or a read.
    virtual bool start(bool read) = 0;
    // A byte from the master.
    virtual bool send(u8 byte) = 0;
    // The next byte for the master.
    virtual u8 recv() = 0;
    // The master answered the last received byte with NACK (end of a read).
    virtual void nack() {}
    // A STOP, or a repeated START that addressed another target.
    virtual void stop() = 0;
};

class I2cBus {
  public:
    static constexpr unsigned kAddresses = 128;

    // Attach |target| at 7-bit |address| (replacing any previous one; null
    // detaches). The target must outlive the bus.
    void attach(u8 address, I2cTarget* target);
    I2cTarget* target(u8 address) const { return targets_[address & 0x7f]; }

    // Reset every attached target and end any transfer.
    void reset();

    // START (or repeated START) with |address| (7 bits) and the R/W bit. True if
    // a target acknowledged; after a NACK no target is selected.
    bool start(u8 address, bool read);
    // Data byte to the selected target; false (NACK) if none is selected.
    bool send(u8 byte);
    // Data byte from the selected target; 0xff (the released bus) if none.
    u8 recv();
    void nack();
    void stop();

    bool busy() const { return current_ != nullptr; }

  private:
    std::array<I2cTarget*, kAddresses> targets_{};
    I2cTarget* current_ = nullptr;
};

}  // namespace bw
