#include "core/net/stream_framing.h"

#include <algorithm>

namespace bw {

void stream_encode(const u8* frame, size_t len, std::vector<u8>* out) {
    const u32 n = u32(len);
    const u8 header[kStreamHeaderLen] = {u8(n >> 24), u8(n >> 16), u8(n >> 8), u8(n)};
    out->insert(out->end(), header, header + kStreamHeaderLen);
    out->insert(out->end(), frame, frame + len);
}

bool StreamDecoder::feed(const u8* data, size_t n, const FrameFn& on_frame) {
    if (failed()) return false;
    while (n > 0) {
        if (!in_body_) {
            size_t take = std::min(n, kStreamHeaderLen - have_);
            std::copy(data, data + take, header_ + have_);
            have_ += take;
            data += take;
            n -= take;
            if (have_ < kStreamHeaderLen) break;
            len_ = u32(header_[0]) << 24 | u32(header_[1]) << 16 | u32(header_[2]) << 8 |
                   u32(header_[3]);
            have_ = 0;
            if (len_ == 0) {
                error_ = StreamError::ZeroLength;
            } else if (len_ < kStreamFrameMin) {
                error_ = StreamError::TooShort;
            } else if (len_ > kStreamFrameMax) {
                error_ = StreamError::TooLong;
            }
            if (failed()) return false;
            in_body_ = true;
            frame_.resize(len_);
            continue;
        }
        // A whole frame already in |data| goes out without a copy.
        if (have_ == 0 && n >= len_) {
            in_body_ = false;
            size_t len = len_;
            on_frame(data, len);
            data += len;
            n -= len;
            continue;
        }
        size_t take = std::min(n, size_t(len_) - have_);
        std::copy(data, data + take, frame_.begin() + ptrdiff_t(have_));
        have_ += take;
        data += take;
        n -= take;
        if (have_ == len_) {
            in_body_ = false;
            have_ = 0;
            on_frame(frame_.data(), len_);
        }
    }
    return true;
}

bool StreamDecoder::finish() {
    if (failed()) return false;
    if (!idle()) error_ = StreamError::Truncated;
    return !failed();
}

std::string StreamDecoder::error_text() const {
    switch (error_) {
        case StreamError::None: return "no error";
        case StreamError::ZeroLength: return "frame length 0";
        case StreamError::TooShort:
            return "frame length " + std::to_string(len_) + " shorter than an Ethernet header (" +
                   std::to_string(kStreamFrameMin) + " bytes)";
        case StreamError::TooLong:
            return "frame length " + std::to_string(len_) + " over the " +
                   std::to_string(kStreamFrameMax) + "-byte maximum";
        case StreamError::Truncated:
            if (in_body_) {
                return "stream ended inside a frame (" + std::to_string(have_) + " of " +
                       std::to_string(len_) + " bytes)";
            }
            return "stream ended inside a frame length (" + std::to_string(have_) + " of 4 bytes)";
    }
    return "unknown error";
}

}  // namespace bw
