// The builtin user network (core/net/builtin_net.h) through a fake guest NIC
// on a hub: exact ARP and ICMP replies, the DHCP exchange's fields, TFTP with
// and without options, block rollover, errors, and malformed frames.
#include "core/net/builtin_net.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace bw {
namespace {

using inet::get16;
using inet::get32;
using inet::ipv4;
using inet::Mac;
using Bytes = std::vector<u8>;

const Mac kGuestMac{0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
const u32 kGuestIp = ipv4(10, 0, 2, 15);

struct Guest : NetPort {
    std::vector<Bytes> got;
    void receive(const u8* f, size_t n) override { got.emplace_back(f, f + n); }
};

class BuiltinNetTest : public ::testing::Test {
  protected:
    Scheduler sched;
    NetHub hub;
    Guest guest;
    std::map<std::string, std::shared_ptr<const Bytes>> files;
    std::vector<std::string> asked;
    std::unique_ptr<BuiltinNet> net;

    void SetUp() override {
        hub.attach(&guest);
        make("");
    }
    void make(const std::string& bootfile) {
        net.reset();
        net = std::make_unique<BuiltinNet>(
            &hub, sched,
            BuiltinNet::Config{bootfile, [this](const std::string& name) {
                                   asked.push_back(name);
                                   auto it = files.find(name);
                                   if (it == files.end()) return TftpServer::File{};
                                   return TftpServer::File{TftpServer::Found::Yes, it->second};
                               }});
    }
    // Sends |f| from the guest and returns what came back once the reply timer ran.
    std::vector<Bytes> send(const Bytes& f) {
        guest.got.clear();
        hub.send(&guest, f.data(), f.size());
        EXPECT_TRUE(guest.got.empty()) << "reply from inside the sender's transmit";
        sched.run_due_timers();
        return guest.got;
    }
    Bytes udp(u32 dst, u16 sport, u16 dport, const Bytes& data,
              const Mac& dmac = BuiltinNet::kHostMac, u32 src = kGuestIp) {
        return inet::build_udp(dmac, kGuestMac, src, sport, dst, dport, 1, data.data(),
                               data.size());
    }
    // The UDP payload of a reply frame, checking its addresses.
    static Bytes payload(const Bytes& f, u16 sport, u16 dport) {
        inet::Ipv4Packet ip;
        inet::UdpDatagram u;
        const char* why = "";
        EXPECT_TRUE(inet::parse_ipv4(f.data(), f.size(), &ip, &why)) << why;
        EXPECT_TRUE(inet::parse_udp(ip, &u, &why)) << why;  // checksums verified here
        EXPECT_EQ(u.src_port, sport);
        EXPECT_EQ(u.dst_port, dport);
        return Bytes(u.data, u.data + u.len);
    }
};

Bytes arp_request(u32 target) {
    Bytes f{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x08,
            0x06, 0x00, 0x01, 0x08, 0x00, 6,    4,    0x00, 0x01, 0x52, 0x54, 0x00, 0x12,
            0x34, 0x56, 10,   0,    2,    15,   0,    0,    0,    0,    0,    0};
    f.push_back(u8(target >> 24));
    f.push_back(u8(target >> 16));
    f.push_back(u8(target >> 8));
    f.push_back(u8(target));
    f.resize(60, 0);
    return f;
}

TEST_F(BuiltinNetTest, ArpReplyForTheHost) {
    auto r = send(arp_request(ipv4(10, 0, 2, 2)));
    ASSERT_EQ(r.size(), 1u);
    Bytes want{0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02, 0x08, 0x06,
               0x00, 0x01, 0x08, 0x00, 6,    4,    0x00, 0x02, 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02,
               10,   0,    2,    2,    0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 10,   0,    2,    15};
    want.resize(60, 0);
    EXPECT_EQ(r[0], want);
    // The DNS address answers too; other addresses do not.
    EXPECT_EQ(send(arp_request(ipv4(10, 0, 2, 3))).size(), 1u);
    EXPECT_TRUE(send(arp_request(ipv4(10, 0, 2, 9))).empty());
    EXPECT_EQ(net->counters().dropped, 1u);
    EXPECT_EQ(net->counters().malformed, 0u);
}

TEST_F(BuiltinNetTest, IcmpEchoReply) {
    Bytes icmp{8, 0, 0, 0, 0x12, 0x34, 0x00, 0x01, 'p', 'i', 'n', 'g'};
    u16 sum = inet::checksum(icmp.data(), icmp.size());
    icmp[2] = u8(sum >> 8);
    icmp[3] = u8(sum);
    Bytes f = inet::build_ipv4(BuiltinNet::kHostMac, kGuestMac, kGuestIp, ipv4(10, 0, 2, 2),
                               inet::kProtoIcmp, 7, icmp.data(), icmp.size());
    auto r = send(f);
    ASSERT_EQ(r.size(), 1u);
    const Bytes& g = r[0];
    ASSERT_EQ(g.size(), 60u);
    EXPECT_EQ(Bytes(g.begin(), g.begin() + 14), (Bytes{0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x52,
                                                       0x55, 0x0a, 0x00, 0x02, 0x02, 0x08, 0x00}));
    EXPECT_EQ(get32(&g[26]), ipv4(10, 0, 2, 2));
    EXPECT_EQ(get32(&g[30]), kGuestIp);
    EXPECT_EQ(g[23], 1);
    EXPECT_EQ(inet::checksum(&g[14], 20), 0);
    // Type 0, code 0, checksum, then identifier, sequence and data echoed.
    Bytes body(g.begin() + 34, g.begin() + 34 + 12);
    EXPECT_EQ(body, (Bytes{0, 0, 0x0e, 0xfa, 0x12, 0x34, 0x00, 0x01, 'p', 'i', 'n', 'g'}));
    EXPECT_EQ(inet::checksum(body.data(), body.size()), 0);
}

Bytes dhcp_message(u8 type, u32 requested = 0, u32 server = 0) {
    Bytes m(240, 0);
    m[0] = 1;
    m[1] = 1;
    m[2] = 6;
    m[4] = 0xde, m[5] = 0xad, m[6] = 0xbe, m[7] = 0xef;  // xid
    for (int i = 0; i < 6; ++i) m[28 + i] = kGuestMac[i];
    m[236] = 99, m[237] = 130, m[238] = 83, m[239] = 99;
    m.insert(m.end(), {53, 1, type});
    if (requested) {
        m.insert(m.end(), {50, 4, u8(requested >> 24), u8(requested >> 16), u8(requested >> 8),
                           u8(requested)});
    }
    if (server) {
        m.insert(m.end(), {54, 4, u8(server >> 24), u8(server >> 16), u8(server >> 8), u8(server)});
    }
    m.push_back(255);
    return m;
}

// option code -> value, from a reply's option list.
std::map<u8, Bytes> options_of(const Bytes& m) {
    std::map<u8, Bytes> o;
    size_t i = 240;
    while (i < m.size() && m[i] != 255) {
        if (m[i] == 0) {
            ++i;
            continue;
        }
        o[m[i]] = Bytes(m.begin() + long(i) + 2, m.begin() + long(i) + 2 + m[i + 1]);
        i += 2 + m[i + 1];
    }
    EXPECT_LT(i, m.size()) << "no END option";
    return o;
}

TEST_F(BuiltinNetTest, DhcpDiscoverOfferRequestAck) {
    make("uImage");
    auto r = send(udp(inet::kBroadcastIp, 68, 67, dhcp_message(1), inet::kBroadcastMac, 0));
    ASSERT_EQ(r.size(), 1u);
    // To the broadcast MAC and address, from 10.0.2.2:67 to port 68.
    EXPECT_EQ(Bytes(r[0].begin(), r[0].begin() + 6), Bytes(6, 0xff));
    EXPECT_EQ(get32(&r[0][30]), inet::kBroadcastIp);
    EXPECT_EQ(get32(&r[0][26]), ipv4(10, 0, 2, 2));
    Bytes offer = payload(r[0], 67, 68);
    ASSERT_GE(offer.size(), 300u);
    EXPECT_EQ(offer[0], 2);  // BOOTREPLY
    EXPECT_EQ(get32(&offer[4]), 0xdeadbeefu);
    EXPECT_EQ(get32(&offer[16]), ipv4(10, 0, 2, 15));  // yiaddr
    EXPECT_EQ(get32(&offer[20]), ipv4(10, 0, 2, 2));   // siaddr: the TFTP server
    EXPECT_EQ(Bytes(offer.begin() + 28, offer.begin() + 34),
              Bytes(kGuestMac.begin(), kGuestMac.end()));
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(&offer[108])), "uImage");
    auto o = options_of(offer);
    EXPECT_EQ(o[53], Bytes{2});
    EXPECT_EQ(o[54], (Bytes{10, 0, 2, 2}));
    EXPECT_EQ(o[1], (Bytes{255, 255, 255, 0}));
    EXPECT_EQ(o[3], (Bytes{10, 0, 2, 2}));
    EXPECT_EQ(o[6], (Bytes{10, 0, 2, 3}));
    EXPECT_EQ(o[51], (Bytes{0, 1, 0x51, 0x80}));  // 86400 s
    EXPECT_EQ(o[67], (Bytes{'u', 'I', 'm', 'a', 'g', 'e'}));

    r = send(udp(inet::kBroadcastIp, 68, 67, dhcp_message(3, ipv4(10, 0, 2, 15), ipv4(10, 0, 2, 2)),
                 inet::kBroadcastMac, 0));
    ASSERT_EQ(r.size(), 1u);
    Bytes ack = payload(r[0], 67, 68);
    EXPECT_EQ(get32(&ack[16]), ipv4(10, 0, 2, 15));
    EXPECT_EQ(options_of(ack)[53], Bytes{5});
    EXPECT_EQ(net->dhcp().lease_of(kGuestMac), ipv4(10, 0, 2, 15));

    // Asking for an address that is not ours: NAK.
    r = send(udp(inet::kBroadcastIp, 68, 67, dhcp_message(3, ipv4(10, 0, 2, 99)),
                 inet::kBroadcastMac, 0));
    ASSERT_EQ(r.size(), 1u);
    Bytes nak = payload(r[0], 67, 68);
    EXPECT_EQ(get32(&nak[16]), 0u);
    EXPECT_EQ(options_of(nak)[53], Bytes{6});
}

TEST_F(BuiltinNetTest, DhcpSecondClientGetsNextAddressAndNoBootfileByDefault) {
    send(udp(inet::kBroadcastIp, 68, 67, dhcp_message(1), inet::kBroadcastMac, 0));
    Bytes m = dhcp_message(1);
    m[33] = 0x57;  // another MAC
    auto r = send(udp(inet::kBroadcastIp, 68, 67, m, inet::kBroadcastMac, 0));
    ASSERT_EQ(r.size(), 1u);
    Bytes offer = payload(r[0], 67, 68);
    EXPECT_EQ(get32(&offer[16]), ipv4(10, 0, 2, 16));
    EXPECT_EQ(offer[108], 0);
    EXPECT_EQ(options_of(offer).count(67), 0u);
}

Bytes rrq(const std::string& name, const std::vector<std::string>& opts = {}) {
    Bytes p{0, 1};
    auto add = [&](const std::string& s) {
        p.insert(p.end(), s.begin(), s.end());
        p.push_back(0);
    };
    add(name);
    add("octet");
    for (const auto& o : opts) add(o);
    return p;
}

Bytes ack(u16 block) { return Bytes{0, 4, u8(block >> 8), u8(block)}; }

TEST_F(BuiltinNetTest, TftpBlksizeNegotiationAndMultiBlockTransfer) {
    auto file = std::make_shared<Bytes>(3000);
    for (size_t i = 0; i < file->size(); ++i) (*file)[i] = u8(i * 7 + (i >> 8));
    files["uImage"] = file;
    // As U-Boot asks: timeout, tsize and a blksize larger than a frame holds.
    auto r = send(udp(ipv4(10, 0, 2, 2), 1234, 69,
                      rrq("uImage", {"timeout", "5", "tsize", "0", "blksize", "1468"})));
    ASSERT_EQ(r.size(), 1u);
    inet::Ipv4Packet ip;
    inet::UdpDatagram u;
    const char* why = "";
    ASSERT_TRUE(inet::parse_ipv4(r[0].data(), r[0].size(), &ip, &why));
    ASSERT_TRUE(inet::parse_udp(ip, &u, &why));
    u16 tid = u.src_port;
    EXPECT_NE(tid, 69);
    EXPECT_EQ(u.dst_port, 1234);
    Bytes oack = payload(r[0], tid, 1234);
    const char want[] =
        "\0\6blksize\0"
        "1468\0timeout\0"
        "5\0tsize\0"
        "3000";
    EXPECT_EQ(oack, Bytes(want, want + sizeof want));
    EXPECT_EQ(asked, std::vector<std::string>{"uImage"});

    Bytes got;
    u16 block = 0;
    for (;;) {
        r = send(udp(ipv4(10, 0, 2, 2), 1234, tid, ack(block)));
        if (r.empty()) break;  // the final ACK ends the transfer
        ASSERT_EQ(r.size(), 1u);
        Bytes d = payload(r[0], tid, 1234);
        ASSERT_GE(d.size(), 4u);
        EXPECT_EQ(get16(&d[0]), 3);
        EXPECT_EQ(get16(&d[2]), u16(block + 1));
        EXPECT_LE(d.size() - 4, 1468u);
        // A repeated ACK of the previous block gets the same block again.
        if (block == 1) {
            auto again = send(udp(ipv4(10, 0, 2, 2), 1234, tid, ack(block)));
            ASSERT_EQ(again.size(), 1u);
            EXPECT_EQ(payload(again[0], tid, 1234), payload(r[0], tid, 1234));
        }
        got.insert(got.end(), d.begin() + 4, d.end());
        ++block;
    }
    EXPECT_EQ(block, 3);  // 1468 + 1468 + 64
    EXPECT_EQ(got, *file);
    EXPECT_EQ(net->tftp().transfers_done(), 1u);
    EXPECT_EQ(net->tftp().bytes_sent(), 3000u);
}

TEST_F(BuiltinNetTest, TftpWithoutOptionsStartsWithBlockOneOf512) {
    files["f"] = std::make_shared<Bytes>(512, 0xab);  // exact multiple: an empty last block
    auto r = send(udp(ipv4(10, 0, 2, 2), 2000, 69, rrq("f")));
    ASSERT_EQ(r.size(), 1u);
    inet::Ipv4Packet ip;
    inet::UdpDatagram u;
    const char* why = "";
    ASSERT_TRUE(inet::parse_ipv4(r[0].data(), r[0].size(), &ip, &why));
    ASSERT_TRUE(inet::parse_udp(ip, &u, &why));
    ASSERT_EQ(u.len, 4u + 512);
    EXPECT_EQ(get16(u.data), 3);
    EXPECT_EQ(get16(u.data + 2), 1);
    u16 tid = u.src_port;
    r = send(udp(ipv4(10, 0, 2, 2), 2000, tid, ack(1)));
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(payload(r[0], tid, 2000), (Bytes{0, 3, 0, 2}));
    EXPECT_TRUE(send(udp(ipv4(10, 0, 2, 2), 2000, tid, ack(2))).empty());
    // The transfer is over: its port answers "unknown transfer ID".
    r = send(udp(ipv4(10, 0, 2, 2), 2000, tid, ack(2)));
    EXPECT_TRUE(r.empty());  // the port is no longer ours: dropped as not served
}

TEST_F(BuiltinNetTest, TftpBlockNumbersRollOver) {
    // 65537 blocks of 8 bytes and a short one: block numbers 65535, 0, 1, 2.
    constexpr size_t kBlocks = 65538;
    auto file = std::make_shared<Bytes>((kBlocks - 1) * 8 + 3);
    for (size_t i = 0; i < file->size(); ++i) (*file)[i] = u8(i / 8);
    files["big"] = file;
    auto r = send(udp(ipv4(10, 0, 2, 2), 3000, 69, rrq("big", {"blksize", "8"})));
    ASSERT_EQ(r.size(), 1u);
    inet::Ipv4Packet ip;
    inet::UdpDatagram u;
    const char* why = "";
    ASSERT_TRUE(inet::parse_ipv4(r[0].data(), r[0].size(), &ip, &why));
    ASSERT_TRUE(inet::parse_udp(ip, &u, &why));
    u16 tid = u.src_port;
    Bytes got;
    std::vector<u16> numbers;
    u16 block = 0;
    for (size_t n = 0; n < kBlocks; ++n) {
        r = send(udp(ipv4(10, 0, 2, 2), 3000, tid, ack(block)));
        ASSERT_EQ(r.size(), 1u) << "block " << n + 1;
        Bytes d = payload(r[0], tid, 3000);
        block = get16(&d[2]);
        if (n >= 65533) numbers.push_back(block);
        got.insert(got.end(), d.begin() + 4, d.end());
    }
    EXPECT_EQ(numbers, (std::vector<u16>{65534, 65535, 0, 1, 2}));
    EXPECT_EQ(got, *file);
    EXPECT_TRUE(send(udp(ipv4(10, 0, 2, 2), 3000, tid, ack(block))).empty());
    EXPECT_EQ(net->tftp().transfers_done(), 1u);
}

TEST_F(BuiltinNetTest, TftpMissingFileAndWriteRequest) {
    auto r = send(udp(ipv4(10, 0, 2, 2), 4000, 69, rrq("nope", {"blksize", "1468"})));
    ASSERT_EQ(r.size(), 1u);
    inet::Ipv4Packet ip;
    inet::UdpDatagram u;
    const char* why = "";
    ASSERT_TRUE(inet::parse_ipv4(r[0].data(), r[0].size(), &ip, &why));
    ASSERT_TRUE(inet::parse_udp(ip, &u, &why));
    const char nf[] = "\0\5\0\1File not found";
    EXPECT_EQ(Bytes(u.data, u.data + u.len), Bytes(nf, nf + sizeof nf));

    Bytes wrq = rrq("up");
    wrq[1] = 2;
    r = send(udp(ipv4(10, 0, 2, 2), 4001, 69, wrq));
    ASSERT_EQ(r.size(), 1u);
    Bytes e = payload(r[0], 69, 4001);
    EXPECT_EQ(get16(&e[0]), 5);
    EXPECT_EQ(get16(&e[2]), 2);
}

TEST_F(BuiltinNetTest, TftpPendingFileAnswersWhenReady) {
    bool ready = false;
    auto data = std::make_shared<Bytes>(10, 1);
    net = std::make_unique<BuiltinNet>(
        &hub, sched,
        BuiltinNet::Config{"", [&](const std::string&) {
                               if (!ready)
                                   return TftpServer::File{TftpServer::Found::Pending, nullptr};
                               return TftpServer::File{TftpServer::Found::Yes, data};
                           }});
    EXPECT_TRUE(send(udp(ipv4(10, 0, 2, 2), 5000, 69, rrq("late"))).empty());
    ready = true;
    guest.got.clear();
    net->file_ready("late");
    sched.run_due_timers();
    ASSERT_EQ(guest.got.size(), 1u);
    Bytes d = payload(guest.got[0], 49152, 5000);
    EXPECT_EQ(d.size(), 14u);
    EXPECT_EQ(get16(&d[2]), 1);
}

TEST_F(BuiltinNetTest, MalformedFramesAreDroppedWithinBounds) {
    make("x");
    files["f"] = std::make_shared<Bytes>(100);
    auto check_dropped = [&](Bytes f, const char* what) {
        u64 before = net->counters().malformed;
        // Copy into an exact-size buffer so a read past the end is a sanitizer error.
        auto exact = std::make_unique<u8[]>(f.size());
        std::copy(f.begin(), f.end(), exact.get());
        guest.got.clear();
        hub.send(&guest, exact.get(), f.size());
        sched.run_due_timers();
        EXPECT_TRUE(guest.got.empty()) << what;
        EXPECT_EQ(net->counters().malformed, before + 1) << what;
    };
    check_dropped(Bytes{0x52, 0x55, 0x0a}, "short Ethernet header");
    Bytes arp = arp_request(ipv4(10, 0, 2, 2));
    check_dropped(Bytes(arp.begin(), arp.begin() + 30), "truncated ARP");
    Bytes good = udp(ipv4(10, 0, 2, 2), 1, 69, rrq("f"));
    check_dropped(Bytes(good.begin(), good.begin() + 20), "truncated IPv4 header");
    Bytes f = good;
    f[14] = 0x4f;  // IHL 60 bytes: past the 20-byte header, and bad checksum
    check_dropped(f, "bad IHL");
    f = good;
    f[14] = 0x43;  // IHL 12 < 20
    check_dropped(f, "IHL below 5");
    f = good;
    f[16] = 0x7f;  // total length past the frame
    check_dropped(f, "total length");
    f = good;
    f[24] ^= 1;  // header checksum
    check_dropped(f, "IP checksum");
    f = good;
    f[38] = 0x7f;  // UDP length past the packet
    check_dropped(f, "UDP length");
    // DHCP with an option list that has no END and runs past the message.
    Bytes m = dhcp_message(1);
    m.back() = 12;  // a hostname option (12) in place of END, with no length byte
    check_dropped(udp(inet::kBroadcastIp, 68, 67, m, inet::kBroadcastMac, 0), "DHCP options");
    m = dhcp_message(1);
    m.pop_back();  // no END at all
    check_dropped(udp(inet::kBroadcastIp, 68, 67, m, inet::kBroadcastMac, 0), "DHCP no END");
    // A TFTP RRQ whose option list is not terminated.
    Bytes t = rrq("f");
    t.insert(t.end(), {'b', 'l', 'k'});
    u64 before = net->counters().dropped;
    EXPECT_TRUE(send(udp(ipv4(10, 0, 2, 2), 7, 69, t)).empty());
    EXPECT_EQ(net->counters().dropped, before + 1);
    t = Bytes{0, 1, 'f'};  // no NUL after the name
    EXPECT_TRUE(send(udp(ipv4(10, 0, 2, 2), 7, 69, t)).empty());
    // Nothing read past the frame: a valid request still works after all that.
    EXPECT_EQ(send(udp(ipv4(10, 0, 2, 2), 8, 69, rrq("f"))).size(), 1u);
}

}  // namespace
}  // namespace bw
