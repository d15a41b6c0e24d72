// The DHCP/BOOTP server (core/net/dhcp_server.cpp) on a series of messages
// from clients: options parsing, leases for up to 16 and more hardware
// addresses, REQUEST/RELEASE/INFORM.
//
// Properties: a reply is a BOOTREPLY of at least 300 bytes with the magic
// cookie and an END option, and a leased address is in the pool.
#include <cstdio>
#include <cstdlib>

#include "core/net/dhcp_server.h"
#include "tests/fuzz/fuzz_machine.h"

using namespace bw;

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    FuzzedDataProvider in(data, size);
    DhcpServer::Config config;
    config.bootfile = "uImage";
    DhcpServer dhcp(config);
    while (in.remaining_bytes()) {
        std::vector<u8> msg = in.ConsumeBytes<u8>(in.ConsumeIntegralInRange(0, 700));
        // Half the messages get a valid fixed part, so the options are reached.
        if (in.ConsumeBool() && msg.size() >= 240) {
            msg[0] = 1, msg[1] = 1, msg[2] = 6;
            msg[236] = 99, msg[237] = 130, msg[238] = 83, msg[239] = 99;
        }
        const char* why = nullptr;
        bool malformed = false;
        std::vector<u8> reply = dhcp.handle(msg.data(), msg.size(), &why, &malformed);
        if (reply.empty()) {
            if (!why) std::abort();  // a dropped message says why
            continue;
        }
        if (reply.size() < 300 || reply[0] != 2 || reply[236] != 99 || reply[239] != 99) {
            std::fprintf(stderr, "fuzz: malformed DHCP reply (%zu bytes)\n", reply.size());
            std::abort();
        }
        if (msg.size() >= 34) {
            u32 lease = dhcp.lease_of(inet::get_mac(&msg[28]));
            if (lease &&
                (lease < config.first || lease >= config.first + DhcpServer::kMaxClients)) {
                std::abort();
            }
        }
    }
    return 0;
}
