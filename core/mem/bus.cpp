#include "core/mem/bus.h"

#include <algorithm>
#include <cstring>

#include "core/common/log.h"

namespace bw {

Bus::Bus()
    : regions_(1),
      page_region_(size_t(1) << (32 - kPageBits), 0),
      watched_(size_t(1) << (32 - kPageBits), 0) {}

// A slot for |r|: a freed one if there is one. Remaps free what they replace,
// so only a board that maps 65535 regions at once could run out (a board bug:
// guests only move the few windows a board has).
u16 Bus::add_region(Region r) {
    if (!free_slots_.empty()) {
        u16 index = free_slots_.back();
        free_slots_.pop_back();
        regions_[index] = std::move(r);
        return index;
    }
    if (regions_.size() > 0xffff) {
        log_message(LogCategory::Error, "bus: more than 65535 live regions (%s not mapped)",
                    r.name.c_str());
        return 0;
    }
    regions_.push_back(std::move(r));
    return u16(regions_.size() - 1);
}

void Bus::assign(u32 base, u32 size, u16 index) {
    u64 first = base >> kPageBits;
    u64 end =
        std::min<u64>(first + ((u64(size) + kPageSize - 1) >> kPageBits), page_region_.size());
    for (u64 p = first; p < end; p++) {
        u16 old = page_region_[p];
        if (old == index) continue;
        if (old && --regions_[old].pages == 0) {
            regions_[old] = Region{};
            free_slots_.push_back(old);
        }
        if (index) regions_[index].pages++;
        page_region_[p] = index;
    }
    // A mapping of no page (size 0) keeps no slot.
    if (index && regions_[index].pages == 0) {
        regions_[index] = Region{};
        free_slots_.push_back(index);
    }
}

void Bus::map_ram(u32 base, u32 size, u8* host, bool writable, const char* name) {
    Region r;
    r.base = base;
    r.size = size;
    r.host = host;
    r.writable = writable;
    r.name = name;
    if (u16 index = add_region(std::move(r))) assign(base, size, index);
}

void Bus::map_device(u32 base, u32 size, Device* device, unsigned min_access) {
    Region r;
    r.base = base;
    r.size = size;
    r.device = device;
    r.min_access = min_access;
    r.name = device->name();
    if (u16 index = add_region(std::move(r))) assign(base, size, index);
}

void Bus::unmap(u32 base, u32 size) { assign(base, size, 0); }

bool Bus::take_written(u32 paddr, u32 len, Watcher who) {
    if (len == 0) return false;
    bool written = false, newly_watched = false;
    for (u64 p = paddr >> kPageBits; p <= (u64(paddr) + len - 1) >> kPageBits; p++) {
        written |= !(watched_[p] & who);
        newly_watched |= watched_[p] == 0;
        watched_[p] |= who;
    }
    if (newly_watched && on_watch) on_watch();
    return written;
}

bool Bus::physical_address(const u8* host, u32* paddr) const {
    for (const Region& r : regions_) {
        if (r.pages && r.host && host >= r.host && host < r.host + r.size) {
            *paddr = r.base + u32(host - r.host);
            return true;
        }
    }
    return false;
}

void Bus::unmapped(u32 paddr, bool write, unsigned size) {
    if (logged_pages_.insert(paddr >> kPageBits).second) {
        log_message(LogCategory::GuestError, "bus: %u-byte %s of unmapped address 0x%08x", size,
                    write ? "write" : "read", paddr);
    }
}

u32 Bus::read_device(const Region& r, u32 paddr, unsigned size) {
    u32 offset = paddr - r.base;
    if (size >= r.min_access) return r.device->read(offset, size);
    u32 aligned = offset & ~(r.min_access - 1);
    u32 wide = r.device->read(aligned, r.min_access);
    u32 shift = (offset - aligned) * 8;
    return (wide >> shift) & (size == 1 ? 0xffu : 0xffffu);
}

void Bus::write_device(const Region& r, u32 paddr, u32 value, unsigned size) {
    u32 offset = paddr - r.base;
    if (size >= r.min_access) {
        r.device->write(offset, value, size);
        return;
    }
    u32 aligned = offset & ~(r.min_access - 1);
    r.device->write(aligned, value << ((offset - aligned) * 8), r.min_access);
}

u32 Bus::read(u32 paddr, unsigned size) {
    const Region* r = find(paddr);
    if (!r) {
        unmapped(paddr, false, size);
        return 0;
    }
    if (r->host) {
        const u8* p = r->host + (paddr - r->base);
        switch (size) {
            case 1: return *p;
            case 2: {
                u16 v;
                std::memcpy(&v, p, 2);
                return v;
            }
            default: {
                u32 v;
                std::memcpy(&v, p, 4);
                return v;
            }
        }
    }
    return read_device(*r, paddr, size);
}

void Bus::write(u32 paddr, u32 value, unsigned size) {
    const Region* r = find(paddr);
    if (!r) {
        unmapped(paddr, true, size);
        return;
    }
    if (r->host) {
        if (!r->writable) {
            unmapped(paddr, true, size);
            return;
        }
        u8* p = r->host + (paddr - r->base);
        note_written(paddr, size);
        switch (size) {
            case 1: *p = u8(value); break;
            case 2: {
                u16 v = u16(value);
                std::memcpy(p, &v, 2);
                break;
            }
            default: std::memcpy(p, &value, 4); break;
        }
        return;
    }
    write_device(*r, paddr, value, size);
}

template <typename Fn>
void Bus::for_each_chunk(u32 paddr, size_t len, Fn&& fn) const {
    while (len) {
        const Region* r = find(paddr);
        size_t chunk = kPageSize - (paddr & (kPageSize - 1));
        if (r) chunk = size_t(r->base + u64(r->size) - paddr);
        chunk = std::min(chunk, len);
        fn(r, paddr, chunk);
        paddr += u32(chunk);
        len -= chunk;
    }
}

// Ranges past 4 GB never are host memory (callers pass 32-bit addresses).
bool Bus::is_host_memory(u32 paddr, size_t len) const {
    if (u64(paddr) + len > (u64(1) << 32)) return false;
    bool ok = true;
    for_each_chunk(paddr, len, [&](const Region* r, u32, size_t) { ok &= r && r->host; });
    return ok;
}

bool Bus::load(u32 paddr, const void* src, size_t len) {
    if (!is_host_memory(paddr, len)) return false;
    const u8* s = static_cast<const u8*>(src);
    for_each_chunk(paddr, len, [&](const Region* r, u32 at, size_t chunk) {
        std::memcpy(r->host + (at - r->base), s, chunk);
        note_written(at, chunk);
        s += chunk;
    });
    return true;
}

bool Bus::dma_write(u32 paddr, const void* src, size_t len) {
    if (!is_host_memory(paddr, len)) return false;
    const u8* s = static_cast<const u8*>(src);
    for_each_chunk(paddr, len, [&](const Region* r, u32 at, size_t chunk) {
        if (r->writable) {
            std::memcpy(r->host + (at - r->base), s, chunk);
            note_written(at, chunk);
        } else {
            unmapped(at, true, unsigned(std::min<size_t>(chunk, 4)));
        }
        s += chunk;
    });
    return true;
}

bool Bus::copy_from(u32 paddr, void* dst, size_t len) const {
    if (!is_host_memory(paddr, len)) return false;
    u8* d = static_cast<u8*>(dst);
    for_each_chunk(paddr, len, [&](const Region* r, u32 at, size_t chunk) {
        std::memcpy(d, r->host + (at - r->base), chunk);
        d += chunk;
    });
    return true;
}

std::vector<Bus::DeviceRange> Bus::device_ranges() const {
    std::vector<DeviceRange> out;
    u16 run = 0;
    for (u64 p = 0; p < page_region_.size(); p++) {
        u16 idx = page_region_[p];
        if (idx && regions_[idx].device) {
            if (idx == run)
                out.back().size += kPageSize;
            else
                out.push_back({u32(p << kPageBits), kPageSize, regions_[idx].name.c_str()});
        }
        run = idx && regions_[idx].device ? idx : 0;
    }
    return out;
}

void Bus::reset_devices() {
    std::vector<Device*> seen;
    for (const Region& r : regions_) {
        if (!r.device) continue;
        bool dup = false;
        for (Device* d : seen) dup |= d == r.device;
        if (dup) continue;
        seen.push_back(r.device);
        r.device->reset();
    }
}

}  // namespace bw
