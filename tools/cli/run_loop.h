// The native main loop: run the machine in slices, service host I/O without
// blocking, and while the guest idles either sleep in real time until its next
// timer (default) or jump straight to it (-icount sleep=off).
#pragma once

#include <csignal>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/machine.h"
#include "tools/cli/host_net.h"
#include "tools/cli/serial_backend.h"

namespace bw::cli {

struct RunLoopOptions {
    bool sleep = true;  // false: fast-forward idle time
    // Instructions per run() call. Host input (serial, network back ends) is
    // only seen between slices, and a guest that busy-polls its NIC (U-Boot)
    // waits a slice per frame: 64 Ki (~0.3 ms) keeps TFTP fast over sockets
    // and taps while the per-slice poll costs well under 1%.
    i64 slice_insns = 1 << 16;
    u64 max_idle_wait_ns = 10'000'000;  // wake at least this often while idle
    // Virtual time may trail real time by at most this much; beyond it the
    // difference is forgiven rather than caught up (a host stall, a slow stretch).
    u64 max_lag_ns = 100'000'000;
    // A live sound card drained by the host's speakers needs the guest to keep
    // up with real time also while it is busy (its DMA consumes in virtual
    // time): then virtual time trailing real time by more than the slack is let
    // pass at once, a step of at most |follow_step_ns| after each slice, as
    // QEMU's virtual clock follows the host's without -icount. Off, a busy
    // guest's time is its instruction count (deterministic).
    bool follow_real_time = false;
    u64 follow_slack_ns = 4'000'000;
    u64 follow_step_ns = 5'000'000;
    // When this becomes nonzero (SIGUSR1), one line of counters goes to stderr
    // ("boardwalk-stats: instructions=N virtual_ns=V host_ns=H") and it is reset;
    // benchmarks sample it around a guest workload to compute guest MIPS.
    volatile std::sig_atomic_t* stats_request = nullptr;
    // More " key=value" counters for that line (the window's and speakers').
    std::function<std::string()> stats_extra;
    // Host network back ends (user-mode NAT, sockets, tap): their fds are polled
    // with the serial inputs (an idle wait ends when one is ready) and their
    // timers run on host time.
    std::vector<HostNet*> nets;
    // The monitor's run control: while *paused the guest does not run (host I/O
    // is still served, and the time spent stopped is not caught up afterwards);
    // *quit ends the loop as a user quit.
    const bool* paused = nullptr;
    const bool* quit = nullptr;
    // Front-end work (window, sound) at least every |ui_period_ns| of real time.
    std::function<void()> ui_tick;
    u64 ui_period_ns = 10'000'000;
};

enum class ExitReason { GuestShutdown, UserQuit, Signal };

// Runs until the guest shuts down, a backend asks to quit (Ctrl-A x), or
// |stop| becomes true (signal handler).
ExitReason run_loop(Machine& machine, std::vector<std::unique_ptr<SerialBackend>>& backends,
                    const RunLoopOptions& options, const volatile std::sig_atomic_t* stop);

}  // namespace bw::cli
