// The SDL2 front end with SDL's headless drivers (dummy video, disk audio):
// frames reach the renderer pixel-exact in both guest formats, mode changes
// resize the window, key and quit events reach the callbacks.
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

TEST_F(SdlFrontendTest, PresentsRgb565PixelExact) {
    FrontendOptions o;
    o.software = true;
    o.scale = 1;
    ASSERT_TRUE(fe.open(o, &error)) << error;
    // Red, green, blue, white / black, grey 0x8410, yellow, cyan.
    const u16 pixels[8] = {0xF800, 0x07E0, 0x001F, 0xFFFF, 0x0000, 0x8410, 0xFFE0, 0x07FF};
    FrameView f{reinterpret_cast<const u8*>(pixels), 4, 2, 8, FrameView::Format::RGB565};
    ASSERT_TRUE(fe.present(f, &error)) << error;
    EXPECT_EQ(fe.frame_width(), 4);
    EXPECT_EQ(fe.frame_height(), 2);
    int w = 0, h = 0;
    SDL_GetWindowSize(fe.window(), &w, &h);
    EXPECT_EQ(w, 4);
    EXPECT_EQ(h, 2);
    std::vector<u32> px = read_back(4, 2);
    // SDL's software blitter widens channels by its own rounding (6-bit green
    // 63 becomes 0xFE, 32 becomes 0x81; 5-bit 16 becomes 0x83).
    const u32 want[8] = {0xFFFF0000, 0xFF00FE00, 0xFF0000FF, 0xFFFFFEFF,
                         0xFF000000, 0xFF838183, 0xFFFFFE00, 0xFF00FEFF};
    for (int i = 0; i < 8; ++i) EXPECT_EQ(px[i], want[i]) << "pixel " << i;
}

TEST_F(SdlFrontendTest, PresentsXrgb8888AndFollowsModeChanges) {
    FrontendOptions o;
    o.software = true;
    o.scale = 2;
    ASSERT_TRUE(fe.open(o, &error)) << error;
    std::vector<u32> a(320 * 240, 0x00123456);
    FrameView f{reinterpret_cast<const u8*>(a.data()), 320, 240, 320 * 4,
                FrameView::Format::XRGB8888};
    ASSERT_TRUE(fe.present(f, &error)) << error;
    int w = 0, h = 0;
    SDL_GetWindowSize(fe.window(), &w, &h);
    EXPECT_EQ(w, 640);
    EXPECT_EQ(h, 480);
    // A new mode: 3x1, the frame's pitch wider than its lines.
    const u32 b[4] = {0x00AA0000, 0x0000BB00, 0x000000CC, 0xDEADBEEF};
    FrameView g{reinterpret_cast<const u8*>(b), 3, 1, 16, FrameView::Format::XRGB8888};
    ASSERT_TRUE(fe.present(g, &error)) << error;
    SDL_GetWindowSize(fe.window(), &w, &h);
    EXPECT_EQ(w, 6);
    EXPECT_EQ(h, 2);
    EXPECT_EQ(fe.frame_width(), 3);
    std::vector<u32> px = read_back(6, 2);
    // Logical size 3x1 scaled 2x: each guest pixel covers 2x2.
    EXPECT_EQ(px[0], 0xFFAA0000u);
    EXPECT_EQ(px[2], 0xFF00BB00u);
    EXPECT_EQ(px[4], 0xFF0000CCu);
    EXPECT_EQ(px[6 + 5], 0xFF0000CCu);
}

TEST_F(SdlFrontendTest, RejectsBadFrames) {
    FrontendOptions o;
    o.software = true;
    ASSERT_TRUE(fe.open(o, &error)) << error;
    u16 p[4] = {};
    FrameView f{reinterpret_cast<const u8*>(p), 4, 1, 6, FrameView::Format::RGB565};
    EXPECT_FALSE(fe.present(f, &error));
    EXPECT_EQ(error, "SDL: bad frame 4x1 pitch 6");
}

TEST_F(SdlFrontendTest, KeyAndQuitEventsReachCallbacks) {
    FrontendOptions o;
    o.software = true;
    ASSERT_TRUE(fe.open(o, &error)) << error;
    std::vector<std::pair<SDL_Scancode, bool>> keys;
    int quits = 0;
    fe.on_key = [&](SDL_Scancode s, bool down) { keys.push_back({s, down}); };
    fe.on_quit = [&] { ++quits; };
    SDL_PumpEvents();
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
    SDL_Event e{};
    e.type = SDL_KEYDOWN;
    e.key.keysym.scancode = SDL_SCANCODE_A;
    SDL_PushEvent(&e);
    e.key.repeat = 1;  // auto-repeat is the guest's business: dropped
    SDL_PushEvent(&e);
    e.type = SDL_KEYUP;
    e.key.repeat = 0;
    SDL_PushEvent(&e);
    SDL_Event q{};
    q.type = SDL_QUIT;
    SDL_PushEvent(&q);
    fe.poll_events();
    ASSERT_EQ(keys.size(), 2u);
    EXPECT_EQ(keys[0], std::make_pair(SDL_SCANCODE_A, true));
    EXPECT_EQ(keys[1], std::make_pair(SDL_SCANCODE_A, false));
    EXPECT_EQ(quits, 1);
}

TEST_F(SdlFrontendTest, QueuesAudio) {
    FrontendOptions o;
    o.video = false;
    o.audio = true;
    ASSERT_TRUE(fe.open(o, &error)) << error;
    EXPECT_STREQ(SDL_GetCurrentAudioDriver(), "disk");
    std::vector<i16> samples(2 * 4096, 1000);
    u32 queued = fe.queue_audio(samples.data(), 4096);
    // The device may already have taken a buffer or two, never more than given.
    EXPECT_GT(queued, 0u);
    EXPECT_LE(queued, 4096u * 4);
}

}  // namespace
}  // namespace bw::sdl
