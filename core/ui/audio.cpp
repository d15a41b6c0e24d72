#include "core/ui/audio.h"

namespace bw {

void AudioOut::push(const i16* interleaved, size_t frames) {
    pushed_ += frames;
    if (!capacity_) return;
    samples_.insert(samples_.end(), interleaved, interleaved + 2 * frames);
    size_t excess = available() > capacity_ ? available() - capacity_ : 0;
    if (excess) {
        samples_.erase(samples_.begin(), samples_.begin() + 2 * excess);
        dropped_ += excess;
    }
}

size_t AudioOut::pop(i16* out, size_t max_frames) {
    size_t n = std::min(max_frames, available());
    std::copy(samples_.begin(), samples_.begin() + 2 * n, out);
    samples_.erase(samples_.begin(), samples_.begin() + 2 * n);
    return n;
}

}  // namespace bw
