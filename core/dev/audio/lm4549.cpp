#include "core/dev/audio/lm4549.h"

namespace bw {

Lm4549::Lm4549(Scheduler& scheduler, AudioOut* audio)
    : sched_(scheduler), audio_(audio), timer_(scheduler, [this] { dac_done(); }) {
    reset();
}

void Lm4549::reset() {
    timer_.cancel();
    s_ = State{};
    reset_registers();
}

// QEMU's lm4549_reset: the register file only (the sample buffer is kept).
void Lm4549::reset_registers() {
    auto& r = s_.regs;
    r[RESET] = 0x0d50;
    r[MASTER_VOLUME] = 0x8008;
    r[LINE_OUT_VOLUME] = 0x8000;
    r[MASTER_VOLUME_MONO] = 0x8000;
    r[PC_BEEP_VOLUME] = 0x0000;
    r[PHONE_VOLUME] = 0x8008;
    r[MIC_VOLUME] = 0x8008;
    r[LINE_IN_VOLUME] = 0x8808;
    r[CD_VOLUME] = 0x8808;
    r[VIDEO_VOLUME] = 0x8808;
    r[AUX_VOLUME] = 0x8808;
    r[PCM_OUT_VOLUME] = 0x8808;
    r[RECORD_SELECT] = 0x0000;
    r[RECORD_GAIN] = 0x8000;
    r[GENERAL_PURPOSE] = 0x0000;
    r[CONTROL_3D] = 0x0101;
    r[POWERDOWN_CTRL_STAT] = 0x000f;
    r[EXT_AUDIO_ID] = 0x0001;
    r[EXT_AUDIO_STAT_CTRL] = 0x0000;
    r[PCM_FRONT_DAC_RATE] = 0xbb80;
    r[PCM_ADC_RATE] = 0xbb80;
    r[VENDOR_ID1] = 0x4e53;
    r[VENDOR_ID2] = 0x4331;
}

void Lm4549::write(u32 reg, u16 value) {
    reg &= 0x7f;
    switch (reg) {
        case RESET: reset_registers(); break;
        case POWERDOWN_CTRL_STAT:
            // Bits 3:0 are the ready status.
            s_.regs[reg] = u16((value & ~0xf) | (s_.regs[reg] & 0xf));
            break;
        case EXT_AUDIO_ID:
        case VENDOR_ID1:
        case VENDOR_ID2: break;  // read-only
        case PCM_FRONT_DAC_RATE:
            s_.regs[reg] = value;
            // A DAC stopped by a rate of 0 starts again.
            start_dac(false);
            break;
        default: s_.regs[reg] = value; break;
    }
}

bool Lm4549::write_samples(u32 left, u32 right) {
    if (s_.level > s_.buffer.size() - 2) return false;
    // The codec keeps bits 19:4 of each 20-bit sample.
    s_.buffer[s_.level++] = u16(left >> 4);
    s_.buffer[s_.level++] = u16(right >> 4);
    if (s_.level == s_.buffer.size()) start_dac(false);
    return true;
}

// The idle DAC takes a full buffer: its frames leave now and keep the DAC busy for their
// duration at the front DAC rate. Buffers played back to back are timed from the first
// one's start, so their durations add up exactly.
void Lm4549::start_dac(bool back_to_back) {
    u32 rate = s_.regs[PCM_FRONT_DAC_RATE];
    if (s_.dac_busy || s_.level != s_.buffer.size() || rate == 0) return;
    if (audio_ && audio_->connected()) {
        audio_->set_rate(rate);
        audio_->push(reinterpret_cast<const i16*>(s_.buffer.data()), kBufferFrames);
    }
    s_.level = 0;
    s_.dac_busy = true;
    if (!back_to_back || rate != clock_rate_) {
        clock_start_ = sched_.now();
        clock_frames_ = 0;
        clock_rate_ = rate;
    }
    clock_frames_ += kBufferFrames;
    timer_.arm_at(clock_start_ + clock_frames_ * 1000000000ull / rate);
}

void Lm4549::dac_done() {
    s_.dac_busy = false;
    start_dac(true);
    if (on_data_request) on_data_request();
}

}  // namespace bw
