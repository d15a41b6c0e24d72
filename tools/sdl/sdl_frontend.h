// The native window and speakers: an SDL2 window showing the guest's Frame,
// SDL2 audio playing the guest's AudioOut, and host keyboard and mouse events
// turned into Linux key codes and pointer motion for the InputRouter.
//
// Keys: QEMU's SDL hot keys on Ctrl-Alt: G grabs/releases the mouse and
// keyboard, F toggles full screen, U returns to the frame's own size, I
// switches between integer scaling and fitting the window (the aspect ratio
// is always kept). Everything else goes to the guest by position (SDL
// scancodes are HID usages), as QEMU's SDL display does whatever -k says.
// A relative guest mouse moves only while grabbed (a click grabs); an
// absolute one (a tablet) follows the host cursor over the picture.
#pragma once

#include <SDL.h>

#include <functional>
#include <string>
#include <vector>

#include "core/common/types.h"
#include "core/ui/display.h"

namespace bw::sdl {

struct FrontendOptions {
    std::string title = "boardwalk";
    int scale = 2;      // initial window size = frame size * scale
    bool video = true;  // open a window
    bool full_screen = false;
    bool audio = false;       // open an audio device
    int audio_rate = 48000;   // device rate, Hz, S16 stereo
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

    // Shows |frame|, uploading only |dirty| (the whole frame after a size change).
    bool present(const Frame& frame, const Rect& dirty, std::string* error);

    // Plays interleaved S16 stereo frames recorded at |rate| Hz (converted to
    // the device's rate). Returns the milliseconds of sound now queued.
    double queue_audio(const i16* samples, size_t frames, u32 rate);
    double queued_audio_ms() const;

    // Handles pending host events. Call once per host frame.
    void poll_events();
    // Guest input: Linux key codes; pointer motion (relative, or absolute in
    // 0..0x7fff when absolute_pointer says so) with the buttons held
    // (1 left, 2 right, 4 middle) and the wheel (positive = up).
    std::function<void(u16 key_code, bool down)> on_key;
    std::function<void(int x, int y, int wheel, u32 buttons)> on_pointer;
    std::function<bool()> absolute_pointer;  // the guest's pointer is a tablet
    std::function<void()> on_quit;

    bool grabbed() const { return grabbed_; }
    void set_grab(bool grab);
    void toggle_full_screen();
    SDL_Window* window() const { return window_; }
    SDL_Renderer* renderer() const { return renderer_; }
    // Frame size currently configured (0x0 before the first present()).
    int frame_width() const { return tex_w_; }
    int frame_height() const { return tex_h_; }

  private:
    bool ensure_texture(int w, int h, std::string* error);
    bool hot_key(const SDL_KeyboardEvent& key);
    void update_title();
    void pointer_motion(int x, int y, int dx, int dy, int wheel);
    void redraw();

    FrontendOptions options_;
    u32 subsystems_ = 0;
    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    SDL_Texture* texture_ = nullptr;
    int tex_w_ = 0, tex_h_ = 0;
    bool integer_scale_ = false;
    bool grabbed_ = false;
    u32 buttons_ = 0;
    SDL_AudioDeviceID audio_ = 0;
    SDL_AudioSpec audio_spec_{};
    void move_converted();

    SDL_AudioStream* resampler_ = nullptr;
    u32 resampler_rate_ = 0;
    std::vector<i16> converted_;
};

}  // namespace bw::sdl
