// The native screen, speakers and keyboard of a machine: an SDL2 window for
// its display (when wanted), and its sound to SDL2, a WAV file or nowhere.
// tick() is called by the run loop every few milliseconds of real time: it
// refreshes the picture at the guest's rate (at most 60 Hz, only what
// changed), forwards input events and drains the sound queue.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/machine.h"
#include "tools/cli/options.h"
#include "tools/cli/wav_writer.h"
#include "tools/sdl/sdl_frontend.h"

namespace bw::cli {

class HostMedia {
  public:
    // Opens what |options| ask for. False with a one-line |error|.
    bool open(Machine& machine, const Options& options, std::string* error);
    void tick();
    bool quit_requested() const { return quit_; }
    bool has_window() const { return window_; }
    // The guest's sound goes to speakers that drain it in real time.
    bool has_live_sound() const { return sdl_audio_; }
    // " frames=N audio_frames=N audio_dropped=N underruns=N" for the stats line:
    // pictures shown, sound frames played, dropped for latency, and times the
    // speakers ran dry while the guest was playing.
    std::string stats() const;

  private:
    void play_pending(u32 rate, u64 now);

    Machine* machine_ = nullptr;
    sdl::SdlFrontend sdl_;
    bool window_ = false;
    bool sdl_audio_ = false;
    std::unique_ptr<WavWriter> wav_;
    u64 next_frame_ns_ = 0;
    bool quit_ = false;
    u64 frames_ = 0, audio_frames_ = 0, audio_dropped_ = 0, underruns_ = 0;
    u64 last_sound_ns_ = 0;     // when the guest last produced sound
    std::vector<i16> pending_;  // sound not yet given to SDL
    bool prebuffering_ = true;
    double queue_avg_ms_ = 60;  // SDL's queue, averaged (drift control)
};

}  // namespace bw::cli
