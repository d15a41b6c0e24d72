#include "core/mem/bus.h"

#include <algorithm>
#include <cstring>

#include "core/common/log.h"

namespace bw {

Bus::Bus() : regions_(1), page_region_(size_t(1) << (32 - kPageBits), 0) {}

void Bus::assign(u32 base, u32 size, u16 index) {
    u64 first = base >> kPageBits;
    u64 count = (u64(size) + kPageSize - 1) >> kPageBits;
    for (u64 p = first; p < first + count && p < page_region_.size(); p++) page_region_[p] = index;
}

void Bus::map_ram(u32 base, u32 size, u8* host, bool writable, const char* name) {
    Region r;
    r.base = base;
    r.size = size;
    r.host = host;
    r.writable = writable;
    r.name = name;
    regions_.push_back(r);
    assign(base, size, u16(regions_.size() - 1));
}

void Bus::map_device(u32 base, u32 size, Device* device, unsigned min_access) {
    Region r;
    r.base = base;
    r.size = size;
    r.device = device;
    r.min_access = min_access;
    r.name = device->name();
    regions_.push_back(r);
    assign(base, size, u16(regions_.size() - 1));
}

void Bus::unmap(u32 base, u32 size) { assign(base, size, 0); }

u8* Bus::host_pointer(u32 paddr, bool for_write) const {
    const Region* r = find(paddr);
    if (!r || !r->host || (for_write && !r->writable)) return nullptr;
    return r->host + (paddr - r->base);
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

bool Bus::copy_to(u32 paddr, const void* src, size_t len) {
    const u8* s = static_cast<const u8*>(src);
    while (len) {
        const Region* r = find(paddr);
        if (!r || !r->host) return false;
        size_t chunk = std::min<size_t>(len, r->base + u64(r->size) - paddr);
        std::memcpy(r->host + (paddr - r->base), s, chunk);
        s += chunk;
        paddr += u32(chunk);
        len -= chunk;
    }
    return true;
}

bool Bus::copy_from(u32 paddr, void* dst, size_t len) const {
    u8* d = static_cast<u8*>(dst);
    while (len) {
        const Region* r = find(paddr);
        if (!r || !r->host) return false;
        size_t chunk = std::min<size_t>(len, r->base + u64(r->size) - paddr);
        std::memcpy(d, r->host + (paddr - r->base), chunk);
        d += chunk;
        paddr += u32(chunk);
        len -= chunk;
    }
    return true;
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
