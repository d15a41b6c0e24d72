#include "tools/cli/wav_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace bw::cli {

namespace {
void put_le(u8* p, u32 v, int bytes) {
    for (int i = 0; i < bytes; i++) p[i] = u8(v >> (8 * i));
}
}  // namespace

WavWriter::~WavWriter() {
    if (f_) std::fclose(f_);
}

bool WavWriter::open(const std::string& path, std::string* error) {
    f_ = std::fopen(path.c_str(), "wb");
    if (!f_) {
        *error = "-audiodev wav: cannot create '" + path + "': " + std::strerror(errno);
        return false;
    }
    path_ = path;
    write_header();
    return true;
}

void WavWriter::write_header() {
    u8 h[44];
    const u32 data_bytes = u32(std::min<u64>(frames_ * 4, 0xffffffffu - 36));
    const u32 rate = rate_ ? rate_ : 48000;
    std::memcpy(h, "RIFF", 4);
    put_le(h + 4, 36 + data_bytes, 4);
    std::memcpy(h + 8, "WAVEfmt ", 8);
    put_le(h + 16, 16, 4);  // fmt chunk size
    put_le(h + 20, 1, 2);   // PCM
    put_le(h + 22, 2, 2);   // channels
    put_le(h + 24, rate, 4);
    put_le(h + 28, rate * 4, 4);  // bytes per second
    put_le(h + 32, 4, 2);         // block align
    put_le(h + 34, 16, 2);        // bits per sample
    std::memcpy(h + 36, "data", 4);
    put_le(h + 40, data_bytes, 4);
    std::fseek(f_, 0, SEEK_SET);
    std::fwrite(h, 1, sizeof h, f_);
    std::fseek(f_, 0, SEEK_END);
}

void WavWriter::append(const i16* frames, size_t count, u32 rate) {
    if (!f_ || !count) return;
    if (!rate_) rate_ = rate;
    if (rate != rate_ && !warned_) {
        std::fprintf(
            stderr,
            "boardwalk: -audiodev wav: the guest changed its rate to %u Hz; %s stays at %u Hz\n",
            rate, path_.c_str(), rate_);
        warned_ = true;
    }
    u8 buf[4096];
    size_t done = 0;
    while (done < count) {
        size_t n = std::min<size_t>(count - done, sizeof buf / 4);
        for (size_t i = 0; i < n * 2; i++) put_le(buf + 2 * i, u16(frames[2 * done + i]), 2);
        std::fwrite(buf, 4, n, f_);
        done += n;
    }
    frames_ += count;
    write_header();
    std::fflush(f_);
}

}  // namespace bw::cli
