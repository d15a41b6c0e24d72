// Ethernet II, ARP, IPv4 and UDP framing for the core's own network services
// (builtin_net.h): reading a received frame without ever looking past its end,
// and building replies with correct checksums.
//
// Implemented: Ethernet II headers (no 802.1Q tags), IPv4 headers with options
// (skipped) and header checksum check, UDP with the pseudo-header checksum
// (checked when non-zero, always written). Fragments are not reassembled: a
// fragment is reported as such and its caller drops it.
// Frames built here are padded to the 60-byte Ethernet minimum (FCS excluded,
// as NetHub frames are).
#pragma once

#include <array>
#include <vector>

#include "core/common/types.h"

namespace bw::inet {

using Mac = std::array<u8, 6>;

constexpr size_t kEthHeader = 14;
constexpr size_t kMinFrame = 60;  // without the FCS
constexpr size_t kIpv4Header = 20;
constexpr size_t kUdpHeader = 8;
constexpr u16 kEtherTypeIpv4 = 0x0800;
constexpr u16 kEtherTypeArp = 0x0806;
constexpr u8 kProtoIcmp = 1;
constexpr u8 kProtoUdp = 17;
constexpr Mac kBroadcastMac{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
constexpr u32 kBroadcastIp = 0xffffffff;

// 10.0.2.2 -> 0x0a000202
constexpr u32 ipv4(u8 a, u8 b, u8 c, u8 d) { return u32(a) << 24 | u32(b) << 16 | u32(c) << 8 | d; }

inline u16 get16(const u8* p) { return u16(p[0] << 8 | p[1]); }
inline u32 get32(const u8* p) { return u32(p[0]) << 24 | u32(p[1]) << 16 | u32(p[2]) << 8 | p[3]; }
inline void put16(u8* p, u16 v) {
    p[0] = u8(v >> 8);
    p[1] = u8(v);
}
inline void put32(u8* p, u32 v) {
    put16(p, u16(v >> 16));
    put16(p + 2, u16(v));
}
inline Mac get_mac(const u8* p) { return {p[0], p[1], p[2], p[3], p[4], p[5]}; }

// The Internet checksum (RFC 1071) of |len| bytes, continuing the
// one's-complement sum |sum| (for pseudo-headers). Returns the complemented sum.
u16 checksum(const u8* data, size_t len, u32 sum = 0);

// A received IPv4 packet: points into the frame it was parsed from.
struct Ipv4Packet {
    Mac src_mac{}, dst_mac{};
    u32 src = 0, dst = 0;
    u8 proto = 0;
    u8 ttl = 0;
    const u8* payload = nullptr;  // after the header and its options
    size_t len = 0;               // payload bytes by the header's total length
};

struct UdpDatagram {
    u16 src_port = 0, dst_port = 0;
    const u8* data = nullptr;
    size_t len = 0;
};

// Parses the IPv4 packet in an Ethernet frame. False, with a short reason in
// |why|, for a frame too short for its headers, a bad version or header
// length, a total length past the frame, a bad header checksum, or a fragment.
bool parse_ipv4(const u8* frame, size_t len, Ipv4Packet* out, const char** why);
// The UDP datagram in |ip|: false for a short header, a UDP length past the
// packet or below 8, or a bad (non-zero) checksum.
bool parse_udp(const Ipv4Packet& ip, UdpDatagram* out, const char** why);

// An Ethernet frame holding an IPv4 packet (no options, DF clear, TTL 64).
std::vector<u8> build_ipv4(const Mac& dst_mac, const Mac& src_mac, u32 src, u32 dst, u8 proto,
                           u16 id, const u8* payload, size_t len);
// An Ethernet frame holding a UDP datagram, checksum filled in.
std::vector<u8> build_udp(const Mac& dst_mac, const Mac& src_mac, u32 src, u16 src_port, u32 dst,
                          u16 dst_port, u16 id, const u8* data, size_t len);

}  // namespace bw::inet
