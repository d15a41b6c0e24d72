// I2C master decoder for bit-banged SCL/SDA lines, as QEMU 7.2's bitbang_i2c.c
// behaves.
//
// A controller that exposes the two open-drain lines as register bits (the
// Versatile SBCon, GPIO pins) feeds every level the master drives; the decoder
// finds START (SDA falls while SCL is high) and STOP (SDA rises while SCL is
// high), shifts bits in on SCL rising edges, and turns bytes into I2cBus calls.
// The addressed target answers on the 9th clock of every written byte (ACK pulls
// SDA low) and drives read data from each SCL rising edge until the next falling
// edge. The SDA level a master reads back is the wired-AND of its own output and
// the target's.
// Not implemented: clock stretching (SCL always reads as the master drives it),
// arbitration, the general call.
#pragma once

#include "core/common/types.h"
#include "core/dev/i2c/i2c_bus.h"

namespace bw {

class BitbangI2c {
  public:
    enum class Phase : u8 {
        Idle,       // no transfer: clocks are ignored until a START
        Writing,    // shifting in an address or data byte from the master
        TargetAck,  // 8 bits in: the 9th clock carries the target's ACK/NACK
        Reading,    // the target shifts a byte out, MSB first
        MasterAck,  // 8 bits out: the 9th clock carries the master's ACK/NACK
        Nacked,     // the master NACKed a read: wait for STOP or START
    };

    struct State {
        bool scl = true;         // master's SCL (released high)
        bool sda = true;         // master's SDA
        bool target_sda = true;  // target's SDA (released unless ACK or a 0 data bit)
        Phase phase = Phase::Idle;
        u8 bits = 0;             // bits shifted in the current byte
        u8 shift = 0;            // byte being shifted in or out
        bool addressed = false;  // the address byte after the last START was seen
        bool read = false;       // R/W bit of that address byte
    };

    explicit BitbangI2c(I2cBus& bus) : bus_(bus) {}

    void reset();
    // Drive one line; both return the SDA level on the wire afterwards.
    bool set_scl(bool level);
    bool set_sda(bool level);
    // SDA as the master reads it: low if either side pulls it low.
    bool sda() const { return s_.sda && s_.target_sda; }

    const State& state() const { return s_; }

  private:
    void clock_rise();
    void end_transfer();

    I2cBus& bus_;
    State s_;
};

}  // namespace bw
