// Book-keeping of the function-table slots that hold generated code: runs of
// consecutive slots are handed out for a module's functions (its element
// segment fills them) and come back when all its blocks are invalidated, to
// be reused before the table grows again. Pure C++: the loader does the
// growing and the nulling in the host.
#pragma once

#include <optional>
#include <vector>

#include "core/common/types.h"

namespace bw::jit {

struct SlotRun {
    u32 first = 0;
    u32 count = 0;
};

class TableSlots {
  public:
    // A free run of |count| slots, first fit; nullopt when none is free (grow
    // the table and add() the new slots).
    std::optional<SlotRun> take(u32 count);
    // Returns a run to the free list, merging it with its neighbours.
    void give_back(SlotRun run);
    // Slots counted free (for tests and statistics).
    u32 free_slots() const;
    const std::vector<SlotRun>& free_runs() const { return free_; }

  private:
    std::vector<SlotRun> free_;  // sorted by first, never touching
};

}  // namespace bw::jit
