// A BlockDevice backed by a host file (the -hda image), read and written in place.
#pragma once

#include <cstdio>
#include <string>

#include "core/dev/storage/block_device.h"

namespace bw {

class FileBlockDevice : public BlockDevice {
  public:
    // Opens |path| read-write (read-only if |read_only| or the file is not writable).
    // Returns nullptr-like failure through ok(); |error| gets a one-line message.
    FileBlockDevice(const std::string& path, bool read_only, std::string* error);
    ~FileBlockDevice() override;
    FileBlockDevice(const FileBlockDevice&) = delete;
    FileBlockDevice& operator=(const FileBlockDevice&) = delete;

    bool ok() const { return file_ != nullptr; }
    u64 sector_count() const override { return sectors_; }
    bool read_sectors(u64 lba, u32 count, u8* out) override;
    bool write_sectors(u64 lba, u32 count, const u8* in) override;
    bool flush() override;
    bool read_only() const override { return read_only_; }

  private:
    std::FILE* file_ = nullptr;
    u64 sectors_ = 0;
    bool read_only_ = false;
};

}  // namespace bw
