// -audiodev wav,path=FILE: the guest's sound as a 16-bit stereo PCM WAV at the
// rate the guest plays (QEMU resamples to its out.frequency, 44100 Hz by
// default; keeping the guest's own samples makes the capture exact). The
// header is rewritten after every append, so the file is complete even if
// boardwalk is killed.
#pragma once

#include <cstdio>
#include <string>

#include "core/common/types.h"

namespace bw::cli {

class WavWriter {
  public:
    ~WavWriter();
    // Creates |path|; false with a one-line |error|.
    bool open(const std::string& path, std::string* error);
    // Appends interleaved stereo frames at |rate| Hz. A rate change after the
    // first frames starts nothing new: the file keeps its first rate (and says
    // so once on stderr), as a WAV file has only one.
    void append(const i16* frames, size_t count, u32 rate);
    u64 frames_written() const { return frames_; }

  private:
    void write_header();
    std::FILE* f_ = nullptr;
    std::string path_;
    u32 rate_ = 0;
    u64 frames_ = 0;
    bool warned_ = false;
};

}  // namespace bw::cli
