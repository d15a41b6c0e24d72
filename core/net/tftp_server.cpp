// TFTP server; see tftp_server.h.
#include "core/net/tftp_server.h"

#include <algorithm>
#include <cstring>

namespace bw {

namespace {

using inet::get16;
using inet::put16;

enum : u16 { OP_RRQ = 1, OP_WRQ = 2, OP_DATA = 3, OP_ACK = 4, OP_ERROR = 5, OP_OACK = 6 };
enum : u16 {
    ERR_NOT_DEFINED = 0,
    ERR_NOT_FOUND = 1,
    ERR_ACCESS = 2,
    ERR_ILLEGAL = 4,
    ERR_UNKNOWN_TID = 5,
};
constexpr u16 kFirstTid = 49152;  // transfers answer from the dynamic port range
constexpr size_t kMinBlksize = 8, kRfcMaxBlksize = 65464;

std::string lower(std::string s) {
    for (char& c : s) c = char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
}

// A NUL-terminated string at |*p| that ends before |end|; false if it does not.
bool take_string(const u8** p, const u8* end, std::string* out) {
    const u8* nul = static_cast<const u8*>(std::memchr(*p, 0, size_t(end - *p)));
    if (!nul) return false;
    out->assign(reinterpret_cast<const char*>(*p), size_t(nul - *p));
    *p = nul + 1;
    return true;
}

// A decimal number of at most 9 digits, or -1.
long parse_number(const std::string& s) {
    if (s.empty() || s.size() > 9) return -1;
    long v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

void add_option(std::vector<u8>& out, const char* name, u64 value) {
    std::string v = std::to_string(value);
    out.insert(out.end(), name, name + std::strlen(name) + 1);
    out.insert(out.end(), v.begin(), v.end());
    out.push_back(0);
}

}  // namespace

bool TftpServer::owns_port(u16 port) const {
    if (port == kPort) return true;
    return std::any_of(transfers_.begin(), transfers_.end(),
                       [port](const Transfer& t) { return t.port == port; });
}

TftpServer::Transfer* TftpServer::find(u16 port) {
    for (Transfer& t : transfers_) {
        if (t.port == port) return &t;
    }
    return nullptr;
}

void TftpServer::remove(u16 port) {
    transfers_.erase(std::remove_if(transfers_.begin(), transfers_.end(),
                                    [port](const Transfer& t) { return t.port == port; }),
                     transfers_.end());
}

void TftpServer::send_error(const Peer& to, u16 from_port, u16 code, const char* message) {
    std::vector<u8> p(4);
    put16(p.data(), OP_ERROR);
    put16(p.data() + 2, code);
    p.insert(p.end(), message, message + std::strlen(message) + 1);
    send_(to, from_port, std::move(p));
}

void TftpServer::send_block(Transfer& t) {
    const std::vector<u8>& d = *t.data;
    u64 offset = (t.block - 1) * t.blksize;
    size_t n = size_t(std::min<u64>(t.blksize, d.size() - std::min<u64>(offset, d.size())));
    std::vector<u8> p(4 + n);
    put16(p.data(), OP_DATA);
    put16(p.data() + 2, u16(t.block));  // rolls over past 65535
    if (n) std::memcpy(p.data() + 4, d.data() + offset, n);
    send_(t.peer, t.port, std::move(p));
}

// The file is there: OACK if the client asked for options, else block 1.
void TftpServer::start(Transfer& t) {
    t.pending = false;
    if (!t.opt_blksize && !t.opt_tsize && !t.opt_timeout) {
        t.block = 1;
        bytes_sent_ += std::min<u64>(t.blksize, t.data->size());
        send_block(t);
        return;
    }
    std::vector<u8> p(2);
    put16(p.data(), OP_OACK);
    if (t.opt_blksize) add_option(p, "blksize", t.blksize);
    if (t.opt_timeout) add_option(p, "timeout", u64(t.opt_timeout));
    if (t.opt_tsize) add_option(p, "tsize", t.data->size());
    t.block = 0;
    send_(t.peer, t.port, std::move(p));
}

bool TftpServer::handle(const Peer& from, u16 port, const u8* data, size_t len, const char** why) {
    if (len < 2) {
        *why = "TFTP packet truncated";
        return false;
    }
    u16 op = get16(data);
    if (port == kPort) {
        if (op == OP_WRQ) {
            send_error(from, kPort, ERR_ACCESS, "Access violation: write not supported");
            return true;
        }
        if (op != OP_RRQ) {
            send_error(from, kPort, ERR_ILLEGAL, "Illegal TFTP operation");
            return true;
        }
        const u8* p = data + 2;
        const u8* end = data + len;
        Transfer t;
        t.peer = from;
        std::string mode;
        if (!take_string(&p, end, &t.name) || !take_string(&p, end, &mode)) {
            *why = "TFTP RRQ without terminated file name and mode";
            return false;
        }
        while (p < end) {
            std::string name, value;
            if (!take_string(&p, end, &name) || !take_string(&p, end, &value)) {
                *why = "TFTP RRQ option list not terminated";
                return false;
            }
            name = lower(name);
            long v = parse_number(value);
            if (name == "blksize" && v >= long(kMinBlksize) && v <= long(kRfcMaxBlksize)) {
                t.opt_blksize = true;
                t.blksize = std::min<size_t>(size_t(v), kMaxBlksize);
            } else if (name == "timeout" && v >= 1 && v <= 255) {
                t.opt_timeout = int(v);
            } else if (name == "tsize" && v >= 0) {
                t.opt_tsize = true;
            }
        }
        if (lower(mode) != "octet") {
            send_error(from, kPort, ERR_ILLEGAL, "Only octet mode is supported");
            return true;
        }
        // A repeated request (the client timed out) restarts its transfer.
        transfers_.erase(std::remove_if(transfers_.begin(), transfers_.end(),
                                        [&](const Transfer& o) {
                                            return o.peer.ip == from.ip && o.peer.port == from.port;
                                        }),
                         transfers_.end());
        if (transfers_.size() >= kMaxTransfers) transfers_.erase(transfers_.begin());
        do {
            t.port = u16(kFirstTid + next_port_++ % (65536 - kFirstTid));
        } while (find(t.port));
        File f = lookup_(t.name);
        if (f.found == Found::No || (f.found == Found::Yes && !f.data)) {
            send_error(from, t.port, ERR_NOT_FOUND, "File not found");
            return true;
        }
        t.data = f.data;
        t.pending = f.found == Found::Pending;
        transfers_.push_back(std::move(t));
        if (!transfers_.back().pending) start(transfers_.back());
        return true;
    }

    Transfer* t = find(port);
    if (!t || t->peer.ip != from.ip || t->peer.port != from.port) {
        send_error(from, port, ERR_UNKNOWN_TID, "Unknown transfer ID");
        return true;
    }
    if (op == OP_ERROR) {  // the client gave up
        remove(port);
        return true;
    }
    if (op != OP_ACK || len < 4) {
        *why = "TFTP packet is not an ACK";
        return false;
    }
    if (t->pending) {
        *why = "TFTP ACK while the file is still loading";
        return false;
    }
    u16 n = get16(data + 2);
    u16 cur = u16(t->block);
    if (n == cur) {
        u64 sent = t->block * t->blksize;
        if (t->block > 0 && sent > t->data->size()) {  // the short block was the last
            ++done_;
            remove(port);
            return true;
        }
        ++t->block;
        bytes_sent_ += std::min<u64>(t->blksize, t->data->size() - sent);
        send_block(*t);
        return true;
    }
    if (n == u16(cur - 1) && t->block > 0) {  // the client missed our last block
        send_block(*t);
        return true;
    }
    *why = "TFTP ACK of an old block";
    return false;
}

void TftpServer::file_ready(const std::string& name) {
    for (size_t i = 0; i < transfers_.size();) {
        Transfer& t = transfers_[i];
        if (!t.pending || t.name != name) {
            ++i;
            continue;
        }
        File f = lookup_(name);
        if (f.found == Found::Pending) {
            ++i;
        } else if (f.found == Found::Yes && f.data) {
            t.data = f.data;
            start(t);
            ++i;
        } else {
            send_error(t.peer, t.port, ERR_NOT_FOUND, "File not found");
            transfers_.erase(transfers_.begin() + long(i));
        }
    }
}

}  // namespace bw
