#include "core/machine.h"

#include <algorithm>
#include <cstdint>

namespace bw {

void Machine::reset() {
    bus.reset_devices();
    cpu_->reset();
}

RunResult Machine::run(i64 max_insns) {
    // Slices are capped so host events (input, UI) are seen at least this often.
    constexpr i64 kMaxSlice = 1 << 20;
    i64 left = max_insns;
    while (left > 0 && !shutdown_) {
        if (cpu_->halted()) {
            scheduler.run_due_timers();
            if (cpu_->halted()) return RunResult::Idle;
        }
        // A slice may end early (WFI, a device stopping it, a new timer inside
        // it): end_slice() counts what really ran.
        if (scheduler.begin_slice(std::min(left, kMaxSlice)) > 0) cpu_->execute();
        i64 done = scheduler.end_slice();
        instructions_ += u64(done);
        left -= done;
        if (reset_pending_) {
            reset_pending_ = false;
            reset();
        }
    }
    return shutdown_ ? RunResult::Shutdown : RunResult::BudgetUsed;
}

bool Machine::advance_idle(u64 ns) {
    if (ns == 0 && scheduler.next_deadline() == UINT64_MAX) return false;
    u64 limit = ns ? scheduler.now() + ns : scheduler.next_deadline();
    scheduler.skip_to_next_event(limit);
    return !cpu_->halted();
}

void Machine::stall(u64 ns) {
    u64 target = scheduler.now() + ns;
    while (scheduler.now() < target) scheduler.skip_to_next_event(target);
}

}  // namespace bw
