#include "core/dev/display/pl110.h"

#include <cstring>

#include "core/common/log.h"

namespace bw {

namespace {

enum : u32 {
    LCDTiming0 = 0x000,
    LCDTiming1 = 0x004,
    LCDTiming2 = 0x008,
    LCDTiming3 = 0x00c,
    LCDUPBASE = 0x010,
    LCDLPBASE = 0x014,
    LCDIMSC = 0x018,     // LCDControl on the Versatile variant and the PL111
    LCDControl = 0x01c,  // LCDIMSC on the Versatile variant and the PL111
    LCDRIS = 0x020,
    LCDMIS = 0x024,
    LCDICR = 0x028,
    LCDUPCURR = 0x02c,
    LCDLPCURR = 0x030,
    LCDPalette = 0x200,  // 128 words up to 0x3fc
    LCDPaletteEnd = 0x400,
};

// The Versatile board's CLCDC answers the stock PL110 ID (its manual claims
// otherwise; Linux matches the stock one).
const PrimeCellId kPl110Id{{0x10, 0x11, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1}};
const PrimeCellId kPl111Id{{0x11, 0x11, 0x24, 0x00, 0x0d, 0xf0, 0x05, 0xb1}};

u32 load_le32(const u8* p) {
    return u32(p[0]) | u32(p[1]) << 8 | u32(p[2]) << 16 | u32(p[3]) << 24;
}

u32 bswap32(u32 v) { return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24); }

void put_rgb(u8* d, unsigned r, unsigned g, unsigned b) {
    d[0] = u8(r), d[1] = u8(g), d[2] = u8(b), d[3] = 255;
}

// Channels from least to most significant; |low_is_red| says which end red is.
void put_lsb_g_msb(u8* d, bool low_is_red, unsigned lsb, unsigned g, unsigned msb) {
    if (low_is_red)
        put_rgb(d, lsb, g, msb);
    else
        put_rgb(d, msb, g, lsb);
}

}  // namespace

Pl110::Pl110(Bus& bus, Scheduler& scheduler, Variant variant)
    : bus_(bus), vblank_(scheduler, [this] { vblank(); }), variant_(variant) {
    reset();
}

void Pl110::reset() {
    s_ = State{};
    rgb_palette_ = {};
    vblank_.cancel();
    invalidate_ = true;
    update_irq();
}

void Pl110::update_irq() { irq.set((s_.ris & s_.imsc) != 0); }

void Pl110::vblank() {
    s_.ris |= INT_LNBU | INT_VCOMP;
    vblank_.arm_in(kFrameNs);
    update_irq();
}

void Pl110::set_mux(unsigned mode) {
    if (mode == s_.mux) return;
    s_.mux = mode;
    invalidate_ = true;
}

u32 Pl110::read(u32 offset, unsigned /*size*/) {
    if (PrimeCellId::contains(offset))
        return (variant_ == Variant::Pl111 ? kPl111Id : kPl110Id).read(offset);
    if (offset >= LCDPalette && offset < LCDPaletteEnd)
        return s_.palette[(offset - LCDPalette) >> 2];
    bool swapped = variant_ != Variant::Pl110;
    switch (offset & ~3u) {
        case LCDTiming0:
        case LCDTiming1:
        case LCDTiming2:
        case LCDTiming3: return s_.timing[offset >> 2];
        case LCDUPBASE: return s_.upbase;
        case LCDLPBASE: return s_.lpbase;
        case LCDIMSC: return swapped ? s_.control : s_.imsc;
        case LCDControl: return swapped ? s_.imsc : s_.control;
        case LCDRIS: return s_.ris;
        case LCDMIS: return s_.ris & s_.imsc;
        // No scan-out position is modelled: the current address is the base.
        case LCDUPCURR: return s_.upbase;
        case LCDLPCURR: return s_.lpbase;
        default: bad_.bad_read(name(), offset); return 0;
    }
}

void Pl110::write(u32 offset, u32 value, unsigned /*size*/) {
    // QEMU redraws everything after any register write. refresh() compares
    // each line's bytes with what it last drew, so only writes that change how
    // bytes become pixels (palette, control, mux; a new size resizes the frame)
    // need a full redraw: the driver's interrupt writes each vblank do not.
    if (offset >= LCDPalette && offset < LCDPaletteEnd) {
        unsigned n = (offset - LCDPalette) >> 2;
        if (s_.palette[n] != value) invalidate_ = true;
        s_.palette[n] = value;
        for (unsigned i = 0; i < 2; i++) {
            u32 raw = value >> (16 * i);
            rgb_palette_[2 * n + i] = {u8((raw & 0x1f) << 3), u8(((raw >> 5) & 0x1f) << 3),
                                       u8(((raw >> 10) & 0x1f) << 3)};
        }
        return;
    }
    bool swapped = variant_ != Variant::Pl110;
    switch (offset & ~3u) {
        case LCDTiming0:
            s_.timing[0] = value;
            s_.cols = int(((value & 0xfc) + 4) * 4);
            break;
        case LCDTiming1:
            s_.timing[1] = value;
            s_.rows = int((value & 0x3ff) + 1);
            break;
        case LCDTiming2: s_.timing[2] = value; break;
        case LCDTiming3: s_.timing[3] = value; break;
        case LCDUPBASE: s_.upbase = value; break;
        case LCDLPBASE: s_.lpbase = value; break;
        case LCDIMSC: swapped ? write_control(value) : write_imsc(value); break;
        case LCDControl: swapped ? write_imsc(value) : write_control(value); break;
        case LCDICR:
            s_.ris &= ~value;
            update_irq();
            break;
        default: bad_.bad_write(name(), offset); break;
    }
}

void Pl110::write_imsc(u32 value) {
    s_.imsc = value;
    update_irq();
}

void Pl110::write_control(u32 value) {
    if (value != s_.control) invalidate_ = true;
    s_.control = value;
    if (enabled())
        vblank_.arm_in(kFrameNs);
    else
        vblank_.cancel();
}

// The draw function QEMU would pick for the current registers.
Pl110::Mode Pl110::mode() const {
    static const Format kByCode[8] = {Format::Pal1,   Format::Pal2,   Format::Pal4,
                                      Format::Pal8,   Format::Rgb555, Format::Rgb888,
                                      Format::Rgb565, Format::Rgb444};
    Mode m;
    unsigned code = bpp_code();
    m.format = kByCode[code];
    m.low_is_red = !(s_.control & CR_BGR);
    if (variant_ != Variant::Pl111 && code == 4) {
        // The board's mux between the PL110's 5:5:5 output and the panel.
        switch (s_.mux) {
            case 3:  // 5:6:5, blue in the low bits whatever BGR says
                m.format = Format::Rgb565;
                m.low_is_red = false;
                break;
            case 1: break;  // 5:5:5
            default: m.format = Format::Rgb565; break;
        }
    }
    m.swap_words = (s_.control & CR_BEBO) != 0;
    m.swap_pixels = !m.swap_words && (s_.control & CR_BEPO) != 0;
    return m;
}

int Pl110::line_bytes(Format f) const {
    switch (f) {
        case Format::Pal1: return s_.cols / 8;
        case Format::Pal2: return s_.cols / 4;
        case Format::Pal4: return s_.cols / 2;
        case Format::Pal8: return s_.cols;
        case Format::Rgb888: return s_.cols * 4;
        default: return s_.cols * 2;
    }
}

// |src| holds the line rounded up to whole 32-bit words (zero padded); |dst|
// takes cols RGBA pixels.
void Pl110::draw_line(const Mode& m, const u8* src, u8* dst) const {
    int cols = s_.cols;
    int x = 0;
    auto pal = [&](unsigned index) {
        if (x >= cols) return;
        const auto& c = rgb_palette_[index];
        put_rgb(dst + 4 * x++, c[0], c[1], c[2]);
    };
    unsigned bits = 0;
    switch (m.format) {
        case Format::Pal1: bits = 1; break;
        case Format::Pal2: bits = 2; break;
        case Format::Pal4: bits = 4; break;
        case Format::Pal8: bits = 8; break;
        default: break;
    }
    for (const u8* p = src; x < cols; p += 4) {
        u32 w = load_le32(p);
        if (bits) {
            unsigned per_byte = 8 / bits, mask = (1u << bits) - 1;
            for (int b = 0; b < 4; b++) {
                unsigned byte = (w >> (8 * (m.swap_words ? 3 - b : b))) & 0xff;
                for (unsigned i = 0; i < per_byte; i++) {
                    unsigned shift = m.swap_pixels ? 8 - bits * (i + 1) : bits * i;
                    pal((byte >> shift) & mask);
                }
            }
            continue;
        }
        if (m.format == Format::Rgb888) {
            if (m.swap_words)
                put_lsb_g_msb(dst + 4 * x, m.low_is_red, w >> 24, (w >> 16) & 0xff,
                              (w >> 8) & 0xff);
            else
                put_lsb_g_msb(dst + 4 * x, m.low_is_red, w & 0xff, (w >> 8) & 0xff,
                              (w >> 16) & 0xff);
            x++;
            continue;
        }
        if (m.swap_words) w = bswap32(w);
        for (int half = 0; half < 2 && x < cols; half++) {
            u8* d = dst + 4 * x++;
            switch (m.format) {
                case Format::Rgb565: {
                    u32 h = w >> (16 * half);
                    put_lsb_g_msb(d, m.low_is_red, (h & 0x1f) << 3, ((h >> 5) & 0x3f) << 2,
                                  ((h >> 11) & 0x1f) << 3);
                    break;
                }
                case Format::Rgb555: {
                    // QEMU takes the second pixel from bit 15 (the first
                    // one's intensity bit) on: kept for identical frames.
                    u32 h = w >> (15 * half);
                    put_lsb_g_msb(d, m.low_is_red, (h & 0x1f) << 3, ((h >> 5) & 0x1f) << 3,
                                  ((h >> 10) & 0x1f) << 3);
                    break;
                }
                default: {  // Rgb444: 4 zero bits above each pixel
                    u32 h = w >> (16 * half);
                    put_lsb_g_msb(d, m.low_is_red, (h & 0xf) << 4, ((h >> 4) & 0xf) << 4,
                                  ((h >> 8) & 0xf) << 4);
                    break;
                }
            }
        }
    }
}

bool Pl110::all_ram(u32 base, u64 len) const {
    if (len == 0) return true;
    if (u64(base) + len > (u64(1) << 32)) return false;
    u64 end = u64(base) + len;
    for (u64 a = base; a < end; a = (a | (Bus::kPageSize - 1)) + 1) {
        if (!bus_.host_pointer(u32(a))) return false;
    }
    return true;
}

Rect Pl110::refresh() {
    if (!enabled()) return {};
    int cols = s_.cols, rows = s_.rows;
    if (frame_.width != cols || frame_.height != rows) {
        frame_.resize(cols, rows);
        invalidate_ = true;
    }
    Mode m = mode();
    int src_bytes = line_bytes(m.format);
    size_t padded = (size_t(src_bytes) + 3) & ~size_t(3);
    if (!all_ram(s_.upbase, u64(src_bytes) * u64(rows))) {
        // QEMU draws nothing while the framebuffer is not all RAM; the frame
        // keeps what it showed. Draw everything once it is RAM again.
        invalidate_ = true;
        return {};
    }
    // Nothing written to the framebuffer's pages: the picture is what it was.
    bool written = bus_.take_written(s_.upbase, u32(src_bytes) * u32(rows), Bus::kWatchDisplay);
    if (!written && !invalidate_ && shadow_.size() == padded * rows) return {};
    if (invalidate_ || shadow_.size() != padded * rows) shadow_.assign(padded * rows, 0);
    line_.assign(padded, 0);
    int first = -1, last = -1;
    for (int y = 0; y < rows; y++) {
        bus_.copy_from(s_.upbase + u32(y) * u32(src_bytes), line_.data(), size_t(src_bytes));
        u8* old = shadow_.data() + size_t(y) * padded;
        if (!invalidate_ && std::memcmp(old, line_.data(), padded) == 0) continue;
        std::memcpy(old, line_.data(), padded);
        draw_line(m, line_.data(), frame_.row(y));
        if (first < 0) first = y;
        last = y;
    }
    invalidate_ = false;
    if (first < 0) return {};
    return Rect{0, first, cols, last - first + 1};
}

}  // namespace bw
