// National Semiconductor LM4549 AC'97 codec behind the PL041 AACI, as QEMU 7.2 models it
// (hw/audio/lm4549.c). Reference: LM4549 datasheet (AC '97 Rev 2.1 codec).
//
// Implemented: the codec registers, indexed by their AC-link slot 1 address (0..127),
// with QEMU's reset values (vendor ID 4e53:4331 "NSC1", extended audio ID 0x0001 = VRA,
// front DAC and ADC rates 48000); writing register 0 resets them; the power-down status
// bits 3:0 stay set; the vendor and extended IDs are read-only; everything else is stored
// as written. Playback: 20-bit left/right samples come in from the AACI and keep their
// top 16 bits in a 512-frame buffer. The DAC starts when the buffer is full (QEMU only
// plays from a full buffer) and then plays it at the front DAC rate: a Timer takes up to
// kTickFrames frames at a time, pushes them to the AudioOut and asks the AACI for more
// data (on_data_request); it stops when the buffer runs dry. So the guest is paced in
// virtual time, never more than the buffer ahead of what has played (QEMU's audio back
// end takes frames ahead by its own buffer size, real time permitting). As in QEMU the
// codec's volume registers do not affect the output.
// Not implemented: recording, the mixer's analog paths, 18-bit resolution.
// A front DAC rate of 0 stops the DAC (QEMU cannot open a voice at 0 Hz either).
//
// Interface:
//   codec  read(reg), write(reg, value), write_samples(left, right) from the AACI.
//   out    on_data_request: called when the DAC has taken a buffer.
//   audio  frames to the AudioOut given to the constructor.
#pragma once

#include <array>
#include <functional>

#include "core/common/types.h"
#include "core/sched/scheduler.h"
#include "core/ui/audio.h"

namespace bw {

class Lm4549 {
  public:
    static constexpr u32 kBufferFrames = 512;
    static constexpr u32 kTickFrames = 128;  // frames the DAC plays per Timer tick at most

    enum : u32 {
        RESET = 0x00,
        MASTER_VOLUME = 0x02,
        LINE_OUT_VOLUME = 0x04,
        MASTER_VOLUME_MONO = 0x06,
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
        GENERAL_PURPOSE = 0x20,
        CONTROL_3D = 0x22,
        POWERDOWN_CTRL_STAT = 0x26,
        EXT_AUDIO_ID = 0x28,
        EXT_AUDIO_STAT_CTRL = 0x2a,
        PCM_FRONT_DAC_RATE = 0x2c,
        PCM_ADC_RATE = 0x32,
        VENDOR_ID1 = 0x7c,
        VENDOR_ID2 = 0x7e,
    };

    struct State {
        std::array<u16, 128> regs{};
        std::array<u16, 2 * kBufferFrames> buffer{};  // interleaved left/right
        u32 level = 0;                                // 16-bit samples in buffer
        bool dac_running = false;
    };

    Lm4549(Scheduler& scheduler, AudioOut* audio);

    void reset();  // power-on: registers, buffer and DAC
    u16 read(u32 reg) const { return s_.regs[reg & 0x7f]; }
    void write(u32 reg, u16 value);
    // One stereo pair of 20-bit samples; false when the buffer has no room.
    bool write_samples(u32 left, u32 right);

    const State& state() const { return s_; }

    std::function<void()> on_data_request;

  private:
    void reset_registers();
    void start_dac();
    void schedule();
    void tick();

    Scheduler& sched_;
    AudioOut* audio_;
    State s_;
    // The DAC's frame clock (host side; restarts with each start of the DAC).
    u64 clock_start_ = 0, clock_frames_ = 0;
    u32 clock_rate_ = 0;
    u32 pending_ = 0;  // frames the armed tick plays
    Timer timer_;
};

}  // namespace bw
