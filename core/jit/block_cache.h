// Guest code blocks, decoded once and kept until their memory is written.
//
// A block is a straight run of guest instructions inside one 4 KB physical
// page, keyed by the host address of its first instruction (RAM is mapped
// once, so a host address names one physical byte whatever virtual address
// reached it). What an Entry holds is the CPU's business: the interpreter's
// tier keeps (handler, instruction word) pairs, a translator adds its code.
//
// Invalidation is by page: the bus reports a write to a page that holds
// blocks (Bus::kWatchCode), and every block of that page is dropped. A page
// written again and again while its code runs (code and hot data sharing a
// page) stops getting blocks after kMaxInvalidations and is interpreted.
#pragma once

#include <memory>
#include <unordered_map>
#include <vector>

#include "core/common/types.h"

namespace bw::jit {

struct BlockStats {
    u64 built = 0;          // blocks decoded
    u64 invalidated = 0;    // blocks dropped because their page was written
    u64 pages_refused = 0;  // pages that stopped getting blocks (rewritten too often)
};

template <typename Entry>
class BlockCache {
  public:
    static constexpr u32 kMaxInvalidations = 32;

    struct Block {
        const u8* host;  // first instruction
        u32 page;        // physical page number (address >> 12)
        std::vector<Entry> entries;
        // The blocks that last followed this one on the same page, so a loop
        // goes from block to block without a lookup. Blocks of a page are
        // dropped together, so a link never outlives its target.
        struct Link {
            const u8* host = nullptr;
            const Block* block = nullptr;
        };
        mutable Link links[2];
    };

    // The block starting at |host|, or nullptr.
    const Block* find(const u8* host) const {
        const Block* b = slots_[slot(host)];
        if (b && b->host == host) return b;
        auto it = by_host_.find(host);
        if (it == by_host_.end()) return nullptr;
        slots_[slot(host)] = it->second;
        return it->second;
    }

    // The block at |host| that follows |from| on its page: the one linked last
    // time, else the cached one (then linked), else nullptr (the caller builds
    // it and calls link()).
    const Block* next_after(const Block& from, const u8* host) const {
        for (const auto& l : from.links) {
            if (l.host == host) return l.block;
        }
        const Block* next = find(host);
        if (next) link(from, host, next);
        return next;
    }
    static void link(const Block& from, const u8* host, const Block* next) {
        from.links[1] = from.links[0];
        from.links[0] = {host, next};
    }

    // Whether blocks may be built on physical page |page|.
    bool accepts(u32 page) const {
        auto it = pages_.find(page);
        return it == pages_.end() || it->second.invalidations < kMaxInvalidations;
    }

    const Block* add(const u8* host, u32 page, std::vector<Entry> entries) {
        auto block = std::make_unique<Block>(Block{host, page, std::move(entries), {}});
        Block* b = block.get();
        pages_[page].blocks.push_back(std::move(block));
        by_host_[host] = b;
        slots_[slot(host)] = b;
        stats_.built++;
        return b;
    }

    // Drops every block of |page| (none may be running).
    void invalidate_page(u32 page) {
        auto it = pages_.find(page);
        if (it == pages_.end() || it->second.blocks.empty()) return;
        Page& p = it->second;
        for (auto& b : p.blocks) {
            if (slots_[slot(b->host)] == b.get()) slots_[slot(b->host)] = nullptr;
            by_host_.erase(b->host);
        }
        stats_.invalidated += p.blocks.size();
        p.blocks.clear();
        if (++p.invalidations == kMaxInvalidations) stats_.pages_refused++;
    }

    void clear() {
        pages_.clear();
        by_host_.clear();
        for (auto& s : slots_) s = nullptr;
    }

    const BlockStats& stats() const { return stats_; }

  private:
    static constexpr unsigned kSlotBits = 14;
    static size_t slot(const u8* host) {
        return (reinterpret_cast<uintptr_t>(host) >> 2) & ((1u << kSlotBits) - 1);
    }
    struct Page {
        std::vector<std::unique_ptr<Block>> blocks;
        u32 invalidations = 0;
    };

    std::unordered_map<u32, Page> pages_;
    std::unordered_map<const u8*, Block*> by_host_;
    mutable std::vector<const Block*> slots_ = std::vector<const Block*>(1u << kSlotBits);
    BlockStats stats_;
};

}  // namespace bw::jit
