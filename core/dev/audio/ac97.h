// Intel 82801AA (ICH) AC'97 audio controller with a SigmaTel STAC9700 codec, as QEMU 7.2
// presents it (hw/audio/ac97.c, "-soundhw ac97" / "-device AC97") to Linux's snd-intel8x0.
// References: Intel 82801AA I/O Controller Hub datasheet (290655), AC'97 2.1 specification.
//
// Implemented: PCI function 8086:2415 rev 1, class 040100, subsystem 1af4:1100, INTA#.
// BAR0 (I/O, 1 KiB): the native audio mixer (NAM), i.e. the codec registers as QEMU's
// table: reset values, vendor ID 8384:7600, extended audio ID 0x0809 (VRA, VRM), the
// read-only ones, EACS.VRA/VRM gating the PCM front DAC, L/R ADC and mic ADC rates (clearing
// VRA/VRM puts 48000 back), master/PCM-out/record-gain volumes with QEMU's masks, the
// record select; word access only (byte and dword reads give all ones, writes are ignored,
// as QEMU). BAR1 (I/O, 256 bytes): the native audio bus master (NABM): PCM in, PCM out and
// mic channels with BDBAR, CIV, LVI, SR, PICB, PIV, CR (RR resets the channel, RPBM runs
// it), GLOB_CNT (writes with the cold/warm reset bits are ignored), GLOB_STA (codec 0 ready
// always; RCS/S0R1/S1R1/GSCI write-1-to-clear), CAS (the codec access semaphore: a read
// returns it and takes it, any NAM access gives it back).
// DMA: a running channel walks its 32-entry buffer descriptor list (BDBAR + 8 * CIV:
// address, length in 16-bit samples in bits 15:0, IOC bit 31, BUP bit 30) as QEMU's
// transfer_audio does. Time: a Timer per channel consumes the buffers at the channel's
// sample rate (frames are 16-bit stereo, 4 bytes), at most kChunkFrames per tick and never
// past the end of the current buffer, so a buffer completes exactly when its last frame's
// time has passed. PCM out frames go through QEMU's software volume (float mixing) and
// are pushed to the AudioOut at the front DAC rate. That volume is QEMU's, quirks
// included: writing the master or PCM out register sets it (master x PCM out, mute bit of
// either), but opening the voice at a new rate (power-on, a front DAC rate write, VRA
// off, a codec reset from another rate) puts it back to full and unmuted; so Linux, which
// leaves both registers muted, is heard once it plays at a rate other than 48000. A channel
// that ran out with RPBM still set plays silence (or its last frame when the last buffer
// had BUP), as QEMU. PCM in and mic record silence (zeros written to the buffers).
// Status: BCIS when a buffer with IOC completes, LVBCI|CELV|DCH when the last valid buffer
// completes; INTA# is the OR over the channels of (BCIS and IOCE) or (LVBCI and LVBIE),
// and GLOB_STA's PIINT/POINT/MINT show which channel asks.
// Deviations: QEMU drives the pin per status event (clearing one channel's status drops a
// line another channel still asserts; a pending cause whose enable is off keeps it up);
// here it is a level derived from state. FIFOE never happens (no FIFO to underrun). A
// buffer with an odd sample count drops its last half frame (QEMU stalls on it). PCM in
// and mic always record (QEMU's wav back end has no input voice, so there they never run).
// Bounds: descriptor and buffer reads outside RAM (or with bus mastering off) read zeros,
// record writes there are dropped; every index is taken modulo 32; lengths are 16 bits.
//
// Interface:
//   PCI   config space (PciDevice); BAR0 I/O NAM (bar_device(0)), BAR1 I/O NABM (bar_device(1)).
//   out   INTA# through PciDevice::set_intx.
//   dma   descriptors and buffers through PciDevice::dma_read/dma_write.
//   audio PCM out frames to the AudioOut given to the constructor.
#pragma once

#include <array>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/pci/pci_device.h"
#include "core/sched/scheduler.h"
#include "core/ui/audio.h"

namespace bw {

class Ac97 : public PciDevice {
  public:
    static constexpr u16 kVendor = 0x8086, kDevice = 0x2415;  // 82801AA AC'97
    static constexpr u32 kNamSize = 0x400, kNabmSize = 0x100;
    static constexpr u32 kChunkFrames = 256;  // frames one tick consumes at most

    // Channels (bus master register blocks at 16 * index).
    enum Channel { PI = 0, PO = 1, MC = 2, kChannels = 3 };

    // Codec (NAM) registers.
    enum : u32 {
        RESET = 0x00,
        MASTER_VOLUME = 0x02,
        HEADPHONE_VOLUME = 0x04,
        MASTER_VOLUME_MONO = 0x06,
        MASTER_TONE = 0x08,
        PC_BEEP_VOLUME = 0x0a,
        PHONE_VOLUME = 0x0c,
        MIC_VOLUME = 0x0e,
        LINE_IN_VOLUME = 0x10,
        CD_VOLUME = 0x12,
        VIDEO_VOLUME = 0x14,
        AUX_VOLUME = 0x16,
        PCM_OUT_VOLUME = 0x18,
        RECORD_SELECT = 0x1a,
        RECORD_GAIN = 0x1c,
        RECORD_GAIN_MIC = 0x1e,
        GENERAL_PURPOSE = 0x20,
        CONTROL_3D = 0x22,
        POWERDOWN_CTRL_STAT = 0x26,
        EXTENDED_AUDIO_ID = 0x28,
        EXTENDED_AUDIO_CTRL_STAT = 0x2a,
        PCM_FRONT_DAC_RATE = 0x2c,
        PCM_SURROUND_DAC_RATE = 0x2e,
        PCM_LFE_DAC_RATE = 0x30,
        PCM_LR_ADC_RATE = 0x32,
        MIC_ADC_RATE = 0x34,
        SIGMATEL_ANALOG = 0x6c,
        SIGMATEL_DAC2INVERT = 0x6e,
        VENDOR_ID1 = 0x7c,
        VENDOR_ID2 = 0x7e,
    };
    // Bus master registers, relative to a channel's block.
    enum : u32 { BDBAR = 0x0, CIV = 0x4, LVI = 0x5, SR = 0x6, PICB = 0x8, PIV = 0xa, CR = 0xb };
    // Global registers.
    enum : u32 { GLOB_CNT = 0x2c, GLOB_STA = 0x30, CAS = 0x34 };

    // SR bits.
    static constexpr u16 SR_DCH = 1, SR_CELV = 2, SR_LVBCI = 4, SR_BCIS = 8, SR_FIFOE = 16;
    // CR bits.
    static constexpr u8 CR_RPBM = 1, CR_RR = 2, CR_LVBIE = 4, CR_FEIE = 8, CR_IOCE = 16;
    // GLOB_CNT bits.
    static constexpr u32 GC_CR = 2, GC_WR = 4;
    // GLOB_STA bits.
    static constexpr u32 GS_GSCI = 1, GS_MIINT = 1u << 1, GS_MOINT = 1u << 2, GS_PIINT = 1u << 5,
                         GS_POINT = 1u << 6, GS_MINT = 1u << 7, GS_S0CR = 1u << 8,
                         GS_S1CR = 1u << 9, GS_S0R1 = 1u << 10, GS_S1R1 = 1u << 11,
                         GS_RCS = 1u << 15;
    // Buffer descriptor control bits.
    static constexpr u32 BD_IOC = 1u << 31, BD_BUP = 1u << 30;
    // EXTENDED_AUDIO_CTRL_STAT bits.
    static constexpr u16 EACS_VRA = 1, EACS_VRM = 8;

    struct BusMaster {
        u32 bdbar = 0;
        u8 civ = 0, lvi = 0;
        u16 sr = SR_DCH;
        u16 picb = 0;
        u8 piv = 0, cr = 0;
        bool bd_valid = false;
        u32 bd_addr = 0, bd_ctl_len = 0;
    };
    // QEMU's PCM out voice as far as it shapes the output: its rate (0: none) and the
    // software volume last set on it.
    struct Voice {
        u16 rate = 0;
        bool mute = false;
        u8 left = 255, right = 255;
    };
    struct State {
        u32 glob_cnt = 0, glob_sta = 0;
        u32 cas = 0;
        std::array<BusMaster, kChannels> bm{};
        std::array<u8, 256> mixer{};
        u32 last_frame = 0;     // the last frame played (for BUP)
        bool bup_last = false;  // the last buffer asked for its last frame to repeat
        Voice po_voice;         // survives reset(), as QEMU's voice does
    };

    Ac97(Scheduler& scheduler, AudioOut* audio);

    const char* name() const override { return "ac97"; }
    void reset() override;
    Device* bar_device(int n) override;

    const State& state() const { return s_; }
    u16 mixer(u32 reg) const { return mixer_load(reg); }
    // The sample rate a channel runs at (0: invalid, the channel does not run).
    u32 channel_rate(int ch) const;

  private:
    class Nam : public Device {
      public:
        explicit Nam(Ac97& ac) : ac_(ac) {}
        const char* name() const override { return "ac97-nam"; }
        void reset() override {}
        u32 read(u32 offset, unsigned size) override { return ac_.nam_read(offset, size); }
        void write(u32 offset, u32 value, unsigned size) override {
            ac_.nam_write(offset, value, size);
        }

      private:
        Ac97& ac_;
    };
    class Nabm : public Device {
      public:
        explicit Nabm(Ac97& ac) : ac_(ac) {}
        const char* name() const override { return "ac97-nabm"; }
        void reset() override {}
        u32 read(u32 offset, unsigned size) override { return ac_.nabm_read(offset, size); }
        void write(u32 offset, u32 value, unsigned size) override {
            ac_.nabm_write(offset, value, size);
        }

      private:
        Ac97& ac_;
    };
    // Per-channel pacing (host side of the channel's clock; rebuilt on reset).
    struct Clock {
        u64 start_ns = 0;  // virtual time of frame 0
        u64 frames = 0;    // frames accounted since start_ns
        u32 rate = 0;      // the rate start_ns/frames count in
        u32 pending = 0;   // frames the armed tick consumes
    };

    u32 nam_read(u32 offset, unsigned size);
    void nam_write(u32 offset, u32 value, unsigned size);
    u32 nabm_read(u32 offset, unsigned size);
    void nabm_write(u32 offset, u32 value, unsigned size);

    u16 mixer_load(u32 reg) const;
    void mixer_store(u32 reg, u16 value);
    void mixer_reset();
    void set_volume(u32 reg, u32 value);
    void open_po_voice(u16 rate);
    void rate_changed(int ch);

    void reset_channel(int ch);
    void write_cr(int ch, u8 value);
    void write_lvi(int ch, u8 value);
    void write_sr(int ch, u16 value);
    void fetch_bd(int ch);
    void advance(int ch);

    // Timing.
    void start_clock(int ch);
    void schedule(int ch);
    void tick(int ch);
    void transfer(int ch, u32 frames);
    u32 play(BusMaster& r, u32 frames);
    u32 record(BusMaster& r, u32 frames);
    void play_silence(u32 frames);
    void output(const u32* frames, size_t count);

    void update_irq();

    Scheduler& sched_;
    AudioOut* audio_;
    Nam nam_{*this};
    Nabm nabm_{*this};
    State s_;
    std::array<Clock, kChannels> clock_{};
    Timer timers_[kChannels];
};

}  // namespace bw
