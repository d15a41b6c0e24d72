// The transmit descriptor engine of the Intel 8254x (e1000) as QEMU 7.2 models it
// (hw/net/e1000.c process_tx_desc/xmit_seg): frame assembly from legacy and
// extended data descriptors, the context descriptor, checksum insertion and TCP
// segmentation. Reference: Intel 8254x Family of Gigabit Ethernet Controllers
// Software Developer's Manual (317453), 3.3 "Transmit Descriptors" and 3.5 "TCP
// Segmentation".
//
// Implemented: legacy descriptors (their CSO/CSS checksum insertion is ignored, as
// in QEMU), context descriptors (a TSE context and a plain checksum context are
// kept apart, as QEMU does), data descriptors with POPTS IXSM (IP header checksum
// over IPCSS..IPCSE into IPCSO) and TXSM (TCP/UDP checksum over TUCSS..TUCSE into
// TUCSO, over the pseudo-header partial sum the driver left there), TSO (HDRLEN
// header replicated in front of each MSS-byte slice of payload; per segment the IP
// total length and the IP id (+1 per segment), the TCP sequence number, PSH/FIN
// only in the last segment, the pseudo-header sum with the segment's length, both
// checksums recomputed; IPv6 gets its payload length, UDP its length), VLAN tag
// insertion (VLE with CTRL.VME: VET and the descriptor's SPECIAL field after the
// MAC addresses).
// Not implemented (as in QEMU): the legacy descriptor's checksum fields, IFCS (the
// back end never sees an FCS), TX errors and collisions.
//
// Bounds: frames are assembled in a 64 KiB buffer; data beyond it is dropped (as
// QEMU does). Header offsets come from 8-bit context fields, so every field the
// engine patches lies inside the buffer. A TSO frame shorter than HDRLEN is not
// sent.
#pragma once

#include <array>
#include <cstddef>
#include <functional>

#include "core/common/types.h"

namespace bw {

// The fields of a context descriptor (datasheet 3.3.6).
struct E1000TxContext {
    u8 ipcss = 0, ipcso = 0;
    u16 ipcse = 0;
    u8 tucss = 0, tucso = 0;
    u16 tucse = 0;
    u32 paylen = 0;  // 20 bits
    u8 hdr_len = 0;
    u16 mss = 0;
    bool ip = false, tcp = false, tse = false;
};

class E1000Tx {
  public:
    static constexpr size_t kMaxFrame = 0x10000;

    // Descriptor bits (TDESC.CMD in the lower dword, TDESC.STA/POPTS in the upper).
    enum : u32 {
        TXD_CMD_EOP = 0x01000000,
        TXD_CMD_IFCS = 0x02000000,
        TXD_CMD_IC = 0x04000000,
        TXD_CMD_RS = 0x08000000,
        TXD_CMD_RPS = 0x10000000,
        TXD_CMD_DEXT = 0x20000000,
        TXD_CMD_VLE = 0x40000000,
        TXD_CMD_IDE = 0x80000000,
        TXD_DTYP_D = 0x00100000,
        // Context descriptor TUCMD (same dword).
        TXD_CMD_TCP = 0x01000000,
        TXD_CMD_IP = 0x02000000,
        TXD_CMD_TSE = 0x04000000,
        TXD_STAT_DD = 0x00000001,
        TXD_STAT_EC = 0x00000002,
        TXD_STAT_LC = 0x00000004,
        TXD_STAT_TU = 0x00000008,
        // POPTS (upper dword bits 15:8, kept shifted down).
        TXD_POPTS_IXSM = 0x01,
        TXD_POPTS_TXSM = 0x02,
    };

    // Everything the engine remembers between descriptors (part of the NIC's state).
    struct State {
        std::array<u8, 256> header{};      // the TSO header (first HDRLEN bytes)
        std::array<u8, kMaxFrame> data{};  // the frame (or TSO segment) being built
        u32 size = 0;
        u8 sum_needed = 0;  // POPTS of the frame's first data descriptor
        bool cptse = false;
        bool vlan_needed = false;
        std::array<u8, 4> vlan_header{};
        E1000TxContext props;      // the last checksum context
        E1000TxContext tso_props;  // the last TSE context
        u16 tso_frames = 0;        // segments sent of the current TSO frame
    };

    struct Hooks {
        // Read |len| bytes of guest memory at |addr| (zero-filled on failure).
        std::function<void(u64 addr, u8* dst, size_t len)> fetch;
        // A finished frame (no FCS).
        std::function<void(const u8* frame, size_t len)> send;
        // The last segment of a multi-segment TSO frame went out (TSCTC).
        std::function<void()> tso_context_done;
        // A guest error worth a log line.
        std::function<void(const char* what)> guest_error;
    };

    E1000Tx(State& s, Hooks hooks) : s_(s), hooks_(std::move(hooks)) {}

    // Process one 16-byte descriptor; |vlan_enabled| is CTRL.VME, |vet| the VET register.
    void descriptor(const u8* desc, bool vlan_enabled, u16 vet);

  private:
    void xmit_seg();
    void put_checksum(u32 sloc, u32 css, u32 cse);

    State& s_;
    Hooks hooks_;
    std::array<u8, kMaxFrame + 4> out_{};  // scratch for VLAN tag insertion
};

// The Internet checksum helpers the engine uses (RFC 1071), exposed for tests.
u32 inet_sum(const u8* data, size_t len, u32 sum = 0);
u16 inet_fold(u32 sum);  // ~folded sum; 0 becomes 0xffff (UDP's "no zero" rule)

}  // namespace bw
