// DHCP/BOOTP server; see dhcp_server.h.
#include "core/net/dhcp_server.h"

#include <cstring>

namespace bw {

namespace {

using inet::get16;
using inet::get32;
using inet::put32;

// BOOTP message layout (RFC 951): fixed 236 bytes, then the DHCP magic cookie.
constexpr size_t kOp = 0, kHtype = 1, kHlen = 2, kXid = 4, kFlags = 10, kCiaddr = 12, kYiaddr = 16,
                 kSiaddr = 20, kGiaddr = 24, kChaddr = 28, kFile = 108, kFixed = 236,
                 kOptions = 240;
constexpr size_t kFileLen = 128;
constexpr size_t kMinReply = 300;  // BOOTP's minimum message, which some clients insist on
constexpr u8 kBootRequest = 1, kBootReply = 2;
constexpr u8 kMagic[4] = {99, 130, 83, 99};

enum : u8 {
    OPT_PAD = 0,
    OPT_SUBNET = 1,
    OPT_ROUTER = 3,
    OPT_DNS = 6,
    OPT_REQUESTED_IP = 50,
    OPT_LEASE = 51,
    OPT_MSG_TYPE = 53,
    OPT_SERVER_ID = 54,
    OPT_BOOTFILE = 67,
    OPT_END = 255,
};
enum : u8 {
    DHCPDISCOVER = 1,
    DHCPOFFER = 2,
    DHCPREQUEST = 3,
    DHCPDECLINE = 4,
    DHCPACK = 5,
    DHCPNAK = 6,
    DHCPRELEASE = 7,
    DHCPINFORM = 8,
};

struct Options {
    int msg_type = -1;  // -1: plain BOOTP
    u32 requested_ip = 0;
    u32 server_id = 0;
};

// Reads the option list at |p|..|end|. False if an option runs past the end
// or the list has no END option.
bool parse_options(const u8* p, const u8* end, Options* o) {
    while (p < end) {
        u8 code = *p++;
        if (code == OPT_PAD) continue;
        if (code == OPT_END) return true;
        if (p >= end) return false;
        size_t n = *p++;
        if (n > size_t(end - p)) return false;
        if (code == OPT_MSG_TYPE && n == 1) o->msg_type = p[0];
        if (code == OPT_REQUESTED_IP && n == 4) o->requested_ip = get32(p);
        if (code == OPT_SERVER_ID && n == 4) o->server_id = get32(p);
        p += n;
    }
    return false;
}

void add_u32(std::vector<u8>& out, u8 code, u32 v) {
    u8 b[4];
    put32(b, v);
    out.insert(out.end(), {code, 4, b[0], b[1], b[2], b[3]});
}

}  // namespace

u32 DhcpServer::lease_of(const inet::Mac& mac) const {
    for (size_t i = 0; i < kMaxClients; ++i) {
        if (leases_[i].used && leases_[i].mac == mac) return config_.first + u32(i);
    }
    return 0;
}

u32 DhcpServer::address_for(const inet::Mac& mac) {
    if (u32 a = lease_of(mac)) return a;
    for (size_t i = 0; i < kMaxClients; ++i) {
        if (!leases_[i].used) {
            leases_[i] = {mac, true};
            return config_.first + u32(i);
        }
    }
    return 0;
}

std::vector<u8> DhcpServer::handle(const u8* data, size_t len, const char** why, bool* malformed) {
    *malformed = false;
    if (len < kFixed) {
        *why = "BOOTP message truncated";
        *malformed = true;
        return {};
    }
    if (data[kOp] != kBootRequest || data[kHtype] != 1 || data[kHlen] != 6) {
        *why = "not an Ethernet BOOTREQUEST";
        return {};
    }
    Options opt;
    bool dhcp = len >= kOptions && std::memcmp(data + kFixed, kMagic, 4) == 0;
    if (dhcp && !parse_options(data + kOptions, data + len, &opt)) {
        *why = "DHCP options run past the message";
        *malformed = true;
        return {};
    }
    inet::Mac mac = inet::get_mac(data + kChaddr);
    u32 ciaddr = get32(data + kCiaddr);
    u8 reply_type = 0;
    u32 yiaddr = 0;
    switch (opt.msg_type) {
        case -1:  // plain BOOTP
        case DHCPDISCOVER:
            yiaddr = address_for(mac);
            if (!yiaddr) {
                *why = "no free address";
                return {};
            }
            reply_type = opt.msg_type == -1 ? 0 : DHCPOFFER;
            break;
        case DHCPREQUEST: {
            // Selecting (server id given) or init-reboot (requested address) or
            // renewing (ciaddr): the address asked for must be the client's.
            if (opt.server_id && opt.server_id != config_.server) {
                *why = "DHCPREQUEST for another server";
                return {};
            }
            u32 want = opt.requested_ip ? opt.requested_ip : ciaddr;
            yiaddr = address_for(mac);
            reply_type = yiaddr && want == yiaddr ? DHCPACK : DHCPNAK;
            if (reply_type == DHCPNAK) yiaddr = 0;
            break;
        }
        case DHCPINFORM: reply_type = DHCPACK; break;
        case DHCPRELEASE:
            for (Lease& l : leases_) {
                if (l.used && l.mac == mac) l.used = false;
            }
            *why = "DHCPRELEASE (no reply)";
            return {};
        default: *why = "DHCP message type not served"; return {};
    }

    std::vector<u8> out(kOptions, 0);
    out[kOp] = kBootReply;
    out[kHtype] = 1;
    out[kHlen] = 6;
    std::memcpy(&out[kXid], data + kXid, 4);
    std::memcpy(&out[kFlags], data + kFlags, 2);
    if (opt.msg_type == DHCPINFORM) put32(&out[kCiaddr], ciaddr);
    put32(&out[kYiaddr], yiaddr);
    put32(&out[kSiaddr], config_.server);
    std::memcpy(&out[kGiaddr], data + kGiaddr, 4);
    std::memcpy(&out[kChaddr], data + kChaddr, 16);
    bool nak = reply_type == DHCPNAK;
    if (!nak && !config_.bootfile.empty()) {
        std::memcpy(&out[kFile], config_.bootfile.data(),
                    std::min(config_.bootfile.size(), kFileLen - 1));
    }
    std::memcpy(&out[kFixed], kMagic, 4);
    if (reply_type) out.insert(out.end(), {OPT_MSG_TYPE, 1, reply_type});
    add_u32(out, OPT_SERVER_ID, config_.server);
    if (!nak) {
        if (opt.msg_type != DHCPINFORM) add_u32(out, OPT_LEASE, config_.lease_seconds);
        add_u32(out, OPT_SUBNET, config_.netmask);
        add_u32(out, OPT_ROUTER, config_.server);
        add_u32(out, OPT_DNS, config_.dns);
        if (!config_.bootfile.empty()) {
            size_t n = std::min<size_t>(config_.bootfile.size(), 255);
            out.push_back(OPT_BOOTFILE);
            out.push_back(u8(n));
            out.insert(out.end(), config_.bootfile.begin(), config_.bootfile.begin() + n);
        }
    }
    out.push_back(OPT_END);
    if (out.size() < kMinReply) out.resize(kMinReply, 0);
    return out;
}

}  // namespace bw
