// QEMU's stream framing: how `-netdev stream`, `-netdev socket,connect=/listen=`
// and boardwalk-netd carry Ethernet frames over a byte stream (TCP, a Unix
// socket, a WebSocket). Each frame is preceded by its length as a 4-byte
// big-endian number; there is no other header and no padding
// (QEMU: net/stream.c and net/socket.c send, net_fill_rstate() in net/net.c
// reassembles; without vnet headers, as QEMU uses it for these back ends).
//
// Limits (checked on receive, where bytes come from someone else):
//   length 0                 -> error (QEMU would pass an empty frame on)
//   length < 14              -> error (not even an Ethernet header)
//   length > kStreamFrameMax -> error. The limit is 9216 bytes: a jumbo frame
//     (9000-byte MTU + 14-byte header + VLAN tags, the usual switch maximum).
//     No NIC boardwalk emulates sends more; QEMU's own receive buffer
//     (NET_BUFSIZE, 69632 bytes) is larger, but a peer announcing more than a
//     jumbo frame is broken or hostile, and the bound keeps a client's
//     reassembly buffer small.
//   end of stream inside a frame (or inside its length) -> error (truncated).
//
// Interface:
//   stream_encode(frame, len, out)   appends the length and the frame to |out|
//   StreamDecoder::feed(bytes, n, f) reassembles frames from chunks of any size
//                                    (one byte, half a length, many frames) and
//                                    calls f(frame, len) for each whole frame
//   StreamDecoder::finish()          at end of stream: false if a frame is cut
// After an error the decoder stays failed (the stream cannot be resynchronised:
// there is no marker to find the next frame), and error_text() says why.
// Pure C++ (core/ is also compiled for the browser).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/common/types.h"

namespace bw {

constexpr size_t kStreamHeaderLen = 4;
constexpr size_t kStreamFrameMin = 14;    // an Ethernet header
constexpr size_t kStreamFrameMax = 9216;  // a jumbo frame

// Appends the 4-byte big-endian |len| and the frame to |out|.
void stream_encode(const u8* frame, size_t len, std::vector<u8>* out);

enum class StreamError { None, ZeroLength, TooShort, TooLong, Truncated };

class StreamDecoder {
  public:
    using FrameFn = std::function<void(const u8* frame, size_t len)>;

    // Consumes |n| bytes, calling |on_frame| for every frame they complete.
    // Returns false (and consumes nothing more, now or later) on a bad length.
    bool feed(const u8* data, size_t n, const FrameFn& on_frame);
    // End of stream: false (error Truncated) if a length or frame was cut.
    bool finish();

    StreamError error() const { return error_; }
    bool failed() const { return error_ != StreamError::None; }
    // One phrase for a log line, e.g. "frame length 0", "frame length 9217 over
    // the 9216-byte maximum", "stream ended inside a frame (700 of 1514 bytes)".
    std::string error_text() const;
    // True between frames (nothing buffered).
    bool idle() const { return have_ == 0 && !in_body_; }

  private:
    StreamError error_ = StreamError::None;
    bool in_body_ = false;  // the length is known, the frame is being read
    u8 header_[kStreamHeaderLen] = {};
    size_t have_ = 0;  // bytes of the header or of the frame gathered so far
    u32 len_ = 0;      // the current frame's length (valid when in_body_)
    std::vector<u8> frame_;
};

}  // namespace bw
