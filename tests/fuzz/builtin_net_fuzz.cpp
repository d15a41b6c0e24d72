// The builtin user network (core/net/builtin_net.cpp with inet.cpp,
// dhcp_server.cpp, tftp_server.cpp) as a hostile guest sees it: raw frames,
// and well-formed UDP and ICMP packets (checksums right, so the fuzzer gets
// past them) with fuzz payloads to the DHCP port, the TFTP port and the ports
// of transfers under way; a file that arrives late; timers.
//
// Properties: every reply leaves as a frame of at least 60 bytes whose IPv4
// and UDP headers parse with correct checksums.
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "core/net/builtin_net.h"
#include "tests/fuzz/fuzz_machine.h"

using namespace bw;

namespace {

const inet::Mac kGuestMac{0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

struct Guest : NetPort {
    std::vector<u16> ports{DhcpServer::kServerPort, TftpServer::kPort};  // seen as sources
    void receive(const u8* f, size_t n) override {
        if (n < inet::kMinFrame) fail("reply shorter than 60 bytes");
        if (inet::get16(f + 12) != inet::kEtherTypeIpv4) return;  // ARP
        inet::Ipv4Packet ip;
        const char* why = "";
        if (!inet::parse_ipv4(f, n, &ip, &why)) fail(why);
        if (ip.proto != inet::kProtoUdp) return;
        inet::UdpDatagram udp;
        if (!inet::parse_udp(ip, &udp, &why)) fail(why);
        if (ports.size() < 16) ports.push_back(udp.src_port);
    }
    [[noreturn]] static void fail(const char* why) {
        std::fprintf(stderr, "fuzz: bad reply from the builtin network: %s\n", why);
        std::abort();
    }
};

// A raw frame whose IPv4 header checksum is made right (and the UDP checksum
// zero, meaning none) if it is long enough to hold them.
void fix_checksums(std::vector<u8>& f) {
    if (f.size() < inet::kEthHeader + inet::kIpv4Header) return;
    if (inet::get16(&f[12]) != inet::kEtherTypeIpv4) return;
    u8* ip = &f[inet::kEthHeader];
    size_t ihl = size_t(ip[0] & 15) * 4;
    if (ihl < inet::kIpv4Header || inet::kEthHeader + ihl > f.size()) return;
    inet::put16(ip + 10, 0);
    inet::put16(ip + 10, inet::checksum(ip, ihl));
    if (ip[9] == inet::kProtoUdp && inet::kEthHeader + ihl + 8 <= f.size()) {
        inet::put16(ip + ihl + 6, 0);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    fuzz::quiet_logs();
    FuzzedDataProvider in(data, size);
    Scheduler sched;
    NetHub hub;
    Guest guest;
    hub.attach(&guest);
    auto boot = std::make_shared<const std::vector<u8>>(
        in.ConsumeBytes<u8>(in.ConsumeIntegralInRange(0, 5000)));
    bool late_ready = false;
    BuiltinNet::Config config;
    config.bootfile = "boot";
    config.files = [&](const std::string& name) {
        if (name == "boot") return TftpServer::File{TftpServer::Found::Yes, boot};
        if (name == "late") {
            if (!late_ready) return TftpServer::File{TftpServer::Found::Pending, nullptr};
            return TftpServer::File{TftpServer::Found::Yes, boot};
        }
        return TftpServer::File{};
    };
    BuiltinNet net(&hub, sched, config);
    while (in.remaining_bytes()) {
        switch (in.ConsumeIntegralInRange(0, 5)) {
            case 0: {  // a raw frame
                std::vector<u8> f = in.ConsumeBytes<u8>(in.ConsumeIntegralInRange(0, 1600));
                if (in.ConsumeBool()) fix_checksums(f);
                hub.send(&guest, f.data(), f.size());
                break;
            }
            case 1: {  // UDP to a port the server has used, or any port
                u16 port =
                    in.ConsumeBool()
                        ? guest.ports[in.ConsumeIntegralInRange<size_t>(0, guest.ports.size() - 1)]
                        : in.ConsumeIntegral<u16>();
                u16 src = in.ConsumeBool() ? DhcpServer::kClientPort : in.ConsumeIntegral<u16>();
                u32 dst = in.ConsumeBool() ? BuiltinNet::kHost : inet::kBroadcastIp;
                u32 from = in.ConsumeBool() ? 0 : inet::ipv4(10, 0, 2, 15);
                std::vector<u8> payload = in.ConsumeBytes<u8>(in.ConsumeIntegralInRange(0, 1500));
                std::vector<u8> f = inet::build_udp(
                    in.ConsumeBool() ? BuiltinNet::kHostMac : inet::kBroadcastMac, kGuestMac, from,
                    src, dst, port, 1, payload.data(), payload.size());
                hub.send(&guest, f.data(), f.size());
                break;
            }
            case 2: {  // ICMP with a correct checksum
                std::vector<u8> icmp = in.ConsumeBytes<u8>(in.ConsumeIntegralInRange(0, 1500));
                if (icmp.size() >= 4) {
                    inet::put16(&icmp[2], 0);
                    inet::put16(&icmp[2], inet::checksum(icmp.data(), icmp.size()));
                }
                u32 dst = in.ConsumeBool() ? BuiltinNet::kHost : BuiltinNet::kDns;
                std::vector<u8> f =
                    inet::build_ipv4(BuiltinNet::kHostMac, kGuestMac, inet::ipv4(10, 0, 2, 15), dst,
                                     inet::kProtoIcmp, 2, icmp.data(), icmp.size());
                hub.send(&guest, f.data(), f.size());
                break;
            }
            case 3: sched.run_due_timers(); break;
            case 4:
                late_ready = true;
                net.file_ready("late");
                break;
            case 5: net.file_ready(in.ConsumeRandomLengthString(16)); break;
        }
    }
    sched.run_due_timers();
    hub.detach(&guest);
    return 0;
}
