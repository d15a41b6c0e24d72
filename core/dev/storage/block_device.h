// A disk backend: fixed-size array of 512-byte sectors.
//
// The core sees only this interface; the native front end supplies a host file
// (tools/cli/file_block_device.h), tests and the web build a MemoryBlockDevice.
#pragma once

#include <cstring>
#include <vector>

#include "core/common/types.h"

namespace bw {

class BlockDevice {
  public:
    static constexpr u32 kSectorSize = 512;

    virtual ~BlockDevice() = default;
    virtual u64 sector_count() const = 0;
    // Transfer |count| sectors at |lba|; false on an I/O error or out of range.
    virtual bool read_sectors(u64 lba, u32 count, u8* out) = 0;
    virtual bool write_sectors(u64 lba, u32 count, const u8* in) = 0;
    virtual bool flush() { return true; }
    virtual bool read_only() const { return false; }
};

class MemoryBlockDevice : public BlockDevice {
  public:
    explicit MemoryBlockDevice(u64 sectors) : data_(sectors * kSectorSize) {}
    explicit MemoryBlockDevice(std::vector<u8> image) : data_(std::move(image)) {
        data_.resize((data_.size() + kSectorSize - 1) / kSectorSize * kSectorSize);
    }

    u64 sector_count() const override { return data_.size() / kSectorSize; }
    bool read_sectors(u64 lba, u32 count, u8* out) override {
        if (!in_range(lba, count)) return false;
        std::memcpy(out, data_.data() + lba * kSectorSize, u64(count) * kSectorSize);
        return true;
    }
    bool write_sectors(u64 lba, u32 count, const u8* in) override {
        if (!in_range(lba, count)) return false;
        std::memcpy(data_.data() + lba * kSectorSize, in, u64(count) * kSectorSize);
        return true;
    }
    std::vector<u8>& data() { return data_; }

  private:
    bool in_range(u64 lba, u32 count) const {
        return lba <= sector_count() && count <= sector_count() - lba;
    }
    std::vector<u8> data_;
};

}  // namespace bw
