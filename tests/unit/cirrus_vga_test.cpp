// The Cirrus CL-GD5446 and its VGA core: registers through the ports (reset values, the
// unlock, hidden DAC, CRTC protection, mono/colour decode), mode decode, each pixel format to
// exact RGBA as QEMU's screendump shows it, dirty lines, BitBLT results in VRAM (fill, copies
// forward and backward over themselves, colour expansion with transparency, ROPs, a system-
// memory source through the framebuffer), hostile registers that must stay inside VRAM, and
// the board wiring on malta (slot, BARs, -vga none, a bad -vga).
#include "core/dev/display/cirrus_vga.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "boards/malta/malta.h"
#include "tests/unit/malta_test_util.h"

namespace bw {
namespace {

class CirrusTest : public testing::Test {
  protected:
    void out(u32 port, u8 v) { vga.ports().write(port - 0x3b0, v, 1); }
    u8 in(u32 port) { return u8(vga.ports().read(port - 0x3b0, 1)); }
    void sr(u8 i, u8 v) { out(0x3c4, i), out(0x3c5, v); }
    void gr(u8 i, u8 v) { out(0x3ce, i), out(0x3cf, v); }
    void cr(u8 i, u8 v) { out(0x3d4, i), out(0x3d5, v); }
    u8 get_sr(u8 i) { return out(0x3c4, i), in(0x3c5); }
    u8 get_gr(u8 i) { return out(0x3ce, i), in(0x3cf); }
    u8 get_cr(u8 i) { return out(0x3d4, i), in(0x3d5); }
    void set_hidden_dac(u8 v) {
        in(0x3c8);  // restarts the read count
        for (int i = 0; i < 4; i++) in(0x3c6);
        out(0x3c6, v);
    }
    // A linear mode as cirrusfb sets it: |w| x |h|, |bpp| 8/15/16/24/32, pitch |pitch| bytes.
    void set_mode(int w, int h, int bpp, u32 pitch) {
        out(0x3c2, 0xc3);  // colour ports
        sr(0x06, 0x12);
        cr(0x11, 0x20);  // unprotect CR0-7
        cr(0x01, u8(w / 8 - 1));
        cr(0x12, u8(h - 1));
        cr(0x07, u8(((h - 1) & 0x100) >> 7 | ((h - 1) & 0x200) >> 3));
        cr(0x09, 0x00);
        cr(0x17, 0xc3);
        cr(0x13, u8(pitch / 8));
        cr(0x1b, u8(((pitch / 8) & 0x100) >> 4 | 0x02));
        cr(0x0c, 0), cr(0x0d, 0);
        cr(0x18, 0xff);
        gr(0x05, 0x40);
        gr(0x06, 0x01);
        u8 sr7 = bpp == 8 ? 0x01 : bpp == 24 ? 0x05 : bpp == 32 ? 0x09 : 0x07;
        sr(0x07, sr7);
        set_hidden_dac(bpp == 16 ? 0xc1 : bpp == 15 ? 0xc0 : 0x00);
        in(0x3da);         // attribute flip-flop to index
        out(0x3c0, 0x20);  // palette source: video on
    }
    void vram16(u32 addr, u16 v) {
        vga.vram_write8(addr, u8(v));
        vga.vram_write8(addr + 1, u8(v >> 8));
    }
    std::vector<u8> pixel(int x, int y) {
        const u8* p = vga.frame().row(y) + x * 4;
        return {p[0], p[1], p[2], p[3]};
    }
    void blt(u8 reg, u8 v) { vga.blt_write(reg, v); }
    void blt16(u8 reg, u16 v) { blt(reg, u8(v)), blt(reg + 1, u8(v >> 8)); }
    void blt24(u8 reg, u32 v) {
        blt(reg, u8(v)), blt(reg + 1, u8(v >> 8)), blt(reg + 2, u8(v >> 16));
    }
    // Program a BitBLT: |w| bytes x |h| lines.
    void setup_blt(u32 dst, u32 src, int w, int h, u16 dpitch, u16 spitch, u8 mode, u8 rop,
                   u8 modeext = 0) {
        blt16(0x08, u16(w - 1));
        blt16(0x0a, u16(h - 1));
        blt16(0x0c, dpitch);
        blt16(0x0e, spitch);
        blt24(0x10, dst);
        blt24(0x14, src);
        blt(0x18, mode);
        blt(0x1a, rop);
        blt(0x1b, modeext);
    }
    void start_blt() { blt(0x40, 0x02); }
    std::vector<u8> snapshot() { return std::vector<u8>(vga.vram(), vga.vram() + vga.vram_size()); }

    CirrusVga vga;
};

TEST_F(CirrusTest, ResetValuesAndUnlock) {
    out(0x3c2, 0x01);
    EXPECT_EQ(get_sr(0x06), 0x0f);
    sr(0x06, 0x12);
    EXPECT_EQ(get_sr(0x06), 0x12);
    sr(0x06, 0x34);
    EXPECT_EQ(get_sr(0x06), 0x0f);
    EXPECT_EQ(get_sr(0x0f), 0x98);
    EXPECT_EQ(get_sr(0x15), 0x04);
    EXPECT_EQ(get_sr(0x1f), 0x2d);
    EXPECT_EQ(get_cr(0x27), 0xb8);
    EXPECT_EQ(get_gr(0x18), 0x0f);
    // SR17 bits 3-5 (bus type) are read-only.
    sr(0x17, 0xff);
    EXPECT_EQ(get_sr(0x17), 0xe7);
    // Unknown indices read 0xff.
    EXPECT_EQ(get_sr(0x20), 0xff);
    EXPECT_EQ(get_gr(0x3a), 0xff);
    EXPECT_EQ(get_cr(0x30), 0xff);
    // PCI identity.
    EXPECT_EQ(vga.config_read(0, 4), 0x00b81013u);
    EXPECT_EQ(vga.config_read(0x08, 4), 0x03000000u);
    EXPECT_EQ(vga.config_read(0x2c, 4), 0x11001af4u);
}

TEST_F(CirrusTest, MonoColourDecode) {
    // Power-on MISC is 0 (mono): the 0x3dx ports are absent.
    out(0x3d4, 0x13);
    out(0x3d5, 0x55);
    EXPECT_EQ(in(0x3d5), 0xff);
    EXPECT_EQ(in(0x3b5), 0x00);  // CR00 through the mono port
    out(0x3c2, 0x01);
    cr(0x13, 0x55);
    EXPECT_EQ(get_cr(0x13), 0x55);
    EXPECT_EQ(in(0x3b4), 0xff);
    EXPECT_EQ(in(0x3cc), 0x01);
}

TEST_F(CirrusTest, CrtcProtectionAndReadbacks) {
    out(0x3c2, 0x01);
    cr(0x11, 0x80);
    cr(0x01, 0x27);
    EXPECT_EQ(get_cr(0x01), 0x00);
    cr(0x07, 0xff);
    EXPECT_EQ(get_cr(0x07), 0x10);  // only the line compare bit
    cr(0x11, 0x00);
    cr(0x01, 0x27);
    EXPECT_EQ(get_cr(0x01), 0x27);
    // CR24: attribute flip-flop; CR26: attribute index.
    in(0x3da);
    out(0x3c0, 0x31);
    EXPECT_EQ(get_cr(0x24), 0x80);
    EXPECT_EQ(get_cr(0x26), 0x31);
    cr(0x27, 0x00);
    EXPECT_EQ(get_cr(0x27), 0xb8);
}

TEST_F(CirrusTest, HiddenDacAndPalette) {
    in(0x3c8);
    EXPECT_EQ(in(0x3c6), 0xff);
    EXPECT_EQ(in(0x3c6), 0xff);
    EXPECT_EQ(in(0x3c6), 0xff);
    EXPECT_EQ(in(0x3c6), 0xff);
    out(0x3c6, 0xc1);  // after four reads: the hidden register
    in(0x3c8);
    for (int i = 0; i < 4; i++) in(0x3c6);
    EXPECT_EQ(in(0x3c6), 0xc1);  // the fifth read returns it
    // Reading 0x3c8 resets the sequence: a write after it goes to the PEL mask (nowhere).
    in(0x3c6), in(0x3c6), in(0x3c8);
    in(0x3c6), in(0x3c6);
    out(0x3c6, 0x00);
    in(0x3c8);
    for (int i = 0; i < 4; i++) in(0x3c6);
    EXPECT_EQ(in(0x3c6), 0xc1);

    out(0x3c8, 5);
    out(0x3c9, 0x3f), out(0x3c9, 0x20), out(0x3c9, 0x01);
    out(0x3c9, 0x02);  // entry 6 starts
    out(0x3c7, 5);
    EXPECT_EQ(in(0x3c9), 0x3f);
    EXPECT_EQ(in(0x3c9), 0x20);
    EXPECT_EQ(in(0x3c9), 0x01);
    EXPECT_EQ(in(0x3c7), 3);
    EXPECT_EQ(vga.regs().palette[15], 0x3f);
}

TEST_F(CirrusTest, ModeDecode) {
    set_mode(320, 240, 16, 640);
    VgaCore::Mode m = vga.current_mode();
    EXPECT_TRUE(m.graphic);
    EXPECT_EQ(m.width, 320);
    EXPECT_EQ(m.height, 240);
    EXPECT_EQ(m.depth, 16);
    EXPECT_EQ(m.line_offset, 640u);
    EXPECT_TRUE(m.shared);
    set_hidden_dac(0xc0);
    EXPECT_EQ(vga.current_mode().depth, 15);
    EXPECT_FALSE(vga.current_mode().shared);
    set_mode(1024, 768, 24, 3072);
    m = vga.current_mode();
    EXPECT_EQ(m.width, 1024);
    EXPECT_EQ(m.height, 768);
    EXPECT_EQ(m.depth, 24);
    EXPECT_EQ(m.line_offset, 3072u);
    set_mode(800, 600, 32, 3200);
    EXPECT_EQ(vga.current_mode().depth, 32);
    EXPECT_EQ(vga.current_mode().line_offset, 3200u);
    set_mode(640, 480, 8, 640);
    EXPECT_EQ(vga.current_mode().depth, 8);
    EXPECT_FALSE(vga.current_mode().shared);
    // Start address extension bits (CR1B bits 0, 2, 3; CR1D bit 7).
    cr(0x0c, 0x12), cr(0x0d, 0x34), cr(0x1b, 0x0d), cr(0x1d, 0x80);
    EXPECT_EQ(vga.current_mode().start_addr, 0x80000u | 0x60000u | 0x10000u | 0x1234u);
    // Interlace doubles the height; blank when the AR palette source bit is clear.
    cr(0x1a, 0x01);
    EXPECT_EQ(vga.current_mode().height, 960);
    in(0x3da);
    out(0x3c0, 0x00);
    EXPECT_FALSE(vga.current_mode().graphic);
}

TEST_F(CirrusTest, Rgb565IsBitReplicatedOnTheSharedPath) {
    set_mode(320, 240, 16, 640);
    vram16(0, 0x8410);
    vram16(2, 0xffff);
    vram16(4, 0x0821);
    vram16(640, 0xf800);
    vga.refresh();
    ASSERT_EQ(vga.frame().width, 320);
    ASSERT_EQ(vga.frame().height, 240);
    EXPECT_EQ(pixel(0, 0), (std::vector<u8>{132, 130, 132, 255}));
    EXPECT_EQ(pixel(1, 0), (std::vector<u8>{255, 255, 255, 255}));
    EXPECT_EQ(pixel(2, 0), (std::vector<u8>{8, 4, 8, 255}));
    EXPECT_EQ(pixel(0, 1), (std::vector<u8>{255, 0, 0, 255}));
    // QEMU shares VRAM by depth alone: a planar shift mode in GR05 changes nothing.
    gr(0x05, 0x00);
    vga.refresh();
    EXPECT_EQ(pixel(0, 0), (std::vector<u8>{132, 130, 132, 255}));
    gr(0x05, 0x40);
    // The hardware cursor forces QEMU's drawn path: channels shifted, not replicated.
    sr(0x12, 0x01);
    vga.refresh();
    EXPECT_EQ(pixel(0, 0), (std::vector<u8>{128, 128, 128, 255}));
    EXPECT_EQ(pixel(2, 0), (std::vector<u8>{8, 4, 8, 255}));
}

TEST_F(CirrusTest, HardwareCursorOnTheDrawnPath) {
    set_mode(320, 240, 16, 640);
    for (u32 y = 0; y < 240; y++)
        for (u32 x = 0; x < 320; x++) vram16(y * 640 + 2 * x, 0x8410);
    // Hidden palette: entry 0 red, entry 15 blue (6-bit).
    sr(0x12, 0x02);
    out(0x3c8, 0);
    out(0x3c9, 0x3f), out(0x3c9, 0), out(0x3c9, 0);
    out(0x3c8, 15);
    out(0x3c9, 0), out(0x3c9, 0), out(0x3c9, 0x3f);
    // 32x32 pattern in slot 2: row 1, plane 0 = 1100..., plane 1 = 0110...
    const u32 pattern = (4u << 20) - 16 * 1024 + 2 * 256;
    vga.vram_write8(pattern + 4, 0xc0);
    vga.vram_write8(pattern + 128 + 4, 0x60);
    sr(0x13, 0x02);
    // Position (13, 20): SR10/SR11 hold bits 3-10, the index's bits 5-7 bits 0-2.
    sr(0x10 | 5 << 5, 1);
    sr(0x11 | 4 << 5, 2);
    sr(0x12, 0x01);
    vga.refresh();
    auto px = [&](int x, int y) { return pixel(x, y); };
    // Drawn path: the background is 0x8410 shifted, (128, 128, 128).
    EXPECT_EQ(px(12, 21), (std::vector<u8>{128, 128, 128, 255}));
    EXPECT_EQ(px(13, 21), (std::vector<u8>{127, 127, 127, 255}));  // 01: inverted
    EXPECT_EQ(px(14, 21), (std::vector<u8>{0, 0, 255, 255}));      // 11: entry 15
    EXPECT_EQ(px(15, 21), (std::vector<u8>{255, 0, 0, 255}));      // 10: entry 0
    EXPECT_EQ(px(16, 21), (std::vector<u8>{128, 128, 128, 255}));  // 00: transparent
    EXPECT_EQ(px(13, 20), (std::vector<u8>{128, 128, 128, 255}));  // pattern row 0 is empty
    // Moving it redraws the old lines without it.
    sr(0x11, 10);
    vga.refresh();
    EXPECT_EQ(px(13, 21), (std::vector<u8>{128, 128, 128, 255}));
    EXPECT_EQ(px(14, 81), (std::vector<u8>{0, 0, 255, 255}));
}

TEST_F(CirrusTest, OtherPixelFormats) {
    set_mode(320, 240, 16, 640);
    set_hidden_dac(0xc0);  // 5:5:5
    vram16(0, 0x4210);     // 10000 10000 10000
    vram16(2, 0x7fff);
    vga.refresh();
    EXPECT_EQ(pixel(0, 0), (std::vector<u8>{128, 128, 128, 255}));
    EXPECT_EQ(pixel(1, 0), (std::vector<u8>{248, 248, 248, 255}));

    set_mode(320, 240, 24, 960);
    vga.vram_write8(0, 0x11), vga.vram_write8(1, 0x22), vga.vram_write8(2, 0x33);
    vga.refresh();
    EXPECT_EQ(pixel(0, 0), (std::vector<u8>{0x33, 0x22, 0x11, 255}));

    set_mode(320, 240, 32, 1280);
    vga.vram_write8(4, 0x44), vga.vram_write8(5, 0x55), vga.vram_write8(6, 0x66);
    vga.refresh();
    EXPECT_EQ(pixel(1, 0), (std::vector<u8>{0x66, 0x55, 0x44, 255}));

    set_mode(320, 240, 8, 320);
    out(0x3c8, 7);
    out(0x3c9, 0x21), out(0x3c9, 0x3f), out(0x3c9, 0x00);
    vga.vram_write8(3, 7);
    vga.refresh();
    // 6-bit 0x21 -> 0x21 << 2 | 0b11 (its low bit twice); 0x3f -> 0xff.
    EXPECT_EQ(pixel(3, 0), (std::vector<u8>{0x87, 0xff, 0x00, 255}));
}

TEST_F(CirrusTest, DoubleScanOnlyOnTheDrawnPath) {
    set_mode(320, 480, 8, 320);
    cr(0x09, 0x80);  // double scan
    out(0x3c8, 1);
    out(0x3c9, 0x3f), out(0x3c9, 0x3f), out(0x3c9, 0x3f);
    vga.vram_write8(320, 1);  // VRAM line 1
    vga.refresh();
    EXPECT_EQ(pixel(0, 1)[0], 0);
    EXPECT_EQ(pixel(0, 2)[0], 255);
    EXPECT_EQ(pixel(0, 3)[0], 255);
    // 16 bpp shares VRAM: frame line 1 is VRAM line 1 whatever CR09 says.
    set_mode(320, 480, 16, 640);
    cr(0x09, 0x80);
    vram16(640, 0xffff);
    vga.refresh();
    EXPECT_EQ(pixel(0, 1)[0], 255);
    EXPECT_EQ(pixel(0, 2)[0], 0);
}

TEST_F(CirrusTest, RefreshReportsOnlyChangedLines) {
    set_mode(320, 240, 16, 640);
    Rect r = vga.refresh();
    EXPECT_EQ(r.w, 320);
    EXPECT_EQ(r.h, 240);
    EXPECT_TRUE(vga.refresh().empty());
    // A write marks its 1 KB page: the lines that page covers are redrawn.
    vga.linear_write(100 * 640 + 10, 0xff);
    r = vga.refresh();
    EXPECT_FALSE(r.empty());
    EXPECT_LE(r.y, 100);
    EXPECT_GE(r.y + r.h, 101);
    EXPECT_LE(r.h, 3);
    EXPECT_TRUE(vga.refresh().empty());
    // A mode change redraws everything.
    cr(0x13, 0x50);
    cr(0x13, 0x51);
    r = vga.refresh();
    EXPECT_EQ(r.h, 240);
}

TEST_F(CirrusTest, SolidFill16) {
    set_mode(320, 240, 16, 640);
    sr(0x17, 0x24);  // MMIO on
    blt(0x00, 0x00);
    blt(0x04, 0x34), blt(0x05, 0x12);  // foreground 0x1234
    setup_blt(640 + 4, 0, 3 * 2, 2, 640, 640, 0xc0 | 0x10, 0x0d, 0x04);
    start_blt();
    for (u32 line : {1u, 2u}) {
        for (u32 x = 0; x < 3; x++) {
            u32 a = line * 640 + 4 + 2 * x;
            EXPECT_EQ(vga.vram_read8(a), 0x34) << line << "," << x;
            EXPECT_EQ(vga.vram_read8(a + 1), 0x12);
        }
        EXPECT_EQ(vga.vram_read8(line * 640 + 10), 0);
        EXPECT_EQ(vga.vram_read8(line * 640 + 3), 0);
    }
    EXPECT_EQ(vga.vram_read8(3 * 640 + 4), 0);
    EXPECT_EQ(vga.blt_read(0x40) & 0x03, 0);  // not busy, not started
}

TEST_F(CirrusTest, CopyForwardAndBackwardOverlapping) {
    set_mode(320, 240, 8, 320);
    for (u32 i = 0; i < 16; i++) vga.vram_write8(i, u8(i + 1));
    // Forward, destination below the source in the same line (memmove left).
    setup_blt(0, 4, 8, 1, 320, 320, 0x00, 0x0d);
    start_blt();
    for (u32 i = 0; i < 8; i++) EXPECT_EQ(vga.vram_read8(i), i + 5);
    // Backward: addresses are the last byte; destination above the source (memmove right).
    for (u32 i = 0; i < 16; i++) vga.vram_write8(i, u8(i + 1));
    setup_blt(4 + 7, 0 + 7, 8, 1, 320, 320, 0x01, 0x0d);
    start_blt();
    for (u32 i = 0; i < 8; i++) EXPECT_EQ(vga.vram_read8(4 + i), i + 1);
    // Two lines backward over themselves (a scroll down by one line).
    for (u32 i = 0; i < 8; i++)
        vga.vram_write8(320 * 2 + i, u8(0x20 + i)), vga.vram_write8(320 * 3 + i, u8(0x30 + i));
    setup_blt(320 * 4 + 7, 320 * 3 + 7, 8, 2, 320, 320, 0x01, 0x0d);
    start_blt();
    for (u32 i = 0; i < 8; i++) {
        EXPECT_EQ(vga.vram_read8(320 * 4 + i), 0x30 + i);
        EXPECT_EQ(vga.vram_read8(320 * 3 + i), 0x20 + i);
    }
}

TEST_F(CirrusTest, ColourExpandWithTransparencyAndRops) {
    set_mode(320, 240, 8, 320);
    vga.vram_write8(0x1000, 0xa0);  // 1010 0000
    for (u32 i = 0; i < 8; i++) vga.vram_write8(i, 0x11);
    gr(0x01, 0x77);  // foreground
    gr(0x00, 0x55);  // background
    setup_blt(0, 0x1000, 8, 1, 320, 1, 0x80 | 0x08, 0x0d);
    start_blt();
    std::vector<u8> want = {0x77, 0x11, 0x77, 0x11, 0x11, 0x11, 0x11, 0x11};
    for (u32 i = 0; i < 8; i++) EXPECT_EQ(vga.vram_read8(i), want[i]) << i;
    // Without transparency the clear bits get the background.
    setup_blt(0, 0x1000, 8, 1, 320, 1, 0x80, 0x0d);
    start_blt();
    want = {0x77, 0x55, 0x77, 0x55, 0x55, 0x55, 0x55, 0x55};
    for (u32 i = 0; i < 8; i++) EXPECT_EQ(vga.vram_read8(i), want[i]) << i;
    // Inverted transparent expansion writes the background where bits are clear.
    for (u32 i = 0; i < 8; i++) vga.vram_write8(i, 0x11);
    setup_blt(0, 0x1000, 8, 1, 320, 1, 0x80 | 0x08, 0x0d, 0x02);
    start_blt();
    want = {0x11, 0x55, 0x11, 0x55, 0x55, 0x55, 0x55, 0x55};
    for (u32 i = 0; i < 8; i++) EXPECT_EQ(vga.vram_read8(i), want[i]) << i;
    // ROP src ^ dst on a copy, then ~dst.
    vga.vram_write8(0x2000, 0x0f);
    vga.vram_write8(0x3000, 0xff);
    setup_blt(0x3000, 0x2000, 1, 1, 320, 320, 0x00, 0x59);
    start_blt();
    EXPECT_EQ(vga.vram_read8(0x3000), 0xf0);
    setup_blt(0x3000, 0x2000, 1, 1, 320, 320, 0x00, 0x0b);
    start_blt();
    EXPECT_EQ(vga.vram_read8(0x3000), 0x0f);
    // An unknown ROP is a no-op.
    setup_blt(0x3000, 0x2000, 1, 1, 320, 320, 0x00, 0x42);
    start_blt();
    EXPECT_EQ(vga.vram_read8(0x3000), 0x0f);
}

TEST_F(CirrusTest, SourceTransparencyCopy16) {
    set_mode(320, 240, 16, 640);
    vram16(0x100, 0x1111), vram16(0x102, 0xbeef), vram16(0x104, 0x2222);
    vram16(0x200, 0xaaaa), vram16(0x202, 0xaaaa), vram16(0x204, 0xaaaa);
    gr(0x34, 0xef), gr(0x35, 0xbe);
    setup_blt(0x200, 0x100, 6, 1, 640, 640, 0x10 | 0x08, 0x0d);
    start_blt();
    EXPECT_EQ(vga.vram_read8(0x200) | vga.vram_read8(0x201) << 8, 0x1111);
    EXPECT_EQ(vga.vram_read8(0x202) | vga.vram_read8(0x203) << 8, 0xaaaa);
    EXPECT_EQ(vga.vram_read8(0x204) | vga.vram_read8(0x205) << 8, 0x2222);
}

TEST_F(CirrusTest, SystemMemorySourceColourExpand16) {
    // cirrusfb's imageblit: a 16x2-pixel glyph fed through the framebuffer.
    set_mode(320, 240, 16, 640);
    gr(0x01, 0xcd), gr(0x11, 0xab);  // foreground 0xabcd
    gr(0x00, 0x00), gr(0x10, 0x00);
    setup_blt(640 * 10, 0, 32, 2, 640, 640, 0x80 | 0x10 | 0x04, 0x0d);
    start_blt();
    EXPECT_EQ(vga.blt_read(0x40) & 0x01, 0x01);  // busy until the source arrives
    // Two bytes a line (16 pixels), padded to a 32-bit write: 0x8001, then 0xff00.
    vga.linear_write(0, 0x80), vga.linear_write(1, 0x01);
    vga.linear_write(2, 0xff), vga.linear_write(3, 0x00);
    EXPECT_EQ(vga.blt_read(0x40) & 0x01, 0x00);
    auto px = [&](int x, int y) {
        u32 a = 640 * (10 + y) + 2 * x;
        return vga.vram_read8(a) | vga.vram_read8(a + 1) << 8;
    };
    EXPECT_EQ(px(0, 0), 0xabcd);
    EXPECT_EQ(px(1, 0), 0);
    EXPECT_EQ(px(15, 0), 0xabcd);
    for (int x = 0; x < 8; x++) EXPECT_EQ(px(x, 1), 0xabcd);
    for (int x = 8; x < 16; x++) EXPECT_EQ(px(x, 1), 0);
    // The framebuffer is plain memory again: nothing landed at its start.
    EXPECT_EQ(vga.vram_read8(0), 0);
    vga.linear_write(0, 0x5a);
    EXPECT_EQ(vga.vram_read8(0), 0x5a);
}

TEST_F(CirrusTest, PatternFill8) {
    set_mode(320, 240, 8, 320);
    for (u32 i = 0; i < 64; i++) vga.vram_write8(0x400 + i, u8(i));
    setup_blt(0x8000, 0x400 + 5, 8, 8, 320, 0, 0x40, 0x0d);  // source aligned down to 64
    start_blt();
    for (u32 y = 0; y < 8; y++)
        for (u32 x = 0; x < 8; x++) EXPECT_EQ(vga.vram_read8(0x8000 + y * 320 + x), y * 8 + x);
}

TEST_F(CirrusTest, HostileBlitsStayInsideVram) {
    set_mode(320, 240, 16, 640);
    std::vector<u8> before = snapshot();
    // Destination near the end with a pitch that would run past VRAM: refused.
    setup_blt(0x3fff00, 0, 0x1000, 0x100, 0x1fff, 0x1fff, 0x00, 0x0e);
    start_blt();
    EXPECT_EQ(snapshot(), before);
    // Backward from address 0: refused.
    setup_blt(0, 0x100, 64, 64, 640, 640, 0x01, 0x0e);
    start_blt();
    EXPECT_EQ(snapshot(), before);
    // The widest line (8 KB) ending past VRAM's last byte: refused.
    setup_blt(0x3fff00, 0, 0x2000, 1, 0x1fff, 0x1fff, 0x00, 0x0e);
    start_blt();
    // A system-memory source whose lines run off the end: refused, nothing is buffered.
    setup_blt(0x3ffff0, 0, 64, 4, 0x1fff, 0, 0x04, 0x0d);
    start_blt();
    vga.linear_write(0, 0xaa);
    before[0] = 0xaa;
    EXPECT_EQ(snapshot(), before);
    // Random register traffic: nothing but VRAM (4 MB) is ever touched; the engine survives.
    std::mt19937 rng(1234);
    for (int i = 0; i < 20000; i++) {
        u8 reg = u8(rng() % 0x44);
        blt(reg, u8(rng()));
        if (rng() % 8 == 0) start_blt();
        if (rng() % 16 == 0) vga.linear_write(rng() % (4u << 20), u8(rng()));
        if (rng() % 64 == 0) gr(u8(0x0b), u8(rng()));
        if (rng() % 64 == 0) gr(u8(0x05), u8(rng()));
    }
    for (int i = 0; i < 200; i++) {
        cr(u8(rng() % 0x20), u8(rng()));
        sr(u8(rng() % 0x20), u8(rng()));
        vga.refresh();
    }
    SUCCEED();
}

TEST_F(CirrusTest, BarsDecodeTheFramebufferAndRegisters) {
    set_mode(320, 240, 16, 640);
    Device* lfb = vga.bar_device(0);
    Device* mmio = vga.bar_device(1);
    ASSERT_TRUE(lfb && mmio);
    lfb->write(0x100, 0x11223344, 4);
    EXPECT_EQ(vga.vram_read8(0x100), 0x44);
    EXPECT_EQ(vga.vram_read8(0x103), 0x11);
    EXPECT_EQ(lfb->read(0x100, 2), 0x3344u);
    EXPECT_EQ(lfb->read(0x800000, 4), 0u);  // nothing between 4 and 16 MB
    // BAR1: 0x3c4 at offset 4, the BitBLT registers from 0x100.
    mmio->write(0x04, 0x06, 1);
    EXPECT_EQ(mmio->read(0x05, 1), 0x12u);
    mmio->write(0x108, 0x1234, 2);
    EXPECT_EQ(get_gr(0x20), 0x34);
    EXPECT_EQ(get_gr(0x21), 0x12);
    // The LFB's top 256 bytes are the BitBLT registers when SR17 bits 6 and 2 are set.
    sr(0x17, 0x64);
    lfb->write(0x3fff00 + 0x0a, 0x07, 1);
    EXPECT_EQ(get_gr(0x22), 0x07);
    EXPECT_EQ(vga.vram_read8(0x3fff0a), 0);
}

// ---- on the board ----------------------------------------------------------------------------

class MaltaVgaTest : public testing::Test {
  protected:
    std::unique_ptr<Malta> make(const std::string& vga, std::vector<NicConfig> nics,
                                std::string* error) {
        MachineConfig c;
        c.vga = vga;
        c.nics = std::move(nics);
        return create_spinning_malta(c, error);
    }
};

TEST_F(MaltaVgaTest, CirrusAfterTheNicsLikeQemu) {
    std::string error;
    auto m = make("", {}, &error);
    ASSERT_TRUE(m) << error;
    ASSERT_TRUE(m->display());
    // Default pcnet at 00:0b.0, the VGA at the first free slot from 18.
    EXPECT_EQ(m->pci().config_read(18 << 3, 0, 4), 0x00b81013u);
    // BAR sizes as QEMU's: 32 MB prefetchable, 4 KB, 64 KB ROM.
    m->pci().config_write(18 << 3, 0x10, 0xffffffff, 4);
    EXPECT_EQ(m->pci().config_read(18 << 3, 0x10, 4), 0xfe000008u);
    m->pci().config_write(18 << 3, 0x14, 0xffffffff, 4);
    EXPECT_EQ(m->pci().config_read(18 << 3, 0x14, 4), 0xfffff000u);
    m->pci().config_write(18 << 3, 0x30, 0xffffffff, 4);
    EXPECT_EQ(m->pci().config_read(18 << 3, 0x30, 4), 0xffff0001u);

    NicConfig e1000;
    e1000.model = "e1000";
    auto m2 = make("cirrus", {e1000}, &error);
    ASSERT_TRUE(m2) << error;
    EXPECT_EQ(m2->pci().config_read(19 << 3, 0, 4), 0x00b81013u);
}

TEST_F(MaltaVgaTest, PortsAndFramebufferThroughTheBridge) {
    std::string error;
    auto m = make("", {}, &error);
    ASSERT_TRUE(m) << error;
    // The VGA ports sit in the ISA I/O space (PCI I/O 0x3c4) without any BAR.
    PciBus& pci = m->pci();
    const u32 io = m->gt64120().pci0_io().base;
    ASSERT_NE(m->gt64120().pci0_io().size, 0u);
    m->bus.write(io + 0x3c4, 0x06, 1);
    EXPECT_EQ(m->bus.read(io + 0x3c5, 1), 0x0fu);
    // BAR0 at the start of the PCI_0 Mem0 window (where Linux puts it) with memory decoding on.
    const Gt64120::Window mem = m->gt64120().pci0_mem0();
    ASSERT_GE(mem.size, 32u << 20);
    pci.config_write(18 << 3, 0x10, mem.base, 4);
    pci.config_write(18 << 3, PciDevice::COMMAND, PciDevice::COMMAND_MEMORY, 2);
    m->bus.write(mem.base + 0x40, 0xdeadbeef, 4);
    EXPECT_EQ(m->bus.read(mem.base + 0x40, 4), 0xdeadbeefu);
}

TEST_F(MaltaVgaTest, NoneAndUnknown) {
    std::string error;
    auto m = make("none", {}, &error);
    ASSERT_TRUE(m) << error;
    EXPECT_EQ(m->display(), nullptr);
    EXPECT_EQ(m->pci().config_read(18 << 3, 0, 4), 0xffffffffu);
    auto bad = make("std", {}, &error);
    EXPECT_FALSE(bad);
    EXPECT_NE(error.find("-vga std"), std::string::npos) << error;
}

}  // namespace
}  // namespace bw
