#include "boards/loaders/image_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace bw {

std::string hex32(u64 value) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(value));
    return buf;
}

bool read_image_file(const std::string& path, std::vector<u8>* out, std::string* error,
                     u64 max_size) {
    auto fail = [&](const std::string& what) {
        if (error) *error = path + ": " + what;
        return false;
    };
    if (path.empty()) return fail("empty file name");
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) return fail(std::strerror(errno));
    // fseek/ftell fail on directories and pipes; read in chunks instead.
    out->clear();
    u8 chunk[65536];
    for (;;) {
        size_t n = std::fread(chunk, 1, sizeof chunk, f.get());
        if (n == 0) break;
        if (out->size() + n > max_size) {
            return fail("file too large (more than " + std::to_string(max_size) + " bytes)");
        }
        out->insert(out->end(), chunk, chunk + n);
    }
    if (std::ferror(f.get())) return fail(std::strerror(errno ? errno : EIO));
    if (out->empty()) return fail("file is empty");
    return true;
}

bool load_blobs(Bus& bus, const std::vector<MemoryBlob>& blobs, std::string* error) {
    for (const MemoryBlob& b : blobs) {
        if (b.bytes.empty()) continue;
        u64 end = u64(b.addr) + b.bytes.size();
        if (end > (u64(1) << 32) || !bus.load(b.addr, b.bytes.data(), b.bytes.size())) {
            if (error) {
                *error = b.label + ": " + hex32(b.addr) + ".." + hex32(end - 1) + " is not in RAM";
            }
            return false;
        }
    }
    return true;
}

}  // namespace bw
