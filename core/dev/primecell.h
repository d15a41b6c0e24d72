// Helpers shared by the ARM PrimeCell-style device models.
//
// PrimeCellId: the eight ID registers every PrimeCell places at 0xfe0..0xffc
// (PeriphID0-3 then PCellID0-3, one byte per word).
// OffsetLog: "unknown offset" guest errors, reported once per device, offset and
// direction, so a guest polling a missing register cannot flood the log.
#pragma once

#include <array>
#include <unordered_set>

#include "core/common/log.h"
#include "core/common/types.h"

namespace bw {

struct PrimeCellId {
    std::array<u8, 8> bytes{};

    static constexpr u32 kFirst = 0xfe0;
    static constexpr u32 kLast = 0xffc;

    static bool contains(u32 offset) { return offset >= kFirst && offset <= kLast + 3; }
    // Caller checks contains() first.
    u32 read(u32 offset) const { return bytes[((offset - kFirst) >> 2) & 7]; }
};

class OffsetLog {
  public:
    void bad_read(const char* device, u32 offset) { report(device, offset, false); }
    void bad_write(const char* device, u32 offset) { report(device, offset, true); }

  private:
    void report(const char* device, u32 offset, bool write) {
        u64 key = (u64(write) << 32) | offset;
        if (!seen_.insert(key).second) return;
        log_message(LogCategory::GuestError, "%s: %s of unknown offset 0x%03x", device,
                    write ? "write" : "read", offset);
    }
    std::unordered_set<u64> seen_;
};

}  // namespace bw
