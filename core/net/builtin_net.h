// A user-mode network with no host behind it: the services of QEMU's user
// network (libslirp) that a boot loader needs, built into the core so that a
// browser tab can netboot with nothing else running.
//
// A NetPort that plays the host 10.0.2.2 (gateway, DHCP and TFTP server) and
// the DNS address 10.0.2.3, with slirp's MAC 52:55:0a:00:02:02, on QEMU's
// 10.0.2.0/24 with guests from 10.0.2.15.
// Implemented: ARP replies for 10.0.2.2 and 10.0.2.3; ICMP echo replies for
// both; DHCP/BOOTP (dhcp_server.h); TFTP read requests (tftp_server.h) from a
// file lookup the front end supplies. Replies are queued and handed to the hub
// by a timer on the machine's scheduler at the current virtual time (never
// from inside the sender's transmit path).
// Not implemented: TCP, DNS answers, NAT to anything outside (the page has no
// sockets; other back ends reach the outside world), IP fragments. Every
// other frame is dropped and counted; malformed ones are logged as guest
// errors and never read past their end.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "core/common/types.h"
#include "core/net/dhcp_server.h"
#include "core/net/inet.h"
#include "core/net/net_hub.h"
#include "core/net/tftp_server.h"
#include "core/sched/scheduler.h"

namespace bw {

class BuiltinNet : public NetPort {
  public:
    static constexpr inet::Mac kHostMac{0x52, 0x55, 0x0a, 0x00, 0x02, 0x02};
    static constexpr u32 kHost = inet::ipv4(10, 0, 2, 2);
    static constexpr u32 kDns = inet::ipv4(10, 0, 2, 3);

    struct Config {
        std::string bootfile;      // DHCP boot file name (QEMU's bootfile=)
        TftpServer::Lookup files;  // TFTP files (null: every request is "not found")
    };
    struct Counters {
        u64 frames_from_guest = 0;  // every frame the hub offered us
        u64 frames_to_guest = 0;
        u64 dropped = 0;  // not for us, not served, or malformed
        u64 malformed = 0;
    };

    // Attaches to |hub| (may be null: nothing to serve); detaches when destroyed.
    BuiltinNet(NetHub* hub, Scheduler& scheduler, Config config);
    ~BuiltinNet() override;
    BuiltinNet(const BuiltinNet&) = delete;
    BuiltinNet& operator=(const BuiltinNet&) = delete;

    void receive(const u8* frame, size_t len) override;
    // A file the TFTP lookup reported pending is there now (or known missing).
    void file_ready(const std::string& name) { tftp_.file_ready(name); }

    const Counters& counters() const { return counters_; }
    const TftpServer& tftp() const { return tftp_; }
    const DhcpServer& dhcp() const { return dhcp_; }

  private:
    void on_arp(const u8* frame, size_t len);
    void on_ipv4(const u8* frame, size_t len);
    void drop(const char* why, bool malformed);
    void send_udp(const inet::Mac& mac, u32 src, u16 src_port, u32 dst, u16 dst_port,
                  const std::vector<u8>& payload);
    void queue(std::vector<u8> frame);
    void flush();

    NetHub* hub_;
    Timer timer_;
    DhcpServer dhcp_;
    TftpServer tftp_;
    std::deque<std::vector<u8>> out_;
    Counters counters_;
    u16 ip_id_ = 0;
};

}  // namespace bw
