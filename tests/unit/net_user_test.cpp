// UserNet (libslirp) seen from a fake guest on a NetHub: ARP, DHCP, TFTP with
// frames built here byte by byte, and the errors a user can cause.
#ifdef BW_HAVE_SLIRP

#include "tools/cli/net_user.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace bw::cli {
namespace {

using Bytes = std::vector<u8>;

constexpr u8 kGuestMac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
constexpr u8 kGuestIp[4] = {10, 0, 2, 15};
constexpr u8 kHostIp[4] = {10, 0, 2, 2};

void put16(Bytes& b, u16 v) {
    b.push_back(u8(v >> 8));
    b.push_back(u8(v));
}
void put_bytes(Bytes& b, const u8* p, size_t n) { b.insert(b.end(), p, p + n); }
u16 get16(const Bytes& b, size_t off) { return u16(b.at(off) << 8 | b.at(off + 1)); }

// The Internet checksum of a header.
u16 ip_checksum(const u8* p, size_t n) {
    u32 sum = 0;
    for (size_t i = 0; i + 1 < n; i += 2) sum += u32(p[i] << 8 | p[i + 1]);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return u16(~sum);
}

Bytes ethernet(const u8* dst, u16 type) {
    Bytes f;
    put_bytes(f, dst, 6);
    put_bytes(f, kGuestMac, 6);
    put16(f, type);
    return f;
}

// Ethernet + IPv4 + UDP (checksum 0: none, allowed for UDP over IPv4).
Bytes udp_frame(const u8* dst_mac, const u8* src_ip, const u8* dst_ip, u16 sport, u16 dport,
                const Bytes& payload) {
    Bytes f = ethernet(dst_mac, 0x0800);
    size_t ip = f.size();
    f.push_back(0x45);  // version 4, 5 words
    f.push_back(0);
    put16(f, u16(20 + 8 + payload.size()));
    put16(f, 0x1234);  // identification
    put16(f, 0);       // no fragments
    f.push_back(64);   // TTL
    f.push_back(17);   // UDP
    put16(f, 0);       // checksum, below
    put_bytes(f, src_ip, 4);
    put_bytes(f, dst_ip, 4);
    u16 sum = ip_checksum(&f[ip], 20);
    f[ip + 10] = u8(sum >> 8);
    f[ip + 11] = u8(sum);
    put16(f, sport);
    put16(f, dport);
    put16(f, u16(8 + payload.size()));
    put16(f, 0);
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

// The guest end of the hub: keeps every frame and answers ARP for 10.0.2.15
// as a guest's stack would (slirp asks before sending to a new address).
class FakeGuest : public NetPort {
  public:
    explicit FakeGuest(NetHub* hub) : hub_(hub) { hub->attach(this); }
    ~FakeGuest() override { hub_->detach(this); }

    void receive(const u8* frame, size_t len) override {
        Bytes f(frame, frame + len);
        if (len >= 42 && get16(f, 12) == 0x0806 && get16(f, 20) == 1 &&
            std::memcmp(&f[38], kGuestIp, 4) == 0) {
            Bytes r = ethernet(&f[6], 0x0806);
            put16(r, 1);
            put16(r, 0x0800);
            r.push_back(6);
            r.push_back(4);
            put16(r, 2);  // reply
            put_bytes(r, kGuestMac, 6);
            put_bytes(r, kGuestIp, 4);
            put_bytes(r, &f[22], 10);  // the asker's MAC and IP
            r.resize(60);
            send(r);
            return;
        }
        frames.push_back(std::move(f));
    }
    void send(const Bytes& f) { hub_->send(this, f.data(), f.size()); }

    std::vector<Bytes> frames;

  private:
    NetHub* hub_;
};

// Runs slirp's polls and timers as the main loop does, for at most ~200 ms of
// host time, until |done| holds.
template <typename Done>
bool pump(UserNet& net, Done done) {
    for (int i = 0; i < 200; ++i) {
        if (done()) return true;
        std::vector<pollfd> fds;
        net.fill_pollfds(fds);
        poll(fds.data(), nfds_t(fds.size()), 1);
        net.handle_poll(fds);
        net.run_timers();
    }
    return done();
}

// The first received IPv4/UDP frame to |port|, or nullptr.
const Bytes* find_udp(const std::vector<Bytes>& frames, u16 port) {
    for (const Bytes& f : frames) {
        if (f.size() >= 42 && get16(f, 12) == 0x0800 && f[23] == 17 && get16(f, 36) == port) {
            return &f;
        }
    }
    return nullptr;
}

TEST(NetUserTest, AnswersArpForTheHost) {
    NetHub hub;
    std::string err;
    UserNet net(&hub, UserNetSpec{}, &err);
    ASSERT_TRUE(net.ok()) << err;
    FakeGuest guest(&hub);
    EXPECT_EQ(hub.port_count(), 2u);

    const u8 broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    Bytes a = ethernet(broadcast, 0x0806);
    put16(a, 1);       // Ethernet
    put16(a, 0x0800);  // IPv4
    a.push_back(6);
    a.push_back(4);
    put16(a, 1);  // request
    put_bytes(a, kGuestMac, 6);
    put_bytes(a, kGuestIp, 4);
    a.insert(a.end(), 6, 0);
    put_bytes(a, kHostIp, 4);
    a.resize(60);
    guest.send(a);
    ASSERT_TRUE(pump(net, [&] { return !guest.frames.empty(); }));

    const Bytes& r = guest.frames[0];
    ASSERT_GE(r.size(), 42u);
    // Slirp's host MAC is 52:55 followed by the IP address.
    const u8 host_mac[6] = {0x52, 0x55, 10, 0, 2, 2};
    EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(kGuestMac, kGuestMac + 6));
    EXPECT_EQ(Bytes(r.begin() + 6, r.begin() + 12), Bytes(host_mac, host_mac + 6));
    EXPECT_EQ(get16(r, 12), 0x0806);
    EXPECT_EQ(get16(r, 20), 2);  // reply
    EXPECT_EQ(Bytes(r.begin() + 22, r.begin() + 28), Bytes(host_mac, host_mac + 6));
    EXPECT_EQ(Bytes(r.begin() + 28, r.begin() + 32), Bytes(kHostIp, kHostIp + 4));
    EXPECT_EQ(Bytes(r.begin() + 32, r.begin() + 38), Bytes(kGuestMac, kGuestMac + 6));
    EXPECT_EQ(Bytes(r.begin() + 38, r.begin() + 42), Bytes(kGuestIp, kGuestIp + 4));
    EXPECT_EQ(net.frames_in(), 1u);
    EXPECT_EQ(net.frames_out(), 1u);
}

TEST(NetUserTest, DhcpDiscoverGetsAnOffer) {
    NetHub hub;
    std::string err;
    UserNetSpec spec;
    spec.bootfile = "uImage";
    UserNet net(&hub, spec, &err);
    ASSERT_TRUE(net.ok()) << err;
    FakeGuest guest(&hub);

    // BOOTP (RFC 951) with DHCP options (RFC 2132): DISCOVER.
    Bytes b;
    b.push_back(1);  // op BOOTREQUEST
    b.push_back(1);  // htype Ethernet
    b.push_back(6);  // hlen
    b.push_back(0);  // hops
    put16(b, 0xcafe);
    put16(b, 0xf00d);          // xid
    put16(b, 0);               // secs
    put16(b, 0);               // flags
    b.insert(b.end(), 16, 0);  // ciaddr, yiaddr, siaddr, giaddr
    put_bytes(b, kGuestMac, 6);
    b.insert(b.end(), 10 + 64 + 128, 0);                    // chaddr padding, sname, file
    const u8 options[] = {99, 130, 83, 99, 53, 1, 1, 255};  // magic, DHCPDISCOVER, end
    put_bytes(b, options, sizeof(options));
    b.resize(548);  // the classic 576-byte datagram
    const u8 zero_ip[4] = {0, 0, 0, 0}, all_ip[4] = {255, 255, 255, 255};
    const u8 broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    guest.send(udp_frame(broadcast, zero_ip, all_ip, 68, 67, b));
    ASSERT_TRUE(pump(net, [&] { return find_udp(guest.frames, 68) != nullptr; }));

    const Bytes& r = *find_udp(guest.frames, 68);
    // Slirp broadcasts its DHCP replies (the client has no address yet).
    EXPECT_EQ(Bytes(r.begin(), r.begin() + 6), Bytes(broadcast, broadcast + 6));
    EXPECT_EQ(Bytes(r.begin() + 26, r.begin() + 30), Bytes(kHostIp, kHostIp + 4));  // IP source
    EXPECT_EQ(Bytes(r.begin() + 30, r.begin() + 34), Bytes(all_ip, all_ip + 4));
    EXPECT_EQ(get16(r, 34), 67);  // from server
    const size_t bootp = 42;
    ASSERT_GE(r.size(), bootp + 240);
    EXPECT_EQ(r[bootp], 2);  // BOOTREPLY
    EXPECT_EQ(get16(r, bootp + 4), 0xcafe);
    EXPECT_EQ(get16(r, bootp + 6), 0xf00d);
    EXPECT_EQ(Bytes(r.begin() + bootp + 16, r.begin() + bootp + 20), Bytes(kGuestIp, kGuestIp + 4));
    EXPECT_EQ(Bytes(r.begin() + bootp + 28, r.begin() + bootp + 34),
              Bytes(kGuestMac, kGuestMac + 6));
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(&r[bootp + 108])), "uImage");
    // Options: message type OFFER, server identifier 10.0.2.2.
    int type = -1;
    Bytes server;
    for (size_t i = bootp + 240; i < r.size() && r[i] != 255;) {
        if (r[i] == 0) {
            ++i;
            continue;
        }
        ASSERT_LT(i + 1, r.size());
        u8 code = r[i], len = r[i + 1];
        ASSERT_LE(i + 2 + len, r.size());
        if (code == 53 && len == 1) type = r[i + 2];
        if (code == 54 && len == 4) server.assign(r.begin() + long(i) + 2, r.begin() + long(i) + 6);
        i += 2 + len;
    }
    EXPECT_EQ(type, 2);  // DHCPOFFER
    EXPECT_EQ(server, Bytes(kHostIp, kHostIp + 4));
}

TEST(NetUserTest, TftpServesTheFileFromTheTftpDirectory) {
    char dir_template[] = "/tmp/bw_tftp_XXXXXX";
    ASSERT_NE(mkdtemp(dir_template), nullptr);
    std::string dir = dir_template;
    std::string path = dir + "/uImage";
    Bytes content(700);
    for (size_t i = 0; i < content.size(); ++i) content[i] = u8(i * 7 + 3);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(std::fwrite(content.data(), 1, content.size(), f), content.size());
    std::fclose(f);

    NetHub hub;
    std::string err;
    UserNetSpec spec;
    spec.tftp = dir;
    UserNet net(&hub, spec, &err);
    ASSERT_TRUE(net.ok()) << err;
    FakeGuest guest(&hub);

    const u8 host_mac[6] = {0x52, 0x55, 10, 0, 2, 2};
    Bytes rrq;
    put16(rrq, 1);  // RRQ
    for (const char* s : {"uImage", "octet"}) rrq.insert(rrq.end(), s, s + std::strlen(s) + 1);
    guest.send(udp_frame(host_mac, kGuestIp, kHostIp, 1234, 69, rrq));
    ASSERT_TRUE(pump(net, [&] { return find_udp(guest.frames, 1234) != nullptr; }));

    // DATA block 1: the first 512 bytes, from the server's port 69 (slirp's choice).
    Bytes d = *find_udp(guest.frames, 1234);
    EXPECT_EQ(Bytes(d.begin() + 26, d.begin() + 30), Bytes(kHostIp, kHostIp + 4));
    u16 server_port = get16(d, 34);
    ASSERT_EQ(d.size(), 42u + 4 + 512);
    EXPECT_EQ(get16(d, 42), 3);  // DATA
    EXPECT_EQ(get16(d, 44), 1);
    EXPECT_EQ(Bytes(d.begin() + 46, d.end()), Bytes(content.begin(), content.begin() + 512));

    // ACK 1 brings block 2, the last 188 bytes.
    guest.frames.clear();
    Bytes ack;
    put16(ack, 4);
    put16(ack, 1);
    guest.send(udp_frame(host_mac, kGuestIp, kHostIp, 1234, server_port, ack));
    ASSERT_TRUE(pump(net, [&] { return find_udp(guest.frames, 1234) != nullptr; }));
    d = *find_udp(guest.frames, 1234);
    ASSERT_EQ(d.size(), 42u + 4 + 188);
    EXPECT_EQ(get16(d, 42), 3);
    EXPECT_EQ(get16(d, 44), 2);
    EXPECT_EQ(Bytes(d.begin() + 46, d.end()), Bytes(content.begin() + 512, content.end()));

    std::remove(path.c_str());
    rmdir(dir.c_str());
}

// A free TCP port on 127.0.0.1 (the kernel's pick, released again).
u16 free_port() {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(s, reinterpret_cast<sockaddr*>(&sa), sizeof(sa));
    socklen_t sl = sizeof(sa);
    getsockname(s, reinterpret_cast<sockaddr*>(&sa), &sl);
    close(s);
    return ntohs(sa.sin_port);
}

TEST(NetUserTest, HostfwdTurnsAHostConnectionIntoAGuestSyn) {
    NetHub hub;
    std::string err;
    UserNetSpec spec;
    HostFwd h;
    h.host_addr = "127.0.0.1";
    h.host_port = free_port();
    h.guest_port = 22;
    spec.hostfwd.push_back(h);
    UserNet net(&hub, spec, &err);
    ASSERT_TRUE(net.ok()) << err;
    FakeGuest guest(&hub);

    // The host connects; slirp accepts on its listening socket when polled
    // and opens the guest side with a SYN to 10.0.2.15:22.
    int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ASSERT_GE(c, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons(h.host_port);
    connect(c, reinterpret_cast<sockaddr*>(&sa), sizeof(sa));
    auto syn = [&]() -> const Bytes* {
        for (const Bytes& f : guest.frames) {
            if (f.size() >= 54 && get16(f, 12) == 0x0800 && f[23] == 6 && get16(f, 36) == 22 &&
                (f[47] & 0x12) == 0x02) {
                return &f;
            }
        }
        return nullptr;
    };
    ASSERT_TRUE(pump(net, [&] { return syn() != nullptr; }));
    const Bytes& f = *syn();
    EXPECT_EQ(Bytes(f.begin(), f.begin() + 6), Bytes(kGuestMac, kGuestMac + 6));
    EXPECT_EQ(Bytes(f.begin() + 30, f.begin() + 34), Bytes(kGuestIp, kGuestIp + 4));
    close(c);
}

TEST(NetUserTest, UserErrorsAreOneLine) {
    NetHub hub;
    std::string err;
    UserNetSpec spec;
    spec.id = "n0";
    spec.tftp = "/nonexistent/bw_tftp";
    UserNet a(&hub, spec, &err);
    EXPECT_FALSE(a.ok());
    EXPECT_EQ(err, "-netdev user,id=n0: tftp=/nonexistent/bw_tftp is not a directory");
    EXPECT_EQ(hub.port_count(), 0u);

    // A forward onto a port that is already listening fails with its port named.
    int s = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(s, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(s, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)), 0);
    ASSERT_EQ(listen(s, 1), 0);
    socklen_t sl = sizeof(sa);
    ASSERT_EQ(getsockname(s, reinterpret_cast<sockaddr*>(&sa), &sl), 0);
    u16 port = ntohs(sa.sin_port);
    UserNetSpec fwd;
    HostFwd h;
    h.host_addr = "127.0.0.1";
    h.host_port = port;
    h.guest_port = 22;
    fwd.hostfwd.push_back(h);
    UserNet b(&hub, fwd, &err);
    EXPECT_FALSE(b.ok());
    EXPECT_EQ(err, "-net user: could not set up hostfwd tcp port " + std::to_string(port) +
                       " (port in use?)");
    close(s);

    // Port 0 lets the host pick a free one.
    fwd.hostfwd[0].host_port = 0;
    UserNet c(&hub, fwd, &err);
    EXPECT_TRUE(c.ok()) << err;
    EXPECT_EQ(hub.port_count(), 1u);
}

}  // namespace
}  // namespace bw::cli

#endif  // BW_HAVE_SLIRP
