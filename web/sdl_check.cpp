// A small web program that exercises the SDL2 front end in a page
// (sdl-check.html): it shows a known 4x2 test frame scaled on the canvas,
// opens the audio device, and records key events, so the Chromium test can
// check the same SdlFrontend code the native tests check, on the web's SDL.
#include <emscripten/emscripten.h>

#include <cstdio>
#include <string>

#include "tools/sdl/sdl_frontend.h"

namespace {

bw::sdl::SdlFrontend g_frontend;
std::string g_log;  // "open ok; audio ok; key 4 down; ..." for the test

void frame() { g_frontend.poll_events(); }

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE const char* sdl_check_log() { return g_log.c_str(); }

int main() {
    bw::sdl::FrontendOptions o;
    o.scale = 40;
    o.audio = true;
    std::string error;
    if (!g_frontend.open(o, &error)) {
        g_log = "open failed: " + error;
        std::printf("%s\n", g_log.c_str());
        return 0;
    }
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(g_frontend.renderer(), &info);
    g_log = std::string("open ok; video ") + SDL_GetCurrentVideoDriver() + "; renderer " +
            info.name + "; audio " + SDL_GetCurrentAudioDriver();
    // Red, green, blue, white / black, grey, yellow, cyan (RGB565).
    static const bw::u16 pixels[8] = {0xF800, 0x07E0, 0x001F, 0xFFFF,
                                      0x0000, 0x8410, 0xFFE0, 0x07FF};
    bw::sdl::FrameView f{reinterpret_cast<const bw::u8*>(pixels), 4, 2, 8,
                         bw::sdl::FrameView::Format::RGB565};
    if (!g_frontend.present(f, &error)) g_log += "; present failed: " + error;
    const bw::i16 silence[2 * 256] = {};
    g_log += "; queued " + std::to_string(g_frontend.queue_audio(silence, 256));
    g_frontend.on_key = [](SDL_Scancode s, bool down) {
        g_log += "; key " + std::to_string(int(s)) + (down ? " down" : " up");
    };
    emscripten_set_main_loop(frame, 0, 0);
    return 0;
}
