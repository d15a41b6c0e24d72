// User-mode networking (QEMU's "-net user") with libslirp, the library QEMU
// uses: a NAT to the host's sockets with a DHCP server, DNS forwarder, TFTP
// server and port forwards, seen by the guest as the network 10.0.2.0/24
// (host/gateway 10.0.2.2, DNS 10.0.2.3, first DHCP address 10.0.2.15).
//
// Implemented: IPv4 with QEMU's default addresses, tftp=, bootfile=, hostname=,
// hostfwd= (tcp and udp), restrict=. Not implemented: IPv6, guestfwd=, smb=,
// other net=/host=/dns= addresses, save/restore of connections.
//
// Slirp is host-facing: its timers run on host real time and its sockets are
// polled by the front end's main loop (fill_pollfds / handle_poll /
// run_timers). The guest only sees it through frames on the hub.
#pragma once

#include <poll.h>

#include <memory>
#include <string>
#include <vector>

#include "core/net/net_hub.h"
#include "tools/cli/host_net.h"
#include "tools/cli/net_specs.h"

struct Slirp;

namespace bw::cli {

class UserNet : public NetPort, public HostNet {
  public:
    // Creates the slirp instance and attaches to |hub|. On failure (a bad
    // hostfwd, a tftp directory that does not exist) ok() is false and
    // |error| says why.
    UserNet(NetHub* hub, const UserNetSpec& spec, std::string* error);
    ~UserNet() override;
    UserNet(const UserNet&) = delete;
    UserNet& operator=(const UserNet&) = delete;

    bool ok() const { return slirp_ != nullptr; }

    // A frame from the guest side of the hub.
    void receive(const u8* frame, size_t len) override;

    // Appends slirp's sockets to |fds| (remembering where they start).
    void fill_pollfds(std::vector<pollfd>& fds) override;
    // Services slirp's sockets after poll() filled in |fds| (the same vector).
    void handle_poll(const std::vector<pollfd>& fds) override;
    // Fires slirp's timers that are due on the host clock.
    void run_timers() override;
    // Host nanoseconds until slirp wants run_timers() or handle_poll() again
    // (its own timers and its TCP timers); UINT64_MAX if it has no deadline.
    u64 wait_ns() const override;

    u64 frames_in() const { return frames_in_; }    // guest -> slirp
    u64 frames_out() const { return frames_out_; }  // slirp -> guest

  private:
    struct Timer;
    friend struct UserNetCallbacks;

    NetHub* hub_;
    Slirp* slirp_ = nullptr;
    std::vector<std::unique_ptr<Timer>> timers_;
    u32 poll_timeout_ms_ = 0xffff;  // from the last slirp_pollfds_fill
    u64 frames_in_ = 0, frames_out_ = 0;
    // Kept alive for slirp (it stores the pointers).
    std::string hostname_, tftp_, bootfile_;
};

}  // namespace bw::cli
