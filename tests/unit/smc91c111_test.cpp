#include "core/dev/net/smc91c111.h"

#include <gtest/gtest.h>

#include <vector>

namespace bw {
namespace {

constexpr u32 BANK = 0xe;
// bank 0
constexpr u32 TCR = 0x0, EPH_STATUS = 0x2, RCR = 0x4, MIR = 0x8;
// bank 1
constexpr u32 CONFIG = 0x0, IA0 = 0x4, CONTROL = 0xc;
// bank 2
constexpr u32 MMU = 0x0, PNR = 0x2, FIFO = 0x4, POINTER = 0x6, DATA = 0x8, INTERRUPT = 0xc;
// bank 3
constexpr u32 MT = 0x0, MGMT = 0x8, REVISION = 0xa;

constexpr u16 MC_ALLOC = 1 << 5, MC_RELEASE = 4 << 5, MC_FREEPKT = 5 << 5, MC_ENQUEUE = 6 << 5;
constexpr u16 PTR_RCV = 0x8000, PTR_AUTOINC = 0x4000, PTR_READ = 0x2000;
constexpr u16 RCR_RXEN = 0x0100, RCR_STRIP_CRC = 0x0200, RCR_PRMS = 0x0002, RCR_ALMUL = 0x0004;
constexpr u16 MII_MDOE = 8, MII_MCLK = 4, MII_MDI = 2, MII_MDO = 1;

const std::array<u8, 6> kMac{0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

class Sink : public NetPort {
  public:
    void receive(const u8* frame, size_t len) override { frames.emplace_back(frame, frame + len); }
    std::vector<std::vector<u8>> frames;
};

class Smc91c111Test : public ::testing::Test {
  protected:
    Smc91c111Test() { hub.attach(&sink); }
    void bank(int b) { nic.write(BANK, u32(b), 2); }

    // Transmit |frame| the way Linux's smc_hardware_send_packet does (16-bit I/O).
    void send(const std::vector<u8>& frame) {
        bank(2);
        nic.write(MMU, MC_ALLOC, 2);
        u32 arr = nic.read(PNR, 2) >> 8;
        ASSERT_EQ(arr & 0x80, 0u);
        nic.write(PNR, arr, 1);
        nic.write(POINTER, PTR_AUTOINC, 2);
        nic.write(DATA, 0, 2);                              // status word
        nic.write(DATA, u32((frame.size() & ~1u) + 6), 2);  // byte count
        size_t even = frame.size() & ~size_t(1);
        for (size_t i = 0; i < even; i += 2) nic.write(DATA, frame[i] | (frame[i + 1] << 8), 2);
        nic.write(DATA, (frame.size() & 1) ? (0x2000 | frame.back()) : 0, 2);
        nic.write(MMU, MC_ENQUEUE, 2);
    }

    // Clock one MII frame through MGMT the way Linux's smc_phy_read does.
    u32 mii_out_bits(u32 value, int bits) {
        u16 reg = u16(nic.read(MGMT, 2) & ~(MII_MCLK | MII_MDOE | MII_MDO)) | MII_MDOE;
        for (u32 mask = 1u << (bits - 1); mask; mask >>= 1) {
            reg = (value & mask) ? (reg | MII_MDO) : (reg & ~MII_MDO);
            nic.write(MGMT, reg, 2);
            nic.write(MGMT, reg | MII_MCLK, 2);
        }
        return 0;
    }
    u32 mii_in_bits(int bits) {
        u16 reg = u16(nic.read(MGMT, 2) & ~(MII_MCLK | MII_MDOE | MII_MDO));
        nic.write(MGMT, reg, 2);
        u32 v = 0;
        for (u32 mask = 1u << (bits - 1); mask; mask >>= 1) {
            if (nic.read(MGMT, 2) & MII_MDI) v |= mask;
            nic.write(MGMT, reg, 2);
            nic.write(MGMT, reg | MII_MCLK, 2);
        }
        return v;
    }
    u32 linux_phy_read(int addr, int reg) {
        bank(3);
        mii_out_bits(0xffffffff, 32);
        mii_out_bits(6u << 10 | u32(addr) << 5 | u32(reg), 14);
        u32 v = mii_in_bits(18);
        nic.write(MGMT, nic.read(MGMT, 2) & ~(MII_MCLK | MII_MDOE | MII_MDO), 2);
        return v;
    }
    void linux_phy_write(int addr, int reg, u16 value) {
        bank(3);
        mii_out_bits(0xffffffff, 32);
        mii_out_bits(5u << 28 | u32(addr) << 23 | u32(reg) << 18 | 2u << 16 | value, 32);
        nic.write(MGMT, nic.read(MGMT, 2) & ~(MII_MCLK | MII_MDOE | MII_MDO), 2);
    }
    // U-Boot's smc_read_phy_register: 64 clocks, MDI sampled with MCLK high.
    u16 uboot_phy_read(int reg) {
        std::vector<u8> bits;
        for (int i = 0; i < 32; i++) bits.push_back(MII_MDOE | MII_MDO);
        u32 header = 0b0110u << 10 | 0u << 5 | u32(reg);
        for (int i = 13; i >= 0; i--) bits.push_back(MII_MDOE | ((header >> i) & 1 ? MII_MDO : 0));
        bits.push_back(0);  // turnaround
        size_t input = bits.size();
        for (int i = 0; i < 17; i++) bits.push_back(0);
        bank(3);
        u16 reg_v = u16(nic.read(MGMT, 2) & ~(MII_MDOE | MII_MCLK | MII_MDI | MII_MDO));
        for (auto& b : bits) {
            nic.write(MGMT, reg_v | b, 2);
            nic.write(MGMT, reg_v | b | MII_MCLK, 2);
            b |= nic.read(MGMT, 2) & MII_MDI;
        }
        nic.write(MGMT, reg_v, 2);
        u16 v = 0;
        for (int i = 0; i < 16; i++) v = u16(v << 1 | ((bits[input + i] & MII_MDI) ? 1 : 0));
        return v;
    }

    NetHub hub;
    Sink sink;
    Smc91c111 nic{&hub, kMac};
};

TEST_F(Smc91c111Test, ResetValues) {
    EXPECT_EQ(nic.read(BANK, 2), 0x3300u);
    bank(0);
    EXPECT_EQ(nic.read(TCR, 2), 0u);
    EXPECT_EQ(nic.read(EPH_STATUS, 2), 0x4000u);
    EXPECT_EQ(nic.read(MIR, 2), 0x0404u);  // 4 pages, 4 free
    bank(1);
    EXPECT_EQ(nic.read(CONFIG, 2), 0xa0b1u);
    EXPECT_EQ(nic.read(CONTROL, 2), 0x1210u);
    EXPECT_EQ(nic.read(IA0, 4), 0x12005452u);
    EXPECT_EQ(nic.read(IA0 + 4, 2), 0x5634u);
    bank(2);
    EXPECT_EQ(nic.read(INTERRUPT, 2), 0x0004u);  // TX_EMPTY, mask 0
    EXPECT_EQ(nic.read(FIFO, 2), 0x8080u);       // both FIFOs empty
    bank(3);
    EXPECT_EQ(nic.read(REVISION, 2), 0x3391u);
    EXPECT_EQ(nic.read(MGMT, 2), 0x3330u);
    EXPECT_EQ(nic.read(0xc, 4), 0x3303001fu);  // ERCV and BANK in one read
    EXPECT_FALSE(nic.irq.level());
}

TEST_F(Smc91c111Test, TransmitSendsExactBytes) {
    bank(0);
    nic.write(TCR, 0x0001, 2);  // TXEN
    std::vector<u8> frame(61);
    for (size_t i = 0; i < frame.size(); i++) frame[i] = u8(0xa0 + i);
    send(frame);
    ASSERT_EQ(sink.frames.size(), 1u);
    EXPECT_EQ(sink.frames[0], frame);
    // Not auto-released: the page sits in the TX completion FIFO with TX_SUC|LINK_OK.
    EXPECT_EQ(nic.read(FIFO, 1), 0u);
    EXPECT_EQ(nic.read(INTERRUPT, 1), 0x0eu);  // ALLOC | TX_EMPTY | TX
    nic.write(POINTER, PTR_AUTOINC | PTR_READ, 2);
    EXPECT_EQ(nic.read(DATA, 2), 0x4001u);
    EXPECT_EQ(nic.read(DATA, 2), 66u);
    nic.write(INTERRUPT, 0x02, 1);  // ack TX
    EXPECT_EQ(nic.read(FIFO, 1), 0x80u);
    EXPECT_EQ(nic.read(INTERRUPT, 1), 0x0cu);
    nic.write(MMU, MC_FREEPKT, 2);
    bank(0);
    EXPECT_EQ(nic.read(MIR, 2), 0x0404u);

    // PAD_EN pads to 64 with zeros; even frames carry no ODD control bit.
    nic.write(TCR, 0x0081, 2);
    std::vector<u8> small{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
    send(small);
    ASSERT_EQ(sink.frames.size(), 2u);
    std::vector<u8> padded = small;
    padded.resize(64, 0);
    EXPECT_EQ(sink.frames[1], padded);
}

TEST_F(Smc91c111Test, TransmitNeedsTxen) {
    send({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14});
    EXPECT_TRUE(sink.frames.empty());
    nic.write(INTERRUPT, 0x04, 1);  // ack TX_EMPTY: stays clear, the FIFO holds a frame
    EXPECT_EQ(nic.read(INTERRUPT, 1), 0x08u);
    bank(0);
    nic.write(TCR, 0x0001, 2);  // TXEN sends what is queued
    ASSERT_EQ(sink.frames.size(), 1u);
    EXPECT_EQ(sink.frames[0].size(), 14u);
    bank(2);
    EXPECT_EQ(nic.read(INTERRUPT, 1), 0x0eu);
}

TEST_F(Smc91c111Test, AllocationExhaustsFourPages) {
    bank(2);
    nic.write(INTERRUPT + 1, 0x08, 1);  // unmask ALLOC
    for (u32 i = 0; i < 4; i++) {
        nic.write(MMU, MC_ALLOC, 2);
        EXPECT_EQ(nic.read(PNR + 1, 1), i);
        EXPECT_TRUE(nic.irq.level());
        EXPECT_EQ(nic.read(INTERRUPT, 1) & 0x08, 0x08u);
    }
    nic.write(MMU, MC_ALLOC, 2);
    EXPECT_EQ(nic.read(PNR + 1, 1), 0x80u);
    EXPECT_FALSE(nic.irq.level());
    // Releasing a page completes the pending allocation.
    nic.write(PNR, 2, 1);
    nic.write(MMU, MC_FREEPKT, 2);
    EXPECT_EQ(nic.read(PNR + 1, 1), 2u);
    EXPECT_TRUE(nic.irq.level());
}

TEST_F(Smc91c111Test, ReceiveLandsInRxFifo) {
    bank(0);
    nic.write(RCR, RCR_RXEN | RCR_STRIP_CRC, 2);
    bank(2);
    nic.write(INTERRUPT + 1, 0x01, 1);  // unmask RCV
    std::vector<u8> frame(71);
    for (int i = 0; i < 6; i++) frame[i] = kMac[i];
    for (size_t i = 6; i < frame.size(); i++) frame[i] = u8(i * 3);
    hub.send(&sink, frame.data(), frame.size());
    EXPECT_TRUE(nic.irq.level());
    EXPECT_EQ(nic.read(INTERRUPT, 1), 0x05u);  // RCV | TX_EMPTY
    EXPECT_EQ(nic.read(FIFO, 2), 0x0080u);     // RX page 0, TX done empty

    // Read it as Linux's smc_rcv does.
    nic.write(POINTER, PTR_READ | PTR_RCV | PTR_AUTOINC, 2);
    EXPECT_EQ(nic.read(DATA, 2), 0x1000u);  // status: ODDFRAME
    u32 count = nic.read(DATA, 2);
    EXPECT_EQ(count, 70u + 6u);
    std::vector<u8> got;
    for (u32 i = 0; i < count - 4; i += 2) {
        u32 w = nic.read(DATA, 2);
        got.push_back(u8(w));
        got.push_back(u8(w >> 8));
    }
    ASSERT_EQ(got.size(), 72u);
    EXPECT_EQ(std::vector<u8>(got.begin(), got.begin() + 70),
              std::vector<u8>(frame.begin(), frame.begin() + 70));
    EXPECT_EQ(got[70], frame[70]);  // odd last byte
    EXPECT_EQ(got[71], 0x60);       // control: RCV marker | ODD

    nic.write(MMU, MC_RELEASE, 2);
    EXPECT_EQ(nic.read(FIFO + 1, 1), 0x80u);
    EXPECT_EQ(nic.read(INTERRUPT, 1), 0x04u);
    EXPECT_FALSE(nic.irq.level());
}

TEST_F(Smc91c111Test, ReceiveShortFramePaddedWithFcs) {
    bank(0);
    nic.write(RCR, RCR_RXEN, 2);  // keep the CRC
    std::vector<u8> frame{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 0x08, 0x06};
    hub.send(&sink, frame.data(), frame.size());
    bank(2);
    nic.write(POINTER, PTR_READ | PTR_RCV, 2);            // no auto-increment: 32-bit read
    EXPECT_EQ(nic.read(DATA, 4), (74u << 16) | 0x4000u);  // BRODCAST, 64 + 4 + 6
    // FCS of the 64 padded bytes, little-endian at offset 4 + 64.
    nic.write(POINTER, PTR_READ | PTR_RCV | (4 + 64), 2);
    EXPECT_EQ(nic.read(DATA, 4), 0xa62e4b83u);
    nic.write(POINTER, PTR_READ | PTR_RCV | (4 + 68), 2);
    EXPECT_EQ(nic.read(DATA, 2), 0x4000u);  // control: even
}

TEST_F(Smc91c111Test, ReceiveFiltering) {
    bank(0);
    nic.write(RCR, RCR_RXEN | RCR_STRIP_CRC, 2);
    std::vector<u8> other{0x52, 0x54, 0x00, 0x12, 0x34, 0x57, 1, 2, 3, 4, 5, 6, 0, 0};
    std::vector<u8> mcast{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01, 1, 2, 3, 4, 5, 6, 0, 0};
    hub.send(&sink, other.data(), other.size());
    hub.send(&sink, mcast.data(), mcast.size());
    bank(2);
    EXPECT_EQ(nic.read(FIFO + 1, 1), 0x80u);
    // 01:00:5e:00:00:01: crc32_le(~0, addr, 6) & 0x3f = 0x3e -> MT[invert3[6]] bit invert3[7].
    bank(3);
    nic.write(MT + 3, 0x80, 1);
    hub.send(&sink, mcast.data(), mcast.size());
    bank(2);
    EXPECT_EQ(nic.read(FIFO + 1, 1), 0u);
    nic.write(POINTER, PTR_READ | PTR_RCV, 2);
    EXPECT_EQ(nic.read(DATA, 2), 0x0001u);  // MULTICAST
    nic.write(MMU, MC_RELEASE, 2);
    bank(0);
    nic.write(RCR, RCR_RXEN | RCR_STRIP_CRC | RCR_ALMUL, 2);
    hub.send(&sink, other.data(), other.size());
    mcast[5] = 0x77;
    hub.send(&sink, mcast.data(), mcast.size());
    nic.write(RCR, RCR_RXEN | RCR_STRIP_CRC | RCR_PRMS, 2);
    hub.send(&sink, other.data(), other.size());
    bank(0);
    EXPECT_EQ(nic.read(MIR + 1, 1), 2u);  // two pages used
}

// Found by tests/fuzz/smc91c111_fuzz: promiscuous mode let an empty frame in,
// and the broadcast test read its first byte.
TEST_F(Smc91c111Test, PromiscuousIgnoresEmptyFrame) {
    bank(0);
    nic.write(RCR, RCR_RXEN | RCR_STRIP_CRC | RCR_PRMS, 2);
    nic.receive(nullptr, 0);
    bank(2);
    EXPECT_EQ(nic.read(FIFO + 1, 1), 0x80u);  // RX FIFO empty
    bank(0);
    EXPECT_EQ(nic.read(MIR + 1, 1), 4u);  // all four pages free
}

TEST_F(Smc91c111Test, OverrunWhenPagesRunOut) {
    bank(0);
    nic.write(RCR, RCR_RXEN | RCR_STRIP_CRC, 2);
    bank(2);
    nic.write(INTERRUPT + 1, 0x10, 1);  // unmask RX_OVRN
    std::vector<u8> frame{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 0, 0};
    for (int i = 0; i < 4; i++) {
        EXPECT_TRUE(nic.can_receive());
        nic.receive(frame.data(), frame.size());
    }
    EXPECT_FALSE(nic.can_receive());
    EXPECT_FALSE(nic.irq.level());
    nic.receive(frame.data(), frame.size());
    EXPECT_EQ(nic.read(INTERRUPT, 1), 0x15u);  // RX_OVRN | TX_EMPTY | RCV
    EXPECT_TRUE(nic.irq.level());
    nic.write(INTERRUPT, 0x10, 1);
    EXPECT_FALSE(nic.irq.level());
    nic.write(MMU, MC_RELEASE, 2);
    EXPECT_TRUE(nic.can_receive());
}

TEST_F(Smc91c111Test, PhyAnswersLinuxMiiReads) {
    EXPECT_EQ(linux_phy_read(0, 2), 0x0016u);
    EXPECT_EQ(linux_phy_read(0, 3), 0xf840u);
    EXPECT_EQ(linux_phy_read(0, 1), 0x782du);  // link up, auto-negotiation complete
    EXPECT_EQ(linux_phy_read(0, 5), 0x41e1u);
    EXPECT_EQ(linux_phy_read(0, 18), 0x00c0u);
    EXPECT_EQ(linux_phy_read(1, 2), 0u);  // nobody else on the bus
    EXPECT_EQ(linux_phy_read(31, 3), 0u);
    linux_phy_write(0, 4, 0x0061);
    EXPECT_EQ(linux_phy_read(0, 4), 0x0061u);
    linux_phy_write(0, 0, 0x8000);  // reset completes at once
    EXPECT_EQ(linux_phy_read(0, 0), 0x3000u);
    EXPECT_EQ(linux_phy_read(0, 4), 0x01e1u);
    linux_phy_write(0, 0, 0x1200);  // ANENABLE | ANRESTART
    EXPECT_EQ(linux_phy_read(0, 0), 0x1000u);
    bank(3);
    EXPECT_EQ(nic.read(MGMT, 2), 0x3330u);
}

TEST_F(Smc91c111Test, PhyAnswersUbootMiiReads) {
    EXPECT_EQ(uboot_phy_read(0), 0x3000u);
    EXPECT_EQ(uboot_phy_read(1), 0x782du);
    EXPECT_EQ(uboot_phy_read(2), 0x0016u);
    EXPECT_EQ(uboot_phy_read(3), 0xf840u);
}

TEST_F(Smc91c111Test, SoftResetKeepsAddress) {
    bank(1);
    nic.write(IA0, 0x0002, 2);
    bank(0);
    nic.write(TCR, 0x0001, 2);
    nic.write(RCR, 0x8000, 2);
    EXPECT_EQ(nic.read(TCR, 2), 0u);
    EXPECT_EQ(nic.read(RCR, 2), 0u);
    bank(1);
    EXPECT_EQ(nic.read(IA0, 2), 0x0002u);
    EXPECT_EQ(nic.read(BANK, 2), 0x3301u);
}

}  // namespace
}  // namespace bw
