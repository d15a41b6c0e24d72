// Ties a machine's virtual time to the host's real time, for front ends that
// run a guest "live" (the native loop, the page). Both clocks are measured from
// origins set together; the difference is the guest's lag.
//
// While the guest idles, the front end sleeps until the next timer is due in
// real time and then lets the lag pass (Machine::advance_idle). While it is
// busy, virtual time advances only as instructions retire, so a slow host falls
// behind; a front end that must follow real time (a live sound card drained by
// the host's speakers) lets the lag pass at once (Machine::stall) beyond a small
// slack. Lag beyond |max_lag| (a host stall, a slow stretch) is forgiven rather
// than caught up, so the guest is never flooded with overdue timers.
#pragma once

#include "core/common/types.h"

namespace bw {

class RealTimeTie {
  public:
    explicit RealTimeTie(u64 max_lag_ns) : max_lag_ns_(max_lag_ns) {}

    // Ties the clocks anew (start, reset, resume after a pause: paused time is
    // not owed to the guest).
    void tie(u64 real_ns, u64 virt_ns) {
        real0_ = real_ns;
        virt0_ = virt_ns;
    }

    // How far virtual time trails real time (negative: ahead), after
    // forgiving any lag beyond the bound.
    i64 lag(u64 real_ns, u64 virt_ns) {
        i64 lag = i64(real_ns - real0_) - i64(virt_ns - virt0_);
        if (lag > i64(max_lag_ns_)) {
            real0_ += u64(lag) - max_lag_ns_;
            lag = i64(max_lag_ns_);
        }
        return lag;
    }

    // Virtual time a busy guest that follows real time may skip now: the lag
    // beyond |slack| (enough to ride out a slice's jitter), at most |max_step|
    // per call so the CPU runs between the timers that fire on the way.
    u64 catch_up_step(u64 real_ns, u64 virt_ns, u64 slack_ns, u64 max_step_ns) {
        i64 over = lag(real_ns, virt_ns) - i64(slack_ns);
        if (over <= 0) return 0;
        return u64(over) < max_step_ns ? u64(over) : max_step_ns;
    }

  private:
    u64 max_lag_ns_;
    u64 real0_ = 0, virt0_ = 0;
};

}  // namespace bw
