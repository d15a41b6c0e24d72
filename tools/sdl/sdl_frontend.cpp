#include "tools/sdl/sdl_frontend.h"

namespace bw::sdl {

namespace {

bool sdl_fail(std::string* error, const char* what) {
    if (error) *error = std::string("SDL: ") + what + ": " + SDL_GetError();
    return false;
}

Uint32 sdl_format(FrameView::Format f) {
    return f == FrameView::Format::RGB565 ? SDL_PIXELFORMAT_RGB565 : SDL_PIXELFORMAT_XRGB8888;
}

int bytes_per_pixel(FrameView::Format f) { return f == FrameView::Format::RGB565 ? 2 : 4; }

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
        window_ = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_UNDEFINED,
                                   SDL_WINDOWPOS_UNDEFINED, 640, 480, SDL_WINDOW_RESIZABLE);
        if (!window_) return sdl_fail(error, "window");
        u32 flags = options.software ? SDL_RENDERER_SOFTWARE : 0;
        renderer_ = SDL_CreateRenderer(window_, -1, flags);
        if (!renderer_) return sdl_fail(error, "renderer");
    }
    if (options.audio) {
        SDL_AudioSpec want_spec{}, have{};
        want_spec.freq = options.audio_rate;
        want_spec.format = AUDIO_S16SYS;
        want_spec.channels = 2;
        want_spec.samples = Uint16(options.audio_buffer);
        audio_ = SDL_OpenAudioDevice(nullptr, 0, &want_spec, &have, 0);
        if (!audio_) return sdl_fail(error, "audio");
        SDL_PauseAudioDevice(audio_, 0);
    }
    return true;
}

void SdlFrontend::close() {
    if (audio_) SDL_CloseAudioDevice(audio_);
    audio_ = 0;
    if (texture_) SDL_DestroyTexture(texture_);
    texture_ = nullptr;
    if (renderer_) SDL_DestroyRenderer(renderer_);
    renderer_ = nullptr;
    if (window_) SDL_DestroyWindow(window_);
    window_ = nullptr;
    tex_w_ = tex_h_ = 0;
    if (subsystems_) SDL_QuitSubSystem(subsystems_);
    subsystems_ = 0;
}

bool SdlFrontend::ensure_texture(int w, int h, FrameView::Format f, std::string* error) {
    if (texture_ && w == tex_w_ && h == tex_h_ && f == tex_format_) return true;
    if (texture_) SDL_DestroyTexture(texture_);
    texture_ = SDL_CreateTexture(renderer_, sdl_format(f), SDL_TEXTUREACCESS_STREAMING, w, h);
    if (!texture_) return sdl_fail(error, "texture");
    // A new guest mode resizes the window (the page's canvas) to match.
    SDL_SetWindowSize(window_, w * options_.scale, h * options_.scale);
    SDL_RenderSetLogicalSize(renderer_, w, h);
    tex_w_ = w;
    tex_h_ = h;
    tex_format_ = f;
    return true;
}

bool SdlFrontend::present(const FrameView& frame, std::string* error) {
    if (!renderer_) {
        if (error) *error = "SDL: present without a window";
        return false;
    }
    if (frame.width <= 0 || frame.height <= 0 || !frame.pixels ||
        frame.pitch < frame.width * bytes_per_pixel(frame.format)) {
        if (error)
            *error = "SDL: bad frame " + std::to_string(frame.width) + "x" +
                     std::to_string(frame.height) + " pitch " + std::to_string(frame.pitch);
        return false;
    }
    if (!ensure_texture(frame.width, frame.height, frame.format, error)) return false;
    if (SDL_UpdateTexture(texture_, nullptr, frame.pixels, frame.pitch) != 0)
        return sdl_fail(error, "update texture");
    SDL_RenderClear(renderer_);
    SDL_RenderCopy(renderer_, texture_, nullptr, nullptr);
    SDL_RenderPresent(renderer_);
    return true;
}

u32 SdlFrontend::queue_audio(const i16* samples, size_t frames) {
    if (!audio_) return 0;
    SDL_QueueAudio(audio_, samples, Uint32(frames * 2 * sizeof(i16)));
    return SDL_GetQueuedAudioSize(audio_);
}

u32 SdlFrontend::queued_audio_bytes() const { return audio_ ? SDL_GetQueuedAudioSize(audio_) : 0; }

void SdlFrontend::poll_events() {
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        switch (e.type) {
            case SDL_KEYDOWN:
            case SDL_KEYUP:
                if (on_key && !e.key.repeat) on_key(e.key.keysym.scancode, e.type == SDL_KEYDOWN);
                break;
            case SDL_QUIT:
                if (on_quit) on_quit();
                break;
            default: break;
        }
    }
}

}  // namespace bw::sdl
