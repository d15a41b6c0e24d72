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
    // Red, green, blue, white / black, grey, yellow, cyan.
    static const bw::u8 colours[8][3] = {{255, 0, 0}, {0, 255, 0},         {0, 0, 255},
                                         {255, 255, 255}, {0, 0, 0}, {0x84, 0x82, 0x84},
                                         {255, 255, 0},   {0, 255, 255}};
    static bw::Frame f;
    f.resize(4, 2);
    for (int i = 0; i < 8; i++) f.put(i % 4, i / 4, colours[i][0], colours[i][1], colours[i][2]);
    if (!g_frontend.present(f, bw::Rect{0, 0, 4, 2}, &error)) g_log += "; present failed: " + error;
    const bw::i16 silence[2 * 256] = {};
    g_frontend.queue_audio(silence, 256, 48000);
    g_log += "; queued audio";
    g_frontend.on_key = [](bw::u16 code, bool down) {
        g_log += "; key " + std::to_string(int(code)) + (down ? " down" : " up");
    };
    emscripten_set_main_loop(frame, 0, 0);
    return 0;
}
