#include "core/net/stream_framing.h"

#include <gtest/gtest.h>

#include <vector>

namespace bw {
namespace {

using Frames = std::vector<std::vector<u8>>;

std::vector<u8> make_frame(size_t len, u8 seed) {
    std::vector<u8> f(len);
    for (size_t i = 0; i < len; ++i) f[i] = u8(seed + i * 7);
    return f;
}

// Feeds |bytes| in chunks of the given sizes (the rest in one go).
Frames decode(StreamDecoder& d, const std::vector<u8>& bytes, const std::vector<size_t>& chunks,
              bool* ok) {
    Frames out;
    auto collect = [&](const u8* f, size_t n) { out.emplace_back(f, f + n); };
    size_t pos = 0;
    *ok = true;
    for (size_t c : chunks) {
        c = std::min(c, bytes.size() - pos);
        *ok = d.feed(bytes.data() + pos, c, collect) && *ok;
        pos += c;
    }
    *ok = d.feed(bytes.data() + pos, bytes.size() - pos, collect) && *ok;
    return out;
}

TEST(StreamFraming, EncodeExactBytes) {
    std::vector<u8> out;
    const std::vector<u8> f = make_frame(14, 1);
    stream_encode(f.data(), f.size(), &out);
    std::vector<u8> expect{0x00, 0x00, 0x00, 0x0e};
    expect.insert(expect.end(), f.begin(), f.end());
    EXPECT_EQ(out, expect);

    out.clear();
    const std::vector<u8> big = make_frame(0x1234, 9);
    stream_encode(big.data(), big.size(), &out);
    ASSERT_EQ(out.size(), 4u + 0x1234);
    EXPECT_EQ(out[0], 0x00);
    EXPECT_EQ(out[1], 0x00);
    EXPECT_EQ(out[2], 0x12);
    EXPECT_EQ(out[3], 0x34);
    EXPECT_EQ(out[4], big[0]);
    EXPECT_EQ(out.back(), big.back());
}

TEST(StreamFraming, DecodesSplitAtEveryOffset) {
    // Three frames: minimum, a full Ethernet frame and a jumbo frame.
    Frames frames{make_frame(14, 3), make_frame(1514, 5), make_frame(kStreamFrameMax, 11)};
    std::vector<u8> bytes;
    for (auto& f : frames) stream_encode(f.data(), f.size(), &bytes);
    for (size_t cut = 0; cut <= bytes.size(); ++cut) {
        StreamDecoder d;
        bool ok;
        Frames got = decode(d, bytes, {cut}, &ok);
        ASSERT_TRUE(ok) << "cut " << cut;
        ASSERT_EQ(got, frames) << "cut " << cut;
        EXPECT_TRUE(d.idle());
        EXPECT_TRUE(d.finish());
    }
}

TEST(StreamFraming, DecodesTwoCutsAndOneByteAtATime) {
    Frames frames{make_frame(60, 1), make_frame(14, 2), make_frame(100, 3)};
    std::vector<u8> bytes;
    for (auto& f : frames) stream_encode(f.data(), f.size(), &bytes);
    for (size_t a = 0; a <= bytes.size(); ++a) {
        for (size_t b = 0; b <= bytes.size() - a; b += 3) {
            StreamDecoder d;
            bool ok;
            ASSERT_EQ(decode(d, bytes, {a, b}, &ok), frames) << a << " " << b;
            ASSERT_TRUE(ok);
        }
    }
    StreamDecoder d;
    bool ok;
    EXPECT_EQ(decode(d, bytes, std::vector<size_t>(bytes.size(), 1), &ok), frames);
    EXPECT_TRUE(ok);
}

TEST(StreamFraming, ZeroLengthIsAnError) {
    StreamDecoder d;
    const std::vector<u8> bytes{0, 0, 0, 0, 0, 0, 0, 14};
    bool ok;
    EXPECT_TRUE(decode(d, bytes, {}, &ok).empty());
    EXPECT_FALSE(ok);
    EXPECT_EQ(d.error(), StreamError::ZeroLength);
    EXPECT_EQ(d.error_text(), "frame length 0");
    // Sticky: later bytes are refused.
    const u8 more[4] = {0, 0, 0, 14};
    EXPECT_FALSE(d.feed(more, 4, [](const u8*, size_t) { FAIL(); }));
    EXPECT_FALSE(d.finish());
}

TEST(StreamFraming, ShorterThanEthernetHeaderIsAnError) {
    for (u8 len = 1; len < 14; ++len) {
        StreamDecoder d;
        const std::vector<u8> bytes{0, 0, 0, len, 1, 2, 3};
        bool ok;
        EXPECT_TRUE(decode(d, bytes, {2}, &ok).empty());
        EXPECT_FALSE(ok);
        EXPECT_EQ(d.error(), StreamError::TooShort);
    }
    StreamDecoder d;
    const u8 bytes[4] = {0, 0, 0, 13};
    EXPECT_FALSE(d.feed(bytes, 4, [](const u8*, size_t) {}));
    EXPECT_EQ(d.error_text(), "frame length 13 shorter than an Ethernet header (14 bytes)");
}

TEST(StreamFraming, LongerThanJumboIsAnError) {
    StreamDecoder d;
    const u8 bytes[4] = {0x00, 0x00, 0x24, 0x01};  // 9217
    EXPECT_FALSE(d.feed(bytes, 4, [](const u8*, size_t) {}));
    EXPECT_EQ(d.error(), StreamError::TooLong);
    EXPECT_EQ(d.error_text(), "frame length 9217 over the 9216-byte maximum");

    StreamDecoder huge;
    const u8 h[4] = {0xff, 0xff, 0xff, 0xff};
    EXPECT_FALSE(huge.feed(h, 4, [](const u8*, size_t) {}));
    EXPECT_EQ(huge.error_text(), "frame length 4294967295 over the 9216-byte maximum");
}

TEST(StreamFraming, FramesBeforeAnErrorAreDelivered) {
    std::vector<u8> bytes;
    const std::vector<u8> f = make_frame(20, 4);
    stream_encode(f.data(), f.size(), &bytes);
    bytes.insert(bytes.end(), {0, 0, 0, 0});
    StreamDecoder d;
    bool ok;
    Frames got = decode(d, bytes, {7}, &ok);
    EXPECT_FALSE(ok);
    EXPECT_EQ(got, Frames{f});
}

TEST(StreamFraming, TruncatedAtEndOfStream) {
    std::vector<u8> bytes;
    const std::vector<u8> f = make_frame(1514, 4);
    stream_encode(f.data(), f.size(), &bytes);
    {
        StreamDecoder d;
        bool ok;
        bytes.resize(4 + 700);
        EXPECT_TRUE(decode(d, bytes, {}, &ok).empty());
        EXPECT_TRUE(ok);
        EXPECT_FALSE(d.idle());
        EXPECT_FALSE(d.finish());
        EXPECT_EQ(d.error(), StreamError::Truncated);
        EXPECT_EQ(d.error_text(), "stream ended inside a frame (700 of 1514 bytes)");
    }
    {
        StreamDecoder d;
        const u8 half[2] = {0, 0};
        EXPECT_TRUE(d.feed(half, 2, [](const u8*, size_t) {}));
        EXPECT_FALSE(d.finish());
        EXPECT_EQ(d.error_text(), "stream ended inside a frame length (2 of 4 bytes)");
    }
    {
        StreamDecoder d;
        EXPECT_TRUE(d.finish());  // an empty stream is fine
    }
}

}  // namespace
}  // namespace bw
