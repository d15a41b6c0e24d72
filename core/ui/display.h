// A guest display as front ends see it.
//
// A display controller model renders the guest's video memory into a Frame:
// RGBA bytes (R, G, B, 255 per pixel, rows packed), the layout a canvas's
// ImageData and SDL's ABGR8888 textures take without conversion. Front ends
// call refresh() at their frame rate; it re-renders only what the guest
// changed and returns that rectangle, so a still screen costs a compare and
// an upload of nothing. Rendering never changes guest-visible state, so a
// front end may refresh as often or as rarely as it likes (determinism).
#pragma once

#include <string>
#include <vector>

#include "core/common/types.h"

namespace bw {

struct Rect {
    int x = 0, y = 0, w = 0, h = 0;
    bool empty() const { return w <= 0 || h <= 0; }
    // The smallest rectangle holding both.
    void unite(const Rect& o);
};

struct Frame {
    int width = 0, height = 0;
    std::vector<u8> rgba;  // width * height * 4 bytes

    void resize(int w, int h);
    u8* row(int y) { return rgba.data() + size_t(y) * width * 4; }
    const u8* row(int y) const { return rgba.data() + size_t(y) * width * 4; }
    void put(int x, int y, u8 r, u8 g, u8 b) {
        u8* p = row(y) + x * 4;
        p[0] = r, p[1] = g, p[2] = b, p[3] = 255;
    }
};

class DisplaySource {
  public:
    virtual ~DisplaySource() = default;
    // Brings frame() up to date with the guest. Returns what changed since
    // the last call (the whole frame after a mode change; empty if nothing).
    virtual Rect refresh() = 0;
    const Frame& frame() const { return frame_; }
    // The guest's refresh rate in Hz; a front end paces itself at most this
    // fast. 0 while the controller is off.
    virtual double refresh_hz() const { return 60.0; }

  protected:
    Frame frame_;
};

// A frame as a binary PPM (P6), QEMU's screendump default format.
std::vector<u8> encode_ppm(const Frame& frame);
// A frame as a PNG (8-bit RGB, stored deflate blocks: no compression library
// needed), QEMU 7.2's "screendump -f png".
std::vector<u8> encode_png(const Frame& frame);

}  // namespace bw
