// The physical address space of a machine: RAM/ROM backed by host memory, and
// MMIO regions dispatched to devices.
//
// Lookup is one table index per 4 KB page (a 32-bit physical space), so a CPU's
// software TLB miss costs a load and a compare. RAM pages return a host pointer
// the CPU may cache; MMIO pages never do. Accesses to unmapped addresses read 0,
// ignore writes, and log once per 4 KB page as a guest error.
//
// Guests remap windows at run time (malta's GT-64120 decode registers), so
// region slots are counted by the pages that use them: a slot no page refers to
// is free for the next mapping, and the table never grows with remaps.
//
// Data is stored in host (little-endian) order; guests of the other endianness
// swap in their CPU model.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/common/types.h"
#include "core/dev/device.h"

namespace bw {

class Bus {
  public:
    static constexpr u32 kPageBits = 12;
    static constexpr u32 kPageSize = 1u << kPageBits;

    Bus();

    // Map host memory (page-aligned base and size). Writes to a read-only region
    // are ignored and logged. The memory must outlive the bus.
    void map_ram(u32 base, u32 size, u8* host, bool writable = true, const char* name = "ram");
    // Map a device (page-aligned base and size). Accesses narrower than
    // |min_access| are widened: a read returns the matching bytes of an aligned
    // wider read; a write is passed as an aligned wider write with the value
    // shifted into place (QEMU's convention for such devices).
    void map_device(u32 base, u32 size, Device* device, unsigned min_access = 1);
    // Remove whatever is mapped at [base, base+size) (for remappable windows).
    void unmap(u32 base, u32 size);
    // Regions some page still refers to (for tests: remapping must not leak).
    size_t live_regions() const { return regions_.size() - 1 - free_slots_.size(); }

    // Host pointer for a RAM byte, or nullptr for MMIO/unmapped. With
    // |for_write|, read-only memory and watched pages (below) also give nullptr.
    u8* host_pointer(u32 paddr, bool for_write = false) const {
        const Region* r = find(paddr);
        if (!r || !r->host) return nullptr;
        if (for_write && (!r->writable || watched_[paddr >> kPageBits])) return nullptr;
        return r->host + (paddr - r->base);
    }

    // Write tracking, as QEMU's dirty memory log: a watcher (a display that
    // scans a RAM framebuffer, a CPU that keeps decoded code) asks whether
    // pages were written since it last asked, so an unchanged picture costs
    // nothing. A page someone asked about is watched until written: CPUs get
    // no host pointer to write it, so their write goes through write(), which
    // notes it. on_watch() is called when pages become watched: the CPU,
    // which registers itself, then forgets the write pointers it holds. A
    // write to a page watched for code is reported at once (on_code_written:
    // the page number), before the writing instruction completes.
    enum Watcher : u8 { kWatchDisplay = 1, kWatchCode = 2 };
    // Whether any page of [paddr, paddr+len) was written since |who| last
    // asked (true the first time); from now on they are watched for |who|.
    bool take_written(u32 paddr, u32 len, Watcher who);
    std::function<void()> on_watch;
    std::function<void(u32 page)> on_code_written;
    // The physical address of a byte of RAM given its host address (RAM is
    // mapped once); false if |host| is not mapped memory.
    bool physical_address(const u8* host, u32* paddr) const;

    u32 read(u32 paddr, unsigned size);
    void write(u32 paddr, u32 value, unsigned size);
    u8 read8(u32 a) { return u8(read(a, 1)); }
    u16 read16(u32 a) { return u16(read(a, 2)); }
    u32 read32(u32 a) { return read(a, 4); }
    void write8(u32 a, u8 v) { write(a, v, 1); }
    void write16(u32 a, u16 v) { write(a, v, 2); }
    void write32(u32 a, u32 v) { write(a, v, 4); }

    // Loaders: fill RAM or ROM (boot flash) from a host buffer. Returns false,
    // writing nothing, if any byte of the range is not host memory.
    bool load(u32 paddr, const void* src, size_t len);
    // Device DMA, under the rules of CPU stores: RAM takes the bytes, ROM
    // ignores them (logged once per page). A range that touches unmapped space
    // or a device is a master abort: false, and nothing is transferred (DMA
    // into device registers would let a device re-enter itself).
    bool dma_write(u32 paddr, const void* src, size_t len);
    // Reads RAM or ROM into a host buffer (DMA and tests); false, with |dst|
    // unspecified, if any byte is not host memory.
    bool copy_from(u32 paddr, void* dst, size_t len) const;

    // Reset every mapped device, in mapping order.
    void reset_devices();

    // The device pages as runs of one device each (for tests that drive every
    // register of a machine), in address order.
    struct DeviceRange {
        u32 base, size;
        const char* name;
    };
    std::vector<DeviceRange> device_ranges() const;

  private:
    struct Region {
        u32 base = 0;
        u32 size = 0;
        u8* host = nullptr;        // RAM/ROM
        Device* device = nullptr;  // MMIO
        bool writable = true;
        unsigned min_access = 1;
        std::string name;
        u32 pages = 0;  // pages that map to this slot; 0 = free
    };

    const Region* find(u32 paddr) const {
        u16 idx = page_region_[paddr >> kPageBits];
        return idx ? &regions_[idx] : nullptr;
    }
    u32 read_device(const Region& r, u32 paddr, unsigned size);
    void write_device(const Region& r, u32 paddr, u32 value, unsigned size);
    void unmapped(u32 paddr, bool write, unsigned size);
    bool is_host_memory(u32 paddr, size_t len) const;
    void note_written(u32 paddr, size_t len) {
        for (u64 p = paddr >> kPageBits; p <= (u64(paddr) + len - 1) >> kPageBits; p++) {
            u8 was = watched_[p];
            watched_[p] = 0;
            if ((was & kWatchCode) && on_code_written) on_code_written(u32(p));
        }
    }
    // Calls fn(region, paddr, chunk) for each run of |len| bytes within one region.
    template <typename Fn>
    void for_each_chunk(u32 paddr, size_t len, Fn&& fn) const;
    u16 add_region(Region r);
    void assign(u32 base, u32 size, u16 index);

    std::vector<Region> regions_;   // index 0 = unmapped
    std::vector<u16> free_slots_;   // indices of regions_ no page refers to
    std::vector<u16> page_region_;  // per 4 KB page: index into regions_
    std::unordered_set<u32> logged_pages_;
    // Per 4 KB page: the watchers that have asked since its last write.
    std::vector<u8> watched_;
};

}  // namespace bw
