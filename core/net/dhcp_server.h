// DHCP (RFC 2131/2132) and plain BOOTP (RFC 951) server of the builtin user
// network, handing out QEMU's user-network addresses.
//
// Implemented: DHCPDISCOVER -> DHCPOFFER, DHCPREQUEST -> DHCPACK (or DHCPNAK
// for an address that is not the client's), DHCPINFORM -> DHCPACK without an
// address, DHCPRELEASE frees the lease; a BOOTREQUEST without a message type
// gets a BOOTREPLY. One address per client hardware address, from the first
// address up (QEMU: 10.0.2.15 and the 15 after it). Replies carry subnet mask
// (1), router (3), DNS server (6), lease time (51), message type (53), server
// id (54), and with a boot file its name in `file` and option 67; siaddr is
// the server (the TFTP server). Replies go to the broadcast addresses, which
// every client accepts before it has an address.
// Not implemented: relay agents (giaddr), lease expiry (leases last as long as
// the network), requested-parameter lists (every option is always sent),
// option overload, DHCPDECLINE (ignored).
#pragma once

#include <string>
#include <vector>

#include "core/common/types.h"
#include "core/net/inet.h"

namespace bw {

class DhcpServer {
  public:
    static constexpr u16 kServerPort = 67;
    static constexpr u16 kClientPort = 68;
    static constexpr size_t kMaxClients = 16;

    struct Config {
        u32 server = inet::ipv4(10, 0, 2, 2);  // also router and TFTP server
        u32 dns = inet::ipv4(10, 0, 2, 3);
        u32 netmask = inet::ipv4(255, 255, 255, 0);
        u32 first = inet::ipv4(10, 0, 2, 15);
        u32 lease_seconds = 86400;
        std::string bootfile;  // "" = none
    };

    explicit DhcpServer(Config config) : config_(std::move(config)) {}

    // A datagram a client sent to port 67. Returns the BOOTP payload to send back
    // (from port 67 to 255.255.255.255:68), or empty for none with |why| set
    // and |*malformed| true if the message itself was bad.
    std::vector<u8> handle(const u8* data, size_t len, const char** why, bool* malformed);

    // The address leased to |mac|, or 0.
    u32 lease_of(const inet::Mac& mac) const;

  private:
    struct Lease {
        inet::Mac mac{};
        bool used = false;
    };
    // The client's address (assigning the first free one), or 0 if full.
    u32 address_for(const inet::Mac& mac);

    Config config_;
    Lease leases_[kMaxClients];
};

}  // namespace bw
