// The builtin user-mode network; see builtin_net.h.
#include "core/net/builtin_net.h"

#include <cstring>

#include "core/common/log.h"

namespace bw {

namespace {

using inet::get16;
using inet::get32;
using inet::put16;

// ARP for IPv4 over Ethernet (RFC 826).
constexpr size_t kArpLen = 28;
constexpr u16 kArpRequest = 1, kArpReply = 2;
constexpr u8 kIcmpEchoReply = 0, kIcmpEchoRequest = 8;
// Frames waiting for the guest beyond this are dropped (the guest is not
// taking them; its own retransmission recovers).
constexpr size_t kMaxQueued = 64;

TftpServer::Lookup no_files() {
    return [](const std::string&) { return TftpServer::File{}; };
}

}  // namespace

BuiltinNet::BuiltinNet(NetHub* hub, Scheduler& scheduler, Config config)
    : hub_(hub),

      timer_(scheduler, [this] { flush(); }),
      dhcp_(DhcpServer::Config{.bootfile = config.bootfile}),
      tftp_(config.files ? std::move(config.files) : no_files(),
            [this](const TftpServer::Peer& to, u16 from_port, std::vector<u8> payload) {
                send_udp(to.mac, kHost, from_port, to.ip, to.port, payload);
            }) {
    if (hub_) hub_->attach(this);
}

BuiltinNet::~BuiltinNet() {
    if (hub_) hub_->detach(this);
}

void BuiltinNet::drop(const char* why, bool malformed) {
    ++counters_.dropped;
    if (malformed) {
        ++counters_.malformed;
        log_message(LogCategory::GuestError, "builtin net: dropped frame: %s\n", why);
    }
}

void BuiltinNet::queue(std::vector<u8> frame) {
    if (out_.size() >= kMaxQueued) {
        ++counters_.dropped;
        return;
    }
    out_.push_back(std::move(frame));
    if (!timer_.armed()) timer_.arm_in(0);
}

void BuiltinNet::flush() {
    // Frames sent while flushing (none today) would wait for the next timer.
    std::deque<std::vector<u8>> frames;
    frames.swap(out_);
    for (const std::vector<u8>& f : frames) {
        ++counters_.frames_to_guest;
        if (hub_) hub_->send(this, f.data(), f.size());
    }
}

void BuiltinNet::send_udp(const inet::Mac& mac, u32 src, u16 src_port, u32 dst, u16 dst_port,
                          const std::vector<u8>& payload) {
    queue(inet::build_udp(mac, kHostMac, src, src_port, dst, dst_port, ip_id_++, payload.data(),
                          payload.size()));
}

void BuiltinNet::receive(const u8* frame, size_t len) {
    ++counters_.frames_from_guest;
    if (len < inet::kEthHeader) return drop("shorter than an Ethernet header", true);
    inet::Mac dst = inet::get_mac(frame);
    if (dst != kHostMac && dst != inet::kBroadcastMac) return drop("not for us", false);
    u16 type = get16(frame + 12);
    if (type == inet::kEtherTypeArp) return on_arp(frame, len);
    if (type == inet::kEtherTypeIpv4) return on_ipv4(frame, len);
    drop("EtherType not served", false);
}

void BuiltinNet::on_arp(const u8* frame, size_t len) {
    if (len < inet::kEthHeader + kArpLen) return drop("ARP packet truncated", true);
    const u8* a = frame + inet::kEthHeader;
    if (get16(a) != 1 || get16(a + 2) != inet::kEtherTypeIpv4 || a[4] != 6 || a[5] != 4) {
        return drop("ARP for another hardware or protocol", true);
    }
    u32 target = get32(a + 24);
    if (get16(a + 6) != kArpRequest || (target != kHost && target != kDns)) {
        return drop("ARP not asking for us", false);
    }
    std::vector<u8> r(inet::kMinFrame, 0);
    std::memcpy(r.data(), a + 8, 6);  // to the asker's hardware address
    std::memcpy(r.data() + 6, kHostMac.data(), 6);
    put16(r.data() + 12, inet::kEtherTypeArp);
    u8* p = r.data() + inet::kEthHeader;
    std::memcpy(p, a, 6);  // hardware/protocol types and sizes as asked
    put16(p + 6, kArpReply);
    std::memcpy(p + 8, kHostMac.data(), 6);
    std::memcpy(p + 14, a + 24, 4);  // sender: the address asked for
    std::memcpy(p + 18, a + 8, 10);  // target: the asker's MAC and IP
    queue(std::move(r));
}

void BuiltinNet::on_ipv4(const u8* frame, size_t len) {
    inet::Ipv4Packet ip;
    const char* why = "";
    if (!inet::parse_ipv4(frame, len, &ip, &why)) return drop(why, true);
    if (ip.proto == inet::kProtoIcmp && (ip.dst == kHost || ip.dst == kDns)) {
        if (ip.len < 8) return drop("ICMP header truncated", true);
        if (inet::checksum(ip.payload, ip.len) != 0) return drop("bad ICMP checksum", true);
        if (ip.payload[0] != kIcmpEchoRequest) return drop("ICMP type not served", false);
        std::vector<u8> reply(ip.payload, ip.payload + ip.len);
        reply[0] = kIcmpEchoReply;
        put16(&reply[2], 0);
        put16(&reply[2], inet::checksum(reply.data(), reply.size()));
        queue(inet::build_ipv4(ip.src_mac, kHostMac, ip.dst, ip.src, inet::kProtoIcmp, ip_id_++,
                               reply.data(), reply.size()));
        return;
    }
    if (ip.proto != inet::kProtoUdp) return drop("IP protocol not served", false);
    inet::UdpDatagram udp;
    if (!inet::parse_udp(ip, &udp, &why)) return drop(why, true);
    if (udp.dst_port == DhcpServer::kServerPort &&
        (ip.dst == inet::kBroadcastIp || ip.dst == kHost)) {
        bool malformed = false;
        std::vector<u8> reply = dhcp_.handle(udp.data, udp.len, &why, &malformed);
        if (reply.empty()) return drop(why, malformed);
        queue(inet::build_udp(inet::kBroadcastMac, kHostMac, kHost, DhcpServer::kServerPort,
                              inet::kBroadcastIp, DhcpServer::kClientPort, ip_id_++, reply.data(),
                              reply.size()));
        return;
    }
    if (ip.dst == kHost && tftp_.owns_port(udp.dst_port)) {
        TftpServer::Peer from{ip.src_mac, ip.src, udp.src_port};
        if (!tftp_.handle(from, udp.dst_port, udp.data, udp.len, &why)) drop(why, false);
        return;
    }
    drop("UDP port not served", false);
}

}  // namespace bw
