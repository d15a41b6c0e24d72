#include "tools/cli/host_media.h"

#include <time.h>

#include <algorithm>
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
        if (sdl_audio_ && sdl_.queued_audio_ms() < kMaxAudioLatencyMs) {
            sdl_.queue_audio(buf.data(), n, audio.rate());
            audio_frames_ += n;
        } else if (sdl_audio_) {
            audio_dropped_ += n;
        }
    }
    // An underrun: the speakers ran dry while the guest was still playing.
    if (sdl_audio_) {
        bool playing = last_sound_ns_ && now - last_sound_ns_ < 200'000'000;
        bool dry = sdl_.queued_audio_ms() < 1;
        if (dry && !dry_ && playing) underruns_++;
        dry_ = dry;
    }
}

std::string HostMedia::stats() const {
    return " frames=" + std::to_string(frames_) + " audio_frames=" + std::to_string(audio_frames_) +
           " audio_dropped=" + std::to_string(audio_dropped_) +
           " underruns=" + std::to_string(underruns_);
}

}  // namespace bw::cli
