#include "core/dev/audio/lm4549.h"

#include <algorithm>

namespace bw {

Lm4549::Lm4549(Scheduler& scheduler, AudioOut* audio)
    : sched_(scheduler), audio_(audio), timer_(scheduler, [this] { tick(); }) {
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
            // A running DAC changes rate at its next tick.
            s_.regs[reg] = value;
            start_dac();
            break;
        default: s_.regs[reg] = value; break;
    }
}

bool Lm4549::write_samples(u32 left, u32 right) {
    if (s_.level > s_.buffer.size() - 2) return false;
    // The codec keeps bits 19:4 of each 20-bit sample.
    s_.buffer[s_.level++] = u16(left >> 4);
    s_.buffer[s_.level++] = u16(right >> 4);
    if (s_.level == s_.buffer.size()) start_dac();
    return true;
}

// A full buffer starts the idle DAC (QEMU only ever plays from a full buffer).
void Lm4549::start_dac() {
    u32 rate = s_.regs[PCM_FRONT_DAC_RATE];
    if (s_.dac_running || s_.level != s_.buffer.size() || rate == 0) return;
    s_.dac_running = true;
    clock_start_ = sched_.now();
    clock_frames_ = 0;
    clock_rate_ = rate;
    schedule();
}

// The next tick plays up to kTickFrames of what the buffer holds now.
void Lm4549::schedule() {
    pending_ = std::min<u32>(kTickFrames, s_.level / 2);
    timer_.arm_at(clock_start_ + (clock_frames_ + pending_) * 1000000000ull / clock_rate_);
}

// |pending_| frames' time has passed: they leave the buffer for the AudioOut, and the AACI
// may refill the room. The DAC stops when the buffer runs dry or the rate changes.
void Lm4549::tick() {
    u32 n = std::min<u32>(pending_, s_.level / 2);
    if (n && audio_ && audio_->connected()) {
        audio_->set_rate(clock_rate_);
        audio_->push(reinterpret_cast<const i16*>(s_.buffer.data()), n);
    }
    std::copy(s_.buffer.begin() + 2 * n, s_.buffer.begin() + s_.level, s_.buffer.begin());
    s_.level -= 2 * n;
    clock_frames_ += n;
    if (on_data_request) on_data_request();
    if (s_.level == 0 || s_.regs[PCM_FRONT_DAC_RATE] != clock_rate_) {
        s_.dac_running = false;
        start_dac();
        return;
    }
    schedule();
}

}  // namespace bw
