#include "tools/sdl/sdl_frontend.h"

#include <algorithm>

#include "core/ui/input.h"

namespace bw::sdl {

namespace {

bool sdl_fail(std::string* error, const char* what) {
    if (error) *error = std::string("SDL: ") + what + ": " + SDL_GetError();
    return false;
}

constexpr int kAbsMax = 0x7fff;

}  // namespace

SdlFrontend::~SdlFrontend() { close(); }

bool SdlFrontend::open(const FrontendOptions& options, std::string* error) {
    close();
    options_ = options;
    u32 want = (options.video ? SDL_INIT_VIDEO : 0) | (options.audio ? SDL_INIT_AUDIO : 0);
    if (SDL_InitSubSystem(want) != 0) return sdl_fail(error, "init");
    subsystems_ = want;
    if (options.video) {
        // The window starts at QEMU's usual 640x480 until the guest sets a mode.
        u32 flags =
            SDL_WINDOW_RESIZABLE | (options.full_screen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
        window_ = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_UNDEFINED,
                                   SDL_WINDOWPOS_UNDEFINED, 640, 480, flags);
        if (!window_) return sdl_fail(error, "window");
        renderer_ = SDL_CreateRenderer(window_, -1, options.software ? SDL_RENDERER_SOFTWARE : 0);
        if (!renderer_) return sdl_fail(error, "renderer");
        update_title();
    }
    if (options.audio) {
        SDL_AudioSpec want_spec{};
        want_spec.freq = options.audio_rate;
        want_spec.format = AUDIO_S16SYS;
        want_spec.channels = 2;
        want_spec.samples = Uint16(options.audio_buffer);
        audio_ = SDL_OpenAudioDevice(nullptr, 0, &want_spec, &audio_spec_, 0);
        if (!audio_) return sdl_fail(error, "audio");
        SDL_PauseAudioDevice(audio_, 0);
    }
    return true;
}

void SdlFrontend::close() {
    if (resampler_) SDL_FreeAudioStream(resampler_);
    resampler_ = nullptr;
    resampler_rate_ = 0;
    if (audio_) SDL_CloseAudioDevice(audio_);
    audio_ = 0;
    if (texture_) SDL_DestroyTexture(texture_);
    texture_ = nullptr;
    if (renderer_) SDL_DestroyRenderer(renderer_);
    renderer_ = nullptr;
    if (window_) SDL_DestroyWindow(window_);
    window_ = nullptr;
    tex_w_ = tex_h_ = 0;
    grabbed_ = false;
    if (subsystems_) SDL_QuitSubSystem(subsystems_);
    subsystems_ = 0;
}

bool SdlFrontend::ensure_texture(int w, int h, std::string* error) {
    if (texture_ && w == tex_w_ && h == tex_h_) return true;
    if (texture_) SDL_DestroyTexture(texture_);
    // ABGR8888 is R, G, B, A in memory on a little-endian host: the Frame's layout.
    texture_ =
        SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STREAMING, w, h);
    if (!texture_) return sdl_fail(error, "texture");
    // A new guest mode resizes the window to match (not in full screen).
    if (!(SDL_GetWindowFlags(window_) & SDL_WINDOW_FULLSCREEN_DESKTOP)) {
        SDL_SetWindowSize(window_, w * options_.scale, h * options_.scale);
    }
    SDL_RenderSetLogicalSize(renderer_, w, h);
    SDL_RenderSetIntegerScale(renderer_, integer_scale_ ? SDL_TRUE : SDL_FALSE);
    tex_w_ = w;
    tex_h_ = h;
    return true;
}

bool SdlFrontend::present(const Frame& frame, const Rect& dirty, std::string* error) {
    if (!renderer_) {
        if (error) *error = "SDL: present without a window";
        return false;
    }
    if (frame.width <= 0 || frame.height <= 0 ||
        frame.rgba.size() < size_t(frame.width) * frame.height * 4) {
        if (error) {
            *error = "SDL: bad frame " + std::to_string(frame.width) + "x" +
                     std::to_string(frame.height);
        }
        return false;
    }
    bool resized = frame.width != tex_w_ || frame.height != tex_h_ || !texture_;
    if (!ensure_texture(frame.width, frame.height, error)) return false;
    Rect r = resized ? Rect{0, 0, frame.width, frame.height} : dirty;
    r.x = std::clamp(r.x, 0, frame.width);
    r.y = std::clamp(r.y, 0, frame.height);
    r.w = std::min(r.w, frame.width - r.x);
    r.h = std::min(r.h, frame.height - r.y);
    if (!r.empty()) {
        SDL_Rect sr{r.x, r.y, r.w, r.h};
        if (SDL_UpdateTexture(texture_, &sr, frame.row(r.y) + 4 * r.x, frame.width * 4) != 0) {
            return sdl_fail(error, "update texture");
        }
    }
    redraw();
    return true;
}

void SdlFrontend::redraw() {
    if (!renderer_) return;
    SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 255);
    SDL_RenderClear(renderer_);
    if (texture_) SDL_RenderCopy(renderer_, texture_, nullptr, nullptr);
    SDL_RenderPresent(renderer_);
}

double SdlFrontend::queue_audio(const i16* samples, size_t frames, u32 rate) {
    if (!audio_ || !frames) return queued_audio_ms();
    if (!resampler_ || resampler_rate_ != rate) {
        if (resampler_) {
            SDL_AudioStreamFlush(resampler_);  // what the old rate still holds goes first
            move_converted();
            SDL_FreeAudioStream(resampler_);
        }
        resampler_ = SDL_NewAudioStream(AUDIO_S16SYS, 2, int(rate), audio_spec_.format,
                                        audio_spec_.channels, audio_spec_.freq);
        resampler_rate_ = rate;
        if (!resampler_) return queued_audio_ms();
    }
    SDL_AudioStreamPut(resampler_, samples, int(frames * 4));
    move_converted();
    return queued_audio_ms();
}

void SdlFrontend::move_converted() {
    int avail = SDL_AudioStreamAvailable(resampler_);
    if (avail <= 0) return;
    converted_.resize(size_t(avail) / 2 + 1);
    int got = SDL_AudioStreamGet(resampler_, converted_.data(), avail);
    if (got > 0) SDL_QueueAudio(audio_, converted_.data(), Uint32(got));
}

double SdlFrontend::queued_audio_ms() const {
    if (!audio_) return 0;
    double bytes_per_ms = audio_spec_.freq * audio_spec_.channels * 2 / 1000.0;
    return SDL_GetQueuedAudioSize(audio_) / bytes_per_ms;
}

void SdlFrontend::update_title() {
    if (!window_) return;
    std::string t = options_.title;
    if (grabbed_) t += " - Press Ctrl+Alt+G to exit grab";
    SDL_SetWindowTitle(window_, t.c_str());
}

void SdlFrontend::set_grab(bool grab) {
    if (!window_ || grab == grabbed_) return;
    grabbed_ = grab;
    SDL_SetWindowGrab(window_, grab ? SDL_TRUE : SDL_FALSE);
    SDL_SetRelativeMouseMode(grab && !(absolute_pointer && absolute_pointer()) ? SDL_TRUE
                                                                               : SDL_FALSE);
    update_title();
}

void SdlFrontend::toggle_full_screen() {
    if (!window_) return;
    bool full = SDL_GetWindowFlags(window_) & SDL_WINDOW_FULLSCREEN_DESKTOP;
    SDL_SetWindowFullscreen(window_, full ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
    if (full && tex_w_)
        SDL_SetWindowSize(window_, tex_w_ * options_.scale, tex_h_ * options_.scale);
    redraw();
}

// Ctrl-Alt-<key>: the front end's own keys. True if |key| was one.
bool SdlFrontend::hot_key(const SDL_KeyboardEvent& key) {
    const u16 mods = key.keysym.mod;
    if (!(mods & KMOD_CTRL) || !(mods & KMOD_ALT)) return false;
    switch (key.keysym.scancode) {
        case SDL_SCANCODE_G: set_grab(!grabbed_); return true;
        case SDL_SCANCODE_F: toggle_full_screen(); return true;
        case SDL_SCANCODE_U:
            if (tex_w_) SDL_SetWindowSize(window_, tex_w_, tex_h_);
            return true;
        case SDL_SCANCODE_I:
            integer_scale_ = !integer_scale_;
            if (renderer_)
                SDL_RenderSetIntegerScale(renderer_, integer_scale_ ? SDL_TRUE : SDL_FALSE);
            redraw();
            return true;
        default: return false;
    }
}

// Mouse motion to the guest: a tablet gets the position over the picture, a
// relative mouse the deltas (only while grabbed, as in QEMU).
void SdlFrontend::pointer_motion(int x, int y, int dx, int dy, int wheel) {
    if (!on_pointer) return;
    bool absolute = absolute_pointer && absolute_pointer();
    if (absolute) {
        if (!renderer_ || !tex_w_ || !tex_h_) return;
        float lx = 0, ly = 0;
        SDL_RenderWindowToLogical(renderer_, x, y, &lx, &ly);
        int ax = std::clamp(int(lx * kAbsMax / std::max(1, tex_w_ - 1)), 0, kAbsMax);
        int ay = std::clamp(int(ly * kAbsMax / std::max(1, tex_h_ - 1)), 0, kAbsMax);
        on_pointer(ax, ay, wheel, buttons_);
    } else if (grabbed_) {
        on_pointer(dx, dy, wheel, buttons_);
    }
}

void SdlFrontend::poll_events() {
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        switch (e.type) {
            case SDL_KEYDOWN:
            case SDL_KEYUP: {
                if (e.type == SDL_KEYDOWN && hot_key(e.key)) break;
                if (e.key.repeat) break;  // auto-repeat is the guest's business
                u16 code = key_code_from_hid_usage(u16(e.key.keysym.scancode));
                if (code && on_key) on_key(code, e.type == SDL_KEYDOWN);
                break;
            }
            case SDL_MOUSEMOTION:
                pointer_motion(e.motion.x, e.motion.y, e.motion.xrel, e.motion.yrel, 0);
                break;
            case SDL_MOUSEBUTTONDOWN:
            case SDL_MOUSEBUTTONUP: {
                u32 bit = e.button.button == SDL_BUTTON_LEFT     ? 1
                          : e.button.button == SDL_BUTTON_RIGHT  ? 2
                          : e.button.button == SDL_BUTTON_MIDDLE ? 4
                                                                 : 0;
                bool absolute = absolute_pointer && absolute_pointer();
                // A click into the window grabs a relative mouse (QEMU's behaviour).
                if (e.type == SDL_MOUSEBUTTONDOWN && !absolute && !grabbed_ &&
                    e.button.button == SDL_BUTTON_LEFT) {
                    set_grab(true);
                    break;
                }
                buttons_ = e.type == SDL_MOUSEBUTTONDOWN ? buttons_ | bit : buttons_ & ~bit;
                pointer_motion(e.button.x, e.button.y, 0, 0, 0);
                break;
            }
            case SDL_MOUSEWHEEL: {
                int x = 0, y = 0;
                SDL_GetMouseState(&x, &y);
                pointer_motion(x, y, 0, 0, e.wheel.y > 0 ? 1 : e.wheel.y < 0 ? -1 : 0);
                break;
            }
            case SDL_WINDOWEVENT:
                if (e.window.event == SDL_WINDOWEVENT_EXPOSED ||
                    e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                    redraw();
                }
                if (e.window.event == SDL_WINDOWEVENT_FOCUS_LOST) set_grab(false);
                break;
            case SDL_QUIT:
                if (on_quit) on_quit();
                break;
            default: break;
        }
    }
}

}  // namespace bw::sdl
