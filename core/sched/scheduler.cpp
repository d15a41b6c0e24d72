#include "core/sched/scheduler.h"

#include <algorithm>
#include <cstdint>

namespace bw {

Timer::Timer(Scheduler& scheduler, std::function<void()> callback)
    : scheduler_(scheduler), callback_(std::move(callback)) {}

Timer::~Timer() { cancel(); }

void Timer::arm_at(u64 deadline_ns) {
    if (armed_) scheduler_.remove(this);
    deadline_ = deadline_ns;
    armed_ = true;
    scheduler_.add(this);
}

void Timer::arm_in(u64 delay_ns) { arm_at(scheduler_.now() + delay_ns); }

void Timer::cancel() {
    if (!armed_) return;
    scheduler_.remove(this);
    armed_ = false;
}

void Scheduler::add(Timer* t) {
    // Keep the earliest deadline at the back; equal deadlines fire in arming order.
    auto pos = std::upper_bound(armed_.begin(), armed_.end(), t,
                                [](Timer* a, Timer* b) { return a->deadline_ > b->deadline_; });
    armed_.insert(pos, t);
    clamp_slice_to(t->deadline_);
}

void Scheduler::remove(Timer* t) {
    auto it = std::find(armed_.begin(), armed_.end(), t);
    if (it != armed_.end()) armed_.erase(it);
}

void Scheduler::clamp_slice_to(u64 deadline_ns) {
    if (remaining <= 0) return;
    u64 t = now();
    u64 insns = deadline_ns <= t ? 0 : (deadline_ns - t + ns_per_insn_ - 1) / ns_per_insn_;
    if (insns < u64(remaining)) {
        slice_len_ -= remaining - i64(insns);
        remaining = i64(insns);
    }
}

u64 Scheduler::next_deadline() const {
    return armed_.empty() ? UINT64_MAX : armed_.back()->deadline_;
}

i64 Scheduler::begin_slice(i64 max_insns) {
    u64 next = next_deadline();
    i64 budget = max_insns;
    if (next != UINT64_MAX) {
        u64 until = next <= now_ns_ ? 0 : (next - now_ns_ + ns_per_insn_ - 1) / ns_per_insn_;
        if (until < u64(budget)) budget = i64(until);
    }
    slice_len_ = budget;
    remaining = budget;
    return budget;
}

i64 Scheduler::end_slice() {
    i64 executed = slice_len_ - remaining;
    now_ns_ += u64(executed) * ns_per_insn_;
    slice_len_ = 0;
    remaining = 0;
    run_due_timers();
    return executed;
}

void Scheduler::run_due_timers() {
    while (!armed_.empty() && armed_.back()->deadline_ <= now()) {
        Timer* t = armed_.back();
        armed_.pop_back();
        t->armed_ = false;
        t->callback_();
    }
}

bool Scheduler::skip_to_next_event(u64 limit_ns) {
    u64 next = next_deadline();
    bool fired = next <= limit_ns;
    u64 target = fired ? next : limit_ns;
    if (target > now()) {
        now_ns_ = target;
        slice_len_ = 0;
        remaining = 0;
    }
    run_due_timers();
    return fired;
}

}  // namespace bw
