#include "core/dev/misc/malta_fpga.h"

#include <cstdio>

namespace bw {

namespace {

enum : u32 {
    SWITCH = 0x00200,
    STATUS = 0x00208,
    JMPRS = 0x00210,
    LEDBAR = 0x00408,
    ASCIIWORD = 0x00410,
    ASCIIPOS0 = 0x00418,
    ASCIIPOS7 = 0x00450,
    SOFTRES = 0x00500,
    BRKRES = 0x00508,
    GPOUT = 0x00a00,
    GPINP = 0x00a08,
    I2CINP = 0x00b00,
    I2COE = 0x00b08,
    I2COUT = 0x00b10,
    I2CSEL = 0x00b18,
};

constexpr u32 SOFTRES_RESET = 0x42;

}  // namespace

void MaltaFpga::reset() {
    s_ = State{};
    display_changed();
}

u32 MaltaFpga::read(u32 offset, unsigned) {
    switch (offset & 0xfffff) {
        case SWITCH: return 0;
        case STATUS: return big_endian_ ? 0x12 : 0x10;
        case JMPRS: return 0;
        case LEDBAR: return s_.leds;
        case BRKRES: return s_.brk;
        case GPOUT: return s_.gpout;
        case GPINP: return s_.i2csel ? s_.i2cout : 0;  // IN = OUT, as QEMU
        case I2CINP: return s_.i2cin;                  // no EEPROM: SDA pulled high
        case I2COE: return s_.i2coe;
        case I2COUT: return s_.i2cout;
        case I2CSEL: return s_.i2csel;
        default: bad_.bad_read(name(), offset); return 0;
    }
}

void MaltaFpga::write(u32 offset, u32 value, unsigned) {
    u32 reg = offset & 0xfffff;
    if (reg >= ASCIIPOS0 && reg <= ASCIIPOS7 && (reg & 7) == 0) {
        s_.text[(reg - ASCIIPOS0) >> 3] = char(value);
        display_changed();
        return;
    }
    switch (reg) {
        case SWITCH:
        case JMPRS: break;  // read-only
        case LEDBAR:
            s_.leds = u8(value);
            display_changed();
            break;
        case ASCIIWORD: {
            char buf[9];
            std::snprintf(buf, sizeof buf, "%08X", value);
            for (int i = 0; i < 8; i++) s_.text[i] = buf[i];
            display_changed();
            break;
        }
        case SOFTRES:
            if (value == SOFTRES_RESET && on_reset_request) on_reset_request();
            break;
        case BRKRES: s_.brk = u8(value); break;
        case GPOUT: s_.gpout = u8(value); break;
        case I2COE: s_.i2coe = value & 3; break;
        case I2COUT: s_.i2cout = u8(value); break;
        case I2CSEL: s_.i2csel = value & 1; break;
        default: bad_.bad_write(name(), offset); break;
    }
}

}  // namespace bw
