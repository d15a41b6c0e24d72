#include "core/dev/display/cirrus_vga.h"

#include <algorithm>

#include "core/common/log.h"

namespace bw {
namespace {

constexpr u32 kVramMask = CirrusVga::kVramSize - 1;
constexpr u32 kLinearMmioMask = CirrusVga::kVramSize - 256;  // top 256 bytes of the LFB
constexpr u32 kBltAperture = 0x1000000;                      // BAR0 + 16 MB
constexpr u32 kBltApertureSize = 0x400000;
constexpr u8 kPartId = 0xb8;  // CR27: CL-GD5446

// SR07 (extended sequencer mode) bpp field.
enum : u8 { SR7_SVGA = 0x01, SR7_BPP_MASK = 0x0e };
// SR12 (graphics cursor attribute).
enum : u8 { SR12_HIDDEN_PEL = 0x02 };
// SR17: MMIO enable and "MMIO in the LFB" (both set: the LFB's top 256 bytes).
enum : u8 { SR17_MMIO_LFB = 0x44 };
// GR30 (BLT mode).
enum : u8 {
    BLT_BACKWARDS = 0x01,
    BLT_MEMSYSDEST = 0x02,
    BLT_MEMSYSSRC = 0x04,
    BLT_TRANSPARENT = 0x08,
    BLT_PIXELWIDTH = 0x30,
    BLT_PATTERN = 0x40,
    BLT_COLOREXPAND = 0x80,
};
// GR31 (BLT start/status).
enum : u8 {
    BLT_BUSY = 0x01,
    BLT_START = 0x02,
    BLT_RESET = 0x04,
    BLT_FIFOUSED = 0x10,
    BLT_AUTOSTART = 0x80
};
// GR33 (BLT mode extensions).
enum : u8 { BLTX_DWORD = 0x01, BLTX_INVERT = 0x02, BLTX_SOLIDFILL = 0x04 };

constexpr int kRopNop = 2;
constexpr int kRopSrc = 5;

// GR32 raster operation -> index of the 16 ROPs the chip defines; anything else is a no-op.
int rop_index(u8 rop) {
    switch (rop) {
        case 0x00: return 0;   // 0
        case 0x05: return 1;   // src & dst
        case 0x06: return 2;   // dst (nop)
        case 0x09: return 3;   // src & ~dst
        case 0x0b: return 4;   // ~dst
        case 0x0d: return 5;   // src
        case 0x0e: return 6;   // 1
        case 0x50: return 7;   // ~src & dst
        case 0x59: return 8;   // src ^ dst
        case 0x6d: return 9;   // src | dst
        case 0x90: return 10;  // ~src | ~dst
        case 0x95: return 11;  // ~(src ^ dst)
        case 0xad: return 12;  // src | ~dst
        case 0xd0: return 13;  // ~src
        case 0xd6: return 14;  // ~src | dst
        case 0xda: return 15;  // ~src & ~dst
        default: return kRopNop;
    }
}

u32 apply_rop(int index, u32 d, u32 s) {
    switch (index) {
        case 0: return 0;
        case 1: return s & d;
        case 3: return s & ~d;
        case 4: return ~d;
        case 5: return s;
        case 6: return ~0u;
        case 7: return ~s & d;
        case 8: return s ^ d;
        case 9: return s | d;
        case 10: return ~s | ~d;
        case 11: return ~(s ^ d);
        case 12: return s | ~d;
        case 13: return ~s;
        case 14: return ~s | d;
        case 15: return ~s & ~d;
        default: return d;
    }
}

// The BitBLT registers in the MMIO window: address -> GR index (0 = none).
u8 blt_register(u32 address) {
    static const u8 map[0x41] = {
        0x00, 0x10, 0x12, 0x14, 0x01, 0x11, 0x13, 0x15,  // 00 BGCOLOR, 04 FGCOLOR
        0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,  // 08 WIDTH, HEIGHT, DEST/SRC PITCH
        0x28, 0x29, 0x2a, 0x00, 0x2c, 0x2d, 0x2e, 0x2f,  // 10 DESTADDR, 14 SRCADDR, 17 WRITEMASK
        0x30, 0x00, 0x32, 0x33, 0x34, 0x35, 0x00, 0x00,  // 18 MODE, 1a ROP, 1b MODEEXT, 1c TRANSP
        0x38, 0x39, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 20 TRANSPARENT COLOR MASK
        0,    0,    0,    0,    0,    0,    0,    0,    0, 0, 0, 0,
        0,    0,    0,    0,    0,    0,    0,    0,    0, 0, 0, 0,
        0x31,  // 40 BLTSTATUS
    };
    if (address > 0x40) return 0xff;
    u8 gr = map[address];
    // GR00 is BGCOLOR's low byte; every other 0 is a hole.
    return (gr == 0 && address != 0) ? 0xff : gr;
}

}  // namespace

CirrusVga::CirrusVga() : VgaCore(kVramSize), PciDevice(0x1013, 0x00b8, 0x030000, 0) {
    set_default(SUBSYSTEM_VENDOR_ID, 0x1af4, 2);
    set_default(SUBSYSTEM_ID, 0x1100, 2);
    set_bar(0, kBar0Size, false, true);
    set_bar(1, kBar1Size, false);
    // Expansion ROM BAR (0x30): sized, enable bit writable, nothing decoded behind it.
    set_default(0x30, 0, 4);
    set_writable(0x30, ~(kRomSize - 1) | 1, 4);
    reset();
}

void CirrusVga::reset() {
    PciDevice::reset();
    VgaCore::reset();
    c_ = CirrusState{};
    // CL-GD5446 power-on configuration: 4 MB, PCI, extensions locked.
    r_.sr[0x06] = 0x0f;
    r_.sr[0x0f] = 0x98;
    r_.sr[0x15] = 0x04;
    r_.sr[0x17] = 0x20;
    r_.sr[0x1f] = 0x2d;
    r_.gr[0x18] = 0x0f;
    r_.cr[0x27] = kPartId;
}

Device* CirrusVga::bar_device(int n) {
    if (n == 0) return &linear_;
    if (n == 1) return &mmio_;
    return nullptr;
}

// ---- mode decode ----------------------------------------------------------------------------

int CirrusVga::bpp() const {
    if (!(r_.sr[0x07] & SR7_SVGA)) return 0;
    switch (r_.sr[0x07] & SR7_BPP_MASK) {
        case 0x00: return 8;
        case 0x02:  // 16 bpp, double VCLK
        case 0x06:
            // The hidden DAC register picks 5:5:5 (Sierra) or 5:6:5 (XGA); others act as 5:5:5.
            return (c_.hidden_dac & 0x0f) == 1 ? 16 : 15;
        case 0x04: return 24;
        case 0x08: return 32;
        default: return 8;
    }
}

void CirrusVga::offsets(u32* line_offset, u32* start_addr, u32* line_compare) const {
    // CR13 with CR1B bit 4 as bit 8, in units of 8 bytes.
    *line_offset = (r_.cr[0x13] | u32(r_.cr[0x1b] & 0x10) << 4) << 3;
    // CR0C/CR0D with CR1B bits 0, 2, 3 and CR1D bit 7 above them, in units of 4 bytes.
    *start_addr = u32(r_.cr[0x0c]) << 8 | r_.cr[0x0d] | u32(r_.cr[0x1b] & 0x01) << 16 |
                  u32(r_.cr[0x1b] & 0x0c) << 15 | u32(r_.cr[0x1d] & 0x80) << 12;
    *line_compare = r_.cr[0x18] | u32(r_.cr[0x07] & 0x10) << 4 | u32(r_.cr[0x09] & 0x40) << 3;
}

void CirrusVga::resolution(int* width, int* height) const {
    VgaCore::resolution(width, height);
    if (r_.cr[0x1a] & 1) *height *= 2;  // interlaced
}

// ---- hardware cursor ------------------------------------------------------------------------

// The pattern's VRAM offset: 256-byte slots from 16 KB below the end (64x64: 1 KB slots).
u32 CirrusVga::cursor_pattern() const {
    u32 base = kVramSize - 16 * 1024;
    return base + ((r_.sr[0x12] & 0x04) ? (r_.sr[0x13] & 0x3c) : (r_.sr[0x13] & 0x3f)) * 256u;
}

// The rows of the pattern that draw anything.
void CirrusVga::cursor_yrange() {
    const bool large = r_.sr[0x12] & 0x04;
    const int h = large ? 64 : 32;
    const u32 src = cursor_pattern();
    int y_min = h, y_max = -1;
    for (int y = 0; y < h; y++) {
        bool content = false;
        if (large) {
            for (u32 i = 0; i < 16; i++) content |= vram_[src + u32(y) * 16 + i] != 0;
        } else {
            for (u32 i = 0; i < 4; i++)
                content |= (vram_[src + u32(y) * 4 + i] | vram_[src + 128 + u32(y) * 4 + i]) != 0;
        }
        if (content) y_min = std::min(y_min, y), y_max = std::max(y_max, y);
    }
    c_.cursor_y_start = y_min > y_max ? 0 : y_min;
    c_.cursor_y_end = y_min > y_max ? 0 : y_max + 1;
}

// As QEMU: a change of the pattern alone is not noticed, only a move or a size change.
void CirrusVga::cursor_invalidate() {
    int size = !(r_.sr[0x12] & 0x01) ? 0 : (r_.sr[0x12] & 0x04) ? 64 : 32;
    if (size == c_.last_cursor_size && c_.cursor_x == c_.last_cursor_x &&
        c_.cursor_y == c_.last_cursor_y) {
        return;
    }
    auto invalidate_last = [&] {
        if (c_.last_cursor_size)
            invalidate_lines(c_.last_cursor_y + c_.cursor_y_start,
                             c_.last_cursor_y + c_.cursor_y_end);
    };
    invalidate_last();
    c_.last_cursor_size = size;
    c_.last_cursor_x = c_.cursor_x;
    c_.last_cursor_y = c_.cursor_y;
    cursor_yrange();
    invalidate_last();
}

// Plane 0 and plane 1 bits: 00 transparent, 01 inverts, 10 colour 0, 11 colour 15.
void CirrusVga::draw_cursor_line(u8* row, int y, int frame_width) {
    if (!(r_.sr[0x12] & 0x01)) return;
    const bool large = r_.sr[0x12] & 0x04;
    const int h = large ? 64 : 32;
    if (y < c_.cursor_y || y >= c_.cursor_y + h) return;
    u32 src = cursor_pattern() + u32(y - c_.cursor_y) * (large ? 16 : 4);
    const u32 plane1 = large ? 8 : 128;
    bool content = false;
    for (u32 i = 0; i < (large ? 16u : 4u); i++) content |= vram_[src + i] != 0;
    if (!large)
        for (u32 i = 0; i < 4; i++) content |= vram_[src + plane1 + i] != 0;
    if (!content) return;
    int x1 = c_.cursor_x;
    if (x1 >= frame_width) return;
    int w = std::min(x1 + h, frame_width) - x1;
    auto colour = [&](int entry, u8* d) {
        const u8* p = &c_.hidden_palette[entry * 3];
        for (int k = 0; k < 3; k++) {
            u8 v = p[k] & 0x3f;
            d[k] = u8(v << 2 | (v & 1) << 1 | (v & 1));
        }
    };
    u8* d = row + size_t(x1) * 4;
    for (int x = 0; x < w; x++, d += 4) {
        int b0 = (vram_[src + u32(x >> 3)] >> (7 - (x & 7))) & 1;
        int b1 = (vram_[src + plane1 + u32(x >> 3)] >> (7 - (x & 7))) & 1;
        switch (b0 | b1 << 1) {
            case 1: d[0] ^= 0xff, d[1] ^= 0xff, d[2] ^= 0xff; break;
            case 2: colour(0, d); break;
            case 3: colour(15, d); break;
            default: break;
        }
    }
}

// ---- registers ------------------------------------------------------------------------------

u8 CirrusVga::read_sr() {
    u8 i = r_.sr_index;
    if ((i & 0x1f) == 0x10) return r_.sr[0x10];  // cursor X (index bits 5-7: its low bits)
    if ((i & 0x1f) == 0x11) return r_.sr[0x11];  // cursor Y
    if (i <= 0x1f) return r_.sr[i];
    log_message(LogCategory::GuestError, "cirrus-vga: read of SR%02x", i);
    return 0xff;
}

void CirrusVga::write_sr(u8 value) {
    u8 i = r_.sr_index;
    if ((i & 0x1f) == 0x10) {
        r_.sr[0x10] = value;
        c_.cursor_x = value << 3 | i >> 5;
    } else if ((i & 0x1f) == 0x11) {
        r_.sr[0x11] = value;
        c_.cursor_y = value << 3 | i >> 5;
    } else if (i <= 0x04) {
        VgaCore::write_sr(value);
    } else if (i == 0x06) {
        // Writing 0x12 unlocks the extensions (reads back 0x12), anything else locks (0x0f).
        r_.sr[0x06] = (value & 0x17) == 0x12 ? 0x12 : 0x0f;
    } else if (i == 0x17) {
        r_.sr[0x17] = u8((r_.sr[0x17] & 0x38) | (value & 0xc7));  // bus type bits read-only
    } else if (i >= 0x07 && i <= 0x1f) {
        r_.sr[i] = value;
    } else {
        log_message(LogCategory::GuestError, "cirrus-vga: write of SR%02x = 0x%02x", i, value);
    }
}

u8 CirrusVga::read_gr() { return gr_read(r_.gr_index); }
void CirrusVga::write_gr(u8 value) { gr_write(r_.gr_index, value); }

u8 CirrusVga::gr_read(u8 i) {
    if (i == 0x00) return c_.shadow_gr0;
    if (i == 0x01) return c_.shadow_gr1;
    if (i < 0x3a) return r_.gr[i];
    log_message(LogCategory::GuestError, "cirrus-vga: read of GR%02x", i);
    return 0xff;
}

void CirrusVga::gr_write(u8 i, u8 value) {
    switch (i) {
        case 0x00:  // set/reset; also the BLT background colour's low byte
            r_.gr[0] = value & 0x0f;
            c_.shadow_gr0 = value;
            break;
        case 0x01:  // enable set/reset; also the BLT foreground colour's low byte
            r_.gr[1] = value & 0x0f;
            c_.shadow_gr1 = value;
            break;
        case 0x02:
        case 0x03:
        case 0x04:
        case 0x06:
        case 0x07:
        case 0x08: r_.gr[i] = value & gr_write_mask(i); break;
        case 0x05: r_.gr[5] = value & 0x7f; break;
        case 0x09:
        case 0x0a:
        case 0x0b:  // banks, extended addressing
        case 0x10:
        case 0x11:
        case 0x12:
        case 0x13:
        case 0x14:
        case 0x15:  // BLT colours
        case 0x20:
        case 0x22:
        case 0x24:
        case 0x26:  // BLT width, height, pitches (low)
        case 0x28:
        case 0x29:
        case 0x2c:
        case 0x2d:  // BLT addresses (low, mid)
        case 0x2f:
        case 0x30:
        case 0x32:
        case 0x33:  // write mask, mode, ROP, mode ext
        case 0x34:
        case 0x35:
        case 0x38:
        case 0x39:  // transparent colour and mask
            r_.gr[i] = value;
            break;
        case 0x21:
        case 0x23:
        case 0x25:
        case 0x27:  // 13-bit width, height, pitches
            r_.gr[i] = value & 0x1f;
            break;
        case 0x2a:  // BLT destination (high): starts the BLT in autostart mode
            r_.gr[i] = value & 0x3f;
            if (r_.gr[0x31] & BLT_AUTOSTART) blt_start();
            break;
        case 0x2e: r_.gr[i] = value & 0x3f; break;
        case 0x31: write_blt_status(value); break;
        default:
            log_message(LogCategory::GuestError, "cirrus-vga: write of GR%02x = 0x%02x", i, value);
            break;
    }
}

u8 CirrusVga::read_cr() {
    u8 i = r_.cr_index;
    if (i <= 0x18) return r_.cr[i];
    switch (i) {
        case 0x24:  // attribute controller toggle readback
            return u8(r_.ar_flip_flop << 7);
        case 0x26:  // attribute controller index readback
            return r_.ar_index & 0x3f;
        case 0x19:
        case 0x1a:
        case 0x1b:
        case 0x1c:
        case 0x1d:
        case 0x22:
        case 0x25:
        case 0x27: return r_.cr[i];
        default: log_message(LogCategory::GuestError, "cirrus-vga: read of CR%02x", i); return 0xff;
    }
}

void CirrusVga::write_cr(u8 value) {
    u8 i = r_.cr_index;
    if (i <= 0x18) {
        write_cr_standard(value);
    } else if (i >= 0x19 && i <= 0x1d) {
        r_.cr[i] = value;
    } else if (i == 0x22 || i == 0x24 || i == 0x26 || i == 0x27) {
        // Read-only readbacks and the part ID: ignored.
    } else {
        log_message(LogCategory::GuestError, "cirrus-vga: write of CR%02x = 0x%02x", i, value);
    }
}

// The hidden DAC register: the fifth consecutive read of 0x3c6 returns it and arms a write.
u8 CirrusVga::read_dac_mask() {
    if (++c_.hidden_dac_lock == 5) {
        c_.hidden_dac_lock = 0;
        return c_.hidden_dac;
    }
    return 0xff;
}

void CirrusVga::write_dac_mask(u8 value) {
    if (c_.hidden_dac_lock == 4) c_.hidden_dac = value;
    c_.hidden_dac_lock = 0;
}

u8 CirrusVga::read_dac_data() {
    if (!(r_.sr[0x12] & SR12_HIDDEN_PEL)) return VgaCore::read_dac_data();
    u8 v = c_.hidden_palette[(r_.dac_read_index & 0x0f) * 3 + r_.dac_sub_index];
    if (++r_.dac_sub_index == 3) {
        r_.dac_sub_index = 0;
        r_.dac_read_index++;
    }
    return v;
}

void CirrusVga::write_dac_data(u8 value) {
    if (!(r_.sr[0x12] & SR12_HIDDEN_PEL)) {
        VgaCore::write_dac_data(value);
        return;
    }
    r_.dac_cache[r_.dac_sub_index] = value;
    if (++r_.dac_sub_index == 3) {
        std::copy(r_.dac_cache.begin(), r_.dac_cache.end(),
                  c_.hidden_palette.begin() + (r_.dac_write_index & 0x0f) * 3);
        r_.dac_sub_index = 0;
        r_.dac_write_index++;
    }
}

// ---- memory paths ---------------------------------------------------------------------------

// GR0B bits 4+2: 16-byte units (16 bpp write modes), bit 1: 8-byte units.
u32 CirrusVga::extended_address(u32 addr) const {
    if ((r_.gr[0x0b] & 0x14) == 0x14)
        addr <<= 4;
    else if (r_.gr[0x0b] & 0x02)
        addr <<= 3;
    return addr & kVramMask;
}

// Write modes 4 and 5: each set bit of |value| writes the foreground colour, each clear bit
// the background colour (mode 5) or nothing (mode 4), 8 pixels of 8 or 16 bits.
void CirrusVga::write_mode45(unsigned mode, u32 offset, u8 value) {
    bool wide = (r_.gr[0x0b] & 0x14) == 0x14;
    for (int x = 0; x < 8; x++, value = u8(value << 1)) {
        bool fg = value & 0x80;
        if (!fg && mode != 5) continue;
        if (wide) {
            u32 a = (offset + 2 * x) & kVramMask & ~1u;
            vram_write8(a, fg ? c_.shadow_gr1 : c_.shadow_gr0);
            vram_write8(a + 1, fg ? r_.gr[0x11] : r_.gr[0x10]);
        } else {
            vram_write8(offset + x, fg ? c_.shadow_gr1 : c_.shadow_gr0);
        }
    }
}

u8 CirrusVga::linear_read(u32 addr) {
    addr &= kVramMask;
    if ((r_.sr[0x17] & SR17_MMIO_LFB) == SR17_MMIO_LFB &&
        (addr & kLinearMmioMask) == kLinearMmioMask) {
        return blt_read(addr & 0xff);
    }
    return vram_read8(extended_address(addr));
}

void CirrusVga::linear_write(u32 addr, u8 value) {
    addr &= kVramMask;
    if ((r_.sr[0x17] & SR17_MMIO_LFB) == SR17_MMIO_LFB &&
        (addr & kLinearMmioMask) == kLinearMmioMask) {
        blt_write(addr & 0xff, value);
    } else if (blt_source_active()) {
        blt_feed(value);
    } else {
        u32 a = extended_address(addr);
        unsigned mode = r_.gr[5] & 7;
        if (mode < 4 || mode > 5 || !(r_.gr[0x0b] & 0x04))
            vram_write8(a, value);
        else
            write_mode45(mode, a, value);
    }
}

u8 CirrusVga::blt_read(u32 address) {
    u8 gr = blt_register(address);
    if (gr == 0xff) {
        bad_.bad_read("cirrus-vga blt", address);
        return 0xff;
    }
    return gr_read(gr);
}

void CirrusVga::blt_write(u32 address, u8 value) {
    if (address == 0x13) return;  // the destination address's unused top byte
    u8 gr = blt_register(address);
    if (gr == 0xff) {
        bad_.bad_write("cirrus-vga blt", address);
        return;
    }
    gr_write(gr, value);
}

// BAR1 below 0x100 reaches ports 0x3c0 + offset; the ports past 0x3df read 0.
u8 CirrusVga::mmio_port_read(u32 offset) {
    u32 port = 0x3c0 + offset;
    return port < kPortBase + kPortCount ? port_read(port - kPortBase) : 0;
}

void CirrusVga::mmio_port_write(u32 offset, u8 value) {
    u32 port = 0x3c0 + offset;
    if (port < kPortBase + kPortCount) port_write(port - kPortBase, value);
}

u32 CirrusVga::Ports::read(u32 offset, unsigned size) {
    u32 v = 0;
    for (unsigned i = 0; i < size; i++) v |= u32(c_.port_read(offset + i)) << (8 * i);
    return v;
}

void CirrusVga::Ports::write(u32 offset, u32 value, unsigned size) {
    for (unsigned i = 0; i < size; i++) c_.port_write(offset + i, u8(value >> (8 * i)));
}

u32 CirrusVga::LinearBar::read(u32 offset, unsigned size) {
    u32 v = 0;
    for (unsigned i = 0; i < size; i++) {
        u32 a = offset + i;
        u8 b = 0;
        if (a < kVramSize) {
            b = c_.linear_read(a);
        } else if (a - kBltAperture < kBltApertureSize) {
            log_message(LogCategory::Unimplemented, "cirrus-vga: read of the BitBLT aperture");
            b = 0xff;
        }
        v |= u32(b) << (8 * i);
    }
    return v;
}

void CirrusVga::LinearBar::write(u32 offset, u32 value, unsigned size) {
    for (unsigned i = 0; i < size; i++) {
        u32 a = offset + i;
        u8 b = u8(value >> (8 * i));
        if (a < kVramSize)
            c_.linear_write(a, b);
        else if (a - kBltAperture < kBltApertureSize && c_.blt_source_active())
            c_.blt_feed(b);
    }
}

u32 CirrusVga::MmioBar::read(u32 offset, unsigned size) {
    u32 v = 0;
    for (unsigned i = 0; i < size; i++) {
        u32 a = offset + i;
        u8 b = a >= 0x100 ? c_.blt_read(a - 0x100) : c_.mmio_port_read(a);
        v |= u32(b) << (8 * i);
    }
    return v;
}

void CirrusVga::MmioBar::write(u32 offset, u32 value, unsigned size) {
    for (unsigned i = 0; i < size; i++) {
        u32 a = offset + i;
        u8 b = u8(value >> (8 * i));
        if (a >= 0x100)
            c_.blt_write(a - 0x100, b);
        else
            c_.mmio_port_write(a, b);
    }
}

// ---- BitBLT ---------------------------------------------------------------------------------

void CirrusVga::write_blt_status(u8 value) {
    u8 old = r_.gr[0x31];
    r_.gr[0x31] = value;
    if ((old & BLT_RESET) && !(value & BLT_RESET))
        blt_reset();
    else if (!(old & BLT_START) && (value & BLT_START))
        blt_start();
}

void CirrusVga::blt_reset() {
    r_.gr[0x31] &= u8(~(BLT_START | BLT_BUSY | BLT_FIFOUSED));
    c_.src_ptr = c_.src_end = 0;
    c_.src_counter = 0;
}

// A blit whose rectangle (at |pitch|, possibly negative) leaves VRAM is refused.
bool CirrusVga::blt_region_unsafe(i32 pitch, i32 addr) const {
    if (pitch == 0) return true;
    i64 last_row = i64(c_.blt_height - 1) * pitch;
    if (pitch < 0) {
        i64 min = addr + last_row - c_.blt_width;
        return min < -1 || u32(addr) >= kVramSize;
    }
    return addr + last_row + c_.blt_width > i64(kVramSize);
}

bool CirrusVga::blt_unsafe(bool dst_only) const {
    if (c_.blt_width > i32(kBltBufSize)) return true;
    if (blt_region_unsafe(c_.blt_dst_pitch, i32(c_.blt_dst))) return true;
    return !dst_only && blt_region_unsafe(c_.blt_src_pitch, i32(c_.blt_src));
}

// Foreground and background colours from GR01/GR11/GR13/GR15 and GR00/GR10/GR12/GR14, as
// wide as a pixel.
void CirrusVga::blt_colors() {
    u32 fg =
        c_.shadow_gr1 | u32(r_.gr[0x11]) << 8 | u32(r_.gr[0x13]) << 16 | u32(r_.gr[0x15]) << 24;
    u32 bg =
        c_.shadow_gr0 | u32(r_.gr[0x10]) << 8 | u32(r_.gr[0x12]) << 16 | u32(r_.gr[0x14]) << 24;
    u32 mask = c_.blt_pixel_width == 4 ? ~0u : (1u << (8 * c_.blt_pixel_width)) - 1;
    c_.blt_fg = fg & mask;
    c_.blt_bg = bg & mask;
}

void CirrusVga::blt_start() {
    r_.gr[0x31] |= BLT_BUSY;
    const auto& g = r_.gr;
    c_.blt_width = (g[0x20] | g[0x21] << 8) + 1;
    c_.blt_height = (g[0x22] | g[0x23] << 8) + 1;
    c_.blt_dst_pitch = g[0x24] | g[0x25] << 8;
    c_.blt_src_pitch = g[0x26] | g[0x27] << 8;
    c_.blt_dst = (g[0x28] | g[0x29] << 8 | u32(g[0x2a]) << 16) & kVramMask;
    c_.blt_src = (g[0x2c] | g[0x2d] << 8 | u32(g[0x2e]) << 16) & kVramMask;
    c_.blt_mode = g[0x30];
    c_.blt_modeext = g[0x33];
    c_.blt_pixel_width = ((c_.blt_mode & BLT_PIXELWIDTH) >> 4) + 1;
    c_.blt_mode &= u8(~BLT_PIXELWIDTH);
    c_.blt_rop = rop_index(g[0x32]);
    c_.blt_backward = false;
    c_.blt_kind = BltKind::None;
    const u8 mode = c_.blt_mode;

    if ((mode & (BLT_MEMSYSSRC | BLT_MEMSYSDEST)) == (BLT_MEMSYSSRC | BLT_MEMSYSDEST)) {
        log_message(LogCategory::Unimplemented, "cirrus-vga: memory-to-memory BitBLT");
        blt_reset();
        return;
    }
    blt_colors();
    if ((c_.blt_modeext & BLTX_SOLIDFILL) &&
        (mode & (BLT_MEMSYSDEST | BLT_TRANSPARENT | BLT_PATTERN | BLT_COLOREXPAND)) ==
            (BLT_PATTERN | BLT_COLOREXPAND)) {
        blt_solid_fill(c_.blt_rop);
        return;
    }
    bool transparent = mode & BLT_TRANSPARENT;
    if ((mode & (BLT_COLOREXPAND | BLT_PATTERN)) == BLT_COLOREXPAND) {
        c_.blt_kind = transparent ? BltKind::ColorExpandTransp : BltKind::ColorExpand;
    } else if (mode & BLT_PATTERN) {
        if (mode & BLT_COLOREXPAND)
            c_.blt_kind =
                transparent ? BltKind::ColorExpandPatternTransp : BltKind::ColorExpandPattern;
        else
            c_.blt_kind = BltKind::PatternFill;
    } else {
        if (transparent && c_.blt_pixel_width > 2) {
            log_message(LogCategory::GuestError,
                        "cirrus-vga: source transparency without colour expansion above 16 bpp");
            blt_reset();
            return;
        }
        c_.blt_kind = transparent ? BltKind::CopyTransp : BltKind::Copy;
        if (mode & BLT_BACKWARDS) {
            c_.blt_backward = true;
            c_.blt_dst_pitch = -c_.blt_dst_pitch;
            c_.blt_src_pitch = -c_.blt_src_pitch;
        }
    }

    bool ok;
    if (mode & BLT_MEMSYSSRC) {
        ok = blt_cpu_to_video();
    } else if (mode & BLT_MEMSYSDEST) {
        log_message(LogCategory::Unimplemented, "cirrus-vga: video-to-CPU BitBLT");
        ok = false;
    } else {
        ok = (mode & BLT_PATTERN) ? blt_pattern_copy() : blt_video_copy();
        if (ok) blt_reset();
    }
    if (!ok) blt_reset();
}

void CirrusVga::blt_solid_fill(int rop) {
    if (blt_unsafe(true)) {
        blt_reset();
        return;
    }
    c_.blt_rop = rop;
    if (rop != kRopNop) {
        const int pw = c_.blt_pixel_width;
        u32 dst = c_.blt_dst;
        for (int y = 0; y < c_.blt_height; y++, dst += u32(c_.blt_dst_pitch)) {
            u32 addr = dst;
            for (int x = 0; x < c_.blt_width; x += pw, addr += u32(pw))
                put_pixel(addr, c_.blt_fg, pw);
        }
    }
    blt_reset();
}

// 8x8 pattern: from VRAM (aligned down to the pattern's size) or from the CPU.
bool CirrusVga::blt_pattern_copy() {
    bool video_source = c_.src_counter == 0;
    if (video_source) {
        int depth = bpp();
        u32 size = depth == 8 ? 64 : (depth == 15 || depth == 16) ? 128 : 256;
        c_.blt_src &= ~(size - 1);
        if (c_.blt_src + size > kVramSize) return false;
    }
    if (blt_unsafe(true)) return false;
    run_rop(c_.blt_dst, video_source ? c_.blt_src : 0, c_.blt_dst_pitch, 0, c_.blt_width,
            c_.blt_height);
    return true;
}

bool CirrusVga::blt_video_copy() {
    if (blt_unsafe(false)) return false;
    // A plain source copy in a VGA (non-Cirrus) mode is dropped, as QEMU does.
    if (c_.blt_kind == BltKind::Copy && c_.blt_rop == kRopSrc && bpp() / 8 == 0) return false;
    run_rop(c_.blt_dst, c_.blt_src, c_.blt_dst_pitch, c_.blt_src_pitch, c_.blt_width,
            c_.blt_height);
    return true;
}

bool CirrusVga::blt_cpu_to_video() {
    if (blt_unsafe(true)) return false;
    c_.blt_mode &= u8(~BLT_MEMSYSSRC);
    if (c_.blt_mode & BLT_PATTERN) {
        c_.blt_src_pitch = (c_.blt_mode & BLT_COLOREXPAND) ? 8 : 8 * 8 * c_.blt_pixel_width;
        c_.src_counter = c_.blt_src_pitch;
    } else {
        if (c_.blt_mode & BLT_COLOREXPAND) {
            int w = c_.blt_width / c_.blt_pixel_width;
            // QEMU counts dword granularity in dwords, not bytes; kept for identical results.
            c_.blt_src_pitch = (c_.blt_modeext & BLTX_DWORD) ? (w + 31) >> 5 : (w + 7) >> 3;
        } else {
            c_.blt_src_pitch = (c_.blt_width + 3) & ~3;  // lines padded to 32 bits
        }
        c_.src_counter = c_.blt_src_pitch * c_.blt_height;
    }
    c_.src_ptr = 0;
    c_.src_end = u32(std::min<i32>(c_.blt_src_pitch, i32(kBltBufSize)));
    return true;
}

void CirrusVga::blt_feed(u8 value) {
    c_.buf[c_.src_ptr++ % kBltBufSize] = value;
    if (c_.src_ptr >= c_.src_end) blt_cpu_next();
}

// A full source line (or the whole pattern) has arrived.
void CirrusVga::blt_cpu_next() {
    if (c_.src_counter <= 0) return;
    if (c_.blt_mode & BLT_PATTERN) {
        blt_pattern_copy();
        blt_reset();
        return;
    }
    run_rop(c_.blt_dst, 0, 0, 0, c_.blt_width, 1);
    c_.blt_dst = (c_.blt_dst + u32(c_.blt_dst_pitch)) & kVramMask;
    c_.src_counter -= c_.blt_src_pitch;
    if (c_.src_counter <= 0) {
        blt_reset();
        return;
    }
    c_.src_ptr = 0;
}

u8 CirrusVga::src8(u32 addr) const {
    if (c_.src_counter) return c_.buf[addr & (kBltBufSize - 1)];
    return vram_[addr & kVramMask];
}

u16 CirrusVga::src16(u32 addr) const {
    addr &= ~1u;
    return u16(src8(addr) | src8(addr + 1) << 8);
}

u32 CirrusVga::src32(u32 addr) const {
    addr &= ~3u;
    return src8(addr) | u32(src8(addr + 1)) << 8 | u32(src8(addr + 2)) << 16 |
           u32(src8(addr + 3)) << 24;
}

void CirrusVga::rop8(u32 addr, u8 src) {
    addr &= kVramMask;
    vram_write8(addr, u8(apply_rop(c_.blt_rop, vram_[addr], src)));
}

void CirrusVga::rop16(u32 addr, u16 src) {
    addr &= kVramMask & ~1u;
    u32 d = vram_[addr] | vram_[addr + 1] << 8;
    u32 v = apply_rop(c_.blt_rop, d, src);
    vram_write8(addr, u8(v));
    vram_write8(addr + 1, u8(v >> 8));
}

void CirrusVga::rop32(u32 addr, u32 src) {
    addr &= kVramMask & ~3u;
    u32 d = vram_[addr] | vram_[addr + 1] << 8 | u32(vram_[addr + 2]) << 16 |
            u32(vram_[addr + 3]) << 24;
    u32 v = apply_rop(c_.blt_rop, d, src);
    for (int i = 0; i < 4; i++) vram_write8(addr + i, u8(v >> (8 * i)));
}

void CirrusVga::put_pixel(u32 addr, u32 color, int bytes) {
    switch (bytes) {
        case 1: rop8(addr, u8(color)); break;
        case 2: rop16(addr, u16(color)); break;
        case 3:
            rop8(addr, u8(color));
            rop8(addr + 1, u8(color >> 8));
            rop8(addr + 2, u8(color >> 16));
            break;
        default: rop32(addr, color); break;
    }
}

// The pixel loops of every BitBLT kind. |src| is a VRAM address, or a buffer index while a
// system-memory source is active. Pitches may be negative (backward copies).
void CirrusVga::run_rop(u32 dst, u32 src, int dst_pitch, int src_pitch, int width, int height) {
    if (c_.blt_rop == kRopNop) return;
    const int pw = c_.blt_pixel_width;
    const u8 skip_reg = r_.gr[0x2f];
    const u16 transp = u16(r_.gr[0x34] | r_.gr[0x35] << 8);
    const bool invert = c_.blt_modeext & BLTX_INVERT;
    const u32 colors[2] = {c_.blt_bg, c_.blt_fg};

    switch (c_.blt_kind) {
        case BltKind::None: return;
        case BltKind::Copy:
        case BltKind::CopyTransp: {
            const bool tr = c_.blt_kind == BltKind::CopyTransp;
            const int step = tr ? pw : 1;  // transparency compares whole 8/16-bit pixels
            if (!c_.blt_backward) {
                dst_pitch -= width;
                src_pitch -= width;
                if (height > 1 && (dst_pitch < 0 || src_pitch < 0)) return;
            } else {
                dst_pitch += width;
                src_pitch += width;
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x += step) {
                    if (!tr) {
                        rop8(dst, src8(src));
                    } else if (pw == 1) {
                        u32 a = dst & kVramMask;
                        u8 v = u8(apply_rop(c_.blt_rop, vram_[a], src8(src)));
                        if (v != u8(transp)) vram_write8(a, v);
                    } else {
                        u32 da = c_.blt_backward ? dst - 1 : dst;
                        u32 sa = c_.blt_backward ? src - 1 : src;
                        u32 a = da & kVramMask & ~1u;
                        u16 v = u16(apply_rop(c_.blt_rop, vram_[a] | vram_[a + 1] << 8, src16(sa)));
                        if (v != transp) {
                            vram_write8(a, u8(v));
                            vram_write8(a + 1, u8(v >> 8));
                        }
                    }
                    dst += c_.blt_backward ? u32(-step) : u32(step);
                    src += c_.blt_backward ? u32(-step) : u32(step);
                }
                dst += u32(dst_pitch);
                src += u32(src_pitch);
            }
            return;
        }
        case BltKind::PatternFill: {
            const int skip = pw == 3 ? (skip_reg & 0x1f) : (skip_reg & 7) * pw;
            const u32 pattern_pitch = pw == 1 ? 8 : pw == 2 ? 16 : 32;
            u32 pattern_y = c_.blt_src & 7;
            for (int y = 0; y < height; y++, dst += u32(dst_pitch)) {
                u32 pattern_x = u32(skip);
                u32 addr = dst + u32(skip);
                u32 line = src + pattern_y * pattern_pitch;
                for (int x = skip; x < width; x += pw, addr += u32(pw)) {
                    u32 col;
                    if (pw == 1) {
                        col = src8(line + pattern_x);
                        pattern_x = (pattern_x + 1) & 7;
                    } else if (pw == 2) {
                        col = src16(line + pattern_x);
                        pattern_x = (pattern_x + 2) & 15;
                    } else if (pw == 3) {
                        u32 a = line + pattern_x * 3;
                        col = src8(a) | u32(src8(a + 1)) << 8 | u32(src8(a + 2)) << 16;
                        pattern_x = (pattern_x + 1) & 7;
                    } else {
                        col = src32(line + pattern_x);
                        pattern_x = (pattern_x + 4) & 31;
                    }
                    put_pixel(addr, col, pw);
                }
                pattern_y = (pattern_y + 1) & 7;
            }
            return;
        }
        case BltKind::ColorExpand:
        case BltKind::ColorExpandTransp: {
            const bool tr = c_.blt_kind == BltKind::ColorExpandTransp;
            int src_skip = skip_reg & 7, dst_skip = src_skip * pw;
            if (tr && pw == 3) {
                dst_skip = skip_reg & 0x1f;
                src_skip = dst_skip / 3;
            }
            const u8 bits_xor = (tr && invert) ? 0xff : 0x00;
            const u32 tr_color = invert ? c_.blt_bg : c_.blt_fg;
            for (int y = 0; y < height; y++, dst += u32(dst_pitch)) {
                unsigned bitmask = 0x80u >> src_skip;
                unsigned bits = src8(src++) ^ bits_xor;
                u32 addr = dst + u32(dst_skip);
                for (int x = dst_skip; x < width; x += pw, addr += u32(pw), bitmask >>= 1) {
                    if ((bitmask & 0xff) == 0) {
                        bitmask = 0x80;
                        bits = src8(src++) ^ bits_xor;
                    }
                    if (tr) {
                        if (bits & bitmask) put_pixel(addr, tr_color, pw);
                    } else {
                        put_pixel(addr, colors[(bits & bitmask) ? 1 : 0], pw);
                    }
                }
            }
            return;
        }
        case BltKind::ColorExpandPattern:
        case BltKind::ColorExpandPatternTransp: {
            const bool tr = c_.blt_kind == BltKind::ColorExpandPatternTransp;
            int src_skip = skip_reg & 7, dst_skip = src_skip * pw;
            if (tr && pw == 3) {
                dst_skip = skip_reg & 0x1f;
                src_skip = dst_skip / 3;
            }
            const u8 bits_xor = (tr && invert) ? 0xff : 0x00;
            const u32 tr_color = invert ? c_.blt_bg : c_.blt_fg;
            u32 pattern_y = c_.blt_src & 7;
            for (int y = 0; y < height; y++, dst += u32(dst_pitch)) {
                unsigned bits = src8(src + pattern_y) ^ bits_xor;
                unsigned bitpos = 7u - unsigned(src_skip);
                u32 addr = dst + u32(dst_skip);
                for (int x = dst_skip; x < width; x += pw, addr += u32(pw)) {
                    unsigned bit = (bits >> bitpos) & 1;
                    if (tr) {
                        if (bit) put_pixel(addr, tr_color, pw);
                    } else {
                        put_pixel(addr, colors[bit], pw);
                    }
                    bitpos = (bitpos - 1) & 7;
                }
                pattern_y = (pattern_y + 1) & 7;
            }
            return;
        }
    }
}

}  // namespace bw
