#include "core/dev/i2c/versatile_i2c.h"

namespace bw {

namespace {

enum : u32 {
    I2C_CONTROL = 0x00,   // read: line levels
    I2C_CONTROLS = 0x00,  // write: set bits
    I2C_CONTROLC = 0x04,  // write: clear bits
};

}  // namespace

VersatileI2c::VersatileI2c() { reset(); }

void VersatileI2c::reset() {
    s_ = State{};
    bus_.reset();
    bitbang_.reset();
}

u32 VersatileI2c::read(u32 offset, unsigned) {
    switch (offset) {
        case I2C_CONTROL: return (s_.out & SCL) | (bitbang_.sda() ? SDA : 0);
        default: bad_.bad_read(name(), offset); return 0;  // includes write-only I2C_CONTROLC
    }
}

void VersatileI2c::write(u32 offset, u32 value, unsigned) {
    switch (offset) {
        case I2C_CONTROLS: s_.out |= value & (SCL | SDA); break;
        case I2C_CONTROLC: s_.out &= ~value & (SCL | SDA); break;
        default: bad_.bad_write(name(), offset); return;
    }
    // SCL first: a write that changes both lines is a clock edge followed by a
    // data change, the order QEMU applies them in.
    bitbang_.set_scl(s_.out & SCL);
    bitbang_.set_sda(s_.out & SDA);
}

}  // namespace bw
