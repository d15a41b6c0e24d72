#include "tools/cli/host_media.h"

#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace bw::cli {

namespace {

u64 now_ns() {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return u64(ts.tv_sec) * 1'000'000'000u + u64(ts.tv_nsec);
}

// Sound queued in SDL beyond this is dropped rather than delayed further.
constexpr double kMaxAudioLatencyMs = 120;
// Sound gathered before playing starts (again).
constexpr double kPrebufferMs = 50;

// Drift control: the guest's sound comes at its rate in virtual time, which
// follows the host's monotonic clock; the speakers drain it by their own clock,
// which differs by up to a few parts per thousand (SDL's dummy driver, timed
// with whole-millisecond sleeps, by 1.6 %). Played as it is, the queue slowly
// runs dry or overflows, a glitch each time. Instead the sound is played a
// little faster while the queue (averaged over ~0.5 s) is above its target
// and a little slower below it, as RetroArch's dynamic rate control does.
constexpr double kQueueTargetMs = 60;
constexpr double kRateGain = 0.05;       // speed change per target of queue error
constexpr double kMaxRateChange = 0.02;  // never more: a third of a semitone
constexpr double kRateStep = 0.0025;     // steps, so the converter is rarely rebuilt

// The speed to play at for a queue of |avg_ms| (1: as recorded).
double playback_speed(double avg_ms) {
    double change = kRateGain * (avg_ms - kQueueTargetMs) / kQueueTargetMs;
    change = std::clamp(change, -kMaxRateChange, kMaxRateChange);
    return 1 + std::round(change / kRateStep) * kRateStep;
}

}  // namespace

bool HostMedia::open(Machine& machine, const Options& options, std::string* error) {
    machine_ = &machine;
    window_ = wants_window(options, machine.display() != nullptr);
    using Audio = AudioSpec::Kind;
    Audio audio = options.audio.kind;
    if (audio == Audio::Default) audio = window_ ? Audio::Sdl : Audio::None;
    sdl_audio_ = audio == Audio::Sdl;
    if (audio == Audio::Wav) {
        wav_ = std::make_unique<WavWriter>();
        if (!wav_->open(options.audio.path, error)) return false;
    }
    if (audio != Audio::None) machine.audio.connect();
    if (!window_ && !sdl_audio_) return true;

    sdl::FrontendOptions fo;
    fo.title = "boardwalk - " + options.machine.machine;
    fo.video = window_;
    fo.full_screen = options.full_screen;
    fo.audio = sdl_audio_;
    if (!sdl_.open(fo, error)) {
        // The default window is a convenience: without a host display the
        // machine runs headless (a notice, not an error); an explicit
        // -display sdl or -audiodev sdl that cannot open is an error.
        bool asked = options.display == DisplayKind::Sdl || options.audio.kind == Audio::Sdl;
        if (asked) return false;
        std::fprintf(stderr, "boardwalk: no window (%s); running without a display\n",
                     error->c_str());
        error->clear();
        window_ = sdl_audio_ = false;
        return true;
    }
    sdl_.on_key = [&machine](u16 code, bool down) { machine.input.key(code, down); };
    sdl_.absolute_pointer = [&machine] { return machine.input.pointer_absolute(); };
    sdl_.on_pointer = [&machine](int x, int y, int wheel, u32 buttons) {
        if (machine.input.pointer_absolute()) {
            machine.input.pointer_abs(x, y, wheel, buttons);
        } else {
            machine.input.pointer_rel(x, y, wheel, buttons);
        }
    };
    sdl_.on_quit = [this] { quit_ = true; };
    return true;
}

void HostMedia::tick() {
    if (!machine_) return;
    if (window_) {
        sdl_.poll_events();
        DisplaySource* display = machine_->display();
        u64 now = now_ns();
        if (display && now >= next_frame_ns_) {
            double hz = std::clamp(display->refresh_hz(), 1.0, 60.0);
            next_frame_ns_ = now + u64(1e9 / hz);
            Rect dirty = display->refresh();
            const Frame& frame = display->frame();
            bool new_mode =
                frame.width != sdl_.frame_width() || frame.height != sdl_.frame_height();
            if (frame.width > 0 && frame.height > 0 && (!dirty.empty() || new_mode)) {
                std::string error;
                if (sdl_.present(frame, dirty, &error)) {
                    frames_++;
                } else {
                    std::fprintf(stderr, "boardwalk: %s\n", error.c_str());
                }
            }
        }
    }
    AudioOut& audio = machine_->audio;
    u64 now = now_ns();
    if (audio.available()) {
        std::vector<i16> buf(audio.available() * 2);
        size_t n = audio.pop(buf.data(), audio.available());
        if (wav_) wav_->append(buf.data(), n, audio.rate());
        last_sound_ns_ = now;
        if (sdl_audio_) pending_.insert(pending_.end(), buf.begin(), buf.begin() + 2 * n);
    }
    if (sdl_audio_) play_pending(audio.rate(), now);
}

// A jitter buffer: after a start or an underrun, sound waits until
// kPrebufferMs of it is there, so the device is not fed one short chunk at a
// time (each running dry again and playing a gap).
void HostMedia::play_pending(u32 rate, u64 now) {
    double queued = sdl_.queued_audio_ms();
    bool playing = last_sound_ns_ && now - last_sound_ns_ < 200'000'000;
    if (queued < 1 && !prebuffering_) {
        prebuffering_ = true;
        if (playing) underruns_++;
    }
    size_t frames = pending_.size() / 2;
    if (!frames || (prebuffering_ && frames * 1000.0 / rate < kPrebufferMs)) return;
    queue_avg_ms_ += 0.02 * (queued - queue_avg_ms_);  // ticks are 10 ms apart
    if (queued < kMaxAudioLatencyMs) {
        sdl_.queue_audio(pending_.data(), frames,
                         u32(std::lround(rate * playback_speed(queue_avg_ms_))));
        audio_frames_ += frames;
    } else {
        audio_dropped_ += frames;
    }
    pending_.clear();
    prebuffering_ = false;
}

std::string HostMedia::stats() const {
    return " frames=" + std::to_string(frames_) + " audio_frames=" + std::to_string(audio_frames_) +
           " audio_dropped=" + std::to_string(audio_dropped_) +
           " underruns=" + std::to_string(underruns_);
}

}  // namespace bw::cli
