// Free list of function-table slots; see table_slots.h.
#include "core/jit/table_slots.h"

#include <algorithm>

namespace bw::jit {

std::optional<SlotRun> TableSlots::take(u32 count) {
    if (count == 0) return SlotRun{0, 0};
    for (size_t i = 0; i < free_.size(); ++i) {
        SlotRun& r = free_[i];
        if (r.count < count) continue;
        SlotRun got{r.first, count};
        r.first += count;
        r.count -= count;
        if (r.count == 0) free_.erase(free_.begin() + i);
        return got;
    }
    return std::nullopt;
}

void TableSlots::give_back(SlotRun run) {
    if (run.count == 0) return;
    auto at = std::lower_bound(free_.begin(), free_.end(), run.first,
                               [](const SlotRun& r, u32 first) { return r.first < first; });
    // A run already (partly) free is a caller's double release: ignore it
    // rather than corrupt the list.
    if (at != free_.end() && at->first < run.first + run.count) return;
    if (at != free_.begin() && std::prev(at)->first + std::prev(at)->count > run.first) return;
    at = free_.insert(at, run);
    if (std::next(at) != free_.end() && at->first + at->count == std::next(at)->first) {
        at->count += std::next(at)->count;
        free_.erase(std::next(at));
    }
    if (at != free_.begin() && std::prev(at)->first + std::prev(at)->count == at->first) {
        std::prev(at)->count += at->count;
        free_.erase(at);
    }
}

u32 TableSlots::free_slots() const {
    u32 n = 0;
    for (const SlotRun& r : free_) n += r.count;
    return n;
}

}  // namespace bw::jit
