#include "core/dev/audio/ac97.h"

#include <algorithm>
#include <cstring>

#include "core/common/log.h"
#include "core/dev/audio/qemu_volume.h"

namespace bw {

namespace {

u32 all_ones(unsigned size) { return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1; }

constexpr u16 kRate48k = 48000;
constexpr u32 kRecordSelectMask = 7;
constexpr u16 SR_RO_MASK = Ac97::SR_DCH | Ac97::SR_CELV;
constexpr u16 SR_WCLEAR_MASK = Ac97::SR_FIFOE | Ac97::SR_BCIS | Ac97::SR_LVBCI;
constexpr u8 CR_VALID_MASK = 0x1f;
constexpr u8 CR_KEEP_ON_RESET = Ac97::CR_IOCE | Ac97::CR_FEIE | Ac97::CR_LVBIE;
constexpr u32 GC_VALID_MASK = 0x3f;
constexpr u32 GS_VALID_MASK = (1u << 18) - 1;
constexpr u32 GS_WCLEAR_MASK = Ac97::GS_RCS | Ac97::GS_S1R1 | Ac97::GS_S0R1 | Ac97::GS_GSCI;
// Read-only GLOB_STA bits: the bit-clock/slot-12 and codec-ready bits, the channel
// interrupt bits, the reserved bits and the modem interrupts.
constexpr u32 GS_RO_MASK = (1u << 14) | (1u << 13) | (1u << 12) | Ac97::GS_S1CR | Ac97::GS_S0CR |
                           Ac97::GS_MINT | Ac97::GS_POINT | Ac97::GS_PIINT | (3u << 3) |
                           Ac97::GS_MOINT | Ac97::GS_MIINT;
constexpr u32 kChannelInt[Ac97::kChannels] = {Ac97::GS_PIINT, Ac97::GS_POINT, Ac97::GS_MINT};
constexpr u32 kBdlEntries = 32;

}  // namespace

Ac97::Ac97(Scheduler& scheduler, AudioOut* audio)
    : PciDevice(kVendor, kDevice, 0x040100, 0x01),
      sched_(scheduler),
      audio_(audio),
      timers_{{scheduler, [this] { tick(PI); }},
              {scheduler, [this] { tick(PO); }},
              {scheduler, [this] { tick(MC); }}} {
    set_default(SUBSYSTEM_VENDOR_ID, 0x1af4, 2);  // QEMU's default subsystem ids
    set_default(SUBSYSTEM_ID, 0x1100, 2);
    set_default(STATUS, 0x0280, 2);    // fast back-to-back capable, medium DEVSEL timing
    set_default(INTERRUPT_PIN, 1, 1);  // INTA#
    set_bar(0, kNamSize, true);
    set_bar(1, kNabmSize, true);
    reset();
}

Device* Ac97::bar_device(int n) {
    if (n == 0) return &nam_;
    if (n == 1) return &nabm_;
    return nullptr;
}

void Ac97::reset() {
    PciDevice::reset();
    for (Timer& t : timers_) t.cancel();
    // QEMU's audio voice outlives a device reset (see State::po_voice_rate).
    Voice voice = s_.po_voice;
    s_ = State{};
    s_.po_voice = voice;
    clock_ = {};
    for (int ch = 0; ch < kChannels; ch++) reset_channel(ch);
    mixer_reset();
    update_irq();
}

// ---- codec (NAM) ------------------------------------------------------------------

u16 Ac97::mixer_load(u32 reg) const {
    if (reg + 2 > s_.mixer.size()) return 0xffff;
    return u16(s_.mixer[reg] | s_.mixer[reg + 1] << 8);
}

void Ac97::mixer_store(u32 reg, u16 value) {
    if (reg + 2 > s_.mixer.size()) return;
    s_.mixer[reg] = u8(value);
    s_.mixer[reg + 1] = u8(value >> 8);
}

// The STAC9700 power-on register values (QEMU's mixer_reset).
void Ac97::mixer_reset() {
    s_.mixer.fill(0);
    mixer_store(POWERDOWN_CTRL_STAT, 0x000f);  // ADC, DAC, analog mixer and Vref ready
    mixer_store(VENDOR_ID1, 0x8384);
    mixer_store(VENDOR_ID2, 0x7600);
    mixer_store(EXTENDED_AUDIO_ID, 0x0809);
    mixer_store(EXTENDED_AUDIO_CTRL_STAT, 0x0009);
    for (u32 reg : {PCM_FRONT_DAC_RATE, PCM_SURROUND_DAC_RATE, PCM_LFE_DAC_RATE, PCM_LR_ADC_RATE,
                    MIC_ADC_RATE}) {
        mixer_store(reg, kRate48k);
    }
    set_volume(MASTER_VOLUME, 0x8000);
    set_volume(PCM_OUT_VOLUME, 0x8808);
    set_volume(RECORD_GAIN, 0x8808);
    open_po_voice(kRate48k);
    for (int ch = 0; ch < kChannels; ch++) rate_changed(ch);
}

// QEMU's PCM out voice: (re)opening it at a different rate (or for the first time) puts
// its volume back to full, unmuted; at the same rate it keeps the volume; at rate 0 it is
// closed. The codec's volume registers only reach the voice when they are written.
void Ac97::open_po_voice(u16 rate) {
    Voice& v = s_.po_voice;
    if (rate == v.rate) return;
    v.rate = rate;
    v.mute = false;
    v.left = v.right = 255;
}

void Ac97::set_volume(u32 reg, u32 value) {
    switch (reg) {
        case MASTER_VOLUME: mixer_store(reg, u16(value & 0xbf3f)); break;
        case PCM_OUT_VOLUME: mixer_store(reg, u16(value & 0x9f1f)); break;
        case RECORD_GAIN: mixer_store(reg, u16(value & 0x8f0f)); return;
    }
    // Master (6 bits) times PCM out (5 bits), both attenuations, mute in bit 15 of either.
    Voice& v = s_.po_voice;
    if (!v.rate) return;  // no voice to set
    auto level = [](u16 reg_value, int shift, u16 mask) {
        return 255 - 255 * ((reg_value >> shift) & mask) / mask;
    };
    u16 master = mixer_load(MASTER_VOLUME), pcm = mixer_load(PCM_OUT_VOLUME);
    v.mute = ((master | pcm) >> 15) & 1;
    v.left = u8(level(master, 8, 0x3f) * level(pcm, 8, 0x1f) / 255);
    v.right = u8(level(master, 0, 0x3f) * level(pcm, 0, 0x1f) / 255);
}

u32 Ac97::channel_rate(int ch) const {
    static constexpr u32 kRateReg[kChannels] = {PCM_LR_ADC_RATE, PCM_FRONT_DAC_RATE, MIC_ADC_RATE};
    return mixer_load(kRateReg[ch]);
}

// A new rate applies from now on: a running channel restarts its clock.
void Ac97::rate_changed(int ch) {
    if (s_.bm[ch].cr & CR_RPBM) start_clock(ch);
}

u32 Ac97::nam_read(u32 offset, unsigned size) {
    s_.cas = 0;
    // Only word access reaches the codec registers.
    if (size != 2) return all_ones(size);
    return mixer_load(offset);
}

void Ac97::nam_write(u32 offset, u32 value, unsigned size) {
    s_.cas = 0;
    if (size != 2) return;
    u16 v = u16(value);
    switch (offset) {
        case RESET: mixer_reset(); break;
        case POWERDOWN_CTRL_STAT:
            // The ready bits are status; bit 15 (external amplifier off) is not stored.
            mixer_store(offset, u16((v & ~0x800f) | (mixer_load(offset) & 0xf)));
            break;
        case MASTER_VOLUME:
        case PCM_OUT_VOLUME:
        case RECORD_GAIN: set_volume(offset, v); break;
        case RECORD_SELECT:
            mixer_store(offset, u16((v & kRecordSelectMask) | ((v >> 8) & kRecordSelectMask) << 8));
            break;
        case VENDOR_ID1:
        case VENDOR_ID2:
        case EXTENDED_AUDIO_ID: break;  // read-only
        case EXTENDED_AUDIO_CTRL_STAT:
            // Turning variable rate off puts the converters back to 48 kHz.
            if (!(v & EACS_VRA)) {
                mixer_store(PCM_FRONT_DAC_RATE, kRate48k);
                mixer_store(PCM_LR_ADC_RATE, kRate48k);
                open_po_voice(kRate48k);
                rate_changed(PI);
                rate_changed(PO);
            }
            if (!(v & EACS_VRM)) {
                mixer_store(MIC_ADC_RATE, kRate48k);
                rate_changed(MC);
            }
            mixer_store(offset, v);
            break;
        case PCM_FRONT_DAC_RATE:
        case PCM_LR_ADC_RATE:
            if (mixer_load(EXTENDED_AUDIO_CTRL_STAT) & EACS_VRA) {
                mixer_store(offset, v);
                if (offset == PCM_FRONT_DAC_RATE) open_po_voice(v);
                rate_changed(offset == PCM_FRONT_DAC_RATE ? PO : PI);
            }
            break;
        case MIC_ADC_RATE:
            if (mixer_load(EXTENDED_AUDIO_CTRL_STAT) & EACS_VRM) {
                mixer_store(offset, v);
                rate_changed(MC);
            }
            break;
        // Features QEMU does not model: these registers keep their reset values.
        case HEADPHONE_VOLUME:
        case MASTER_VOLUME_MONO:
        case MASTER_TONE:
        case PC_BEEP_VOLUME:
        case PHONE_VOLUME:
        case MIC_VOLUME:
        case LINE_IN_VOLUME:
        case CD_VOLUME:
        case VIDEO_VOLUME:
        case AUX_VOLUME:
        case RECORD_GAIN_MIC:
        case GENERAL_PURPOSE:
        case CONTROL_3D:
        case SIGMATEL_ANALOG:
        case SIGMATEL_DAC2INVERT: break;
        default: mixer_store(offset, v); break;  // stored as written (beyond 0xff: dropped)
    }
}

// ---- bus master (NABM) ------------------------------------------------------------

u32 Ac97::nabm_read(u32 offset, unsigned size) {
    if (offset == GLOB_CNT && size == 4) return s_.glob_cnt;
    if (offset == GLOB_STA && size == 4) return s_.glob_sta | GS_S0CR;
    if (offset == CAS && size == 1) {
        u32 v = s_.cas;
        s_.cas = 1;
        return v;
    }
    if (offset >= kChannels * 16) return all_ones(size);
    const BusMaster& r = s_.bm[offset >> 4];
    u32 reg = offset & 0xf;
    switch (size) {
        case 1:
            switch (reg) {
                case CIV: return r.civ;
                case LVI: return r.lvi;
                case PIV: return r.piv;
                case CR: return r.cr;
                case SR: return r.sr & 0xff;
            }
            break;
        case 2:
            switch (reg) {
                case SR: return r.sr;
                case PICB: return r.picb;
            }
            break;
        case 4:
            switch (reg) {
                case BDBAR: return r.bdbar;
                case CIV: return r.civ | u32(r.lvi) << 8 | u32(r.sr) << 16;
                case PICB: return r.picb | u32(r.piv) << 16 | u32(r.cr) << 24;
            }
            break;
    }
    return all_ones(size);
}

void Ac97::nabm_write(u32 offset, u32 value, unsigned size) {
    if (size == 4 && offset == GLOB_CNT) {
        // Cold and warm reset requests are not modelled (the codec is always ready);
        // such a write changes nothing, as in QEMU.
        if (!(value & (GC_WR | GC_CR))) s_.glob_cnt = value & GC_VALID_MASK;
        return;
    }
    if (size == 4 && offset == GLOB_STA) {
        s_.glob_sta &= ~(value & GS_WCLEAR_MASK);
        s_.glob_sta |= value & ~(GS_WCLEAR_MASK | GS_RO_MASK) & GS_VALID_MASK;
        return;
    }
    if (offset >= kChannels * 16) return;
    int ch = int(offset >> 4);
    u32 reg = offset & 0xf;
    if (size == 1 && reg == LVI) {
        write_lvi(ch, u8(value));
    } else if (size == 1 && reg == CR) {
        write_cr(ch, u8(value));
    } else if ((size == 1 || size == 2) && reg == SR) {
        write_sr(ch, u16(value & all_ones(size)));
    } else if (size == 4 && reg == BDBAR) {
        s_.bm[ch].bdbar = value & ~3u;
    }
}

void Ac97::reset_channel(int ch) {
    BusMaster& r = s_.bm[ch];
    timers_[ch].cancel();
    u8 cr = r.cr & CR_KEEP_ON_RESET;
    r = BusMaster{};
    r.cr = cr;
    update_irq();
}

void Ac97::write_cr(int ch, u8 value) {
    BusMaster& r = s_.bm[ch];
    if (value & CR_RR) {
        reset_channel(ch);
        return;
    }
    r.cr = value & CR_VALID_MASK;
    if (!(r.cr & CR_RPBM)) {
        timers_[ch].cancel();
        r.sr |= SR_DCH;
    } else {
        // (Re)starting moves to the next descriptor, also when already running (as QEMU).
        advance(ch);
        r.sr &= ~SR_DCH;
        if (!timers_[ch].armed()) start_clock(ch);
    }
    update_irq();
}

void Ac97::write_lvi(int ch, u8 value) {
    BusMaster& r = s_.bm[ch];
    // A halted running channel restarts on the next descriptor.
    if ((r.cr & CR_RPBM) && (r.sr & SR_DCH)) {
        r.sr &= ~(SR_DCH | SR_CELV);
        advance(ch);
        start_clock(ch);
    }
    r.lvi = value % kBdlEntries;
}

void Ac97::write_sr(int ch, u16 value) {
    BusMaster& r = s_.bm[ch];
    r.sr |= value & ~(SR_RO_MASK | SR_WCLEAR_MASK);
    r.sr &= ~(value & SR_WCLEAR_MASK);
    update_irq();
}

void Ac97::fetch_bd(int ch) {
    BusMaster& r = s_.bm[ch];
    u8 b[8] = {};
    if (!dma_read(r.bdbar + r.civ * 8u, b, sizeof b)) std::memset(b, 0, sizeof b);
    r.bd_valid = true;
    r.bd_addr = (b[0] | b[1] << 8 | b[2] << 16 | u32(b[3]) << 24) & ~3u;
    r.bd_ctl_len = b[4] | b[5] << 8 | b[6] << 16 | u32(b[7]) << 24;
    r.picb = u16(r.bd_ctl_len);
}

// CIV takes the prefetch index, which moves on, and the descriptor is read.
void Ac97::advance(int ch) {
    BusMaster& r = s_.bm[ch];
    r.civ = r.piv;
    r.piv = u8((r.piv + 1) % kBdlEntries);
    fetch_bd(ch);
}

void Ac97::update_irq() {
    bool any = false;
    for (int ch = 0; ch < kChannels; ch++) {
        const BusMaster& r = s_.bm[ch];
        bool on = ((r.sr & SR_BCIS) && (r.cr & CR_IOCE)) ||
                  ((r.sr & SR_LVBCI) && (r.cr & CR_LVBIE)) ||
                  ((r.sr & SR_FIFOE) && (r.cr & CR_FEIE));
        if (on)
            s_.glob_sta |= kChannelInt[ch];
        else
            s_.glob_sta &= ~kChannelInt[ch];
        any |= on;
    }
    set_intx(any);
}

// ---- time and DMA -----------------------------------------------------------------

void Ac97::start_clock(int ch) {
    Clock& c = clock_[ch];
    c.start_ns = sched_.now();
    c.frames = 0;
    c.rate = channel_rate(ch);
    schedule(ch);
}

// Arm the channel's next tick: the frames up to the end of the current buffer (at most
// kChunkFrames), or a chunk of silence while the channel is halted.
void Ac97::schedule(int ch) {
    const BusMaster& r = s_.bm[ch];
    Clock& c = clock_[ch];
    if (!(r.cr & CR_RPBM) || c.rate == 0) {
        timers_[ch].cancel();
        return;
    }
    u32 n = kChunkFrames;
    if (!(r.sr & SR_DCH) && r.bd_valid && r.picb) n = std::min<u32>(n, (r.picb + 1u) / 2);
    c.pending = n;
    timers_[ch].arm_at(c.start_ns + (c.frames + n) * 1000000000ull / c.rate);
}

void Ac97::tick(int ch) {
    Clock& c = clock_[ch];
    c.frames += c.pending;
    transfer(ch, c.pending);
    schedule(ch);
}

// |frames| frames of the channel's time have passed: move that much data (QEMU's
// transfer_audio with the byte count of those frames).
void Ac97::transfer(int ch, u32 frames) {
    BusMaster& r = s_.bm[ch];
    if (r.sr & SR_DCH) {
        if ((r.cr & CR_RPBM) && ch == PO) play_silence(frames);
        return;
    }
    u32 bytes = frames * 4;
    while (bytes >= 2) {
        if (!r.bd_valid) fetch_bd(ch);
        if (!r.picb) {
            // An empty descriptor: halt at the last valid one, else skip it (the rest
            // of this tick's time is lost, as in QEMU).
            if (r.civ == r.lvi) {
                r.sr |= SR_DCH;
                s_.bup_last = false;
                break;
            }
            r.sr &= ~SR_CELV;
            advance(ch);
            return;
        }
        u32 n = std::min<u32>(u32(r.picb) * 2, bytes);
        n = ch == PO ? play(r, n) : record(r, n);
        bytes -= n;
        r.picb = u16(r.picb - n / 2);
        if (r.picb) continue;

        u16 sr = r.sr & ~SR_CELV;
        if (r.bd_ctl_len & BD_IOC) sr |= SR_BCIS;
        bool last = r.civ == r.lvi;
        if (last) {
            sr |= SR_LVBCI | SR_DCH | SR_CELV;
            s_.bup_last = (r.bd_ctl_len & BD_BUP) != 0;
        } else {
            advance(ch);
        }
        r.sr = sr;
        update_irq();
        if (last) break;
    }
}

// Play |bytes| bytes of the current buffer; returns the bytes consumed (all of them: a
// trailing half frame is dropped).
u32 Ac97::play(BusMaster& r, u32 bytes) {
    u32 frames[kChunkFrames];
    u32 done = 0;
    while (bytes - done >= 4) {
        u32 n = std::min<u32>((bytes - done) / 4, kChunkFrames);
        u8 raw[kChunkFrames * 4];
        if (!dma_read(r.bd_addr + done, raw, n * 4)) std::memset(raw, 0, n * 4);
        for (u32 i = 0; i < n; i++) {
            const u8* p = raw + 4 * i;
            frames[i] = p[0] | p[1] << 8 | p[2] << 16 | u32(p[3]) << 24;
        }
        output(frames, n);
        s_.last_frame = frames[n - 1];
        done += n * 4;
    }
    r.bd_addr += bytes;
    return bytes;
}

// Record |bytes| bytes of silence into the current buffer.
u32 Ac97::record(BusMaster& r, u32 bytes) {
    static const u8 kZeros[kChunkFrames * 4] = {};
    for (u32 done = 0; done < bytes;) {
        u32 n = std::min<u32>(bytes - done, sizeof kZeros);
        dma_write(r.bd_addr + done, kZeros, n);  // outside RAM: dropped
        done += n;
    }
    r.bd_addr += bytes;
    return bytes;
}

// A halted channel with RPBM set keeps the DAC fed: zeros, or the last frame again when
// the last buffer had BUP set.
void Ac97::play_silence(u32 frames) {
    u32 buf[kChunkFrames];
    u32 fill = s_.bup_last ? s_.last_frame : 0;
    while (frames) {
        u32 n = std::min(frames, kChunkFrames);
        std::fill(buf, buf + n, fill);
        output(buf, n);
        frames -= n;
    }
}

// Frames leave through QEMU's software volume, as its PCM out voice has it.
void Ac97::output(const u32* frames, size_t count) {
    if (!audio_ || !audio_->connected()) return;
    const Voice& v = s_.po_voice;
    QemuVolume vol = QemuVolume::from_levels(v.mute, v.left, v.right);
    i16 out[2 * kChunkFrames];
    audio_->set_rate(clock_[PO].rate);
    while (count) {
        size_t n = std::min<size_t>(count, kChunkFrames);
        for (size_t i = 0; i < n; i++) {
            out[2 * i] = vol.apply_left(i16(frames[i]));
            out[2 * i + 1] = vol.apply_right(i16(frames[i] >> 16));
        }
        audio_->push(out, n);
        frames += n;
        count -= n;
    }
}

}  // namespace bw
