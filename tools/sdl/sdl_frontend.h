// The SDL2 front end: a window (a canvas on the web) showing the guest's
// framebuffer, an audio stream for the guest's sound output, and host keyboard
// events for the guest's input devices. The same C++ on both hosts: Debian's
// libsdl2 natively, SDL2 compiled from Debian's source for the web.
//
// Nothing in core/ or boards/ includes SDL: boards will describe a display as
// a FrameView and pull audio as samples; this class turns those into SDL
// calls. Implemented: window + streaming texture (RGB565 and XRGB8888 frames,
// resized when the guest's mode changes), queued S16 stereo audio, key events
// as SDL scancodes. Not yet: mouse, gamepads, scaling options.
#pragma once

#include <SDL.h>

#include <functional>
#include <string>
#include <vector>

#include "core/common/types.h"

namespace bw::sdl {

// One frame as the guest's display controller holds it.
struct FrameView {
    enum class Format { RGB565, XRGB8888 };
    const u8* pixels = nullptr;
    int width = 0;
    int height = 0;
    int pitch = 0;  // bytes per line
    Format format = Format::RGB565;
};

struct FrontendOptions {
    std::string title = "boardwalk";
    int scale = 2;            // initial window size = frame size * scale
    bool video = true;        // open a window
    bool audio = false;       // open an audio device
    int audio_rate = 44100;   // Hz, S16 stereo
    int audio_buffer = 1024;  // frames per device callback
    bool software = false;    // software renderer (headless tests)
};

class SdlFrontend {
  public:
    SdlFrontend() = default;
    ~SdlFrontend();
    SdlFrontend(const SdlFrontend&) = delete;
    SdlFrontend& operator=(const SdlFrontend&) = delete;

    // Initialises the SDL subsystems and creates the window and/or audio
    // device. False with a one-line |error| ("SDL: <what>: <SDL_GetError>").
    bool open(const FrontendOptions& options, std::string* error);
    void close();

    // Shows |frame| (copies it; the guest may change its memory afterwards).
    bool present(const FrameView& frame, std::string* error);

    // Appends interleaved S16 stereo samples to the device queue; returns how
    // many bytes are queued now (the guest's sound model can pace itself).
    u32 queue_audio(const i16* samples, size_t frames);
    u32 queued_audio_bytes() const;

    // Handles pending host events: key presses and releases go to on_key,
    // window close to on_quit. Call once per host frame.
    void poll_events();
    std::function<void(SDL_Scancode, bool pressed)> on_key;
    std::function<void()> on_quit;

    SDL_Window* window() const { return window_; }
    SDL_Renderer* renderer() const { return renderer_; }
    // Frame size currently configured (0x0 before the first present()).
    int frame_width() const { return tex_w_; }
    int frame_height() const { return tex_h_; }

  private:
    bool ensure_texture(int w, int h, FrameView::Format f, std::string* error);

    FrontendOptions options_;
    u32 subsystems_ = 0;
    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    SDL_Texture* texture_ = nullptr;
    int tex_w_ = 0, tex_h_ = 0;
    FrameView::Format tex_format_ = FrameView::Format::RGB565;
    SDL_AudioDeviceID audio_ = 0;
};

}  // namespace bw::sdl
