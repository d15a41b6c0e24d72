// Cirrus Logic CL-GD5446 PCI VGA ("cirrus-vga"), as QEMU 7.2's hw/display/cirrus_vga.c
// models it with 4 MB of VRAM, on top of the VGA core (vga.h).
//
// PCI function: 1013:00b8, class 0x030000, subsystem 1af4:1100, no interrupt pin. BAR0: 32 MB
// prefetchable memory: the linear framebuffer at 0-4 MB (byte accesses; the top 256 bytes are the
// BitBLT registers when SR17 bits 6 and 2 are set), 16-20 MB the BitBLT system-memory source
// aperture, the rest decodes nothing. BAR1: 4 KB memory: VGA ports 0x3c0-0x3df at 0-0x1f
// (0x3c0 + offset below 0x100) and the BitBLT registers from 0x100. Expansion ROM BAR: 64 KB
// (sized so Linux assigns the same addresses as under QEMU; no ROM image, it decodes nothing).
// The VGA ports 0x3b0-0x3df are decoded by ports() whatever the COMMAND register says (the
// board puts them in its ISA/PCI I/O space, as QEMU does).
// Cirrus extensions: the SR06 unlock, extended SR (SR07 mode/bpp, SR0F/SR15/SR17/SR1F memory
// configuration at their CL-GD5446 reset values, SR10/SR11 cursor position, SR12 cursor
// attribute), GR00/GR01 8-bit shadows, GR0B extended addressing (x8/x16) and write modes 4/5 with
// 8/16-bit colour expansion, GR10-GR15 colour bytes, GR20-GR39 BitBLT, CR19-CR1D and CR1B/CR1D
// start/pitch extensions, CR1A interlace, CR24/CR26 readbacks, CR27 part ID, the hidden DAC
// register behind four reads of 0x3c6 (bpp 15/16 select), the 16-entry hidden cursor palette.
// BitBLT engine: video-to-video copies forward and backward (overlap safe in the direction the
// guest chooses), with the 16 ROPs, 8/16-bit source transparency, 8x8 pattern fills, colour
// expansion (plain, transparent, inverted, from a pattern) at 8/16/24/32 bpp, solid fills,
// and CPU-to-video (system memory source) fed byte by byte through the framebuffer or the
// BitBLT aperture; the same safety checks as QEMU decide when a blit is ignored, and every
// VRAM address is masked to 4 MB, the source buffer index to its 8 KB.
// Hardware cursor (SR12 bit 0; 32x32 or 64x64 two-plane pattern in VRAM's last 16 KB, colours
// from the hidden palette's entries 0 and 15): drawn as QEMU draws it, on lines the drawn path
// redraws (SR12 bit 0 also switches scan-out to that path), invalidated only when it moves.
// Not modelled: video-to-CPU blits and memory-to-memory (ignored, logged), the 0xa0000
// window and its GR09/GR0A banks (stored only: no malta CPU window reaches it), VCLK timings, the
// line-draw registers (read as 0xff like QEMU).
#pragma once

#include <array>
#include <memory>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/display/vga.h"
#include "core/dev/pci/pci_device.h"
#include "core/dev/primecell.h"

namespace bw {

class CirrusVga : public VgaCore, public PciDevice {
  public:
    static constexpr u32 kVramSize = 4u << 20;
    static constexpr u32 kBar0Size = 32u << 20;
    static constexpr u32 kBar1Size = 0x1000;
    static constexpr u32 kRomSize = 0x10000;
    static constexpr u32 kBltBufSize = 2048 * 4;

    CirrusVga();
    const char* name() const override { return "cirrus-vga"; }
    // Power-on state of both the PCI function and the VGA.
    void reset() override;

    Device* bar_device(int n) override;
    // Ports 0x3b0-0x3df (offset 0 = 0x3b0), byte-wide, wider accesses split.
    Device& ports() { return ports_; }

    // The BitBLT registers' window (0x00-0xff) as BAR1 + 0x100 sees it; for tests.
    u8 blt_read(u32 address);
    void blt_write(u32 address, u8 value);
    // The linear framebuffer's byte path (BAR0 below 16 MB).
    u8 linear_read(u32 addr);
    void linear_write(u32 addr, u8 value);

  protected:
    u8 read_sr() override;
    void write_sr(u8 value) override;
    u8 read_gr() override;
    void write_gr(u8 value) override;
    u8 read_cr() override;
    void write_cr(u8 value) override;
    u8 read_dac_mask() override;
    void write_dac_mask(u8 value) override;
    u8 read_dac_data() override;
    void write_dac_data(u8 value) override;
    void write_sr_index(u8 value) override { r_.sr_index = value; }
    void write_gr_index(u8 value) override { r_.gr_index = value; }
    void on_dac_write_index() override { c_.hidden_dac_lock = 0; }
    int bpp() const override;
    void offsets(u32* line_offset, u32* start_addr, u32* line_compare) const override;
    void resolution(int* width, int* height) const override;
    bool force_shadow() const override { return r_.sr[0x12] & 1; }
    void cursor_invalidate() override;
    void draw_cursor_line(u8* row, int y, int frame_width) override;

  private:
    // What a started BitBLT does per pixel (QEMU's cirrus_rop function families).
    enum class BltKind : u8 {
        None,
        Copy,
        CopyTransp,
        PatternFill,
        ColorExpand,
        ColorExpandTransp,
        ColorExpandPattern,
        ColorExpandPatternTransp,
    };
    struct CirrusState {
        u8 shadow_gr0 = 0, shadow_gr1 = 0;
        u32 hidden_dac_lock = 5;  // reads of 0x3c6 since 0x3c8 was read (5 at reset)
        u8 hidden_dac = 0;
        std::array<u8, 48> hidden_palette{};
        // Hardware cursor: position from SR10/SR11 and their index bits, and what the last
        // refresh drew (to invalidate its lines when it moves).
        int cursor_x = 0, cursor_y = 0;
        int last_cursor_size = 0, last_cursor_x = 0, last_cursor_y = 0;
        int cursor_y_start = 0, cursor_y_end = 0;
        // The BitBLT in progress (registers latched at start).
        int blt_width = 0, blt_height = 0;
        int blt_dst_pitch = 0, blt_src_pitch = 0;
        u32 blt_dst = 0, blt_src = 0;
        u8 blt_mode = 0, blt_modeext = 0;
        int blt_pixel_width = 1;
        u32 blt_fg = 0, blt_bg = 0;
        BltKind blt_kind = BltKind::None;
        bool blt_backward = false;
        int blt_rop = 0;  // index 0-15 into the ROP table
        // System-memory source: bytes collect in buf[src_ptr..src_end).
        std::array<u8, kBltBufSize> buf{};
        u32 src_ptr = 0, src_end = 0;
        i32 src_counter = 0;
    };

    class Ports : public Device {
      public:
        explicit Ports(CirrusVga& c) : c_(c) {}
        const char* name() const override { return "cirrus-vga-ports"; }
        void reset() override {}
        u32 read(u32 offset, unsigned size) override;
        void write(u32 offset, u32 value, unsigned size) override;

      private:
        CirrusVga& c_;
    };
    class LinearBar : public Device {
      public:
        explicit LinearBar(CirrusVga& c) : c_(c) {}
        const char* name() const override { return "cirrus-vga-lfb"; }
        void reset() override {}
        u32 read(u32 offset, unsigned size) override;
        void write(u32 offset, u32 value, unsigned size) override;

      private:
        CirrusVga& c_;
    };
    class MmioBar : public Device {
      public:
        explicit MmioBar(CirrusVga& c) : c_(c) {}
        const char* name() const override { return "cirrus-vga-mmio"; }
        void reset() override {}
        u32 read(u32 offset, unsigned size) override;
        void write(u32 offset, u32 value, unsigned size) override;

      private:
        CirrusVga& c_;
    };

    u32 cursor_pattern() const;
    void cursor_yrange();
    bool blt_source_active() const { return c_.src_ptr != c_.src_end; }
    u8 gr_read(u8 index);
    void gr_write(u8 index, u8 value);
    u8 mmio_port_read(u32 offset);
    void mmio_port_write(u32 offset, u8 value);
    u32 extended_address(u32 addr) const;
    void write_mode45(unsigned mode, u32 offset, u8 value);
    void blt_feed(u8 value);

    // BitBLT engine.
    void write_blt_status(u8 value);
    void blt_start();
    void blt_reset();
    bool blt_region_unsafe(i32 pitch, i32 addr) const;
    bool blt_unsafe(bool dst_only) const;
    void blt_colors();
    bool blt_pattern_copy();
    bool blt_video_copy();
    bool blt_cpu_to_video();
    void blt_cpu_next();
    void blt_solid_fill(int rop);
    void run_rop(u32 dst, u32 src, int dst_pitch, int src_pitch, int width, int height);
    u8 src8(u32 addr) const;
    u16 src16(u32 addr) const;
    u32 src32(u32 addr) const;
    void put_pixel(u32 addr, u32 color, int bytes);
    void rop8(u32 addr, u8 src);
    void rop16(u32 addr, u16 src);
    void rop32(u32 addr, u32 src);

    CirrusState c_;
    Ports ports_{*this};
    LinearBar linear_{*this};
    MmioBar mmio_{*this};
    OffsetLog bad_;
};

}  // namespace bw
