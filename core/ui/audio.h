// Guest sound output on its way to the host.
//
// A sound device appends signed 16-bit stereo frames at the rate the guest
// programmed, as virtual time passes (so what it produces is deterministic);
// the front end drains them into SDL, WebAudio, a WAV file or nowhere. The
// queue is bounded: a front end that stops draining loses the oldest frames
// (counted), never the guest's progress. With no front end attached
// (connected() false) devices still run their DMA but nothing is kept.
#pragma once

#include <algorithm>
#include <deque>

#include "core/common/types.h"

namespace bw {

class AudioOut {
  public:
    static constexpr size_t kDefaultCapacity = 1 << 16;  // frames (~1.4 s at 48 kHz)

    // Device side -------------------------------------------------------------
    // Rate of the frames pushed from now on; a change drains nothing (a guest
    // changes rates between streams).
    void set_rate(u32 hz) { rate_ = hz; }
    void push(const i16* interleaved, size_t frames);

    // Host side ---------------------------------------------------------------
    void connect(size_t capacity_frames = kDefaultCapacity) { capacity_ = capacity_frames; }
    bool connected() const { return capacity_ != 0; }
    u32 rate() const { return rate_; }
    size_t available() const { return samples_.size() / 2; }
    // Moves up to |max_frames| frames into |out| (interleaved); returns how many.
    size_t pop(i16* out, size_t max_frames);
    u64 frames_pushed() const { return pushed_; }
    u64 frames_dropped() const { return dropped_; }

  private:
    std::deque<i16> samples_;
    size_t capacity_ = 0;
    u32 rate_ = 48000;
    u64 pushed_ = 0, dropped_ = 0;
};

}  // namespace bw
