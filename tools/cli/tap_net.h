// A host tap device as a network back end (QEMU's `-netdev tap` / `-net tap`):
// frames from the guest are written to /dev/net/tun, frames the host sends to
// the interface reach the guest. Linux only (TUNSETIFF with IFF_TAP|IFF_NO_PI:
// one read or write is one whole Ethernet frame, without a packet-info header).
//
// As QEMU: ifname= names the interface (created if missing; "" lets the kernel
// pick tapN); script= runs after creation and downscript= before close, each
// with the interface name as its only argument (defaults /etc/qemu-ifup and
// /etc/qemu-ifdown; "no" or "" skips it); a script that fails is an error.
// Not implemented: fd=, helper=, vhost=, vnet_hdr=, multiqueue (queues=).
//
// Interface: a NetPort on a hub and a HostNet polled by the main loop; frames
// written while the kernel queue is full are dropped (counted), as a NIC does.
#pragma once

#include <string>

#include "core/net/net_hub.h"
#include "tools/cli/host_net.h"
#include "tools/cli/net_specs.h"

namespace bw::cli {

// Opens (creating if needed) tap |*ifname| non-blocking; the kernel's name is
// stored back. -1 with |error| ("cannot open /dev/net/tun: ...") on failure.
int tap_open(std::string* ifname, std::string* error);

// Runs |script| IFNAME and waits; false with |error| if it cannot run or exits
// nonzero. "" and "no" succeed without running anything.
bool run_net_script(const std::string& script, const std::string& ifname, std::string* error);

class TapNet : public NetPort, public HostNet {
  public:
    // Opens the device and runs the script; ok() is false and |error| (prefixed
    // with spec.option) says why on failure.
    TapNet(NetHub* hub, const TapSpec& spec, std::string* error);
    ~TapNet() override;  // runs the downscript
    TapNet(const TapNet&) = delete;
    TapNet& operator=(const TapNet&) = delete;

    bool ok() const { return fd_ >= 0; }
    const std::string& ifname() const { return ifname_; }

    void receive(const u8* frame, size_t len) override;
    void fill_pollfds(std::vector<pollfd>& fds) override;
    void handle_poll(const std::vector<pollfd>& fds) override;

    u64 frames_in() const { return frames_in_; }    // hub -> tap
    u64 frames_out() const { return frames_out_; }  // tap -> hub
    u64 dropped() const { return dropped_; }

  private:
    NetHub* hub_;
    int fd_ = -1;
    size_t poll_index_ = 0;
    std::string ifname_, downscript_;
    u64 frames_in_ = 0, frames_out_ = 0, dropped_ = 0;
};

}  // namespace bw::cli
