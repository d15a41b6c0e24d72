// The SDL2 front end with SDL's headless drivers (dummy video, disk audio):
// frames reach the renderer pixel-exact, only the dirty rectangle is
// uploaded, mode changes resize the window, keys arrive as Linux key codes,
// Ctrl-Alt-G grabs, and audio is resampled to the device.
#include "tools/sdl/sdl_frontend.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

namespace bw::sdl {
namespace {

class SdlFrontendTest : public ::testing::Test {
  protected:
    void SetUp() override {
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        setenv("SDL_AUDIODRIVER", "disk", 1);
        setenv("SDL_DISKAUDIOFILE", "/dev/null", 1);
        ASSERT_EQ(SDL_Init(0), 0) << SDL_GetError();
    }
    void TearDown() override {
        fe.close();
        SDL_Quit();
    }

    // The renderer's output as ARGB8888, row by row.
    std::vector<u32> read_back(int w, int h) {
        std::vector<u32> px(size_t(w) * h);
        SDL_Rect r{0, 0, w, h};
        EXPECT_EQ(
            SDL_RenderReadPixels(fe.renderer(), &r, SDL_PIXELFORMAT_ARGB8888, px.data(), w * 4), 0)
            << SDL_GetError();
        return px;
    }

    SdlFrontend fe;
    std::string error;
};

TEST_F(SdlFrontendTest, PresentsFramesPixelExactAndFollowsModeChanges) {
    FrontendOptions o;
    o.software = true;
    o.scale = 1;
    ASSERT_TRUE(fe.open(o, &error)) << error;
    Frame f;
    f.resize(4, 2);
    const u8 colours[8][3] = {{255, 0, 0}, {0, 255, 0},        {0, 0, 255},   {255, 255, 255},
                              {0, 0, 0},   {0x84, 0x82, 0x84}, {255, 255, 0}, {0, 255, 255}};
    for (int i = 0; i < 8; i++) f.put(i % 4, i / 4, colours[i][0], colours[i][1], colours[i][2]);
    ASSERT_TRUE(fe.present(f, Rect{0, 0, 4, 2}, &error)) << error;
    int w = 0, h = 0;
    SDL_GetWindowSize(fe.window(), &w, &h);
    EXPECT_EQ(w, 4);
    EXPECT_EQ(h, 2);
    std::vector<u32> px = read_back(4, 2);
    for (int i = 0; i < 8; ++i) {
        u32 want = 0xff000000u | u32(colours[i][0]) << 16 | u32(colours[i][1]) << 8 | colours[i][2];
        EXPECT_EQ(px[i], want) << "pixel " << i;
    }

    // Only the dirty rectangle is uploaded: a change outside it stays unseen.
    f.put(0, 0, 1, 2, 3);
    f.put(3, 1, 9, 9, 9);
    ASSERT_TRUE(fe.present(f, Rect{3, 1, 1, 1}, &error)) << error;
    px = read_back(4, 2);
    EXPECT_EQ(px[0], 0xffff0000u);
    EXPECT_EQ(px[7], 0xff090909u);

    // A new mode: the whole frame is uploaded and the window follows.
    Frame g;
    g.resize(320, 240);
    ASSERT_TRUE(fe.present(g, Rect{}, &error)) << error;
    SDL_GetWindowSize(fe.window(), &w, &h);
    EXPECT_EQ(w, 320);
    EXPECT_EQ(h, 240);
    EXPECT_EQ(fe.frame_width(), 320);
    EXPECT_EQ(read_back(1, 1)[0], 0xff000000u);
}

TEST_F(SdlFrontendTest, RejectsBadFrames) {
    FrontendOptions o;
    o.software = true;
    ASSERT_TRUE(fe.open(o, &error)) << error;
    Frame f;
    f.width = 4;
    f.height = 1;  // no pixels behind it
    EXPECT_FALSE(fe.present(f, Rect{}, &error));
    EXPECT_EQ(error, "SDL: bad frame 4x1");
}

TEST_F(SdlFrontendTest, KeysArriveAsLinuxCodesAndCtrlAltGGrabs) {
    FrontendOptions o;
    o.software = true;
    ASSERT_TRUE(fe.open(o, &error)) << error;
    std::vector<std::pair<u16, bool>> keys;
    int quits = 0;
    fe.on_key = [&](u16 code, bool down) { keys.push_back({code, down}); };
    fe.on_quit = [&] { ++quits; };
    SDL_PumpEvents();
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
    auto push_key = [](Uint32 type, SDL_Scancode s, u16 mod, int repeat) {
        SDL_Event e{};
        e.type = type;
        e.key.keysym.scancode = s;
        e.key.keysym.mod = mod;
        e.key.repeat = Uint8(repeat);
        SDL_PushEvent(&e);
    };
    push_key(SDL_KEYDOWN, SDL_SCANCODE_A, 0, 0);
    push_key(SDL_KEYDOWN, SDL_SCANCODE_A, 0, 1);  // auto-repeat is the guest's business
    push_key(SDL_KEYUP, SDL_SCANCODE_A, 0, 0);
    push_key(SDL_KEYDOWN, SDL_SCANCODE_UP, 0, 0);
    push_key(SDL_KEYDOWN, SDL_SCANCODE_G, KMOD_LCTRL | KMOD_LALT, 0);  // grab, not a key
    SDL_Event q{};
    q.type = SDL_QUIT;
    SDL_PushEvent(&q);
    fe.poll_events();
    ASSERT_EQ(keys.size(), 3u);
    EXPECT_EQ(keys[0], std::make_pair(u16(30), true));  // KEY_A
    EXPECT_EQ(keys[1], std::make_pair(u16(30), false));
    EXPECT_EQ(keys[2], std::make_pair(u16(103), true));  // KEY_UP
    EXPECT_TRUE(fe.grabbed());
    EXPECT_EQ(quits, 1);
}

TEST_F(SdlFrontendTest, QueuesAudioAtTheDeviceRate) {
    FrontendOptions o;
    o.video = false;
    o.audio = true;
    ASSERT_TRUE(fe.open(o, &error)) << error;
    EXPECT_STREQ(SDL_GetCurrentAudioDriver(), "disk");
    // 100 ms at 24 kHz becomes about 100 ms at the device's rate.
    std::vector<i16> samples(2 * 2400, 1000);
    double ms = fe.queue_audio(samples.data(), 2400, 24000);
    EXPECT_GT(ms, 0.0);
    EXPECT_LE(ms, 101.0);
}

}  // namespace
}  // namespace bw::sdl
