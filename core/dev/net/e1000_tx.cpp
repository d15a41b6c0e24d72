#include "core/dev/net/e1000_tx.h"

#include <algorithm>
#include <cstring>

namespace bw {

namespace {

u16 get16be(const u8* p) { return u16(p[0] << 8 | p[1]); }
u32 get32be(const u8* p) { return u32(p[0]) << 24 | u32(p[1]) << 16 | u32(p[2]) << 8 | p[3]; }
void put16be(u8* p, u32 v) {
    p[0] = u8(v >> 8);
    p[1] = u8(v);
}
void put32be(u8* p, u32 v) {
    p[0] = u8(v >> 24);
    p[1] = u8(v >> 16);
    p[2] = u8(v >> 8);
    p[3] = u8(v);
}
u16 get16le(const u8* p) { return u16(p[0] | p[1] << 8); }
u32 get32le(const u8* p) { return u32(p[0]) | u32(p[1]) << 8 | u32(p[2]) << 16 | u32(p[3]) << 24; }
u64 get64le(const u8* p) { return u64(get32le(p)) | u64(get32le(p + 4)) << 32; }

// Context descriptor layout (datasheet table 3-10): IPCSS, IPCSO, IPCSE, TUCSS,
// TUCSO, TUCSE, PAYLEN/DTYP/TUCMD, STA, HDRLEN, MSS.
E1000TxContext read_context(const u8* d) {
    E1000TxContext c;
    u32 op = get32le(d + 8);
    c.ipcss = d[0];
    c.ipcso = d[1];
    c.ipcse = get16le(d + 2);
    c.tucss = d[4];
    c.tucso = d[5];
    c.tucse = get16le(d + 6);
    c.paylen = op & 0xfffff;
    c.hdr_len = d[13];
    c.mss = get16le(d + 14);
    c.ip = op & E1000Tx::TXD_CMD_IP;
    c.tcp = op & E1000Tx::TXD_CMD_TCP;
    c.tse = op & E1000Tx::TXD_CMD_TSE;
    return c;
}

}  // namespace

u32 inet_sum(const u8* data, size_t len, u32 sum) {
    for (size_t i = 0; i + 1 < len; i += 2) sum += u32(data[i] << 8 | data[i + 1]);
    if (len & 1) sum += u32(data[len - 1]) << 8;
    return sum;
}

u16 inet_fold(u32 sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    u16 r = u16(~sum);
    return r ? r : 0xffff;
}

// The checksum over css .. cse (or the end of the frame when cse is 0), stored big-endian
// at sloc, as QEMU's putsum: nothing happens when sloc is not inside the summed frame.
void E1000Tx::put_checksum(u32 sloc, u32 css, u32 cse) {
    u32 n = s_.size;
    if (cse && cse < n) n = cse + 1;
    if (n == 0 || sloc >= n - 1) return;
    u32 sum = css < n ? inet_sum(s_.data.data() + css, n - css) : 0;
    put16be(s_.data.data() + sloc, inet_fold(sum));
}

// Send the frame in data[0, size): for TSO, first patch the segment's IP and TCP/UDP header
// (the header bytes are the pristine copy, restored by the caller after each segment).
void E1000Tx::xmit_seg() {
    u8* d = s_.data.data();
    const E1000TxContext& p = s_.cptse ? s_.tso_props : s_.props;
    u32 frames = s_.tso_frames;
    if (s_.cptse) {
        u32 css = p.ipcss;
        if (p.ip) {
            put16be(d + css + 2, s_.size - css);                  // total length
            put16be(d + css + 4, get16be(d + css + 4) + frames);  // identification
        } else {
            put16be(d + css + 4, s_.size - css);  // IPv6 payload length, as QEMU
        }
        css = p.tucss;
        u16 len = u16(s_.size - css);
        if (p.tcp) {
            u32 sofar = frames * p.mss;
            put32be(d + css + 4, get32be(d + css + 4) + sofar);  // sequence number
            if (p.paylen - sofar > p.mss) {
                d[css + 13] &= ~0x09;  // PSH and FIN only in the last segment
            } else if (frames && hooks_.tso_context_done) {
                hooks_.tso_context_done();
            }
        } else {
            put16be(d + css + 4, len);  // UDP length
        }
        if (s_.sum_needed & TXD_POPTS_TXSM) {
            // The driver's pseudo-header sum leaves out the length: add this segment's.
            u32 phsum = get16be(d + p.tucso) + u32(len);
            phsum = (phsum >> 16) + (phsum & 0xffff);
            put16be(d + p.tucso, phsum);
        }
        s_.tso_frames++;
    }
    if (s_.sum_needed & TXD_POPTS_TXSM) put_checksum(p.tucso, p.tucss, p.tucse);
    if (s_.sum_needed & TXD_POPTS_IXSM) put_checksum(p.ipcso, p.ipcss, p.ipcse);
    if (s_.size == 0) return;  // nothing to put on the wire
    if (s_.vlan_needed && s_.size >= 12) {
        std::memcpy(out_.data(), d, 12);
        std::memcpy(out_.data() + 12, s_.vlan_header.data(), 4);
        std::memcpy(out_.data() + 16, d + 12, s_.size - 12);
        hooks_.send(out_.data(), s_.size + 4);
    } else {
        hooks_.send(d, s_.size);
    }
}

void E1000Tx::descriptor(const u8* desc, bool vlan_enabled, u16 vet) {
    u64 addr = get64le(desc);
    u32 lower = get32le(desc + 8), upper = get32le(desc + 12);
    u32 dtype = lower & (TXD_CMD_DEXT | TXD_DTYP_D);
    u32 split = lower & 0xffff;

    if (dtype == TXD_CMD_DEXT) {  // context descriptor
        if (lower & TXD_CMD_TSE) {
            s_.tso_props = read_context(desc);
            s_.tso_frames = 0;
        } else {
            s_.props = read_context(desc);
        }
        return;
    }
    if (dtype == (TXD_CMD_DEXT | TXD_DTYP_D)) {  // data descriptor
        if (s_.size == 0) s_.sum_needed = u8(upper >> 8);
        s_.cptse = lower & TXD_CMD_TSE;
    } else {  // legacy descriptor
        s_.cptse = false;
    }

    if (vlan_enabled && (lower & TXD_CMD_VLE) && (s_.cptse || (lower & TXD_CMD_EOP))) {
        s_.vlan_needed = true;
        put16be(s_.vlan_header.data(), vet);
        put16be(s_.vlan_header.data() + 2, upper >> 16);
    }

    if (s_.cptse) {
        const u32 hdr_len = s_.tso_props.hdr_len;
        const u32 msh = hdr_len + s_.tso_props.mss;  // one segment: header + MSS
        u32 bytes = 0;
        do {
            if (s_.size >= msh) break;  // MSS 0: the rest of the payload has nowhere to go
            bytes = std::min(split, msh - s_.size);
            bytes = std::min<u32>(u32(kMaxFrame) - s_.size, bytes);
            hooks_.fetch(addr, s_.data.data() + s_.size, bytes);
            u32 sz = s_.size + bytes;
            if (sz >= hdr_len && s_.size < hdr_len)
                std::memcpy(s_.header.data(), s_.data.data(), hdr_len);
            s_.size = sz;
            addr += bytes;
            if (sz == msh) {
                xmit_seg();
                std::memcpy(s_.data.data(), s_.header.data(), hdr_len);
                s_.size = hdr_len;
            }
            split -= bytes;
        } while (bytes && split);
    } else {
        split = std::min<u32>(u32(kMaxFrame) - s_.size, split);
        hooks_.fetch(addr, s_.data.data() + s_.size, split);
        s_.size += split;
    }

    if (!(lower & TXD_CMD_EOP)) return;
    if (s_.cptse && s_.size < s_.tso_props.hdr_len) {
        if (hooks_.guest_error) hooks_.guest_error("TSO frame shorter than the context's HDRLEN");
    } else {
        xmit_seg();
    }
    s_.tso_frames = 0;
    s_.sum_needed = 0;
    s_.vlan_needed = false;
    s_.size = 0;
    s_.cptse = false;
}

}  // namespace bw
