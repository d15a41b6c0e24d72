// Ethernet/IPv4/UDP framing helpers; see inet.h.
#include "core/net/inet.h"

#include <algorithm>
#include <cstring>

namespace bw::inet {

namespace {

// One's-complement sum of the UDP pseudo-header (RFC 768).
u32 pseudo_sum(u32 src, u32 dst, u8 proto, size_t len) {
    return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto + u32(len);
}

}  // namespace

u16 checksum(const u8* data, size_t len, u32 sum) {
    u64 s = sum;
    size_t i = 0;
    for (; i + 1 < len; i += 2) s += get16(data + i);
    if (i < len) s += u32(data[i]) << 8;
    while (s >> 16) s = (s & 0xffff) + (s >> 16);
    return u16(~s);
}

bool parse_ipv4(const u8* frame, size_t len, Ipv4Packet* out, const char** why) {
    if (len < kEthHeader + kIpv4Header) {
        *why = "IPv4 frame shorter than its headers";
        return false;
    }
    const u8* ip = frame + kEthHeader;
    size_t avail = len - kEthHeader;
    if (ip[0] >> 4 != 4) {
        *why = "not IP version 4";
        return false;
    }
    size_t ihl = size_t(ip[0] & 0xf) * 4;
    size_t total = get16(ip + 2);
    if (ihl < kIpv4Header || ihl > avail) {
        *why = "bad IPv4 header length";
        return false;
    }
    if (total < ihl || total > avail) {
        *why = "IPv4 total length past the frame";
        return false;
    }
    if (checksum(ip, ihl) != 0) {
        *why = "bad IPv4 header checksum";
        return false;
    }
    u16 frag = get16(ip + 6);
    if (frag & 0x3fff) {  // MF set or a non-zero offset
        *why = "IPv4 fragment";
        return false;
    }
    out->dst_mac = get_mac(frame);
    out->src_mac = get_mac(frame + 6);
    out->ttl = ip[8];
    out->proto = ip[9];
    out->src = get32(ip + 12);
    out->dst = get32(ip + 16);
    out->payload = ip + ihl;
    out->len = total - ihl;
    return true;
}

bool parse_udp(const Ipv4Packet& ip, UdpDatagram* out, const char** why) {
    if (ip.len < kUdpHeader) {
        *why = "UDP header truncated";
        return false;
    }
    const u8* u = ip.payload;
    size_t ulen = get16(u + 4);
    if (ulen < kUdpHeader || ulen > ip.len) {
        *why = "UDP length past the packet";
        return false;
    }
    if (get16(u + 6) != 0 && checksum(u, ulen, pseudo_sum(ip.src, ip.dst, kProtoUdp, ulen)) != 0) {
        *why = "bad UDP checksum";
        return false;
    }
    out->src_port = get16(u);
    out->dst_port = get16(u + 2);
    out->data = u + kUdpHeader;
    out->len = ulen - kUdpHeader;
    return true;
}

std::vector<u8> build_ipv4(const Mac& dst_mac, const Mac& src_mac, u32 src, u32 dst, u8 proto,
                           u16 id, const u8* payload, size_t len) {
    size_t total = kIpv4Header + len;
    std::vector<u8> f(std::max(kMinFrame, kEthHeader + total), 0);
    std::memcpy(f.data(), dst_mac.data(), 6);
    std::memcpy(f.data() + 6, src_mac.data(), 6);
    put16(f.data() + 12, kEtherTypeIpv4);
    u8* ip = f.data() + kEthHeader;
    ip[0] = 0x45;
    put16(ip + 2, u16(total));
    put16(ip + 4, id);
    ip[8] = 64;
    ip[9] = proto;
    put32(ip + 12, src);
    put32(ip + 16, dst);
    put16(ip + 10, checksum(ip, kIpv4Header));
    if (len) std::memcpy(ip + kIpv4Header, payload, len);
    return f;
}

std::vector<u8> build_udp(const Mac& dst_mac, const Mac& src_mac, u32 src, u16 src_port, u32 dst,
                          u16 dst_port, u16 id, const u8* data, size_t len) {
    std::vector<u8> udp(kUdpHeader + len);
    put16(udp.data(), src_port);
    put16(udp.data() + 2, dst_port);
    put16(udp.data() + 4, u16(udp.size()));
    if (len) std::memcpy(udp.data() + kUdpHeader, data, len);
    u16 sum = checksum(udp.data(), udp.size(), pseudo_sum(src, dst, kProtoUdp, udp.size()));
    put16(udp.data() + 6, sum ? sum : 0xffff);  // 0 means "no checksum"
    return build_ipv4(dst_mac, src_mac, src, dst, kProtoUdp, id, udp.data(), udp.size());
}

}  // namespace bw::inet
