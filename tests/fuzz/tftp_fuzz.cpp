// The TFTP server (core/net/tftp_server.cpp) on datagrams from a few clients
// to port 69 and to the transfers' own ports: RRQ/WRQ with options (blksize,
// timeout, tsize, unknown ones), ACKs in and out of order, errors, a file that
// arrives late, more transfers than the table holds.
//
// Properties: every datagram sent is a known TFTP packet, DATA blocks are at
// most the negotiated block size, and nothing is sent from a port the server
// does not own.
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "core/net/tftp_server.h"
#include "tests/fuzz/fuzz_machine.h"

using namespace bw;

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    FuzzedDataProvider in(data, size);
    auto file = std::make_shared<const std::vector<u8>>(
        in.ConsumeBytes<u8>(in.ConsumeIntegralInRange(0, 8000)));
    bool late_ready = false;
    std::vector<u16> ports{TftpServer::kPort};
    TftpServer* self = nullptr;
    TftpServer tftp(
        [&](const std::string& name) {
            if (name == "f") return TftpServer::File{TftpServer::Found::Yes, file};
            if (name == "late") {
                if (!late_ready) return TftpServer::File{TftpServer::Found::Pending, nullptr};
                return TftpServer::File{TftpServer::Found::Yes, file};
            }
            return TftpServer::File{};
        },
        [&](const TftpServer::Peer&, u16 from_port, std::vector<u8> p) {
            u16 op = p.size() >= 2 ? inet::get16(p.data()) : 0;
            if (op < 3 || op > 6) {
                std::fprintf(stderr, "fuzz: TFTP sent opcode %u\n", op);
                std::abort();
            }
            if (op == 3 && p.size() > 4 + TftpServer::kMaxBlksize) std::abort();
            if (from_port != TftpServer::kPort && self && !self->owns_port(from_port) && op != 5) {
                std::fprintf(stderr, "fuzz: TFTP sent from port %u it does not own\n", from_port);
                std::abort();
            }
            if (ports.size() < 16) ports.push_back(from_port);
        });
    self = &tftp;
    while (in.remaining_bytes()) {
        TftpServer::Peer peer;
        peer.ip = inet::ipv4(10, 0, 2, u8(15 + in.ConsumeIntegralInRange(0, 2)));
        peer.port = u16(1000 + in.ConsumeIntegralInRange(0, 2));
        switch (in.ConsumeIntegralInRange(0, 3)) {
            case 0:
            case 1: {
                u16 port = in.ConsumeBool()
                               ? ports[in.ConsumeIntegralInRange<size_t>(0, ports.size() - 1)]
                               : in.ConsumeIntegral<u16>();
                std::vector<u8> d = in.ConsumeBytes<u8>(in.ConsumeIntegralInRange(0, 600));
                const char* why = nullptr;
                if (tftp.owns_port(port) && !tftp.handle(peer, port, d.data(), d.size(), &why) &&
                    !why) {
                    std::abort();  // a dropped datagram says why
                }
                break;
            }
            case 2:
                late_ready = true;
                tftp.file_ready("late");
                break;
            case 3: tftp.file_ready(in.ConsumeRandomLengthString(8)); break;
        }
    }
    return 0;
}
