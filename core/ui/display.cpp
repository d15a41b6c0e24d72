#include "core/ui/display.h"

#include <algorithm>
#include <cstdio>

#include "core/common/crc32.h"

namespace bw {

void Rect::unite(const Rect& o) {
    if (o.empty()) return;
    if (empty()) {
        *this = o;
        return;
    }
    int x1 = std::max(x + w, o.x + o.w), y1 = std::max(y + h, o.y + o.h);
    x = std::min(x, o.x);
    y = std::min(y, o.y);
    w = x1 - x;
    h = y1 - y;
}

void Frame::resize(int w, int h) {
    width = w;
    height = h;
    rgba.assign(size_t(w) * h * 4, 0);
    for (size_t i = 3; i < rgba.size(); i += 4) rgba[i] = 255;
}

std::vector<u8> encode_ppm(const Frame& frame) {
    char header[64];
    int n = std::snprintf(header, sizeof header, "P6\n%d %d\n255\n", frame.width, frame.height);
    std::vector<u8> out(header, header + n);
    out.reserve(out.size() + size_t(frame.width) * frame.height * 3);
    for (size_t i = 0; i < frame.rgba.size(); i += 4) {
        out.insert(out.end(), &frame.rgba[i], &frame.rgba[i] + 3);
    }
    return out;
}

namespace {

void put_be32(std::vector<u8>& v, u32 x) {
    for (int s = 24; s >= 0; s -= 8) v.push_back(u8(x >> s));
}

void put_chunk(std::vector<u8>& out, const char* type, const std::vector<u8>& data) {
    put_be32(out, u32(data.size()));
    size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    put_be32(out, crc32(out.data() + start, out.size() - start));
}

}  // namespace

std::vector<u8> encode_png(const Frame& frame) {
    static const u8 kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::vector<u8> out(kSignature, kSignature + 8);

    std::vector<u8> ihdr;
    put_be32(ihdr, u32(frame.width));
    put_be32(ihdr, u32(frame.height));
    ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});  // 8-bit RGB, deflate, filter 0, no interlace
    put_chunk(out, "IHDR", ihdr);

    // Scanlines with filter type 0, as zlib stream of stored blocks (<= 65535 bytes each).
    std::vector<u8> raw;
    raw.reserve(size_t(frame.height) * (1 + frame.width * 3));
    for (int y = 0; y < frame.height; y++) {
        raw.push_back(0);
        const u8* p = frame.row(y);
        for (int x = 0; x < frame.width; x++) raw.insert(raw.end(), p + 4 * x, p + 4 * x + 3);
    }
    std::vector<u8> z = {0x78, 0x01};
    size_t pos = 0;
    do {
        size_t n = std::min<size_t>(raw.size() - pos, 65535);
        bool last = pos + n == raw.size();
        z.push_back(last ? 1 : 0);
        z.push_back(u8(n));
        z.push_back(u8(n >> 8));
        z.push_back(u8(~n));
        z.push_back(u8(~n >> 8));
        z.insert(z.end(), raw.begin() + pos, raw.begin() + pos + n);
        pos += n;
    } while (pos < raw.size());
    u32 a = 1, b = 0;  // Adler-32 of the uncompressed data
    for (u8 c : raw) {
        a = (a + c) % 65521;
        b = (b + a) % 65521;
    }
    put_be32(z, b << 16 | a);
    put_chunk(out, "IDAT", z);
    put_chunk(out, "IEND", {});
    return out;
}

}  // namespace bw
