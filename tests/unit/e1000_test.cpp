// Intel 82540EM (e1000) through a PciBus with RAM behind it: the EEPROM and PHY as Linux's
// e1000 driver reads them, reset, the TX engine (legacy descriptors, checksum offload,
// TSO) and the RX ring with the hardware's receive filter. Checksums are verified with an
// independent implementation below, not the device's.
#include "core/dev/net/e1000.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "core/common/log.h"
#include "core/mem/bus.h"

namespace bw {
namespace {

using E = E1000;

const std::array<u8, 6> kMac{0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
constexpr u32 kBar0 = 0x10000000, kBar1 = 0x1000;
constexpr u8 kDevfn = 18 << 3;

constexpr u32 TXD_EOP = 0x01000000, TXD_IFCS = 0x02000000, TXD_RS = 0x08000000,
              TXD_DEXT = 0x20000000, TXD_DTYP_D = 0x00100000, TXD_TCP = 0x01000000,
              TXD_IP = 0x02000000, TXD_TSE = 0x04000000;
constexpr u32 POPTS_IXSM = 0x100, POPTS_TXSM = 0x200;  // in the upper dword

class Sink : public NetPort {
  public:
    void receive(const u8* frame, size_t len) override { frames.emplace_back(frame, frame + len); }
    std::vector<std::vector<u8>> frames;
};

// Independent Internet checksum: 16-bit big-endian words, carries folded at the end.
u16 ones_sum(const std::vector<u8>& b, size_t from, size_t to, u32 extra = 0) {
    u64 s = extra;
    for (size_t i = from; i < to; i += 2) s += (u32(b[i]) << 8) | (i + 1 < to ? b[i + 1] : 0);
    while (s >> 16) s = (s & 0xffff) + (s >> 16);
    return u16(s);
}
u32 be16(const std::vector<u8>& b, size_t at) { return u32(b[at]) << 8 | b[at + 1]; }
u32 be32(const std::vector<u8>& b, size_t at) { return be16(b, at) << 16 | be16(b, at + 2); }
void set16(std::vector<u8>& b, size_t at, u32 v) {
    b[at] = u8(v >> 8);
    b[at + 1] = u8(v);
}
// Sum of the IPv4 pseudo-header (addresses, protocol, |len|) of the frame at offset 14.
u32 pseudo(const std::vector<u8>& f, u32 proto, u32 len) {
    return be16(f, 26) + be16(f, 28) + be16(f, 30) + be16(f, 32) + proto + len;
}

// Ethernet + IPv4 + (TCP or UDP) frame from 10.0.2.15 to 10.0.2.2 with |payload| bytes.
std::vector<u8> ip_frame(bool tcp, size_t payload, u16 ip_id = 0x1234) {
    size_t l4 = tcp ? 20 : 8;
    std::vector<u8> f(14 + 20 + l4 + payload);
    const u8 dst[6] = {0x52, 0x55, 0x0a, 0x00, 0x02, 0x02};
    std::memcpy(f.data(), dst, 6);
    std::memcpy(f.data() + 6, kMac.data(), 6);
    f[12] = 0x08;
    f[13] = 0x00;
    f[14] = 0x45;
    set16(f, 16, u32(20 + l4 + payload));
    set16(f, 18, ip_id);
    f[22] = 64;
    f[23] = tcp ? 6 : 17;
    const u8 ips[8] = {10, 0, 2, 15, 10, 0, 2, 2};
    std::memcpy(f.data() + 26, ips, 8);
    set16(f, 34, 40000);
    set16(f, 36, 7000);
    if (tcp) {
        f[38] = 0;  // seq 1000
        f[39] = 0;
        f[40] = 0x03;
        f[41] = 0xe8;
        f[46] = 0x50;         // data offset 5
        f[47] = 0x18 | 0x01;  // PSH | ACK | FIN
        set16(f, 48, 0xffff);
    } else {
        set16(f, 38, u32(8 + payload));
    }
    for (size_t i = 0; i < payload; i++) f[14 + 20 + l4 + i] = u8(i * 7 + 3);
    return f;
}

class E1000Test : public ::testing::Test {
  public:
    E1000Test() : ram(1 << 20), nic(&hub, kMac) {
        memory.map_ram(0, u32(ram.size()), ram.data());
        pci.set_dma_memory(&memory);
        pci.irq_route = [](u8, int pin) { return pin; };
        pci.set_irq_line = [this](int line, bool level) {
            if (line == 0) intx = level;
        };
        pci.attach(kDevfn, &nic);
        hub.attach(&sink);
        pci.config_write(kDevfn, PciDevice::BAR0, kBar0, 4);
        pci.config_write(kDevfn, PciDevice::BAR0 + 4, kBar1, 4);
        pci.config_write(kDevfn, PciDevice::COMMAND, 7, 2);  // I/O, memory, bus master
    }
    u32 rd(u32 off) {
        u32 v = 0xdeadbeef;
        EXPECT_TRUE(pci.mem_read(kBar0 + off, 4, &v));
        return v;
    }
    void wr(u32 off, u32 v) { EXPECT_TRUE(pci.mem_write(kBar0 + off, v, 4)); }
    void put32(u32 addr, u32 v) {
        for (int i = 0; i < 4; i++) ram[addr + i] = u8(v >> (8 * i));
    }
    u32 get32(u32 addr) const {
        return u32(ram[addr]) | u32(ram[addr + 1]) << 8 | u32(ram[addr + 2]) << 16 |
               u32(ram[addr + 3]) << 24;
    }
    u16 get16(u32 addr) const { return u16(ram[addr] | ram[addr + 1] << 8); }
    void put_bytes(u32 addr, const std::vector<u8>& b) {
        std::memcpy(ram.data() + addr, b.data(), b.size());
    }

    // TX ring of 8 descriptors at 0x1000, enabled.
    static constexpr u32 kTxRing = 0x1000;
    void tx_setup() {
        wr(E::TDBAL, kTxRing);
        wr(E::TDBAH, 0);
        wr(E::TDLEN, 128);
        wr(E::TDH, 0);
        wr(E::TDT, 0);
        wr(E::TCTL, 0x0103f0fa);  // EN | PSP | CT | COLD, as Linux
        tdt = 0;
    }
    void tx_desc(u64 addr, u32 lower, u32 upper) {
        u32 at = kTxRing + 16 * tdt;
        put32(at, u32(addr));
        put32(at + 4, u32(addr >> 32));
        put32(at + 8, lower);
        put32(at + 12, upper);
        tdt = (tdt + 1) % 8;
    }
    // A context descriptor.
    void tx_context(u8 ipcss, u8 ipcso, u16 ipcse, u8 tucss, u8 tucso, u16 tucse, u32 cmd_len,
                    u8 hdr_len = 0, u16 mss = 0) {
        u32 at = kTxRing + 16 * tdt;
        put32(at, u32(ipcss) | u32(ipcso) << 8 | u32(ipcse) << 16);
        put32(at + 4, u32(tucss) | u32(tucso) << 8 | u32(tucse) << 16);
        put32(at + 8, cmd_len | TXD_DEXT);
        put32(at + 12, u32(hdr_len) << 8 | u32(mss) << 16);
        tdt = (tdt + 1) % 8;
    }
    void tx_go() { wr(E::TDT, tdt); }

    // RX ring of 8 descriptors at 0x4000, buffers of 2048 bytes at 0x8000 + 2048 * i.
    static constexpr u32 kRxRing = 0x4000, kRxBuf = 0x8000;
    void rx_setup(u32 rctl) {
        for (u32 i = 0; i < 8; i++) {
            put32(kRxRing + 16 * i, kRxBuf + 2048 * i);
            put32(kRxRing + 16 * i + 4, 0);
            put32(kRxRing + 16 * i + 8, 0);
            put32(kRxRing + 16 * i + 12, 0);
        }
        wr(E::RDBAL, kRxRing);
        wr(E::RDBAH, 0);
        wr(E::RDLEN, 128);
        wr(E::RDH, 0);
        wr(E::RDT, 7);
        wr(E::RCTL, rctl);
    }
    std::vector<u8> frame_to(const std::array<u8, 6>& dst, size_t len) {
        std::vector<u8> f(len);
        std::memcpy(f.data(), dst.data(), 6);
        const u8 src[6] = {0x52, 0x55, 0x0a, 0x00, 0x02, 0x02};
        std::memcpy(f.data() + 6, src, 6);
        f[12] = 0x08;
        f[13] = 0x00;
        for (size_t i = 14; i < len; i++) f[i] = u8(i);
        return f;
    }
    // Offers |f| as the host side would; returns whether a descriptor was used.
    bool deliver(const std::vector<u8>& f) {
        u32 before = rd(E::RDH);
        hub.send(&sink, f.data(), f.size());
        return rd(E::RDH) != before;
    }

    std::vector<u8> ram;
    Bus memory;
    PciBus pci;
    NetHub hub;
    Sink sink;
    E1000 nic;
    bool intx = false;
    u32 tdt = 0;
};

TEST_F(E1000Test, PciConfigAsQemu) {
    EXPECT_EQ(pci.config_read(kDevfn, 0, 4), 0x100e8086u);
    EXPECT_EQ(pci.config_read(kDevfn, 8, 4), 0x02000003u);  // class 020000, revision 3
    EXPECT_EQ(pci.config_read(kDevfn, 0x2c, 4), 0x11001af4u);
    EXPECT_EQ(pci.config_read(kDevfn, 0x3d, 1), 1u);  // INTA#
    EXPECT_EQ(pci.config_read(kDevfn, 0x0c, 1), 0x10u);
    pci.config_write(kDevfn, 0x10, 0xffffffff, 4);
    EXPECT_EQ(pci.config_read(kDevfn, 0x10, 4), 0xfffe0000u);  // 128 KiB memory
    pci.config_write(kDevfn, 0x14, 0xffffffff, 4);
    EXPECT_EQ(pci.config_read(kDevfn, 0x14, 4), 0xffffffc1u);  // 64 bytes of I/O
}

// Reads EEPROM word |addr| the way e1000_read_eeprom does on an 82540 (Microwire).
u16 eeprom_bitbang(E1000Test& t, u32 addr) {
    auto w = [&](u32 v) { t.wr(E::EECD, v); };
    u32 eecd = E::EECD_REQ;
    w(eecd);
    EXPECT_TRUE(t.rd(E::EECD) & E::EECD_GNT);
    eecd |= E::EECD_CS;
    w(eecd);
    u32 out = (6u << 6) | addr;  // READ opcode, 6 address bits
    for (int bit = 8; bit >= 0; bit--) {
        eecd = (out >> bit) & 1 ? (eecd | E::EECD_DI) : (eecd & ~u32(E::EECD_DI));
        w(eecd);
        w(eecd | E::EECD_SK);
        w(eecd);
    }
    eecd &= ~u32(E::EECD_DI);
    u16 data = 0;
    for (int i = 0; i < 16; i++) {
        w(eecd | E::EECD_SK);
        data = u16(data << 1 | ((t.rd(E::EECD) & E::EECD_DO) ? 1 : 0));
        w(eecd);
    }
    w(E::EECD_REQ);  // deselect
    w(0);
    return data;
}

TEST_F(E1000Test, EepromByBitBangingAndEerd) {
    u16 sum = 0;
    std::array<u16, 64> words{};
    for (u32 i = 0; i < 64; i++) {
        words[i] = eeprom_bitbang(*this, i);
        sum = u16(sum + words[i]);
    }
    EXPECT_EQ(words[0], 0x5452);
    EXPECT_EQ(words[1], 0x1200);
    EXPECT_EQ(words[2], 0x5634);
    EXPECT_EQ(words[10], 0x6403);  // QEMU's init word
    EXPECT_EQ(words[11], 0x100e);
    EXPECT_EQ(words[13], 0x100e);
    EXPECT_EQ(words[63], nic.eeprom()[63]);
    EXPECT_EQ(sum, 0xbaba);
    // EERD: address in bits 15:8, START; DONE and the data come back.
    wr(E::EERD, (1 << 8) | E::EERD_START);
    EXPECT_EQ(rd(E::EERD), 0x12000000u | (1 << 8) | E::EERD_DONE);
    wr(E::EERD, (0x3f << 8) | E::EERD_START);
    EXPECT_EQ(rd(E::EERD) >> 16, words[63]);
    wr(E::EERD, (0x40 << 8) | E::EERD_START);  // past the EEPROM: done, no data
    EXPECT_EQ(rd(E::EERD), (0x40u << 8) | E::EERD_DONE);
}

u32 mdic_read(E1000Test& t, u32 phy, u32 reg) {
    t.wr(E::MDIC, E::MDIC_OP_READ | phy << 21 | reg << 16);
    return t.rd(E::MDIC);
}

TEST_F(E1000Test, PhyOnMdic) {
    EXPECT_EQ(mdic_read(*this, 1, 2),
              E::MDIC_READY | E::MDIC_OP_READ | 1u << 21 | 2u << 16 | 0x141);
    EXPECT_EQ(mdic_read(*this, 1, 3) & 0xffff, 0x0c20u);
    u32 bmsr = mdic_read(*this, 1, 1);
    EXPECT_EQ(bmsr & 0xffff, 0x796du);  // link up (bit 2), auto-negotiation complete (bit 5)
    EXPECT_EQ(mdic_read(*this, 1, 0) & 0xffff, 0x1140u);
    EXPECT_EQ(mdic_read(*this, 1, 0x11) & 0xffff, 0xac00u);  // 1000 Mb/s, full duplex, link
    EXPECT_TRUE(mdic_read(*this, 2, 1) & E::MDIC_ERROR);     // no PHY at address 2
    EXPECT_TRUE(mdic_read(*this, 1, 0x1d) & E::MDIC_ERROR);  // not in QEMU's set
    // BMCR reset and restart auto-negotiation clear themselves; the link stays up.
    wr(E::MDIC, E::MDIC_OP_WRITE | 1u << 21 | 0u << 16 | 0x9340);
    EXPECT_EQ(rd(E::MDIC) & (E::MDIC_READY | E::MDIC_ERROR), E::MDIC_READY);
    EXPECT_EQ(mdic_read(*this, 1, 0) & 0xffff, 0x1140u);
    EXPECT_EQ(mdic_read(*this, 1, 1) & 0xffff, 0x796du);
    wr(E::MDIC, E::MDIC_OP_WRITE | 1u << 21 | 4u << 16 | 0x01e1);
    EXPECT_EQ(mdic_read(*this, 1, 4) & 0xffff, 0x01e1u);
    // MDIC.I raises MDAC.
    wr(E::MDIC, E::MDIC_OP_READ | E::MDIC_INT_EN | 1u << 21 | 1u << 16);
    EXPECT_TRUE(rd(E::ICR) & E::ICR_MDAC);
}

TEST_F(E1000Test, CtrlRstThroughTheIoBarResetsTheMac) {
    EXPECT_EQ(rd(E::CTRL), 0x00140240u);
    EXPECT_EQ(rd(E::STATUS), 0x80080783u);
    EXPECT_EQ(rd(E::RA), 0x12005452u);
    EXPECT_EQ(rd(E::RA + 4), 0x80005634u);
    wr(E::IMS, 0x9d);
    wr(E::RCTL, E::RCTL_EN);
    wr(E::RA, 0x11223344);
    wr(E::MTA + 8, 0x10);
    wr(E::ICS, E::ICR_LSC);
    EXPECT_TRUE(intx);
    // e1000_reset_hw on the 82540: CTRL | RST through IOADDR/IODATA.
    ASSERT_TRUE(pci.io_write(kBar1 + E::IOADDR, E::CTRL, 4));
    u32 v = 0;
    ASSERT_TRUE(pci.io_read(kBar1 + E::IOADDR, 4, &v));
    EXPECT_EQ(v, u32(E::CTRL));
    ASSERT_TRUE(pci.io_read(kBar1 + E::IODATA, 4, &v));
    EXPECT_EQ(v, 0x00140240u);
    ASSERT_TRUE(pci.io_write(kBar1 + E::IODATA, v | E::CTRL_RST, 4));
    EXPECT_EQ(rd(E::CTRL), 0x00140240u);  // RST cleared itself
    EXPECT_FALSE(intx);
    EXPECT_EQ(rd(E::IMS), 0u);
    EXPECT_EQ(rd(E::RCTL), 0u);
    EXPECT_EQ(rd(E::RA), 0x12005452u);
    EXPECT_EQ(rd(E::MTA + 8), 0u);
    EXPECT_EQ(rd(E::ICR), 0u);
    EXPECT_EQ(rd(E::VET), 0x8100u);
    EXPECT_EQ(pci.config_read(kDevfn, 4, 2) & 7, 7u);  // PCI config untouched
}

TEST_F(E1000Test, LegacyTransmitWritesBackAndInterrupts) {
    tx_setup();
    EXPECT_EQ(rd(E::ICR), u32(E::ICR_TXQE));  // enabling TX on an empty ring
    std::vector<u8> f = frame_to({0x52, 0x55, 0x0a, 0x00, 0x02, 0x02}, 70);
    put_bytes(0x2000, f);
    tx_desc(0x2000, u32(f.size()) | TXD_EOP | TXD_IFCS | TXD_RS, 0);
    wr(E::IMS, E::ICR_TXDW);
    EXPECT_FALSE(intx);
    tx_go();
    ASSERT_EQ(sink.frames.size(), 1u);
    EXPECT_EQ(sink.frames[0], f);
    EXPECT_EQ(rd(E::TDH), 1u);
    EXPECT_EQ(ram[kTxRing + 12] & 0x0f, 0x01);  // DD
    EXPECT_TRUE(intx);
    EXPECT_EQ(rd(E::ICS), E::ICR_TXDW | E::ICR_TXQE);  // ICS reads ICR without clearing
    EXPECT_TRUE(intx);
    EXPECT_EQ(rd(E::ICR), E::ICR_TXDW | E::ICR_TXQE | E::ICR_INT_ASSERTED);
    EXPECT_FALSE(intx);
    EXPECT_EQ(rd(E::ICR), 0u);
    // Without RS no write-back and no TXDW.
    put32(kTxRing + 16 + 12, 0);
    tx_desc(0x2000, u32(f.size()) | TXD_EOP, 0);
    tx_go();
    EXPECT_EQ(sink.frames.size(), 2u);
    EXPECT_EQ(ram[kTxRing + 16 + 12], 0);
    EXPECT_EQ(rd(E::ICR), u32(E::ICR_TXQE));
    EXPECT_FALSE(intx);
    // A frame in two descriptors; the counters (read to clear).
    tx_desc(0x2000, 20, 0);
    tx_desc(0x2000 + 20, (u32(f.size()) - 20) | TXD_EOP | TXD_RS, 0);
    tx_go();
    ASSERT_EQ(sink.frames.size(), 3u);
    EXPECT_EQ(sink.frames[2], f);
    EXPECT_EQ(rd(E::GPTC), 3u);
    EXPECT_EQ(rd(E::GPTC), 0u);
    EXPECT_EQ(rd(E::TPT), 3u);
    EXPECT_EQ(rd(E::GOTCL), 3u * 74);
    EXPECT_EQ(rd(E::GOTCH), 0u);
    EXPECT_EQ(rd(E::GOTCL), 0u);      // the high half's read cleared both
    EXPECT_EQ(rd(E::PTC64 + 4), 3u);  // 65-127 bytes
    // Writes to TDT with TX disabled do nothing until TCTL.EN.
    wr(E::TCTL, 0);
    tx_desc(0x2000, u32(f.size()) | TXD_EOP, 0);
    tx_go();
    EXPECT_EQ(sink.frames.size(), 3u);
    wr(E::TCTL, E::TCTL_EN);
    EXPECT_EQ(sink.frames.size(), 4u);
}

// Checksum offload as e1000_tx_csum programs it: a context with TUCSS/TUCSO, TUCSE 0, and
// the driver's pseudo-header sum (with the length) in the checksum field.
TEST_F(E1000Test, ChecksumOffloadUdpAndTcp) {
    tx_setup();
    for (bool tcp : {false, true}) {
        std::vector<u8> f = ip_frame(tcp, 37);
        u32 l4len = u32(f.size() - 34);
        u32 cso = tcp ? 34 + 16 : 34 + 6;
        set16(f, cso, ones_sum(f, 0, 0, pseudo(f, tcp ? 6 : 17, l4len)));
        set16(f, 24, 0);
        put_bytes(0x2000, f);
        tx_context(14, 24, 33, 34, u8(cso), 0, tcp ? TXD_TCP | TXD_IP : TXD_IP);
        tx_desc(0x2000, u32(f.size()) | TXD_DEXT | TXD_DTYP_D | TXD_EOP | TXD_RS,
                POPTS_TXSM | POPTS_IXSM);
        tx_go();
        ASSERT_EQ(sink.frames.size(), tcp ? 2u : 1u);
        std::vector<u8> out = sink.frames.back();
        ASSERT_EQ(out.size(), f.size());
        // Independent check: the IP header and the segment with its pseudo-header sum to 0xffff.
        EXPECT_EQ(ones_sum(out, 14, 34), 0xffff);
        EXPECT_EQ(ones_sum(out, 34, out.size(), pseudo(out, tcp ? 6 : 17, l4len)), 0xffff);
        // The expected bytes: the frame with both checksum fields computed from scratch.
        std::vector<u8> want = f;
        set16(want, 24, 0);
        set16(want, 24, u16(~ones_sum(want, 14, 34)));
        set16(want, cso, 0);
        set16(want, cso, u16(~ones_sum(want, 34, want.size(), pseudo(want, tcp ? 6 : 17, l4len))));
        EXPECT_EQ(out, want);
    }
    // The exact values (37 bytes of payload, ports 40000 -> 7000; computed with Python).
    EXPECT_EQ(be16(sink.frames[0], 24), 0x5068u);  // UDP frame: IP header checksum
    EXPECT_EQ(be16(sink.frames[0], 40), 0x93cfu);  // UDP checksum
    EXPECT_EQ(be16(sink.frames[1], 24), 0x5067u);  // TCP frame: IP header checksum
    EXPECT_EQ(be16(sink.frames[1], 50), 0x3ffau);  // TCP checksum
}

// TSO as e1000_tso programs it for a 4000-byte TCP payload, MSS 1448.
TEST_F(E1000Test, TsoSegmentsA4000ByteTcpPayload) {
    tx_setup();
    const u32 payload = 4000, mss = 1448, hdr = 54;
    std::vector<u8> f = ip_frame(true, payload);
    set16(f, 16, 0);  // Linux zeroes tot_len and the IP checksum ...
    set16(f, 24, 0);
    set16(f, 50, ones_sum(f, 0, 0, pseudo(f, 6, 0)));  // ... and leaves the sum without length
    put_bytes(0x10000, f);
    tx_context(14, 24, 33, 34, 50, 0, TXD_TSE | TXD_TCP | TXD_IP | payload, hdr, mss);
    // Header and the first 1000 payload bytes, then the rest, as the skb's head and a frag.
    u32 first = hdr + 1000;
    tx_desc(0x10000, first | TXD_DEXT | TXD_DTYP_D | TXD_TSE, POPTS_TXSM | POPTS_IXSM);
    tx_desc(0x10000 + first,
            (u32(f.size()) - first) | TXD_DEXT | TXD_DTYP_D | TXD_TSE | TXD_EOP | TXD_RS,
            POPTS_TXSM | POPTS_IXSM);
    tx_go();
    ASSERT_EQ(sink.frames.size(), 3u);
    const u32 seg_len[3] = {1448, 1448, 1104};
    for (u32 i = 0; i < 3; i++) {
        const std::vector<u8>& s = sink.frames[i];
        ASSERT_EQ(s.size(), hdr + seg_len[i]) << i;
        EXPECT_EQ(be16(s, 16), 40 + seg_len[i]) << i;  // IP total length
        EXPECT_EQ(be16(s, 18), 0x1234 + i) << i;       // IP id
        EXPECT_EQ(be32(s, 38), 1000 + i * mss) << i;   // sequence number
        EXPECT_EQ(s[47], i < 2 ? 0x10 : 0x19) << i;    // PSH/FIN only in the last
        EXPECT_EQ(ones_sum(s, 14, 34), 0xffff) << i;   // IP header checksum
        EXPECT_EQ(ones_sum(s, 34, s.size(), pseudo(s, 6, 20 + seg_len[i])), 0xffff) << i;
        EXPECT_TRUE(std::equal(s.begin() + hdr, s.end(), f.begin() + hdr + i * mss)) << i;
        EXPECT_TRUE(std::equal(s.begin(), s.begin() + 16, f.begin())) << i;
    }
    EXPECT_EQ(ram[kTxRing + 16 * 2 + 12] & 1, 1);  // DD on the EOP descriptor (RS)
    EXPECT_EQ(rd(E::TSCTC), 1u);
    EXPECT_EQ(rd(E::GPTC), 3u);
}

TEST_F(E1000Test, ReceiveIntoTheRing) {
    rx_setup(E::RCTL_EN | E::RCTL_BAM);  // 2048-byte buffers, FCS counted
    wr(E::IMS, E::ICR_RXT0);
    EXPECT_TRUE(nic.can_receive());
    std::vector<u8> f = frame_to(kMac, 100);
    ASSERT_TRUE(deliver(f));
    EXPECT_EQ(get16(kRxRing + 8), 104);  // length with the FCS
    EXPECT_EQ(ram[kRxRing + 12], 0x07);  // DD | EOP | IXSM
    EXPECT_EQ(ram[kRxRing + 13], 0);     // no errors
    EXPECT_TRUE(std::equal(f.begin(), f.end(), ram.begin() + kRxBuf));
    EXPECT_EQ(rd(E::RDH), 1u);
    EXPECT_TRUE(intx);
    EXPECT_EQ(rd(E::ICR), E::ICR_RXT0 | E::ICR_INT_ASSERTED);
    EXPECT_FALSE(intx);
    // A short frame is padded to 60 bytes; SECRC leaves the FCS out of the length.
    wr(E::RCTL, E::RCTL_EN | E::RCTL_SECRC);
    std::fill(ram.begin() + kRxBuf + 2048, ram.begin() + kRxBuf + 4096, 0xaa);
    std::vector<u8> s = frame_to(kMac, 42);
    ASSERT_TRUE(deliver(s));
    EXPECT_EQ(get16(kRxRing + 16 + 8), 60);
    EXPECT_TRUE(std::equal(s.begin(), s.end(), ram.begin() + kRxBuf + 2048));
    for (u32 i = 42; i < 60; i++) EXPECT_EQ(ram[kRxBuf + 2048 + i], 0) << i;
    EXPECT_EQ(ram[kRxBuf + 2048 + 60], 0xaa);
    // Counters: 2 good frames, octets with FCS.
    EXPECT_EQ(rd(E::GPRC), 2u);
    EXPECT_EQ(rd(E::TPR), 2u);
    EXPECT_EQ(rd(E::GORCL), 104u + 64u);
    // 256-byte buffers: a 600-byte frame takes three descriptors, EOP on the last.
    wr(E::RCTL, E::RCTL_EN | (3u << 16));
    ASSERT_TRUE(deliver(frame_to(kMac, 600)));
    EXPECT_EQ(rd(E::RDH), 5u);
    EXPECT_EQ(get16(kRxRing + 32 + 8), 256);
    EXPECT_EQ(ram[kRxRing + 32 + 12], 0x01);
    EXPECT_EQ(get16(kRxRing + 48 + 8), 256);
    EXPECT_EQ(get16(kRxRing + 64 + 8), 92);  // 600 + 4 - 512
    EXPECT_EQ(ram[kRxRing + 64 + 12], 0x07);
    // RDMTS 1/2 (default): 2 free descriptors of 8 left -> RXDMT0.
    EXPECT_EQ(rd(E::ICR) & (E::ICR_RXT0 | E::ICR_RXDMT0), E::ICR_RXT0 | E::ICR_RXDMT0);
}

TEST_F(E1000Test, ReceiveFilter) {
    rx_setup(E::RCTL_EN);
    const std::array<u8, 6> other{0x52, 0x54, 0x00, 0x12, 0x34, 0x57};
    const std::array<u8, 6> bcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    const std::array<u8, 6> mcast{0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb};
    EXPECT_TRUE(deliver(frame_to(kMac, 64)));    // RA[0]
    EXPECT_FALSE(deliver(frame_to(other, 64)));  // other unicast
    EXPECT_FALSE(deliver(frame_to(bcast, 64)));  // broadcast without BAM
    EXPECT_FALSE(deliver(frame_to(mcast, 64)));  // multicast not in the MTA
    // A second exact address in RA[3].
    wr(E::RA + 24, 0x12005452);
    wr(E::RA + 28, 0x5734);
    EXPECT_FALSE(deliver(frame_to(other, 64)));  // AV clear
    wr(E::RA + 28, 0x80005734);
    EXPECT_TRUE(deliver(frame_to(other, 64)));
    wr(E::RA + 28, 0);
    // MO = 0: hash = address bits 47:36 = (byte 5 << 4 | byte 4 >> 4) = 0xfb0.
    u32 hash = 0xfb0;
    wr(E::MTA + 4 * (hash >> 5), 1u << (hash & 31));
    EXPECT_TRUE(deliver(frame_to(mcast, 64)));
    EXPECT_EQ(rd(E::MPRC), 1u);
    // MO = 3 takes bits 43:32 instead: 0x0fb, not set.
    wr(E::RCTL, E::RCTL_EN | (3u << 12));
    EXPECT_FALSE(deliver(frame_to(mcast, 64)));
    wr(E::RCTL, E::RCTL_EN | E::RCTL_MPE);
    EXPECT_TRUE(deliver(frame_to(mcast, 64)));
    wr(E::RCTL, E::RCTL_EN | E::RCTL_BAM);
    EXPECT_TRUE(deliver(frame_to(bcast, 64)));
    EXPECT_EQ(rd(E::BPRC), 1u);
    wr(E::RCTL, E::RCTL_EN | E::RCTL_UPE);
    EXPECT_TRUE(deliver(frame_to(other, 64)));
    EXPECT_FALSE(deliver(frame_to(bcast, 64)));  // UPE is unicast only
    // Over 1522 bytes without LPE: dropped (ROC), with LPE kept.
    EXPECT_EQ(rd(E::RDH), 6u);
    wr(E::RDT, 1);  // room for all
    wr(E::RCTL, E::RCTL_EN);
    EXPECT_FALSE(deliver(frame_to(kMac, 1600)));
    EXPECT_EQ(rd(E::ROC), 1u);
    wr(E::RCTL, E::RCTL_EN | E::RCTL_LPE);
    EXPECT_TRUE(deliver(frame_to(kMac, 1600)));
}

TEST_F(E1000Test, FullRingStopsReceive) {
    rx_setup(E::RCTL_EN);
    wr(E::IMS, E::ICR_RXO);
    for (int i = 0; i < 7; i++) ASSERT_TRUE(deliver(frame_to(kMac, 64))) << i;
    EXPECT_EQ(rd(E::RDH), 7u);
    EXPECT_FALSE(nic.can_receive());  // RDH == RDT
    EXPECT_FALSE(deliver(frame_to(kMac, 64)));
    EXPECT_EQ(rd(E::RDH), 7u);
    // The driver returns buffers: receive resumes.
    wr(E::RDT, 3);
    EXPECT_TRUE(nic.can_receive());
    // A frame needing more buffers than are free: overrun, nothing written.
    wr(E::RCTL, E::RCTL_EN | (3u << 16));  // 256-byte buffers, 4 free
    EXPECT_FALSE(deliver(frame_to(kMac, 1200)));
    EXPECT_TRUE(rd(E::ICR) & E::ICR_RXO);
    EXPECT_EQ(rd(E::RNBC), 1u);
    // Receive disabled, or bus mastering off: no.
    wr(E::RCTL, 0);
    EXPECT_FALSE(nic.can_receive());
    wr(E::RCTL, E::RCTL_EN);
    pci.config_write(kDevfn, PciDevice::COMMAND, 3, 2);
    EXPECT_FALSE(nic.can_receive());
}

// One TDT write sends at most kTxFramesPerKick frames (a hostile ring could
// otherwise keep the model inside one MMIO write for minutes); the next write
// carries on from the descriptor where it stopped.
TEST_F(E1000Test, OneKickSendsABoundedNumberOfFrames) {
    constexpr u32 kRing = 0x10000, kDescs = 8192;
    for (u32 i = 0; i < kDescs; i++) {
        put32(kRing + 16 * i, 0x2000);
        put32(kRing + 16 * i + 4, 0);
        put32(kRing + 16 * i + 8, 60 | TXD_EOP);
        put32(kRing + 16 * i + 12, 0);
    }
    wr(E::TDBAL, kRing);
    wr(E::TDBAH, 0);
    wr(E::TDLEN, 16 * kDescs);
    wr(E::TDH, 0);
    wr(E::TDT, 0);
    wr(E::TCTL, 0x0103f0fa);
    rd(E::ICR);  // clears TXQE from enabling TX on an empty ring
    wr(E::TDT, kDescs - 1);
    EXPECT_EQ(sink.frames.size(), size_t(E1000::kTxFramesPerKick));
    EXPECT_EQ(rd(E::TDH), E1000::kTxFramesPerKick);
    EXPECT_EQ(rd(E::ICR) & E::ICR_TXQE, 0u);  // not empty yet
    wr(E::TDT, kDescs - 1);
    EXPECT_EQ(sink.frames.size(), size_t(kDescs - 1));
    EXPECT_EQ(rd(E::TDH), kDescs - 1);
}

TEST_F(E1000Test, HostileValues) {
    unsigned before = log_count(LogCategory::GuestError);
    // Unknown offsets read 0 and log once.
    EXPECT_EQ(rd(0x7000), 0u);
    EXPECT_EQ(rd(0x7000), 0u);
    wr(0x1fffc, 1);
    EXPECT_EQ(log_count(LogCategory::GuestError) - before, 2u);
    // Ring lengths keep bits 19:7.
    wr(E::RDLEN, 0x85);
    EXPECT_EQ(rd(E::RDLEN), 0x80u);
    wr(E::TDLEN, 0xffffffff);
    EXPECT_EQ(rd(E::TDLEN), 0xfff80u);
    // TDH outside the ring: nothing is fetched or sent.
    tx_setup();
    wr(E::TDH, 100);
    tx_desc(0x2000, 64 | TXD_EOP | TXD_RS, 0);
    wr(E::TDT, 1);
    EXPECT_TRUE(sink.frames.empty());
    EXPECT_EQ(rd(E::TDH), 100u);
    // TDT outside the ring: one lap round the ring, then stop.
    wr(E::TDH, 0);
    for (int i = 0; i < 8; i++) tx_desc(0x2000, 64 | TXD_EOP, 0);
    wr(E::TDT, 0xffff);
    EXPECT_EQ(sink.frames.size(), 8u);
    EXPECT_EQ(rd(E::TDH), 0u);
    // A buffer outside RAM: the frame goes out with zeros, nothing breaks.
    wr(E::TDT, 0);
    tx_setup();
    tx_desc(0xfff00000ull, 64 | TXD_EOP, 0);
    tx_desc(0x1234500000000ull, 64 | TXD_EOP, 0);  // above 4 GiB
    tx_go();
    ASSERT_EQ(sink.frames.size(), 10u);
    EXPECT_EQ(sink.frames[9], std::vector<u8>(64, 0));
    // A TSO context whose HDRLEN is longer than the frame: nothing is sent.
    tx_context(14, 24, 33, 34, 50, 0, TXD_TSE | TXD_TCP | TXD_IP | 100, 200, 1448);
    tx_desc(0x2000, 100 | TXD_DEXT | TXD_DTYP_D | TXD_TSE | TXD_EOP, POPTS_TXSM | POPTS_IXSM);
    tx_go();
    EXPECT_EQ(sink.frames.size(), 10u);
    // MSS 0 with a long payload: one header-only segment per descriptor, then it stops.
    tx_context(14, 24, 33, 34, 50, 0, TXD_TSE | TXD_TCP | TXD_IP | 1000, 54, 0);
    put_bytes(0x2000, ip_frame(true, 1000));
    tx_desc(0x2000, 1054 | TXD_DEXT | TXD_DTYP_D | TXD_TSE | TXD_EOP, POPTS_TXSM | POPTS_IXSM);
    tx_go();
    EXPECT_EQ(rd(E::TDH), rd(E::TDT));
    // Context offsets beyond the frame: checksums are not stored, frame still sent intact.
    std::vector<u8> small = frame_to(kMac, 60);
    put_bytes(0x3000, small);
    tx_context(250, 255, 0, 250, 255, 0, 0);
    tx_desc(0x3000, 60 | TXD_DEXT | TXD_DTYP_D | TXD_EOP, POPTS_TXSM | POPTS_IXSM);
    tx_go();
    EXPECT_EQ(sink.frames.back(), small);
    // RX: RDH outside the ring, a ring outside RAM, a zero-length ring.
    rx_setup(E::RCTL_EN);
    wr(E::RDH, 50);
    EXPECT_FALSE(nic.can_receive());
    EXPECT_FALSE(deliver(frame_to(kMac, 64)));
    wr(E::RDH, 0);
    wr(E::RDBAL, 0xfffff000);
    wr(E::IMS, E::ICR_RXO);
    // The descriptors cannot be read: each counts as one without a buffer, the frame finds
    // no room in the whole ring (overrun) and RDH comes back where it was.
    EXPECT_FALSE(deliver(frame_to(kMac, 64)));
    EXPECT_TRUE(rd(E::ICR) & E::ICR_RXO);
    wr(E::RDLEN, 0);
    wr(E::RDH, 0);
    EXPECT_FALSE(nic.can_receive());
    EXPECT_FALSE(deliver(frame_to(kMac, 64)));
    // A descriptor with buffer address 0 is skipped, the frame lands in the next one.
    rx_setup(E::RCTL_EN);
    put32(kRxRing, 0);
    ASSERT_TRUE(deliver(frame_to(kMac, 64)));
    EXPECT_EQ(rd(E::RDH), 2u);
    EXPECT_EQ(ram[kRxRing + 12], 0x01);
    EXPECT_EQ(ram[kRxRing + 16 + 12], 0x07);
    // Narrow accesses see the right bytes.
    u32 v = 0;
    ASSERT_TRUE(pci.mem_read(kBar0 + E::STATUS + 3, 1, &v));
    EXPECT_EQ(v, 0x80u);
    ASSERT_TRUE(pci.mem_read(kBar0 + E::STATUS, 2, &v));
    EXPECT_EQ(v, 0x0783u);
}

TEST_F(E1000Test, VlanInsertAndStrip) {
    tx_setup();
    wr(E::CTRL, rd(E::CTRL) | E::CTRL_VME);
    std::vector<u8> f = frame_to({0x52, 0x55, 0x0a, 0x00, 0x02, 0x02}, 64);
    put_bytes(0x2000, f);
    tx_desc(0x2000, 64 | TXD_EOP | 0x40000000 /* VLE */, 0x0123u << 16);
    tx_go();
    ASSERT_EQ(sink.frames.size(), 1u);
    std::vector<u8> want(f.begin(), f.begin() + 12);
    for (u8 b : {0x81, 0x00, 0x01, 0x23}) want.push_back(b);
    want.insert(want.end(), f.begin() + 12, f.end());
    EXPECT_EQ(sink.frames[0], want);
    rx_setup(E::RCTL_EN | E::RCTL_SECRC);
    std::vector<u8> tagged = frame_to(kMac, 80);
    const u8 tag[6] = {0x81, 0x00, 0x00, 0x05, 0x08, 0x00};
    std::memcpy(tagged.data() + 12, tag, 6);
    ASSERT_TRUE(deliver(tagged));
    EXPECT_EQ(get16(kRxRing + 8), 76);
    EXPECT_EQ(ram[kRxRing + 12], 0x0f);  // DD | EOP | IXSM | VP
    EXPECT_EQ(get16(kRxRing + 14), 5);
    EXPECT_EQ(ram[kRxBuf + 12], 0x08);  // the tag is gone: the EtherType follows the MACs
    EXPECT_EQ(ram[kRxBuf + 14], tagged[18]);
}

}  // namespace
}  // namespace bw
