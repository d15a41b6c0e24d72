#include "tools/cli/file_block_device.h"

#include <cerrno>
#include <cstring>

namespace bw {

FileBlockDevice::FileBlockDevice(const std::string& path, bool read_only, std::string* error)
    : read_only_(read_only) {
    if (!read_only_) file_ = std::fopen(path.c_str(), "r+b");
    if (!file_) {
        file_ = std::fopen(path.c_str(), "rb");
        read_only_ = true;
    }
    if (!file_) {
        if (error) *error = path + ": " + std::strerror(errno);
        return;
    }
    if (fseeko(file_, 0, SEEK_END) != 0) {
        if (error) *error = path + ": cannot seek";
        std::fclose(file_);
        file_ = nullptr;
        return;
    }
    // A trailing partial sector is not addressable, as in QEMU.
    sectors_ = u64(ftello(file_)) / kSectorSize;
}

FileBlockDevice::~FileBlockDevice() {
    if (file_) std::fclose(file_);
}

bool FileBlockDevice::read_sectors(u64 lba, u32 count, u8* out) {
    if (!file_ || lba > sectors_ || count > sectors_ - lba) return false;
    if (fseeko(file_, off_t(lba * kSectorSize), SEEK_SET) != 0) return false;
    return std::fread(out, kSectorSize, count, file_) == count;
}

bool FileBlockDevice::write_sectors(u64 lba, u32 count, const u8* in) {
    if (!file_ || read_only_ || lba > sectors_ || count > sectors_ - lba) return false;
    if (fseeko(file_, off_t(lba * kSectorSize), SEEK_SET) != 0) return false;
    return std::fwrite(in, kSectorSize, count, file_) == count;
}

bool FileBlockDevice::flush() { return file_ && std::fflush(file_) == 0; }

}  // namespace bw
