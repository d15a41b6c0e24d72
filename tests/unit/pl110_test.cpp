#include "core/dev/display/pl110.h"

#include <gtest/gtest.h>

#include <vector>

namespace bw {
namespace {

// Versatile variant offsets: Control at 0x018, IMSC at 0x01c.
constexpr u32 TIM0 = 0x000, TIM1 = 0x004, UPBASE = 0x010, CONTROL = 0x018, IMSC = 0x01c,
              RIS = 0x020, MIS = 0x024, ICR = 0x028, UPCURR = 0x02c, PALETTE = 0x200;
constexpr u32 EN_PWR = Pl110::CR_EN | Pl110::CR_PWR;
constexpr u32 kFb = 0x10000;

void advance_to(Scheduler& s, u64 t) {
    while (s.skip_to_next_event(t)) {
    }
}

class Pl110Test : public ::testing::Test {
  protected:
    Pl110Test() : ram(1 << 20) { bus.map_ram(0, u32(ram.size()), ram.data()); }

    // A cols x rows screen in bpp code |bpp| with extra control bits.
    void setup(int cols, int rows, unsigned bpp, u32 extra = 0) {
        clcd.write(TIM0, u32((cols / 16 - 1) << 2), 4);
        clcd.write(TIM1, u32(rows - 1), 4);
        clcd.write(UPBASE, kFb, 4);
        clcd.write(CONTROL, EN_PWR | bpp << 1 | extra, 4);
    }
    void poke8(u32 off, u8 v) { ram[kFb + off] = v; }
    void poke16(u32 off, u16 v) { bus.write16(kFb + off, v); }
    void poke32(u32 off, u32 v) { bus.write32(kFb + off, v); }
    std::vector<u8> pixel(int x, int y) {
        const u8* p = clcd.frame().row(y) + 4 * x;
        return {p[0], p[1], p[2], p[3]};
    }
    using Px = std::vector<u8>;

    std::vector<u8> ram;
    Bus bus;
    Scheduler sched;
    Pl110 clcd{bus, sched, Pl110::Variant::Versatile};
};

TEST_F(Pl110Test, IdsAndVersatileRegisterSwap) {
    const u32 id[8] = {0x10, 0x11, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    for (int i = 0; i < 8; i++) EXPECT_EQ(clcd.read(0xfe0 + 4 * i, 4), id[i]) << i;
    clcd.write(CONTROL, 0x82b, 4);
    clcd.write(IMSC, 0x0c, 4);
    EXPECT_EQ(clcd.read(CONTROL, 4), 0x82bu);
    EXPECT_EQ(clcd.read(IMSC, 4), 0x0cu);
    EXPECT_EQ(clcd.state().control, 0x82bu);
    EXPECT_EQ(clcd.state().imsc, 0x0cu);

    // The stock PL110 has them the other way round; the PL111 its own ID.
    Pl110 plain{bus, sched, Pl110::Variant::Pl110};
    plain.write(0x1c, 0x82b, 4);
    EXPECT_EQ(plain.state().control, 0x82bu);
    Pl110 pl111{bus, sched, Pl110::Variant::Pl111};
    EXPECT_EQ(pl111.read(0xfe0, 4), 0x11u);
    EXPECT_EQ(pl111.read(0xfe8, 4), 0x24u);
}

TEST_F(Pl110Test, TimingGivesSize) {
    clcd.write(TIM0, 0x3f1f3f9c, 4);  // Linux's 640x480 VGA
    clcd.write(TIM1, 0x090b61df, 4);
    EXPECT_EQ(clcd.state().cols, 640);
    EXPECT_EQ(clcd.state().rows, 480);
    EXPECT_EQ(clcd.read(TIM0, 4), 0x3f1f3f9cu);
    clcd.write(TIM0, 0xff, 4);
    clcd.write(TIM1, 0xffffffff, 4);
    EXPECT_EQ(clcd.state().cols, 1024);
    EXPECT_EQ(clcd.state().rows, 1024);
    clcd.write(UPBASE, 0x1234, 4);
    EXPECT_EQ(clcd.read(UPCURR, 4), 0x1234u);
}

TEST_F(Pl110Test, NothingWhileDisabled) {
    setup(16, 2, 5);
    clcd.write(CONTROL, 5 << 1 | Pl110::CR_EN, 4);  // no LCDPWR
    EXPECT_TRUE(clcd.refresh().empty());
    EXPECT_EQ(clcd.refresh_hz(), 0.0);
    clcd.write(CONTROL, 5 << 1 | EN_PWR, 4);
    Rect r = clcd.refresh();
    EXPECT_EQ(r.x, 0);
    EXPECT_EQ(r.y, 0);
    EXPECT_EQ(r.w, 16);
    EXPECT_EQ(r.h, 2);
    EXPECT_EQ(clcd.frame().width, 16);
    EXPECT_EQ(clcd.frame().height, 2);
}

TEST_F(Pl110Test, Rgb888BothChannelOrders) {
    setup(16, 1, 5);
    poke32(0, 0x00112233);
    poke32(4, 0xff8040c0);
    clcd.refresh();
    // BGR clear: red in the low byte.
    EXPECT_EQ(pixel(0, 0), (Px{0x33, 0x22, 0x11, 255}));
    EXPECT_EQ(pixel(1, 0), (Px{0xc0, 0x40, 0x80, 255}));
    clcd.write(CONTROL, EN_PWR | 5 << 1 | Pl110::CR_BGR, 4);
    clcd.refresh();
    EXPECT_EQ(pixel(0, 0), (Px{0x11, 0x22, 0x33, 255}));
    // BEBO: the word's bytes reversed.
    clcd.write(CONTROL, EN_PWR | 5 << 1 | Pl110::CR_BEBO, 4);
    clcd.refresh();
    EXPECT_EQ(pixel(0, 0), (Px{0x00, 0x11, 0x22, 255}));
}

TEST_F(Pl110Test, Rgb565ThroughTheMux) {
    setup(16, 1, 4);
    poke16(0, 0xf800);  // top five bits
    poke16(2, 0x07e0);  // green
    poke16(4, 0x001f);  // low five bits
    poke16(6, 0xffff);
    // Mux 0 (reset; Linux's 888) and 2: 5:6:5, red low with BGR clear.
    clcd.refresh();
    EXPECT_EQ(pixel(0, 0), (Px{0, 0, 0xf8, 255}));
    EXPECT_EQ(pixel(1, 0), (Px{0, 0xfc, 0, 255}));
    EXPECT_EQ(pixel(2, 0), (Px{0xf8, 0, 0, 255}));
    EXPECT_EQ(pixel(3, 0), (Px{0xf8, 0xfc, 0xf8, 255}));  // shifted, not replicated
    // Mux 3: blue low whatever BGR says (Linux's RGB565).
    clcd.set_mux(3);
    clcd.refresh();
    EXPECT_EQ(pixel(0, 0), (Px{0xf8, 0, 0, 255}));
    EXPECT_EQ(pixel(2, 0), (Px{0, 0, 0xf8, 255}));
    // Mux 2 with BGR set: blue low.
    clcd.set_mux(2);
    clcd.write(CONTROL, EN_PWR | 4 << 1 | Pl110::CR_BGR, 4);
    clcd.refresh();
    EXPECT_EQ(pixel(0, 0), (Px{0xf8, 0, 0, 255}));
}

TEST_F(Pl110Test, Rgb555AsQemuDrawsIt) {
    setup(16, 1, 4);
    clcd.set_mux(1);
    // First pixel: r=1f (low), g=0, b=0x10; second pixel read from bit 15 on.
    poke32(0, 0x0001'401f);
    clcd.refresh();
    EXPECT_EQ(pixel(0, 0), (Px{0xf8, 0, 0x80, 255}));
    // Bits 15..19 = 0b00010 (bit 16 set): red 0x10.
    EXPECT_EQ(pixel(1, 0), (Px{0x10, 0, 0, 255}));
    // The PL111 code 6 is 5:6:5 and 7 is 4:4:4 (QEMU renders them for any variant).
    clcd.write(CONTROL, EN_PWR | 7 << 1, 4);
    poke32(0, 0x0abc'0123);
    clcd.refresh();
    EXPECT_EQ(pixel(0, 0), (Px{0x30, 0x20, 0x10, 255}));
    EXPECT_EQ(pixel(1, 0), (Px{0xc0, 0xb0, 0xa0, 255}));
}

TEST_F(Pl110Test, PalettizedModes) {
    // Palette entries 0..3: black, 5-bit red, green, blue (shifted by 3).
    clcd.write(PALETTE + 0, 0x001f'0000, 4);
    clcd.write(PALETTE + 4, 0x7c00'03e0, 4);
    EXPECT_EQ(clcd.read(PALETTE + 4, 4), 0x7c0003e0u);
    const Px black{0, 0, 0, 255}, red{0xf8, 0, 0, 255}, green{0, 0xf8, 0, 255},
        blue{0, 0, 0xf8, 255};

    setup(16, 1, 3);  // 8 bpp
    poke32(0, 0x03020100);
    clcd.refresh();
    EXPECT_EQ(pixel(0, 0), black);
    EXPECT_EQ(pixel(1, 0), red);
    EXPECT_EQ(pixel(2, 0), green);
    EXPECT_EQ(pixel(3, 0), blue);

    clcd.write(CONTROL, EN_PWR | 2 << 1, 4);  // 4 bpp: low nibble first
    poke32(0, 0x00000321);
    clcd.refresh();
    EXPECT_EQ(pixel(0, 0), red);
    EXPECT_EQ(pixel(1, 0), green);
    EXPECT_EQ(pixel(2, 0), blue);
    EXPECT_EQ(pixel(3, 0), black);

    clcd.write(CONTROL, EN_PWR | 1 << 1, 4);  // 2 bpp
    poke32(0, 0b11100100);
    clcd.refresh();
    EXPECT_EQ(pixel(0, 0), black);
    EXPECT_EQ(pixel(1, 0), red);
    EXPECT_EQ(pixel(2, 0), green);
    EXPECT_EQ(pixel(3, 0), blue);

    clcd.write(CONTROL, EN_PWR | 0 << 1, 4);  // 1 bpp, 16 pixels from 2 bytes
    poke32(0, 0x8001);
    clcd.refresh();
    EXPECT_EQ(pixel(0, 0), red);
    EXPECT_EQ(pixel(1, 0), black);
    EXPECT_EQ(pixel(15, 0), red);

    // BEPO: pixels from the top of each byte down.
    clcd.write(CONTROL, EN_PWR | 0 << 1 | Pl110::CR_BEPO, 4);
    poke32(0, 0x0001);
    clcd.refresh();
    EXPECT_EQ(pixel(0, 0), black);
    EXPECT_EQ(pixel(7, 0), red);
    // BEBO (QEMU): bytes of the word reversed, pixels still from bit 0 up.
    clcd.write(CONTROL, EN_PWR | 3 << 1 | Pl110::CR_BEBO, 4);
    poke32(0, 0x01020300);
    clcd.refresh();
    EXPECT_EQ(pixel(0, 0), red);
    EXPECT_EQ(pixel(1, 0), green);
    EXPECT_EQ(pixel(2, 0), blue);
    EXPECT_EQ(pixel(3, 0), black);
}

TEST_F(Pl110Test, RedrawsOnlyChangedLines) {
    setup(32, 8, 5);
    Rect r = clcd.refresh();
    EXPECT_EQ(r.h, 8);
    EXPECT_TRUE(clcd.refresh().empty());
    poke32(3 * 128 + 8, 0xffffff);
    poke32(5 * 128, 0x1);
    r = clcd.refresh();
    EXPECT_EQ(r.x, 0);
    EXPECT_EQ(r.y, 3);
    EXPECT_EQ(r.w, 32);
    EXPECT_EQ(r.h, 3);
    EXPECT_EQ(pixel(2, 3), (Px{0xff, 0xff, 0xff, 255}));
    EXPECT_TRUE(clcd.refresh().empty());
    // A palette change redraws everything; writing the same value, or the
    // interrupt registers a driver writes each vblank, does not.
    clcd.write(PALETTE, 0, 4);
    EXPECT_TRUE(clcd.refresh().empty());
    clcd.write(PALETTE, 0x7fff, 4);
    EXPECT_EQ(clcd.refresh().h, 8);
    clcd.write(ICR, 0xf, 4);
    EXPECT_TRUE(clcd.refresh().empty());
    // The framebuffer's pages are watched: no CPU gets a host pointer to write them.
    EXPECT_EQ(bus.host_pointer(kFb, true), nullptr);
}

TEST_F(Pl110Test, FramebufferOutsideRamIsNeverRead) {
    setup(1024, 1024, 5);  // 4 MB framebuffer, RAM is 1 MB
    EXPECT_TRUE(clcd.refresh().empty());
    clcd.write(UPBASE, 0xfffff000, 4);  // wraps past 4 GB
    EXPECT_TRUE(clcd.refresh().empty());
    clcd.write(UPBASE, u32(ram.size()) - 16, 4);
    EXPECT_TRUE(clcd.refresh().empty());
    // Back in RAM: drawn whole.
    setup(16, 4, 5);
    EXPECT_EQ(clcd.refresh().h, 4);
}

// Hostile register values: any size, format and base (near the end of RAM,
// straddling it, wrapping) render without reading outside guest RAM.
TEST_F(Pl110Test, RandomRegistersStayInBounds) {
    u64 x = 0x9e3779b97f4a7c15ull;
    auto next = [&] {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        return u32(x);
    };
    const u32 bases[] = {0,          kFb,       u32(ram.size()) - 4, u32(ram.size()) - 64 * 1024,
                         0xfffffffc, 0x7ffff000};
    for (int i = 0; i < 300; i++) {
        clcd.write(TIM0, next() & 0x3c, 4);  // up to 256 pixels wide, to stay quick
        clcd.write(TIM1, next() & 0xff, 4);
        clcd.write(UPBASE, (next() & 1) ? bases[next() % 6] : next(), 4);
        clcd.write(CONTROL, EN_PWR | (next() & 0x70e), 4);
        clcd.set_mux(next() & 3);
        clcd.write(PALETTE + 4 * (next() % 128), next(), 4);
        Rect r = clcd.refresh();
        EXPECT_LE(r.x + r.w, clcd.frame().width);
        EXPECT_LE(r.y + r.h, clcd.frame().height);
    }
}

TEST_F(Pl110Test, VblankInterrupt) {
    clcd.write(IMSC, Pl110::INT_VCOMP, 4);
    setup(16, 1, 5);
    EXPECT_FALSE(clcd.irq.level());
    advance_to(sched, Pl110::kFrameNs - 1);
    EXPECT_FALSE(clcd.irq.level());
    advance_to(sched, Pl110::kFrameNs);
    EXPECT_TRUE(clcd.irq.level());
    EXPECT_EQ(clcd.read(RIS, 4), Pl110::INT_VCOMP | Pl110::INT_LNBU);
    EXPECT_EQ(clcd.read(MIS, 4), Pl110::INT_VCOMP);
    clcd.write(ICR, Pl110::INT_VCOMP, 4);
    EXPECT_FALSE(clcd.irq.level());
    EXPECT_EQ(clcd.read(RIS, 4), Pl110::INT_LNBU);
    // Disabled: no more ticks.
    clcd.write(CONTROL, 0, 4);
    EXPECT_EQ(sched.next_deadline(), UINT64_MAX);
}

}  // namespace
}  // namespace bw
