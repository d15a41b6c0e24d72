#include "core/dev/display/vga.h"

#include <algorithm>
#include <cstring>

#include "core/common/log.h"

namespace bw {
namespace {

// Ports, as absolute addresses.
enum Port : u32 {
    ATT_W = 0x3c0,  // attribute index / data write (flip-flop)
    ATT_R = 0x3c1,  // attribute data read
    MIS_W = 0x3c2,  // misc output write; input status 0 read
    SEQ_I = 0x3c4,
    SEQ_D = 0x3c5,
    PEL_MSK = 0x3c6,
    PEL_IR = 0x3c7,  // DAC read index write; DAC state read
    PEL_IW = 0x3c8,
    PEL_D = 0x3c9,
    FTC_R = 0x3ca,  // feature control read
    MIS_R = 0x3cc,  // misc output read
    GFX_I = 0x3ce,
    GFX_D = 0x3cf,
    CRT_IM = 0x3b4,
    CRT_DM = 0x3b5,
    IS1_RM = 0x3ba,  // input status 1 (mono) / feature control write
    CRT_IC = 0x3d4,
    CRT_DC = 0x3d5,
    IS1_RC = 0x3da,
};

// Writable bits of the standard SR0-SR7 and GR0-GR8.
constexpr u8 kSrMask[8] = {0x03, 0x3d, 0x0f, 0x3f, 0x0e, 0x00, 0x00, 0xff};
constexpr u8 kGrMask[16] = {0x0f, 0x0f, 0x0f, 0x1f, 0x03, 0x7b, 0x0f, 0x0f,
                            0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

// CRTC registers the scan-out reads.
enum Crtc : u8 {
    CR_H_DISP = 0x01,
    CR_OVERFLOW = 0x07,
    CR_MAX_SCAN = 0x09,
    CR_START_HI = 0x0c,
    CR_START_LO = 0x0d,
    CR_V_SYNC_END = 0x11,
    CR_V_DISP_END = 0x12,
    CR_OFFSET = 0x13,
    CR_MODE = 0x17,
    CR_LINE_COMPARE = 0x18,
};

u8 c6_to_8(u8 v) {
    v &= 0x3f;
    u8 b = v & 1;
    return u8(v << 2 | b << 1 | b);
}

void put(u8* d, u32 rgb) { d[0] = u8(rgb >> 16), d[1] = u8(rgb >> 8), d[2] = u8(rgb), d[3] = 255; }

}  // namespace

bool VgaCore::Mode::operator==(const Mode& o) const {
    return graphic == o.graphic && width == o.width && height == o.height && depth == o.depth &&
           line_offset == o.line_offset && start_addr == o.start_addr &&
           line_compare == o.line_compare && shift_control == o.shift_control && shared == o.shared;
}

VgaCore::VgaCore(u32 vram_size)
    : vram_(vram_size, 0), vram_mask_(vram_size - 1), dirty_((vram_size >> kDirtyShift) + 1, 0) {
    // QEMU's console starts with a 640x480 surface until the guest sets a mode.
    frame_.resize(640, 480);
    std::fill(frame_.rgba.begin(), frame_.rgba.end(), 0);
    for (size_t i = 3; i < frame_.rgba.size(); i += 4) frame_.rgba[i] = 255;
}

void VgaCore::reset() {
    r_ = Regs{};
    last_mode_ = Mode{};
    full_update_ = true;
}

void VgaCore::mark_dirty(u32 addr, u32 len) {
    if (len == 0) return;
    if (len >= vram_.size()) {
        std::fill(dirty_.begin(), dirty_.end(), 1);
        return;
    }
    u32 first = addr & vram_mask_;
    u32 last = (first + len - 1) & vram_mask_;
    if (last >= first) {
        for (u32 p = first >> kDirtyShift; p <= last >> kDirtyShift; p++) dirty_[p] = 1;
    } else {
        mark_dirty(first, u32(vram_.size()) - first);
        mark_dirty(0, last + 1);
    }
}

void VgaCore::invalidate_lines(int first, int end) {
    first = std::max(first, 0);
    end = std::min(end, int(invalidated_.size()));
    for (int y = first; y < end; y++) invalidated_[y] = 1;
}

bool VgaCore::range_dirty(u32 addr, u32 len) const {
    if (len == 0) return false;
    for (u32 p = addr >> kDirtyShift; p <= (addr + len - 1) >> kDirtyShift; p++) {
        if (p < dirty_.size() && dirty_[p]) return true;
    }
    return false;
}

// ---- ports ----------------------------------------------------------------------------------

bool VgaCore::port_invalid(u32 port) const {
    if (r_.msr & 1) return port >= 0x3b0 && port <= 0x3bf;  // colour: mono ports absent
    return port >= 0x3d0 && port <= 0x3df;
}

u8 VgaCore::port_read(u32 offset) {
    u32 port = kPortBase + offset;
    if (offset >= kPortCount || port_invalid(port)) return 0xff;
    switch (port) {
        case ATT_W: return r_.ar_flip_flop ? 0 : r_.ar_index;
        case ATT_R: {
            u8 index = r_.ar_index & 0x1f;
            return index < r_.ar.size() ? r_.ar[index] : 0;
        }
        case MIS_W: return r_.st00;
        case SEQ_I: return r_.sr_index;
        case SEQ_D: return read_sr();
        case PEL_MSK: return read_dac_mask();
        case PEL_IR: return r_.dac_state;
        case PEL_IW: on_dac_write_index(); return r_.dac_write_index;
        case PEL_D: return read_dac_data();
        case FTC_R: return r_.fcr;
        case MIS_R: return r_.msr;
        case GFX_I: return r_.gr_index;
        case GFX_D: return read_gr();
        case CRT_IM:
        case CRT_IC: return r_.cr_index;
        case CRT_DM:
        case CRT_DC: return read_cr();
        case IS1_RM:
        case IS1_RC:
            r_.st01 = retrace();
            r_.ar_flip_flop = 0;
            return r_.st01;
        default: return 0;
    }
}

void VgaCore::port_write(u32 offset, u8 value) {
    u32 port = kPortBase + offset;
    if (offset >= kPortCount || port_invalid(port)) return;
    switch (port) {
        case ATT_W:
            if (!r_.ar_flip_flop) {
                r_.ar_index = value & 0x3f;
            } else {
                u8 index = r_.ar_index & 0x1f;
                if (index < 0x10) {
                    r_.ar[index] = value & 0x3f;  // palette
                } else if (index == 0x10) {
                    r_.ar[index] = value & ~0x10;  // mode control
                } else if (index == 0x11) {
                    r_.ar[index] = value;  // overscan
                } else if (index == 0x12) {
                    r_.ar[index] = value & ~0xc0;  // colour plane enable
                } else if (index == 0x13 || index == 0x14) {
                    r_.ar[index] = value & ~0xf0;  // pel panning, colour select
                }
            }
            r_.ar_flip_flop ^= 1;
            break;
        case MIS_W: r_.msr = value & ~0x10; break;
        case SEQ_I: write_sr_index(value); break;
        case SEQ_D: write_sr(value); break;
        case PEL_MSK: write_dac_mask(value); break;
        case PEL_IR:
            r_.dac_read_index = value;
            r_.dac_sub_index = 0;
            r_.dac_state = 3;
            break;
        case PEL_IW:
            r_.dac_write_index = value;
            r_.dac_sub_index = 0;
            r_.dac_state = 0;
            break;
        case PEL_D: write_dac_data(value); break;
        case GFX_I: write_gr_index(value); break;
        case GFX_D: write_gr(value); break;
        case CRT_IM:
        case CRT_IC: r_.cr_index = value; break;
        case CRT_DM:
        case CRT_DC: write_cr(value); break;
        case IS1_RM:
        case IS1_RC: r_.fcr = value & 0x10; break;
        default: break;
    }
}

u8 VgaCore::read_sr() { return r_.sr[r_.sr_index]; }
void VgaCore::write_sr(u8 value) { r_.sr[r_.sr_index] = value & kSrMask[r_.sr_index & 7]; }
u8 VgaCore::read_gr() { return r_.gr[r_.gr_index]; }
void VgaCore::write_gr(u8 value) { r_.gr[r_.gr_index] = value & kGrMask[r_.gr_index & 15]; }
u8 VgaCore::gr_write_mask(u8 index) { return index < 16 ? kGrMask[index] : 0; }

u8 VgaCore::read_cr() { return r_.cr[r_.cr_index]; }
void VgaCore::write_cr(u8 value) { write_cr_standard(value); }

void VgaCore::write_cr_standard(u8 value) {
    // CR11 bit 7 write-protects CR0-CR7, except CR7 bit 4 (line compare bit 8).
    if ((r_.cr[CR_V_SYNC_END] & 0x80) && r_.cr_index <= CR_OVERFLOW) {
        if (r_.cr_index == CR_OVERFLOW)
            r_.cr[CR_OVERFLOW] = u8((r_.cr[CR_OVERFLOW] & ~0x10) | (value & 0x10));
        return;
    }
    r_.cr[r_.cr_index] = value;
}

u8 VgaCore::read_dac_data() {
    u8 v = r_.palette[r_.dac_read_index * 3 + r_.dac_sub_index];
    if (++r_.dac_sub_index == 3) {
        r_.dac_sub_index = 0;
        r_.dac_read_index++;
    }
    return v;
}

void VgaCore::write_dac_data(u8 value) {
    r_.dac_cache[r_.dac_sub_index] = value;
    if (++r_.dac_sub_index == 3) {
        std::copy(r_.dac_cache.begin(), r_.dac_cache.end(),
                  r_.palette.begin() + r_.dac_write_index * 3);
        r_.dac_sub_index = 0;
        r_.dac_write_index++;
    }
}

// ---- mode decode ----------------------------------------------------------------------------

void VgaCore::offsets(u32* line_offset, u32* start_addr, u32* line_compare) const {
    *line_offset = u32(r_.cr[CR_OFFSET]) << 3;
    *start_addr = r_.cr[CR_START_LO] | u32(r_.cr[CR_START_HI]) << 8;
    *line_compare = r_.cr[CR_LINE_COMPARE] | u32(r_.cr[CR_OVERFLOW] & 0x10) << 4 |
                    u32(r_.cr[CR_MAX_SCAN] & 0x40) << 3;
}

void VgaCore::resolution(int* width, int* height) const {
    *width = (r_.cr[CR_H_DISP] + 1) * 8;
    *height = (r_.cr[CR_V_DISP_END] | (r_.cr[CR_OVERFLOW] & 0x02) << 7 |
               (r_.cr[CR_OVERFLOW] & 0x40) << 3) +
              1;
}

VgaCore::Mode VgaCore::current_mode() const {
    Mode m;
    // AR index bit 5 (palette address source) clear: the screen is blank.
    if (!(r_.ar_index & 0x20) || !(r_.gr[6] & 1)) return m;
    m.graphic = true;
    offsets(&m.line_offset, &m.start_addr, &m.line_compare);
    resolution(&m.width, &m.height);
    m.depth = bpp();
    m.shift_control = (r_.gr[5] >> 5) & 3;
    // QEMU's surface sharing depends on the depth only, not on GR05's shift mode.
    if ((m.depth == 16 || m.depth == 24 || m.depth == 32) && !force_shadow()) {
        i64 end = i64(m.start_addr) * 4 + i64(m.line_offset) * m.height +
                  i64(m.width) * m.depth / 8 - m.line_offset;
        m.shared = end <= i64(vram_.size());
    }
    return m;
}

// ---- scan-out -------------------------------------------------------------------------------

u32 VgaCore::palette_rgb(int index) const {
    const u8* p = &r_.palette[size_t(index) * 3];
    return u32(c6_to_8(p[0])) << 16 | u32(c6_to_8(p[1])) << 8 | c6_to_8(p[2]);
}

// One line of |width| pixels from VRAM at |addr| (wrapping at VRAM's end). depth -16 is the
// shared-surface 5:6:5 (bit replication), 16 the drawn one (shifted).
void VgaCore::draw_line(int depth, u8* d, u32 addr, int width) const {
    auto byte = [&](u32 a) { return vram_[a & vram_mask_]; };
    auto word = [&](u32 a) { return u32(byte(a)) | u32(byte(a + 1)) << 8; };
    switch (depth) {
        case 0:  // VGA 256-colour: each byte is two pixels wide
            for (int x = 0; x < (width >> 3) * 4; x++, d += 8) {
                u32 c = last_palette_[byte(addr + x)];
                put(d, c);
                put(d + 4, c);
            }
            break;
        case 8:
            for (int x = 0; x < (width >> 3) * 8; x++, d += 4)
                put(d, last_palette_[byte(addr + x)]);
            break;
        case 15:
            for (int x = 0; x < width; x++, d += 4, addr += 2) {
                u32 v = word(addr);
                put(d, ((v >> 7) & 0xf8) << 16 | ((v >> 2) & 0xf8) << 8 | ((v << 3) & 0xf8));
            }
            break;
        case 16:
            for (int x = 0; x < width; x++, d += 4, addr += 2) {
                u32 v = word(addr);
                put(d, ((v >> 8) & 0xf8) << 16 | ((v >> 3) & 0xfc) << 8 | ((v << 3) & 0xf8));
            }
            break;
        case -16:
            for (int x = 0; x < width; x++, d += 4, addr += 2) {
                u32 v = word(addr);
                u32 r = v >> 11, g = (v >> 5) & 0x3f, b = v & 0x1f;
                put(d, (r << 3 | r >> 2) << 16 | (g << 2 | g >> 4) << 8 | (b << 3 | b >> 2));
            }
            break;
        case 24:
            for (int x = 0; x < width; x++, d += 4, addr += 3)
                put(d, u32(byte(addr + 2)) << 16 | u32(byte(addr + 1)) << 8 | byte(addr));
            break;
        case 32:
            for (int x = 0; x < width; x++, d += 4, addr += 4)
                put(d, u32(byte(addr + 2)) << 16 | u32(byte(addr + 1)) << 8 | byte(addr));
            break;
        default: std::memset(d, 0, size_t(width) * 4); break;
    }
}

Rect VgaCore::render_blank() {
    for (size_t i = 0; i < frame_.rgba.size(); i++) frame_.rgba[i] = (i & 3) == 3 ? 255 : 0;
    return Rect{0, 0, frame_.width, frame_.height};
}

Rect VgaCore::render_graphic(const Mode& m) {
    int disp_width = m.width;
    if (m.shift_control < 2 && (r_.sr[1] & 8)) disp_width <<= 1;
    bool full = full_update_;
    if (frame_.width != disp_width || frame_.height != m.height) {
        frame_.resize(disp_width, m.height);
        full = true;
    }
    if (m.shift_control < 2 && !m.shared) {
        if (!logged_planar_) {
            log_message(LogCategory::Unimplemented,
                        "vga: 16/4-colour planar modes are drawn black");
            logged_planar_ = true;
        }
        return full ? render_blank() : Rect{};
    }
    if (m.depth == 0 || m.depth == 8) {
        for (int i = 0; i < 256; i++) {
            u32 c = palette_rgb(i);
            if (c != last_palette_[i]) full = true;
            last_palette_[i] = c;
        }
    }

    int y_first = -1, y_last = -1;
    auto note = [&](int y) {
        if (y_first < 0) y_first = y;
        y_last = y;
    };
    if (m.shared) {
        // One frame line per VRAM line. QEMU shares VRAM whatever GR05's shift mode says, and
        // a doubled planar width can read past the checked region: draw_line() wraps.
        u32 bytes = u32(disp_width) * u32(m.depth / 8);
        for (int y = 0; y < m.height; y++) {
            u32 addr = m.start_addr * 4 + u32(y) * m.line_offset;
            if (!full && !range_dirty(addr, bytes)) continue;
            draw_line(m.depth == 16 ? -16 : m.depth, frame_.row(y), addr, disp_width);
            note(y);
        }
    } else {
        cursor_invalidate();
        const u8 cr_mode = r_.cr[CR_MODE];
        const int double_scan = r_.cr[CR_MAX_SCAN] >> 7;
        const int multi_scan =
            (cr_mode & 1) ? (((r_.cr[CR_MAX_SCAN] & 0x1f) + 1) << double_scan) - 1 : double_scan;
        const int bits = m.depth == 0 ? 4 : m.depth == 15 ? 16 : m.depth;
        const u32 bwidth = u32((i64(m.width) * bits + 7) / 8);
        u32 addr1 = m.start_addr * 4;
        int multi_run = multi_scan;
        u32 y1 = 0;
        for (int y = 0; y < m.height; y++) {
            u32 addr = addr1;
            if (!(cr_mode & 1)) {  // CGA: alternate lines from the second 8 KB bank
                int shift = 14 + ((cr_mode >> 6) & 1);
                addr = (addr & ~(1u << shift)) | ((y1 & 1) << shift);
            }
            if (!(cr_mode & 2)) addr = (addr & ~0x8000u) | ((y1 & 2) << 14);  // Hercules
            bool update = full || (size_t(y) < invalidated_.size() && invalidated_[y]);
            if (!update) {
                u32 page0 = addr & vram_mask_;
                u32 page1 = (addr + bwidth - 1) & vram_mask_;
                update = page1 < page0
                             ? range_dirty(page0, vram_size() - page0) || range_dirty(0, page1 + 1)
                             : range_dirty(page0, page1 - page0 + 1);
            }
            if (update) {
                draw_line(m.depth, frame_.row(y), addr, m.width);
                draw_cursor_line(frame_.row(y), y, disp_width);
                note(y);
            }
            if (!multi_run) {
                u32 mask = (cr_mode & 3) ^ 3;
                if ((y1 & mask) == mask) addr1 += m.line_offset;
                y1++;
                multi_run = multi_scan;
            } else {
                multi_run--;
            }
            if (u32(y) == m.line_compare) addr1 = 0;
        }
    }
    if (y_first < 0) return Rect{};
    return Rect{0, y_first, disp_width, y_last - y_first + 1};
}

Rect VgaCore::refresh() {
    Mode m = current_mode();
    if (!(m == last_mode_)) full_update_ = true;
    Rect dirty;
    if (!m.graphic) {
        if (r_.ar_index & 0x20 && !logged_text_) {
            log_message(LogCategory::Unimplemented, "vga: text mode is drawn black");
            logged_text_ = true;
        }
        if (full_update_) dirty = render_blank();
    } else {
        dirty = render_graphic(m);
    }
    last_mode_ = m;
    full_update_ = false;
    std::fill(dirty_.begin(), dirty_.end(), 0);
    std::fill(invalidated_.begin(), invalidated_.end(), 0);
    return dirty;
}

}  // namespace bw
