// The VGA core of a PCI/ISA display adapter: the registers every VGA has and the scan-out of
// its graphics modes into an RGBA Frame, as QEMU 7.2's hw/display/vga.c models them.
//
// Modelled: the sequencer (SR, index 0x3c4), CRT controller (CR, 0x3b4/0x3d4), graphics
// controller (GR, 0x3ce), attribute controller (AR, 0x3c0 flip-flop, reset by reading 0x3ba/
// 0x3da), the DAC (0x3c6-0x3c9, 6-bit palette), misc output (0x3c2/0x3cc), feature control,
// input status 1 (its retrace bits toggle on every read, QEMU's "dumb" retrace), the mono/colour
// port decode (MISC bit 0 hides 0x3b0-0x3bf or 0x3d0-0x3df). A subclass (a chip's extensions)
// replaces the SR/GR/CR data ports, the DAC mask and data ports and the mode decode (bpp,
// resolution, start address and pitch).
// Scan-out (refresh()) follows what QEMU's screendump shows with -display none: 16, 24 and
// 32 bpp frames whose lines all lie inside VRAM are QEMU's "shared surface": the frame is VRAM
// read with the CRTC pitch, one frame line per VRAM line (double scan, line compare and the
// CGA/Hercules address bits ignored), 5:6:5 expanded by bit replication (pixman). Every other
// graphics mode (8 bpp palette, 15 bpp, VGA 256-colour 320-wide mode, a frame that runs off
// VRAM's end, or the hardware cursor on) is drawn line by line with multi-scan, line compare
// and the CRTC address wrapping; there 5:5:5 and 5:6:5 channels are shifted, not replicated,
// and 6-bit palette entries become (v << 2) | (v & 1) * 3.
// Not modelled: text mode and the 16/4-colour planar modes (drawn black, logged once as
// unimplemented), the legacy 0xa0000 window (on malta no CPU window reaches PCI address
// 0xa0000), VBE.
// Only re-rendered: lines whose VRAM bytes were written since the last refresh (VRAM is owned
// here: every write marks its 1 KB page dirty) or all lines after a mode or palette change.
#pragma once

#include <array>
#include <vector>

#include "core/common/types.h"
#include "core/ui/display.h"

namespace bw {

class VgaCore : public DisplaySource {
  public:
    static constexpr u32 kPortBase = 0x3b0;  // the VGA port block 0x3b0-0x3df
    static constexpr u32 kPortCount = 0x30;
    static constexpr u32 kDirtyShift = 10;  // 1 KB dirty-tracking pages

    // |vram_size| is a power of two.
    explicit VgaCore(u32 vram_size);
    ~VgaCore() override = default;

    virtual void reset();
    // A byte at I/O port kPortBase + |offset|.
    u8 port_read(u32 offset);
    void port_write(u32 offset, u8 value);

    Rect refresh() override;

    u32 vram_size() const { return u32(vram_.size()); }
    const u8* vram() const { return vram_.data(); }
    // Writes to VRAM from outside the device (tests) and from its own paths.
    void vram_write8(u32 addr, u8 value) {
        addr &= vram_mask_;
        vram_[addr] = value;
        dirty_[addr >> kDirtyShift] = 1;
    }
    u8 vram_read8(u32 addr) const { return vram_[addr & vram_mask_]; }

    // Registers as the guest sees them (QEMU's VGACommonState fields).
    struct Regs {
        std::array<u8, 256> sr{}, gr{}, cr{};
        std::array<u8, 21> ar{};
        u8 sr_index = 0, gr_index = 0, cr_index = 0, ar_index = 0;
        u8 ar_flip_flop = 0;
        u8 msr = 0, fcr = 0, st00 = 0, st01 = 0;
        u8 dac_state = 0, dac_sub_index = 0, dac_read_index = 0, dac_write_index = 0;
        std::array<u8, 3> dac_cache{};
        std::array<u8, 768> palette{};
    };
    const Regs& regs() const { return r_; }

    // The current graphics mode as the scan-out decodes it (for tests and refresh()).
    struct Mode {
        bool graphic = false;                  // false: blank or text
        int width = 0, height = 0, depth = 0;  // depth 0: VGA 256-colour (pixels doubled)
        u32 line_offset = 0, start_addr = 0, line_compare = 0;
        int shift_control = 0;
        bool shared = false;  // QEMU's shared-surface path (see the header comment)
        bool operator==(const Mode& o) const;
    };
    Mode current_mode() const;

  protected:
    // Data ports a chip extends (QEMU's plain VGA behaviour by default).
    virtual u8 read_sr();
    virtual void write_sr(u8 value);
    virtual u8 read_gr();
    virtual void write_gr(u8 value);
    virtual u8 read_cr();
    virtual void write_cr(u8 value);
    virtual u8 read_dac_mask() { return 0; }
    virtual void write_dac_mask(u8) {}
    virtual u8 read_dac_data();
    virtual void write_dac_data(u8 value);
    virtual void write_sr_index(u8 value) { r_.sr_index = value & 7; }
    virtual void write_gr_index(u8 value) { r_.gr_index = value & 0x0f; }
    virtual void on_dac_write_index() {}
    // Mode decode.
    virtual int bpp() const { return 0; }
    virtual void offsets(u32* line_offset, u32* start_addr, u32* line_compare) const;
    virtual void resolution(int* width, int* height) const;
    virtual bool force_shadow() const { return false; }
    // Writable bits of the standard GR0-GR8 (0 above).
    static u8 gr_write_mask(u8 index);
    // A hardware cursor on the drawn (non-shared) path, as QEMU draws it: called before a
    // refresh draws lines, then for every line it draws, on the line's fresh pixels.
    virtual void cursor_invalidate() {}
    virtual void draw_cursor_line(u8* row, int y, int frame_width) {}
    // Frame lines [first, end) are redrawn at the next refresh (QEMU's VGA_MAX_HEIGHT lines).
    void invalidate_lines(int first, int end);
    // Standard CRTC write with the CR0-CR7 protection (CR11 bit 7).
    void write_cr_standard(u8 value);
    void mark_dirty(u32 addr, u32 len);

    Regs r_;
    std::vector<u8> vram_;
    u32 vram_mask_;

  private:
    bool port_invalid(u32 port) const;
    u8 retrace() { return r_.st01 ^ 0x09; }  // V_RETRACE | DISP_ENABLE
    u32 palette_rgb(int index) const;
    bool range_dirty(u32 addr, u32 len) const;
    void draw_line(int depth, u8* dst, u32 addr, int width) const;
    Rect render_blank();
    Rect render_graphic(const Mode& m);

    std::vector<u8> dirty_;  // one byte per 1 KB VRAM page
    std::vector<u8> invalidated_ = std::vector<u8>(2048, 0);
    Mode last_mode_;
    std::array<u32, 256> last_palette_{};
    bool full_update_ = true;
    bool logged_text_ = false, logged_planar_ = false;
};

}  // namespace bw
