// boardwalk-netd's event loop: a virtual Ethernet switch (learning_switch.h)
// whose ports are
//   - TCP clients speaking QEMU's stream framing (core/net/stream_framing.h):
//     boardwalk (-netdev stream/socket), a real QEMU, or a browser page
//     through websockify;
//   - optionally a host tap device (tools/cli/tap_net.h), bridged by the host;
//   - optionally a user-mode NAT (tools/cli/net_user.h: libslirp with DHCP,
//     DNS, TFTP and port forwards), for hosts where nobody may create a tap.
//
// One thread, one poll(); every socket is non-blocking. Frames for a client go
// to its output queue, written as the socket takes them, so a slow client never
// stalls the loop. A client is dropped, with one log line naming its address
// and the reason, when its stream breaks the framing (zero length, shorter
// than an Ethernet header, over the jumbo maximum, cut at disconnect) or when
// its queue exceeds the bound (it does not read). Other clients are unaffected:
// their frames are never dropped or altered.
//
// Interface:
//   Netd(config)        opens the listening socket and the optional ports;
//                       ok() false and error() says why on failure
//   run(stop)           loops until *stop becomes nonzero (a signal)
//   listen_port()       the TCP port (config port 0 picks a free one)
#pragma once

#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include "core/net/net_hub.h"
#include "core/net/stream_framing.h"
#include "proxy/learning_switch.h"
#include "tools/cli/host_net.h"
#include "tools/cli/net_specs.h"

namespace bw::netd {

struct NetdConfig {
    std::string listen_host = "127.0.0.1";
    u16 listen_port = 5560;
    std::string tap;  // tap interface name; "" = no tap port
    bool user = false;
    cli::UserNetSpec user_spec;
    size_t queue_limit = 4u << 20;  // bytes queued for one client before it is dropped
    size_t max_clients = 256;
    u64 aging_ns = LearningSwitch::kDefaultAgingNs;
    size_t max_macs = LearningSwitch::kDefaultMaxEntries;
    bool verbose = false;  // log connects and disconnects too
};

class Netd {
  public:
    explicit Netd(const NetdConfig& config);
    ~Netd();
    Netd(const Netd&) = delete;
    Netd& operator=(const Netd&) = delete;

    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }
    u16 listen_port() const { return listen_port_; }

    void run(const volatile std::sig_atomic_t* stop);

  private:
    struct Client;
    struct HubPort;

    void accept_clients();
    void read_client(Client& c);
    void flush_client(Client& c);
    void drop_client(Client& c, const std::string& why);
    void remove_dead();
    // A frame that entered the switch on |from|: learn and deliver.
    void switch_frame(LearningSwitch::PortId from, const u8* frame, size_t len);
    void deliver(LearningSwitch::PortId to, const u8* frame, size_t len);

    NetdConfig config_;
    std::string error_;
    int listen_fd_ = -1;
    u16 listen_port_ = 0;
    LearningSwitch switch_;
    LearningSwitch::PortId next_id_ = 1;
    std::vector<std::unique_ptr<Client>> clients_;
    std::vector<std::unique_ptr<HubPort>> hub_ports_;
    std::vector<LearningSwitch::PortId> dest_;  // scratch for switch_frame
    u64 now_ns_ = 0;
};

}  // namespace bw::netd
