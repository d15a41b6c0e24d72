// Intel 82801AA AC'97 through a PciBus with RAM behind it, programmed as snd-intel8x0 does:
// config space, codec registers and rates, the CAS semaphore, PCM out over a two-buffer
// BDL (exact samples, exact virtual time, IOC/LVBCI status and INTA#), silence after the
// last buffer, software volume, PCM in recording silence, hostile programming; and the
// card on the malta board.
#include "core/dev/audio/ac97.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <vector>

#include "boards/malta/malta.h"
#include "core/dev/audio/qemu_volume.h"
#include "core/mem/bus.h"
#include "tests/unit/malta_test_util.h"

namespace bw {
namespace {

constexpr u8 kDevfn = 19 << 3;
constexpr u32 kNam = 0x1000, kNabm = 0x1400;
constexpr u32 kRam = 0x40000;
constexpr u32 kBdl = 0x1000, kBuf0 = 0x2000, kBuf1 = 0x3000;
constexpr u32 PO = 0x10, PI = 0x00, MC = 0x20;  // channel register blocks

u64 frames_ns(u64 frames, u64 rate = 48000) { return frames * 1000000000ull / rate; }

class Ac97Test : public ::testing::Test {
  protected:
    Ac97Test() : ram(kRam), ac(sched, &audio) {
        memory.map_ram(0, kRam, ram.data());
        pci.set_dma_memory(&memory);
        pci.irq_route = [](u8 devfn, int pin) { return ((devfn >> 3) + pin) & 3; };
        pci.set_irq_line = [this](int line, bool level) { lines[line] = level; };
        pci.attach(kDevfn, &ac);
        enable_pci();
        audio.connect(1 << 20);
    }
    void enable_pci() {
        pci.config_write(kDevfn, PciDevice::BAR0, kNam, 4);
        pci.config_write(kDevfn, PciDevice::BAR0 + 4, kNabm, 4);
        pci.config_write(kDevfn, PciDevice::COMMAND,
                         PciDevice::COMMAND_IO | PciDevice::COMMAND_MASTER, 2);
    }
    bool irq() const { return lines[(19 + 0) & 3]; }

    u32 in(u32 port, unsigned size) {
        u32 v = 0xdeadbeef;
        EXPECT_TRUE(pci.io_read(port, size, &v));
        return v;
    }
    void out(u32 port, u32 v, unsigned size) { EXPECT_TRUE(pci.io_write(port, v, size)); }
    u16 codec(u32 reg) { return u16(in(kNam + reg, 2)); }
    void set_codec(u32 reg, u16 v) { out(kNam + reg, v, 2); }

    void put32(u32 addr, u32 v) {
        for (int i = 0; i < 4; i++) ram[addr + i] = u8(v >> (8 * i));
    }
    void put_bd(u32 index, u32 addr, u32 samples, u32 flags) {
        put32(kBdl + 8 * index, addr);
        put32(kBdl + 8 * index + 4, samples | flags);
    }
    // A stereo frame pattern: left = seed + 3i, right = -(seed + 5i).
    static u32 frame(u32 seed, u32 i) {
        u16 l = u16(seed + 3 * i), r = u16(-i16(seed + 5 * i));
        return l | u32(r) << 16;
    }
    void fill(u32 addr, u32 frames, u32 seed) {
        for (u32 i = 0; i < frames; i++) put32(addr + 4 * i, frame(seed, i));
    }
    std::vector<i16> drain() {
        std::vector<i16> v(audio.available() * 2);
        audio.pop(v.data(), audio.available());
        return v;
    }
    void advance_to(u64 t) {
        while (sched.skip_to_next_event(t)) {
        }
    }
    // Unmuted at full volume (Linux's mixer at 0 dB attenuation).
    void full_volume() {
        set_codec(Ac97::MASTER_VOLUME, 0x0000);
        set_codec(Ac97::PCM_OUT_VOLUME, 0x0000);
    }
    // Two buffers of |frames| frames with IOC, LVI = 1, started with IOCE | LVBIE.
    void start_two_buffers(u32 frames) {
        fill(kBuf0, frames, 100);
        fill(kBuf1, frames, 7000);
        put_bd(0, kBuf0, 2 * frames, Ac97::BD_IOC);
        put_bd(1, kBuf1, 2 * frames, Ac97::BD_IOC);
        out(kNabm + PO + Ac97::BDBAR, kBdl, 4);
        out(kNabm + PO + Ac97::LVI, 1, 1);
        out(kNabm + PO + Ac97::CR, Ac97::CR_IOCE | Ac97::CR_LVBIE | Ac97::CR_RPBM, 1);
    }

    Scheduler sched;
    Bus memory;
    std::vector<u8> ram;
    PciBus pci;
    AudioOut audio;
    Ac97 ac;
    bool lines[4] = {};
};

TEST_F(Ac97Test, ConfigSpaceAsQemu) {
    EXPECT_EQ(pci.config_read(kDevfn, 0, 4), 0x24158086u);
    EXPECT_EQ(pci.config_read(kDevfn, 0x08, 4), 0x04010001u);  // class 040100, rev 1
    EXPECT_EQ(pci.config_read(kDevfn, 0x2c, 4), 0x11001af4u);
    EXPECT_EQ(pci.config_read(kDevfn, 0x3d, 1), 1u);
    EXPECT_EQ(pci.config_read(kDevfn, 0x06, 2), 0x0280u);
    pci.config_write(kDevfn, 0x10, 0xffffffff, 4);
    pci.config_write(kDevfn, 0x14, 0xffffffff, 4);
    EXPECT_EQ(pci.config_read(kDevfn, 0x10, 4), 0xfffffc01u);  // 1 KiB I/O
    EXPECT_EQ(pci.config_read(kDevfn, 0x14, 4), 0xffffff01u);  // 256 bytes I/O
}

TEST_F(Ac97Test, CodecResetValuesAndRates) {
    EXPECT_EQ(codec(Ac97::VENDOR_ID1), 0x8384);
    EXPECT_EQ(codec(Ac97::VENDOR_ID2), 0x7600);
    EXPECT_EQ(codec(Ac97::EXTENDED_AUDIO_ID), 0x0809);
    EXPECT_EQ(codec(Ac97::EXTENDED_AUDIO_CTRL_STAT), 0x0009);
    EXPECT_EQ(codec(Ac97::MASTER_VOLUME), 0x8000);
    EXPECT_EQ(codec(Ac97::PCM_OUT_VOLUME), 0x8808);
    EXPECT_EQ(codec(Ac97::RECORD_GAIN), 0x8808);
    EXPECT_EQ(codec(Ac97::POWERDOWN_CTRL_STAT), 0x000f);
    EXPECT_EQ(codec(Ac97::PCM_FRONT_DAC_RATE), 48000);
    EXPECT_EQ(codec(Ac97::RESET), 0x0000);
    // Byte and dword access does not reach the codec.
    EXPECT_EQ(in(kNam + Ac97::VENDOR_ID1, 1), 0xffu);
    EXPECT_EQ(in(kNam + Ac97::VENDOR_ID1, 4), 0xffffffffu);
    // Read-only registers and the unmodelled ones keep their values.
    set_codec(Ac97::VENDOR_ID1, 0x1234);
    set_codec(Ac97::MIC_VOLUME, 0x1f1f);
    EXPECT_EQ(codec(Ac97::VENDOR_ID1), 0x8384);
    EXPECT_EQ(codec(Ac97::MIC_VOLUME), 0);
    // Volume masks; power-down ready bits stay.
    set_codec(Ac97::MASTER_VOLUME, 0xffff);
    EXPECT_EQ(codec(Ac97::MASTER_VOLUME), 0xbf3f);
    set_codec(Ac97::POWERDOWN_CTRL_STAT, 0xff00);
    EXPECT_EQ(codec(Ac97::POWERDOWN_CTRL_STAT), 0x7f0f);
    // VRA gates the rates; clearing it puts 48000 back.
    set_codec(Ac97::EXTENDED_AUDIO_CTRL_STAT, 0);
    set_codec(Ac97::PCM_FRONT_DAC_RATE, 44100);
    EXPECT_EQ(codec(Ac97::PCM_FRONT_DAC_RATE), 48000);
    set_codec(Ac97::EXTENDED_AUDIO_CTRL_STAT, Ac97::EACS_VRA);
    set_codec(Ac97::PCM_FRONT_DAC_RATE, 44100);
    set_codec(Ac97::PCM_LR_ADC_RATE, 8000);
    set_codec(Ac97::MIC_ADC_RATE, 11025);  // VRM off: ignored
    EXPECT_EQ(codec(Ac97::PCM_FRONT_DAC_RATE), 44100);
    EXPECT_EQ(codec(Ac97::PCM_LR_ADC_RATE), 8000);
    EXPECT_EQ(codec(Ac97::MIC_ADC_RATE), 48000);
    set_codec(Ac97::EXTENDED_AUDIO_CTRL_STAT, 0);
    EXPECT_EQ(codec(Ac97::PCM_FRONT_DAC_RATE), 48000);
    EXPECT_EQ(codec(Ac97::PCM_LR_ADC_RATE), 48000);
    // A codec reset (any write to register 0) restores everything.
    set_codec(Ac97::RESET, 0);
    EXPECT_EQ(codec(Ac97::MASTER_VOLUME), 0x8000);
    EXPECT_EQ(codec(Ac97::EXTENDED_AUDIO_CTRL_STAT), 0x0009);
    // Beyond the 256-byte register file: all ones, writes dropped.
    set_codec(0x200, 0x1234);
    EXPECT_EQ(codec(0x200), 0xffff);
}

TEST_F(Ac97Test, GlobalRegistersAndSemaphore) {
    EXPECT_EQ(in(kNabm + Ac97::GLOB_STA, 4), Ac97::GS_S0CR);  // primary codec ready
    EXPECT_EQ(in(kNabm + Ac97::GLOB_CNT, 4), 0u);
    out(kNabm + Ac97::GLOB_CNT, 0x3, 4);  // cold reset bit: ignored as a whole
    EXPECT_EQ(in(kNabm + Ac97::GLOB_CNT, 4), 0u);
    out(kNabm + Ac97::GLOB_CNT, 0x1, 4);
    EXPECT_EQ(in(kNabm + Ac97::GLOB_CNT, 4), 1u);
    // CAS: free, then taken; a codec access frees it.
    EXPECT_EQ(in(kNabm + Ac97::CAS, 1), 0u);
    EXPECT_EQ(in(kNabm + Ac97::CAS, 1), 1u);
    codec(Ac97::RESET);
    EXPECT_EQ(in(kNabm + Ac97::CAS, 1), 0u);
    // Channel registers after reset: DCH set, everything else zero.
    EXPECT_EQ(in(kNabm + PO + Ac97::SR, 2), Ac97::SR_DCH);
    EXPECT_EQ(in(kNabm + PO + Ac97::CIV, 4), u32(Ac97::SR_DCH) << 16);
    EXPECT_EQ(in(kNabm + 0x3c, 4), 0xffffffffu);
}

TEST_F(Ac97Test, PlaysTwoBuffersInTheirVirtualTime) {
    full_volume();
    start_two_buffers(300);
    EXPECT_EQ(in(kNabm + PO + Ac97::CIV, 1), 0u);
    EXPECT_EQ(in(kNabm + PO + Ac97::PIV, 1), 1u);
    EXPECT_EQ(in(kNabm + PO + Ac97::PICB, 2), 600u);
    EXPECT_EQ(in(kNabm + PO + Ac97::SR, 2), 0u);

    // Buffer 0 completes when its 300 frames' time has passed, not a nanosecond before.
    advance_to(frames_ns(300) - 1);
    EXPECT_FALSE(irq());
    EXPECT_EQ(audio.available(), 256u);  // the first tick's chunk
    advance_to(frames_ns(300));
    EXPECT_TRUE(irq());
    EXPECT_EQ(in(kNabm + PO + Ac97::SR, 2), Ac97::SR_BCIS);
    EXPECT_EQ(in(kNabm + Ac97::GLOB_STA, 4), Ac97::GS_S0CR | Ac97::GS_POINT);
    EXPECT_EQ(in(kNabm + PO + Ac97::CIV, 1), 1u);
    EXPECT_EQ(in(kNabm + PO + Ac97::PICB, 2), 600u);
    // The driver acknowledges: write the status bits back.
    out(kNabm + PO + Ac97::SR, Ac97::SR_BCIS, 1);
    EXPECT_FALSE(irq());
    EXPECT_EQ(in(kNabm + Ac97::GLOB_STA, 4), Ac97::GS_S0CR);

    advance_to(frames_ns(600));
    EXPECT_TRUE(irq());
    EXPECT_EQ(in(kNabm + PO + Ac97::SR, 2),
              Ac97::SR_BCIS | Ac97::SR_LVBCI | Ac97::SR_CELV | Ac97::SR_DCH);
    EXPECT_EQ(in(kNabm + PO + Ac97::PICB, 2), 0u);

    std::vector<i16> got = drain();
    ASSERT_EQ(got.size(), 2u * 600);
    for (u32 i = 0; i < 600; i++) {
        u32 f = i < 300 ? frame(100, i) : frame(7000, i - 300);
        ASSERT_EQ(got[2 * i], i16(f)) << i;
        ASSERT_EQ(got[2 * i + 1], i16(f >> 16)) << i;
    }
    EXPECT_EQ(audio.rate(), 48000u);

    // Halted with RPBM still set: the DAC gets silence as time passes.
    out(kNabm + PO + Ac97::SR, 0x1c, 1);
    EXPECT_FALSE(irq());
    advance_to(frames_ns(600) + frames_ns(512));
    got = drain();
    EXPECT_EQ(got.size(), 2u * 512);
    for (i16 s : got) ASSERT_EQ(s, 0);
    // Stopping (RPBM clear) ends the output.
    out(kNabm + PO + Ac97::CR, 0, 1);
    advance_to(frames_ns(600) + frames_ns(2048));
    EXPECT_EQ(audio.available(), 0u);
    EXPECT_EQ(sched.next_deadline(), UINT64_MAX);
}

TEST_F(Ac97Test, VariableRateAndLviRestart) {
    full_volume();
    set_codec(Ac97::EXTENDED_AUDIO_CTRL_STAT, Ac97::EACS_VRA);
    set_codec(Ac97::PCM_FRONT_DAC_RATE, 8000);
    fill(kBuf0, 80, 1);
    put_bd(0, kBuf0, 160, Ac97::BD_IOC);
    put_bd(1, kBuf1, 160, Ac97::BD_IOC);
    out(kNabm + PO + Ac97::BDBAR, kBdl, 4);
    out(kNabm + PO + Ac97::LVI, 0, 1);
    out(kNabm + PO + Ac97::CR, Ac97::CR_IOCE | Ac97::CR_RPBM, 1);
    advance_to(frames_ns(80, 8000) - 1);
    EXPECT_FALSE(irq());
    advance_to(frames_ns(80, 8000));  // 10 ms at 8 kHz
    EXPECT_TRUE(irq());
    EXPECT_EQ(audio.rate(), 8000u);
    EXPECT_EQ(in(kNabm + PO + Ac97::SR, 2) & Ac97::SR_DCH, Ac97::SR_DCH);
    EXPECT_EQ(audio.available(), 80u);
    drain();
    // LVI moved on while halted: the channel resumes on the next descriptor at once.
    out(kNabm + PO + Ac97::SR, 0x1c, 1);
    fill(kBuf1, 80, 500);
    out(kNabm + PO + Ac97::LVI, 1, 1);
    EXPECT_EQ(in(kNabm + PO + Ac97::CIV, 1), 1u);
    EXPECT_EQ(in(kNabm + PO + Ac97::SR, 2), 0u);
    u64 t = sched.now();
    advance_to(t + frames_ns(80, 8000));
    EXPECT_TRUE(irq());
    std::vector<i16> got = drain();
    ASSERT_EQ(got.size(), 160u);
    EXPECT_EQ(got[0], i16(frame(500, 0)));
    EXPECT_EQ(got[159], i16(frame(500, 79) >> 16));
}

TEST_F(Ac97Test, SoftwareVolumeAsQemu) {
    auto play = [this](u64 rate = 48000) {
        out(kNabm + PO + Ac97::CR, Ac97::CR_RR, 1);
        start_two_buffers(64);
        advance_to(sched.now() + frames_ns(128, rate));
        std::vector<i16> got = drain();
        EXPECT_EQ(got.size(), 256u);
        return got;
    };
    auto unchanged = [](const std::vector<i16>& got) {
        for (u32 i = 0; i < 64; i++) {
            if (got[2 * i] != i16(frame(100, i)) || got[2 * i + 1] != i16(frame(100, i) >> 16))
                return false;
        }
        return true;
    };
    auto silent = [](const std::vector<i16>& got) {
        for (i16 s : got) {
            if (s) return false;
        }
        return true;
    };
    // Power-on: the registers say muted, but QEMU opened its voice after setting them, so
    // the output is at full volume.
    EXPECT_EQ(codec(Ac97::MASTER_VOLUME), 0x8000);
    EXPECT_TRUE(unchanged(play()));
    // A volume write applies both registers: master 0 dB, PCM out still muted.
    set_codec(Ac97::MASTER_VOLUME, 0x0000);
    EXPECT_TRUE(silent(play()));
    // PCM out at attenuation 8 of 31: QEMU's level 190 of 255, float math.
    set_codec(Ac97::PCM_OUT_VOLUME, 0x0808);
    std::vector<i16> got = play();
    const float vol = 1.0f * 190 / 255;
    for (u32 i = 0; i < 64; i++) {
        i16 l = i16(frame(100, i)), r = i16(frame(100, i) >> 16);
        ASSERT_EQ(got[2 * i], i16(l / 32767.5f * vol * 32767.5f)) << i;
        ASSERT_EQ(got[2 * i + 1], i16(r / 32767.5f * vol * 32767.5f)) << i;
    }
    EXPECT_EQ(QemuVolume::from_levels(false, 190, 190).apply_left(10000), 7450);
    // Muted again, then a new DAC rate: QEMU reopens its voice at full volume.
    set_codec(Ac97::MASTER_VOLUME, 0x8000);
    EXPECT_TRUE(silent(play()));
    set_codec(Ac97::EXTENDED_AUDIO_CTRL_STAT, Ac97::EACS_VRA);
    set_codec(Ac97::PCM_FRONT_DAC_RATE, 48000);  // the same rate: the volume stays
    EXPECT_TRUE(silent(play()));
    set_codec(Ac97::PCM_FRONT_DAC_RATE, 44100);
    got = play(44100);
    EXPECT_EQ(audio.rate(), 44100u);
    EXPECT_TRUE(unchanged(got));
    // A device reset keeps QEMU's voice (at 44100) and reopens it at 48000: full volume,
    // though the registers are back to muted.
    pci.reset();
    enable_pci();
    EXPECT_EQ(codec(Ac97::MASTER_VOLUME), 0x8000);
    EXPECT_TRUE(unchanged(play()));
    // A codec reset at 48000 applies the muted reset values and keeps the voice.
    set_codec(Ac97::RESET, 0);
    EXPECT_TRUE(silent(play()));
}

TEST_F(Ac97Test, RecordsSilence) {
    std::fill(ram.begin() + kBuf0, ram.begin() + kBuf0 + 400, 0xaa);
    put_bd(0, kBuf0, 100, Ac97::BD_IOC);  // 50 frames
    out(kNabm + PI + Ac97::BDBAR, kBdl, 4);
    out(kNabm + PI + Ac97::LVI, 0, 1);
    out(kNabm + PI + Ac97::CR, Ac97::CR_IOCE | Ac97::CR_RPBM, 1);
    advance_to(frames_ns(50));
    EXPECT_TRUE(irq());
    EXPECT_EQ(in(kNabm + Ac97::GLOB_STA, 4), Ac97::GS_S0CR | Ac97::GS_PIINT);
    for (u32 i = 0; i < 200; i++) ASSERT_EQ(ram[kBuf0 + i], 0) << i;
    EXPECT_EQ(ram[kBuf0 + 200], 0xaa);
    EXPECT_EQ(audio.available(), 0u);
    // RR resets the channel registers (the interrupt enables survive) and the line.
    out(kNabm + PI + Ac97::CR, Ac97::CR_RR, 1);
    EXPECT_FALSE(irq());
    EXPECT_EQ(in(kNabm + PI + Ac97::CR, 1), Ac97::CR_IOCE);
    EXPECT_EQ(in(kNabm + PI + Ac97::SR, 2), Ac97::SR_DCH);
    EXPECT_EQ(in(kNabm + PI + Ac97::BDBAR, 4), 0u);
}

TEST_F(Ac97Test, HostileProgrammingIsSafe) {
    full_volume();
    // The BDL at the top of the address space and buffers outside RAM: zeros are played.
    out(kNabm + PO + Ac97::BDBAR, 0xfffffffc, 4);
    EXPECT_EQ(in(kNabm + PO + Ac97::BDBAR, 4), 0xfffffffcu);
    out(kNabm + PO + Ac97::LVI, 0xff, 1);  // taken modulo 32
    EXPECT_EQ(in(kNabm + PO + Ac97::LVI, 1), 31u);
    out(kNabm + PO + Ac97::CR, Ac97::CR_RPBM | Ac97::CR_IOCE, 1);
    // Empty descriptors (read as zeros) are skipped, one per tick, to the last one; then
    // silence.
    advance_to(frames_ns(256 * 40));
    EXPECT_EQ(in(kNabm + PO + Ac97::CIV, 1), 31u);
    EXPECT_EQ(in(kNabm + PO + Ac97::SR, 2) & Ac97::SR_DCH, Ac97::SR_DCH);
    for (i16 s : drain()) ASSERT_EQ(s, 0);
    // Maximum-length buffers far outside RAM.
    out(kNabm + PO + Ac97::CR, Ac97::CR_RR, 1);
    for (u32 i = 0; i < 32; i++) put_bd(i, 0xf0000000 + i * 0x10000, 0xfffe, Ac97::BD_IOC);
    out(kNabm + PO + Ac97::BDBAR, kBdl, 4);
    out(kNabm + PO + Ac97::LVI, 31, 1);
    out(kNabm + PO + Ac97::CR, Ac97::CR_RPBM, 1);
    advance_to(sched.now() + frames_ns(40000));
    std::vector<i16> got = drain();
    // Ticks of 256 frames, the last one of a buffer shorter: 127 * 256 + 255 + 28 * 256.
    EXPECT_EQ(got.size(), 2u * 39935);
    for (i16 s : got) ASSERT_EQ(s, 0);
    // A buffer running off the end of RAM; LVI games while running; bus mastering off.
    put_bd(0, kRam - 8, 0xffff, 0);
    out(kNabm + PO + Ac97::CR, Ac97::CR_RR, 1);
    out(kNabm + PO + Ac97::BDBAR, kBdl, 4);
    out(kNabm + PO + Ac97::CR, Ac97::CR_RPBM, 1);
    for (int i = 0; i < 100; i++) {
        out(kNabm + PO + Ac97::LVI, u32(i * 7), 1);
        out(kNabm + PO + Ac97::CR, Ac97::CR_RPBM | Ac97::CR_LVBIE, 1);
        out(kNabm + PO + Ac97::SR, 0xffff, 2);
        advance_to(sched.now() + frames_ns(100));
    }
    pci.config_write(kDevfn, PciDevice::COMMAND, PciDevice::COMMAND_IO, 2);
    advance_to(sched.now() + frames_ns(10000));
    // Odd sample counts and a zero rate.
    out(kNabm + PO + Ac97::CR, Ac97::CR_RR, 1);
    put_bd(0, kBuf0, 3, Ac97::BD_IOC);
    out(kNabm + PO + Ac97::BDBAR, kBdl, 4);
    out(kNabm + PO + Ac97::CR, Ac97::CR_RPBM, 1);
    set_codec(Ac97::EXTENDED_AUDIO_CTRL_STAT, Ac97::EACS_VRA);
    set_codec(Ac97::PCM_FRONT_DAC_RATE, 0);
    EXPECT_EQ(sched.next_deadline(), UINT64_MAX);
    set_codec(Ac97::PCM_FRONT_DAC_RATE, 1);
    advance_to(sched.now() + 1000000000ull * 600);
    // Unknown NABM offsets and sizes.
    for (u32 off = 0; off < 0x100; off++) {
        for (unsigned size : {1u, 2u, 4u}) {
            in(kNabm + off, size);
            if (off != PO + Ac97::CR && off != PI + Ac97::CR && off != MC + Ac97::CR)
                out(kNabm + off, 0x5a5a5a5a, size);
        }
    }
}

// ---- on the malta board ---------------------------------------------------------------

class MaltaAc97Test : public testing::Test {
  protected:
    std::unique_ptr<Malta> make(std::vector<std::string> cards, std::string* error) {
        MachineConfig c;
        c.sound_cards = std::move(cards);
        return create_spinning_malta(c, error);
    }
};

TEST_F(MaltaAc97Test, FirstFreeSlotFrom18) {
    constexpr u32 kAc97Id = 0x24158086u;
    std::string error;
    // QEMU: 00:13.0, behind the Cirrus VGA at 00:12.0; 00:12.0 itself with -vga none.
    for (auto [vga, slot] : {std::pair<const char*, u8>{"", 19}, {"none", 18}}) {
        MachineConfig c;
        c.vga = vga;
        c.sound_cards = {"ac97"};
        auto m = create_spinning_malta(c, &error);
        ASSERT_TRUE(m) << error;
        EXPECT_EQ(m->pci().config_read(u8(slot << 3), 0, 4), kAc97Id) << "-vga '" << vga << "'";
        EXPECT_EQ(m->pci().config_read(u8(slot << 3), 0x3d, 1), 1u);  // INTA#
    }

    auto plain = make({}, &error);
    ASSERT_TRUE(plain) << error;
    for (u8 s = 12; s < 32; s++) EXPECT_NE(plain->pci().config_read(u8(s << 3), 0, 4), kAc97Id);
}

TEST_F(MaltaAc97Test, UnknownCardRefused) {
    std::string error;
    EXPECT_FALSE(make({"sb16"}, &error));
    EXPECT_EQ(error, "malta: sound card 'sb16' is not supported (cards: ac97)");
}

}  // namespace
}  // namespace bw
