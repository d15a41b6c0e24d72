// A network back end that lives on the host side: user-mode NAT (slirp), a
// socket to another emulator or to boardwalk-netd, a tap device. The main loop
// polls every back end's file descriptors together with the serial inputs, so
// an idle guest wakes as soon as a frame arrives, and runs their timers on
// host time.
//
// Interface, called by the loop in this order each round:
//   fill_pollfds(fds)   append the fds to wait for (remember where they start)
//   poll()              (the loop, up to wait_ns() at most)
//   handle_poll(fds)    service the ready ones (the same vector, revents set)
//   run_timers()        fire what is due on the host clock
#pragma once

#include <poll.h>

#include <cstdint>
#include <vector>

#include "core/common/types.h"

namespace bw::cli {

class HostNet {
  public:
    virtual ~HostNet() = default;
    virtual void fill_pollfds(std::vector<pollfd>& fds) = 0;
    virtual void handle_poll(const std::vector<pollfd>& fds) = 0;
    virtual void run_timers() {}
    // Host nanoseconds until the back end needs run_timers() even without I/O;
    // UINT64_MAX if it has no deadline.
    virtual u64 wait_ns() const { return UINT64_MAX; }
};

}  // namespace bw::cli
