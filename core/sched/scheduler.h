// Virtual time for one machine.
//
// Time is counted in virtual nanoseconds. The CPU runs in slices: before a
// slice the runner asks for at most N instructions; the scheduler trims that to
// the next timer deadline and leaves the count in |remaining|, which the CPU
// decrements as it executes (one per instruction) and stops at zero. now() is
// exact mid-slice, so a device read during an instruction sees the right time.
// Nothing ticks per instruction: devices arm Timers, and the runner fires them
// when their deadline is reached. When the CPU idles (WFI/WAIT) the runner jumps
// straight to the next deadline.
//
// Invariants: remaining >= 0; a Timer fires exactly once per arm; callbacks may
// arm/cancel any Timer (including their own) and may shorten the current slice.
#pragma once

#include <functional>
#include <vector>

#include "core/common/types.h"

namespace bw {

class Scheduler;

// One schedulable callback, owned by a device. Not copyable: the scheduler keeps
// a pointer to it while armed.
class Timer {
  public:
    Timer(Scheduler& scheduler, std::function<void()> callback);
    ~Timer();
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;

    void arm_at(u64 deadline_ns);
    void arm_in(u64 delay_ns);
    void cancel();
    bool armed() const { return armed_; }
    u64 deadline() const { return deadline_; }

  private:
    friend class Scheduler;
    Scheduler& scheduler_;
    std::function<void()> callback_;
    u64 deadline_ = 0;
    bool armed_ = false;
};

class Scheduler {
  public:
    // Instructions the CPU may still execute in this slice. The CPU decrements it
    // and returns when it reaches zero (or earlier, e.g. on WFI, by zeroing it).
    i64 remaining = 0;

    // Virtual nanoseconds per instruction (QEMU's -icount shift: 2^shift ns).
    void set_ns_per_instruction(u32 ns) { ns_per_insn_ = ns ? ns : 1; }
    u32 ns_per_instruction() const { return ns_per_insn_; }

    // Current virtual time, exact also in the middle of a slice.
    u64 now() const { return now_ns_ + u64(slice_len_ - remaining) * ns_per_insn_; }

    // Runner interface -------------------------------------------------------
    // Begin a slice of at most |max_insns|; returns the instruction budget set.
    i64 begin_slice(i64 max_insns);
    // Account for the instructions executed and fire every timer that is due.
    // Returns how many instructions the slice executed.
    i64 end_slice();
    // Idle: advance time to the earliest deadline (not past |limit_ns|) and fire it.
    // Returns false if nothing is armed before the limit (time moves to the limit).
    bool skip_to_next_event(u64 limit_ns);
    // Deadline of the earliest armed timer, or UINT64_MAX.
    u64 next_deadline() const;
    // Stop the current slice after the current instruction (e.g. an IRQ changed
    // in a way the CPU must look at, or the host wants control back).
    void stop_slice() {
        slice_len_ -= remaining;
        remaining = 0;
    }
    // Fire every timer whose deadline is <= now() (used between slices).
    void run_due_timers();

  private:
    friend class Timer;
    void add(Timer* t);
    void remove(Timer* t);
    // A new deadline inside the current slice shortens it.
    void clamp_slice_to(u64 deadline_ns);

    std::vector<Timer*> armed_;  // sorted by deadline, earliest last
    u64 now_ns_ = 0;             // time at the start of the current slice
    i64 slice_len_ = 0;          // instructions granted for the current slice
    u32 ns_per_insn_ = 4;
};

}  // namespace bw
