// TFTP server (RFC 1350) of the builtin user network: read requests only,
// files from a lookup the front end supplies.
//
// Implemented: RRQ in octet mode; the RFC 2347 option extension with blksize
// (RFC 2348; 8..65464 asked, at most 1468 given so a block fits a 1500-byte
// MTU), timeout (RFC 2349, echoed) and tsize (RFC 2349, the file's size) in an
// OACK, unknown options left out of it; lock-step DATA/ACK with block numbers
// rolling over from 65535 to 0; the current block sent again when the client
// repeats the previous ACK (its timeout); a repeated RRQ restarts the
// transfer. Each transfer answers from a port of its own (its TID).
// ERROR 1 "File not found" for a missing file, 2 for write requests, 4 for
// other modes or opcodes from a client with no transfer, 5 to a stray port.
// A lookup may answer "pending" (the page is still fetching the file): the
// request waits, without a reply, until file_ready() names the file.
// Not implemented: netascii and mail modes, windowsize (RFC 7440; not offered,
// so clients send one block at a time), server-side retransmission timers
// (the client's ACK timeout drives retransmission, as it does in U-Boot).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/common/types.h"
#include "core/net/inet.h"

namespace bw {

class TftpServer {
  public:
    static constexpr u16 kPort = 69;
    static constexpr size_t kDefaultBlksize = 512;
    static constexpr size_t kMaxBlksize = 1468;  // 1500 - IPv4 - UDP - TFTP headers
    static constexpr size_t kMaxTransfers = 8;

    enum class Found { Yes, No, Pending };
    struct File {
        Found found = Found::No;
        std::shared_ptr<const std::vector<u8>> data;
    };
    // name (as the client asked for it) -> file.
    using Lookup = std::function<File(const std::string& name)>;

    struct Peer {
        inet::Mac mac{};
        u32 ip = 0;
        u16 port = 0;
    };
    // A datagram to send to |to| from |from_port|.
    using Send = std::function<void(const Peer& to, u16 from_port, std::vector<u8> payload)>;

    TftpServer(Lookup lookup, Send send) : lookup_(std::move(lookup)), send_(std::move(send)) {}

    // Whether datagrams to |port| are this server's (69 or a transfer's port).
    bool owns_port(u16 port) const;
    // A datagram from |from| to |port|. Returns false (with |why|) if it was
    // dropped without a reply.
    bool handle(const Peer& from, u16 port, const u8* data, size_t len, const char** why);
    // The front end has |name| now (or knows it is missing): waiting requests go on.
    void file_ready(const std::string& name);

    u64 bytes_sent() const { return bytes_sent_; }
    u64 transfers_done() const { return done_; }

  private:
    struct Transfer {
        Peer peer;
        u16 port = 0;  // our TID
        std::string name;
        std::shared_ptr<const std::vector<u8>> data;
        bool pending = false;  // waiting for the file
        size_t blksize = kDefaultBlksize;
        // Options the client asked for that go into the OACK.
        bool opt_blksize = false, opt_tsize = false;
        int opt_timeout = 0;  // 0: not asked
        u64 block = 0;        // last block sent (0: the OACK)
    };

    void start(Transfer& t);
    void send_block(Transfer& t);
    void send_error(const Peer& to, u16 from_port, u16 code, const char* message);
    Transfer* find(u16 port);
    void remove(u16 port);

    Lookup lookup_;
    Send send_;
    std::vector<Transfer> transfers_;
    u16 next_port_ = 0;
    u64 bytes_sent_ = 0;
    u64 done_ = 0;
};

}  // namespace bw
