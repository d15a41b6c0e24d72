#include "tools/cli/run_loop.h"

#include <poll.h>
#include <time.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>

#include "core/sched/real_time_tie.h"

namespace bw::cli {

namespace {

u64 real_ns() {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return u64(ts.tv_sec) * 1'000'000'000u + u64(ts.tv_nsec);
}

// Polls every backend's input and the host network back ends for up to
// |timeout_ns| (0: just look; shortened to the networks' next timer) and
// services the ready ones.
void poll_host(std::vector<std::unique_ptr<SerialBackend>>& backends,
               const std::vector<HostNet*>& nets, u64 timeout_ns) {
    std::vector<pollfd> fds;
    std::vector<SerialBackend*> owner;
    for (auto& b : backends) {
        int fd = b->input_fd();
        if (fd < 0) continue;
        fds.push_back({fd, POLLIN, 0});
        owner.push_back(b.get());
    }
    for (HostNet* n : nets) {
        n->fill_pollfds(fds);
        timeout_ns = std::min(timeout_ns, n->wait_ns());
    }
    struct timespec ts = {time_t(timeout_ns / 1'000'000'000u), long(timeout_ns % 1'000'000'000u)};
    int rc = ppoll(fds.data(), nfds_t(fds.size()), &ts, nullptr);
    if (rc < 0) {
        for (pollfd& p : fds) p.revents = 0;  // EINTR: nothing is known to be ready
    }
    for (size_t i = 0; rc > 0 && i < owner.size(); ++i) {
        if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) owner[i]->service();
    }
    for (HostNet* n : nets) {
        n->handle_poll(fds);
        n->run_timers();
    }
}

}  // namespace

ExitReason run_loop(Machine& machine, std::vector<std::unique_ptr<SerialBackend>>& backends,
                    const RunLoopOptions& opt, const volatile std::sig_atomic_t* stop) {
    const u64 started = real_ns();
    RealTimeTie clock(opt.max_lag_ns);
    clock.tie(started, machine.scheduler.now());
    auto flush_all = [&] {
        for (auto& b : backends) b->flush();
    };
    auto quit_asked = [&] {
        if (opt.quit && *opt.quit) return true;
        for (auto& b : backends)
            if (b->quit_requested()) return true;
        return false;
    };
    u64 next_ui = real_ns();
    // Runs the front end's tick when due; returns the real time until the next one.
    auto ui = [&]() -> u64 {
        if (!opt.ui_tick) return UINT64_MAX;
        u64 now = real_ns();
        if (now >= next_ui) {
            opt.ui_tick();
            next_ui = now + opt.ui_period_ns;
        }
        return next_ui - std::min(next_ui, real_ns());
    };

    for (;;) {
        // Ctrl-A x read during an idle wait quits before the guest runs again.
        if (quit_asked()) return ExitReason::UserQuit;
        if (opt.paused && *opt.paused) {
            poll_host(backends, opt.nets, std::min(opt.max_idle_wait_ns, ui()));
            flush_all();
            clock.tie(real_ns(), machine.scheduler.now());  // stopped time is not owed
            if (stop && *stop) return ExitReason::Signal;
            continue;
        }
        RunResult r = machine.run(opt.slice_insns);
        ui();
        flush_all();
        poll_host(backends, opt.nets, 0);
        if (quit_asked()) {
            flush_all();
            return ExitReason::UserQuit;
        }
        if (stop && *stop) return ExitReason::Signal;
        if (opt.stats_request && *opt.stats_request) {
            *opt.stats_request = 0;
            std::string extra = opt.stats_extra ? opt.stats_extra() : "";
            std::fprintf(stderr,
                         "boardwalk-stats: instructions=%llu virtual_ns=%llu host_ns=%llu%s\n",
                         (unsigned long long)machine.instructions_retired(),
                         (unsigned long long)machine.scheduler.now(),
                         (unsigned long long)(real_ns() - started), extra.c_str());
        }
        if (r == RunResult::Shutdown) return ExitReason::GuestShutdown;
        if (r != RunResult::Idle) {
            if (opt.sleep && opt.follow_real_time) {
                machine.stall(clock.catch_up_step(real_ns(), machine.scheduler.now(),
                                                  opt.follow_slack_ns, opt.follow_step_ns));
            }
            continue;
        }

        u64 deadline = machine.idle_deadline();
        if (!opt.sleep) {
            if (deadline == UINT64_MAX) {
                // Nothing will ever fire: only host input can wake the guest.
                poll_host(backends, opt.nets, opt.max_idle_wait_ns);
            } else {
                machine.advance_idle(0);
            }
            continue;
        }

        // Real time still to pass before the next timer is due.
        u64 vnow = machine.scheduler.now();
        i64 lag = clock.lag(real_ns(), vnow);
        i64 need = deadline == UINT64_MAX ? i64(opt.max_idle_wait_ns) : i64(deadline - vnow) - lag;
        if (need <= 0) {
            machine.advance_idle(0);  // the timer is already late: fire it now
            continue;
        }
        poll_host(backends, opt.nets, std::min({u64(need), opt.max_idle_wait_ns, ui()}));
        // Catch virtual time up with real time (never past it).
        lag = clock.lag(real_ns(), machine.scheduler.now());
        if (lag > 0) machine.advance_idle(u64(lag));
    }
}

}  // namespace bw::cli
