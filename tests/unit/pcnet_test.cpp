// Am79C970A PCnet-PCI II through a PciBus with RAM behind it: config space, APROM,
// CSR/BCR access in word and dword I/O, init block, transmit and receive rings in
// software styles 0, 2 and 3, receive filtering, MISS, hostile programming.
#include "core/dev/net/pcnet.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/common/crc32.h"
#include "core/common/log.h"
#include "core/mem/bus.h"

namespace bw {
namespace {

const std::array<u8, 6> kMac{0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
constexpr u8 kDevfn = 11 << 3;
constexpr u32 kIo = 0x1000;
constexpr u32 kMmio = 0x40000000;
constexpr u32 kRam = 0x20000;
// Guest memory layout used by the tests.
constexpr u32 kInit = 0x100, kRxRing = 0x400, kTxRing = 0x800, kRxBuf = 0x2000, kTxBuf = 0x8000;
constexpr u16 kRxBufSize = 0x600;

// CSR0 bits.
constexpr u16 INIT = 0x0001, STRT = 0x0002, STOP = 0x0004, TDMD = 0x0008, TXON = 0x0010,
              RXON = 0x0020, IENA = 0x0040, INTR = 0x0080, IDON = 0x0100, TINT = 0x0200,
              RINT = 0x0400, MERR = 0x0800, MISS = 0x1000, ERR = 0x8000;
// Descriptor status.
constexpr u16 OWN = 0x8000, DERR = 0x4000, STP = 0x0200, ENP = 0x0100, BUFF = 0x0400, OFLO = 0x1000,
              PAM = 0x0040, LAFM = 0x0020, BAM = 0x0010;

class Sink : public NetPort {
  public:
    void receive(const u8* frame, size_t len) override { frames.emplace_back(frame, frame + len); }
    std::vector<std::vector<u8>> frames;
};

std::vector<u8> make_frame(const std::array<u8, 6>& dst, size_t len, u8 seed) {
    std::vector<u8> f(len);
    for (size_t i = 0; i < len; i++) f[i] = u8(seed + i * 7);
    std::copy(dst.begin(), dst.end(), f.begin());
    for (int i = 0; i < 6; i++) f[6 + i] = u8(0x10 + i);
    return f;
}

struct Desc {
    u32 addr;
    u16 bcnt, status;
    u32 misc;
};

class PcnetTest : public ::testing::Test {
  protected:
    PcnetTest() : ram(kRam), nic(sched, &hub, kMac) {
        hub.attach(&sink);
        memory.map_ram(0, kRam, ram.data());
        pci.set_dma_memory(&memory);
        pci.irq_route = [](u8 devfn, int pin) { return ((devfn >> 3) + pin) & 3; };
        pci.set_irq_line = [this](int line, bool level) { lines[line] = level; };
        pci.attach(kDevfn, &nic);
        enable_pci();
    }
    void enable_pci(u16 command = PciDevice::COMMAND_IO | PciDevice::COMMAND_MEMORY |
                                  PciDevice::COMMAND_MASTER) {
        pci.config_write(kDevfn, PciDevice::BAR0, kIo, 4);
        pci.config_write(kDevfn, PciDevice::BAR0 + 4, kMmio, 4);
        pci.config_write(kDevfn, PciDevice::COMMAND, command, 2);
    }
    bool irq() const { return lines[(11 + 0) & 3]; }

    // Port I/O as the drivers do it.
    void outw(u32 off, u32 v) { ASSERT_TRUE(pci.io_write(kIo + off, v, 2)); }
    void outl(u32 off, u32 v) { ASSERT_TRUE(pci.io_write(kIo + off, v, 4)); }
    u32 in(u32 off, unsigned size) {
        u32 v = 0xdeadbeef;
        EXPECT_TRUE(pci.io_read(kIo + off, size, &v));
        return v;
    }
    u16 csr(unsigned n) {
        outw(0x12, n);
        return u16(in(0x10, 2));
    }
    void set_csr(unsigned n, u16 v) {
        outw(0x12, n);
        outw(0x10, v);
    }
    u16 bcr(unsigned n) {
        outw(0x12, n);
        return u16(in(0x16, 2));
    }
    void set_bcr(unsigned n, u16 v) {
        outw(0x12, n);
        outw(0x16, v);
    }

    // RAM helpers.
    void w16(u32 a, u16 v) {
        ram[a] = u8(v);
        ram[a + 1] = u8(v >> 8);
    }
    void w32(u32 a, u32 v) {
        w16(a, u16(v));
        w16(a + 2, u16(v >> 16));
    }
    u16 r16(u32 a) const { return u16(ram[a] | ram[a + 1] << 8); }
    u32 r32(u32 a) const { return r16(a) | u32(r16(a + 2)) << 16; }

    u32 dsize() const { return style == 0 ? 8 : 16; }
    void put_desc(u32 at, const Desc& d) {
        if (style == 0) {
            w32(at, (d.addr & 0xffffff) | u32(d.status & 0xff00) << 16);
            w16(at + 4, d.bcnt);
            w16(at + 6, u16(d.misc));
            return;
        }
        w32(at + (style == 3 ? 8 : 0), d.addr);
        w16(at + 4, d.bcnt);
        w16(at + 6, d.status);
        w32(at + (style == 3 ? 0 : 8), d.misc);
    }
    Desc get_desc(u32 at) const {
        Desc d;
        if (style == 0) {
            d.addr = r32(at) & 0xffffff;
            d.status = u16((r32(at) >> 16) & 0xff00);
            d.bcnt = r16(at + 4);
            d.misc = r16(at + 6);
            return d;
        }
        d.addr = r32(at + (style == 3 ? 8 : 0));
        d.bcnt = r16(at + 4);
        d.status = r16(at + 6);
        d.misc = r32(at + (style == 3 ? 0 : 8));
        return d;
    }
    u32 rx_desc(int i) const { return kRxRing + u32(i) * dsize(); }
    u32 tx_desc(int i) const { return kTxRing + u32(i) * dsize(); }

    // The init block and rings a driver sets up: |rlen|/|tlen| are log2 ring lengths.
    void write_init_block(u16 mode, int rlen, int tlen, const u8* ladrf = nullptr) {
        static const u8 zero[8] = {};
        if (!ladrf) ladrf = zero;
        if (style == 0) {
            w16(kInit, mode);
            for (int i = 0; i < 6; i++) ram[kInit + 2 + i] = kMac[i];
            for (int i = 0; i < 8; i++) ram[kInit + 8 + i] = ladrf[i];
            w32(kInit + 16, kRxRing | u32(rlen) << 29);
            w32(kInit + 20, kTxRing | u32(tlen) << 29);
        } else {
            w16(kInit, mode);
            ram[kInit + 2] = u8(rlen << 4);
            ram[kInit + 3] = u8(tlen << 4);
            for (int i = 0; i < 6; i++) ram[kInit + 4 + i] = kMac[i];
            for (int i = 0; i < 8; i++) ram[kInit + 12 + i] = ladrf[i];
            w32(kInit + 20, kRxRing);
            w32(kInit + 24, kTxRing);
        }
        for (int i = 0; i < (1 << rlen); i++) {
            put_desc(rx_desc(i),
                     {kRxBuf + u32(i) * kRxBufSize, u16(0xf000 | (-kRxBufSize & 0xfff)), OWN, 0});
        }
        for (int i = 0; i < (1 << tlen); i++) put_desc(tx_desc(i), {0, 0xf000, 0, 0});
    }
    // Software style, init block, INIT, wait for IDON, then IENA|STRT as Linux's pcnet32_open.
    void bring_up(int sw_style, u16 mode = 0, int rlen = 2, int tlen = 2,
                  const u8* ladrf = nullptr) {
        style = sw_style;
        set_bcr(20, u16(sw_style));
        write_init_block(mode, rlen, tlen, ladrf);
        set_csr(1, kInit & 0xffff);
        set_csr(2, kInit >> 16);
        set_csr(0, INIT);
        ASSERT_TRUE(csr(0) & IDON);
        set_csr(0, IDON | IENA | STRT);
        ASSERT_EQ(csr(0), IENA | STRT | INIT | TXON | RXON);
        ASSERT_FALSE(irq());
    }
    // Queue |frame| over descriptors of the given sizes starting at TX descriptor |first|.
    void queue_tx(const std::vector<u8>& frame, const std::vector<u32>& pieces, int first = 0) {
        u32 pos = 0;
        for (size_t i = 0; i < pieces.size(); i++) {
            u32 buf = kTxBuf + pos + u32(i) * 16;  // pieces not contiguous
            std::copy(frame.begin() + pos, frame.begin() + pos + pieces[i], ram.begin() + buf);
            u16 status = OWN | (i == 0 ? STP : 0) | (i + 1 == pieces.size() ? ENP : 0);
            put_desc(tx_desc(first + int(i)),
                     {buf, u16(0xf000 | (-pieces[i] & 0xfff)), u16(i == 0 ? 0 : status), 0});
            pos += pieces[i];
        }
        // The first descriptor is handed over last, as drivers do.
        Desc d = get_desc(tx_desc(first));
        d.status = OWN | STP | (pieces.size() == 1 ? ENP : 0);
        put_desc(tx_desc(first), d);
    }
    std::vector<u8> rx_bytes(int i, size_t n) const {
        u32 a = kRxBuf + u32(i) * kRxBufSize;
        return std::vector<u8>(ram.begin() + a, ram.begin() + a + n);
    }

    std::vector<u8> ram;
    Bus memory;
    PciBus pci;
    Scheduler sched;
    NetHub hub;
    Sink sink;
    Pcnet nic;
    bool lines[4] = {};
    int style = 0;
};

TEST_F(PcnetTest, PciConfigSpaceAsQemu) {
    EXPECT_EQ(pci.config_read(kDevfn, 0x00, 4), 0x20001022u);
    EXPECT_EQ(pci.config_read(kDevfn, 0x08, 4), 0x02000010u);  // class 020000, revision 0x10
    EXPECT_EQ(pci.config_read(kDevfn, 0x06, 2), 0x0280u);
    EXPECT_EQ(pci.config_read(kDevfn, 0x2c, 4), 0u);  // subsystem
    EXPECT_EQ(pci.config_read(kDevfn, 0x3d, 1), 1u);  // INTA#
    EXPECT_EQ(pci.config_read(kDevfn, 0x3e, 1), 6u);
    EXPECT_EQ(pci.config_read(kDevfn, 0x3f, 1), 0xffu);
    pci.config_write(kDevfn, 0x10, 0xffffffff, 4);
    pci.config_write(kDevfn, 0x14, 0xffffffff, 4);
    EXPECT_EQ(pci.config_read(kDevfn, 0x10, 4), 0xffffffe1u);  // 32 bytes of I/O
    EXPECT_EQ(pci.config_read(kDevfn, 0x14, 4), 0xffffffe0u);  // 32 bytes of memory
    EXPECT_EQ(pci.config_read(kDevfn, 0x18, 4), 0u);
}

TEST_F(PcnetTest, ApromHoldsMacChecksumAndSignature) {
    const u8 want[16] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0,    0,
                         0,    0x11, 0,    0,    0x01, 0x02, 0x57, 0x57};
    for (int i = 0; i < 16; i++) EXPECT_EQ(in(u32(i), 1), want[i]) << i;
    EXPECT_EQ(in(0, 2), 0x5452u);
    EXPECT_EQ(in(0, 4), 0xffffffffu);  // dwords only in DWIO mode
    // The memory BAR decodes the same registers.
    u32 v = 0;
    ASSERT_TRUE(pci.mem_read(kMmio + 4, 2, &v));
    EXPECT_EQ(v, 0x5634u);
    // Writable only with BCR2 APROMWE; H_RESET reloads it.
    ASSERT_TRUE(pci.io_write(kIo + 0, 0xaa, 1));
    EXPECT_EQ(in(0, 1), 0x52u);
    set_bcr(2, bcr(2) | 0x0100);
    ASSERT_TRUE(pci.io_write(kIo + 0, 0xaa, 1));
    EXPECT_EQ(in(0, 1), 0xaau);
    pci.reset();
    enable_pci();
    EXPECT_EQ(in(0, 1), 0x52u);
}

TEST_F(PcnetTest, ResetValues) {
    EXPECT_EQ(csr(0), STOP);
    EXPECT_EQ(csr(3), 0u);
    EXPECT_EQ(csr(4), 0x0115u);
    EXPECT_EQ(csr(12), 0x5452u);
    EXPECT_EQ(csr(13), 0x1200u);
    EXPECT_EQ(csr(14), 0x5634u);
    EXPECT_EQ(csr(76), 1u);
    EXPECT_EQ(csr(78), 1u);
    EXPECT_EQ(csr(88), 0x1003u);
    EXPECT_EQ(csr(89), 0x0262u);
    EXPECT_EQ(bcr(2), 0x0002u);
    EXPECT_EQ(bcr(4), 0x80c0u);  // LEDOUT: link up
    EXPECT_EQ(bcr(9), 0u);
    EXPECT_EQ(bcr(18), 0x9001u);
    EXPECT_EQ(bcr(20), 0x0200u);
    EXPECT_EQ(bcr(22), 0xff06u);
    EXPECT_EQ(bcr(40), 0u);
    // pcnet32_wio_check: RAP reads back.
    outw(0x12, 88);
    EXPECT_EQ(in(0x12, 2), 88u);
    // S_RESET by reading RESET: CSRs back to their reset values, RAP 0.
    set_csr(3, 0x5f00);
    set_bcr(9, 1);
    EXPECT_EQ(in(0x14, 2), 0u);
    EXPECT_EQ(in(0x12, 2), 0u);
    EXPECT_EQ(csr(3), 0u);
    EXPECT_EQ(bcr(9), 1u);  // BCRs survive S_RESET
}

TEST_F(PcnetTest, DwordIoModeSwitchAndReset) {
    outl(0x10, 0);                    // dword write to RDP: the chip is in DWIO now
    EXPECT_EQ(in(0x10, 2), 0xffffu);  // word cycles are ignored
    outl(0x14, 88);
    EXPECT_EQ(in(0x14, 4), 88u);
    EXPECT_EQ(in(0x10, 4), 0x1003u);
    outl(0x14, 18);
    EXPECT_EQ(in(0x1c, 4), 0x9081u);   // BCR18 with DWIO
    EXPECT_EQ(in(0, 4), 0x12005452u);  // APROM as dwords
    EXPECT_EQ(in(0, 1), 0xffu);
    outl(0x14, 3);
    outl(0x10, 0x0400);
    EXPECT_EQ(in(0x10, 4), 0x0400u);
    EXPECT_EQ(in(0x18, 4), 0u);  // S_RESET: back to word I/O
    EXPECT_EQ(in(0x12, 2), 0u);
    EXPECT_EQ(csr(3), 0u);
    EXPECT_EQ(bcr(18), 0x9001u);
}

TEST_F(PcnetTest, CsrAndBcrWriteRules) {
    // SWSTYLE only while stopped; 2 and 3 set SSIZE32 and CSRPCNET; CSR58 is an alias.
    set_bcr(20, 2);
    EXPECT_EQ(bcr(20), 0x0302u);
    EXPECT_EQ(csr(58), 0x0302u);
    set_csr(58, 1);
    EXPECT_EQ(bcr(20), 0x0101u);
    unsigned errors = log_count(LogCategory::GuestError);
    set_bcr(20, 7);
    EXPECT_EQ(bcr(20), 0x0200u);
    EXPECT_GT(log_count(LogCategory::GuestError), errors);
    // Ring length 0 means 512.
    set_csr(76, 0);
    EXPECT_EQ(csr(76), 512u);
    // CSR4 write-1-to-clear bits keep their value when written 0.
    set_csr(4, 0x0915);
    EXPECT_EQ(csr(4), 0x0915u);
    // CSR16/17 alias CSR1/2; CSR112 writable while stopped only.
    set_csr(16, 0x1234);
    EXPECT_EQ(csr(1), 0x1234u);
    set_csr(112, 7);
    EXPECT_EQ(csr(112), 7u);
    // Read-only CSRs and BCRs ignore writes.
    set_csr(88, 0);
    EXPECT_EQ(csr(88), 0x1003u);
    set_bcr(0, 0x1234);
    EXPECT_EQ(bcr(0), 0x0005u);
    // RAP out of range: 7 bits are kept and the guest error logged.
    errors = log_count(LogCategory::GuestError);
    outw(0x12, 0x1ff);
    EXPECT_EQ(in(0x12, 2), 0x7fu);
    EXPECT_GT(log_count(LogCategory::GuestError), errors);
    EXPECT_EQ(bcr(0x7f), 0u);
    set_csr(127, 0xffff);  // not a register the model keeps: ignored
    EXPECT_EQ(csr(127), 0u);
}

TEST_F(PcnetTest, InitBlock32LoadsAndRaisesIdonOnIntx) {
    style = 2;
    set_bcr(20, 2);
    const u8 ladrf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    write_init_block(0x8000, 3, 2, ladrf);
    set_csr(1, kInit);
    set_csr(2, 0);
    set_csr(0, INIT | IENA);
    EXPECT_EQ(csr(0), INIT | IENA | INTR | IDON);
    EXPECT_TRUE(irq());
    EXPECT_EQ(csr(15), 0x8000u);
    EXPECT_EQ(csr(6), 0x2300u);
    EXPECT_EQ(csr(76), 8u);
    EXPECT_EQ(csr(78), 4u);
    EXPECT_EQ(csr(72), 8u);
    EXPECT_EQ(csr(8), 0x0201u);
    EXPECT_EQ(csr(11), 0x0807u);
    EXPECT_EQ(csr(12), 0x5452u);
    // Masked by CSR3 IDONM: INTR and the pin drop; unmasked they come back.
    set_csr(3, 0x0100);
    EXPECT_FALSE(irq());
    EXPECT_EQ(csr(0) & INTR, 0u);
    set_csr(3, 0);
    EXPECT_TRUE(irq());
    // Without IENA INTR stays but the pin is low; writing IDON clears it.
    set_csr(0, 0);
    EXPECT_FALSE(irq());
    EXPECT_TRUE(csr(0) & INTR);
    set_csr(0, IDON);
    EXPECT_EQ(csr(0), INIT);
}

TEST_F(PcnetTest, InitBlock16UsesCsr2UpperByte) {
    style = 0;
    write_init_block(0x0003, 1, 3);  // DRX|DTX
    set_csr(1, kInit);
    set_csr(2, 0);
    set_csr(0, INIT);
    EXPECT_EQ(csr(0), INIT | IDON | INTR);
    EXPECT_EQ(csr(76), 2u);
    EXPECT_EQ(csr(78), 8u);
    EXPECT_EQ(csr(15), 3u);
    // STRT with DRX and DTX: neither receiver nor transmitter comes on.
    set_csr(0, STRT);
    EXPECT_EQ(csr(0) & (TXON | RXON), 0u);
    nic.receive(make_frame(kMac, 64, 1).data(), 64);
    EXPECT_EQ(get_desc(rx_desc(0)).status, OWN);
    // STOP clears everything else; the upper byte of CSR2 extends 24-bit addresses.
    set_csr(0, STOP);
    EXPECT_EQ(csr(0), STOP);
    set_csr(2, 0x0100);  // IADR 0x01000100: outside RAM
    unsigned errors = log_count(LogCategory::GuestError);
    set_csr(0, INIT);
    EXPECT_EQ(csr(0) & (IDON | MERR), MERR);
    EXPECT_GT(log_count(LogCategory::GuestError), errors);
}

class PcnetStyleTest : public PcnetTest, public ::testing::WithParamInterface<int> {};

TEST_P(PcnetStyleTest, TransmitChainedFrame) {
    bring_up(GetParam());
    std::vector<u8> frame = make_frame({0x52, 0x55, 0x0a, 0, 2, 2}, 300, 3);
    queue_tx(frame, {100, 150, 50}, 1);
    set_csr(74, 3);  // the ring counter at descriptor 1 (counts down from 4)
    set_csr(0, IENA | TDMD);
    ASSERT_EQ(sink.frames.size(), 1u);
    EXPECT_EQ(sink.frames[0], frame);
    for (int i = 1; i <= 3; i++) {
        Desc d = get_desc(tx_desc(i));
        EXPECT_EQ(d.status & OWN, 0) << i;
        EXPECT_EQ(d.status & DERR, 0) << i;
    }
    EXPECT_EQ(get_desc(tx_desc(1)).status & (STP | ENP), STP);
    EXPECT_EQ(get_desc(tx_desc(3)).status & (STP | ENP), ENP);
    EXPECT_EQ(csr(74), 4u);  // next: descriptor 0
    EXPECT_EQ(csr(0), IENA | INTR | TINT | STRT | INIT | TXON | RXON);
    EXPECT_TRUE(irq());
    EXPECT_TRUE(csr(4) & 0x0008);  // TXSTRT
    set_csr(0, TINT | IENA);
    EXPECT_FALSE(irq());
}

TEST_P(PcnetStyleTest, ReceiveIntoRing) {
    bring_up(GetParam());
    std::vector<u8> frame = make_frame(kMac, 100, 9);
    ASSERT_TRUE(nic.can_receive());
    hub.send(&sink, frame.data(), frame.size());
    // 16-bit descriptors have only the upper status byte: no match flags.
    u16 pam = style == 0 ? 0 : PAM, bam = style == 0 ? 0 : BAM;
    Desc d = get_desc(rx_desc(0));
    EXPECT_EQ(d.status, STP | ENP | pam);
    EXPECT_EQ(d.misc & 0xffff, 104u);  // MCNT counts the FCS
    std::vector<u8> got = rx_bytes(0, 104);
    EXPECT_TRUE(std::equal(frame.begin(), frame.end(), got.begin()));
    u32 fcs = crc32(frame.data(), frame.size());
    EXPECT_EQ(got[100] | got[101] << 8 | got[102] << 16 | u32(got[103]) << 24, fcs);
    EXPECT_EQ(csr(72), 3u);
    EXPECT_TRUE(csr(0) & RINT);
    EXPECT_TRUE(irq());
    // A short broadcast is padded to 60 bytes (+FCS) and lands in the next descriptor.
    std::vector<u8> small = make_frame({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 42, 5);
    hub.send(&sink, small.data(), small.size());
    d = get_desc(rx_desc(1));
    EXPECT_EQ(d.status, STP | ENP | bam);
    EXPECT_EQ(d.misc & 0xfff, 64u);
    got = rx_bytes(1, 60);
    EXPECT_TRUE(std::equal(small.begin(), small.end(), got.begin()));
    for (int i = 42; i < 60; i++) EXPECT_EQ(got[i], 0) << i;
}

INSTANTIATE_TEST_SUITE_P(Styles, PcnetStyleTest, ::testing::Values(0, 2, 3));

TEST_F(PcnetTest, ReceiveSpansDescriptors) {
    bring_up(2);
    for (int i = 0; i < 4; i++)
        put_desc(rx_desc(i), {kRxBuf + u32(i) * kRxBufSize, 0xffc0, OWN, 0});
    std::vector<u8> frame = make_frame(kMac, 150, 1);  // 154 bytes with FCS: 64 + 64 + 26
    nic.receive(frame.data(), frame.size());
    EXPECT_EQ(get_desc(rx_desc(0)).status, STP);
    EXPECT_EQ(get_desc(rx_desc(1)).status, 0);
    EXPECT_EQ(get_desc(rx_desc(2)).status, ENP | PAM);
    EXPECT_EQ(get_desc(rx_desc(2)).misc, 154u);
    EXPECT_EQ(get_desc(rx_desc(3)).status, OWN);
    std::vector<u8> got;
    for (int i = 0; i < 3; i++) {
        std::vector<u8> part = rx_bytes(i, i < 2 ? 64 : 26);
        got.insert(got.end(), part.begin(), part.end());
    }
    EXPECT_TRUE(std::equal(frame.begin(), frame.end(), got.begin()));
    EXPECT_EQ(csr(72), 1u);  // descriptor 3 next
    // A frame larger than what is left: BUFF/OFLO/ERR on the last descriptor used.
    std::vector<u8> big = make_frame(kMac, 200, 2);
    nic.receive(big.data(), big.size());
    EXPECT_EQ(get_desc(rx_desc(3)).status, STP | DERR | BUFF | OFLO);
}

TEST_F(PcnetTest, ReceiveFiltering) {
    const std::array<u8, 6> group{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
    // LADRF bit for |group|: the top six bits of its little-endian CRC.
    unsigned index = (~crc32(group.data(), 6)) >> 26;
    u8 ladrf[8] = {};
    ladrf[index / 8] = u8(1 << (index % 8));
    bring_up(2, 0, 3, 2, ladrf);
    auto count_rx = [&] {
        int n = 0;
        for (int i = 0; i < 8; i++) n += !(get_desc(rx_desc(i)).status & OWN);
        return n;
    };
    std::vector<u8> other = make_frame({0x52, 0x54, 0x00, 0x12, 0x34, 0x57}, 64, 1);
    nic.receive(other.data(), other.size());
    EXPECT_EQ(count_rx(), 0);
    EXPECT_FALSE(csr(0) & RINT);
    std::vector<u8> mc = make_frame(group, 64, 2);
    nic.receive(mc.data(), mc.size());
    EXPECT_EQ(count_rx(), 1);
    EXPECT_EQ(get_desc(rx_desc(0)).status, STP | ENP | LAFM);
    std::vector<u8> mc2 = make_frame({0x01, 0x00, 0x5e, 0x00, 0x00, 0x02}, 64, 2);
    if (((~crc32(mc2.data(), 6)) >> 26) != index) {
        nic.receive(mc2.data(), mc2.size());
        EXPECT_EQ(count_rx(), 1);
    }
    std::vector<u8> bc = make_frame({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 64, 3);
    nic.receive(bc.data(), bc.size());
    EXPECT_EQ(count_rx(), 2);
    // DRCVBC refuses broadcasts; PROM takes everything (no match flags).
    set_csr(0, STOP);
    set_csr(15, 0x4000);
    set_csr(0, STRT);
    nic.receive(bc.data(), bc.size());
    EXPECT_EQ(count_rx(), 2);
    set_csr(15, 0x8000);
    nic.receive(other.data(), other.size());
    EXPECT_EQ(count_rx(), 3);
    EXPECT_EQ(get_desc(rx_desc(2)).status, STP | ENP);
}

TEST_F(PcnetTest, ExhaustedRingSetsMiss) {
    bring_up(2, 0, 1, 1);  // two receive descriptors
    std::vector<u8> f = make_frame(kMac, 80, 4);
    nic.receive(f.data(), f.size());
    set_csr(0, RINT | IENA);
    EXPECT_TRUE(nic.can_receive());
    nic.receive(f.data(), f.size());
    set_csr(0, RINT | IENA);
    EXPECT_FALSE(irq());
    EXPECT_FALSE(nic.can_receive());
    nic.receive(f.data(), f.size());
    EXPECT_EQ(csr(0) & (MISS | ERR | RINT), MISS | ERR);
    EXPECT_EQ(csr(112), 1u);
    EXPECT_TRUE(irq());
    // The hub does not offer frames to a full ring.
    hub.send(&sink, f.data(), f.size());
    EXPECT_EQ(csr(112), 1u);
    // The driver hands descriptor 0 back: the next frame lands there.
    put_desc(rx_desc(0), {kRxBuf, u16(0xf000 | (-kRxBufSize & 0xfff)), OWN, 0});
    EXPECT_TRUE(nic.can_receive());
    hub.send(&sink, f.data(), f.size());
    EXPECT_EQ(get_desc(rx_desc(0)).status, STP | ENP | PAM);
}

TEST_F(PcnetTest, TransmitPadsWithApadAndPollsRing) {
    bring_up(2);
    set_csr(4, 0x0915);  // APAD_XMT as Linux sets it
    std::vector<u8> frame = make_frame({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 42, 1);
    queue_tx(frame, {42});
    // No TDMD: the chip's transmit poll finds the descriptor within ~2 ms.
    EXPECT_TRUE(sink.frames.empty());
    EXPECT_TRUE(sched.skip_to_next_event(Pcnet::kPollNs));
    ASSERT_EQ(sink.frames.size(), 1u);
    ASSERT_EQ(sink.frames[0].size(), 60u);
    EXPECT_TRUE(std::equal(frame.begin(), frame.end(), sink.frames[0].begin()));
    EXPECT_EQ(sink.frames[0][59], 0);
    // DPOLL stops the poll.
    set_csr(4, 0x1915);
    queue_tx(frame, {42}, 1);
    sched.skip_to_next_event(10 * Pcnet::kPollNs);
    EXPECT_EQ(sink.frames.size(), 1u);
    set_csr(0, TDMD | IENA);
    EXPECT_EQ(sink.frames.size(), 2u);
}

TEST_F(PcnetTest, IncompleteChainUnderflows) {
    bring_up(2);
    std::vector<u8> frame = make_frame({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 100, 1);
    queue_tx(frame, {50, 50});
    put_desc(tx_desc(1), {kTxBuf, 0xffce, ENP, 0});  // ENP descriptor not handed over
    set_csr(0, TDMD | IENA);
    EXPECT_TRUE(sink.frames.empty());
    Desc d = get_desc(tx_desc(0));
    EXPECT_EQ(d.status & (OWN | DERR), DERR);
    EXPECT_EQ(d.misc & 0xc0000000u, 0xc0000000u);  // BUFF | UFLO
    EXPECT_EQ(csr(0) & (TXON | TINT), TINT);       // the transmitter turned off
}

TEST_F(PcnetTest, LoopbackStaysInsideTheChip) {
    bring_up(2, 0x0004);  // LOOP
    std::vector<u8> frame = make_frame(kMac, 80, 7);
    nic.receive(frame.data(), frame.size());  // the wire is not heard in loopback
    EXPECT_EQ(get_desc(rx_desc(0)).status, OWN);
    queue_tx(frame, {80});
    set_csr(0, TDMD | IENA);
    EXPECT_TRUE(sink.frames.empty());
    EXPECT_EQ(get_desc(rx_desc(0)).status, STP | ENP | PAM);
    EXPECT_EQ(rx_bytes(0, 80), frame);
}

TEST_F(PcnetTest, HostileAddressesAndLengths) {
    bring_up(2);
    unsigned errors = log_count(LogCategory::GuestError);
    // A transmit buffer outside RAM: MERR, nothing sent, descriptor returned.
    put_desc(tx_desc(0), {0x7ffffff0, 0xffc0, OWN | STP | ENP, 0});
    set_csr(0, TDMD | IENA);
    EXPECT_TRUE(sink.frames.empty());
    EXPECT_EQ(get_desc(tx_desc(0)).status & OWN, 0);
    EXPECT_EQ(csr(0) & (MERR | ERR), MERR | ERR);
    EXPECT_TRUE(irq());
    set_csr(0, MERR | IENA);
    // A chain longer than the frame buffer (BCNT 0 = 4096 bytes each) is dropped.
    put_desc(tx_desc(1), {kTxBuf, 0xf000, OWN | STP, 0});
    put_desc(tx_desc(2), {kTxBuf, 0xf000, OWN | ENP, 0});
    set_csr(0, TDMD | IENA);
    EXPECT_TRUE(sink.frames.empty());
    EXPECT_EQ(get_desc(tx_desc(2)).status & OWN, 0);
    // A receive buffer running past the end of RAM: MERR, the ring still advances.
    put_desc(rx_desc(0), {kRam - 16, u16(0xf000 | (-kRxBufSize & 0xfff)), OWN, 0});
    std::vector<u8> f = make_frame(kMac, 100, 1);
    nic.receive(f.data(), f.size());
    EXPECT_TRUE(csr(0) & MERR);
    EXPECT_EQ(get_desc(rx_desc(0)).status & OWN, 0);
    set_csr(0, MERR | RINT | IENA);
    // Rings outside RAM.
    set_csr(0, STOP);
    w32(kInit + 20, 0xfffffff0);
    w32(kInit + 24, 0xfffffff8);
    set_csr(0, INIT);
    set_csr(0, IDON | STRT | IENA);
    EXPECT_TRUE(nic.can_receive());  // the frame is dropped in receive() with MERR
    nic.receive(f.data(), f.size());
    EXPECT_TRUE(csr(0) & MERR);
    set_csr(0, MERR | IENA | TDMD);
    EXPECT_TRUE(csr(0) & MERR);
    // Bus mastering off: every DMA fails.
    set_csr(0, STOP);
    w32(kInit + 20, kRxRing);
    w32(kInit + 24, kTxRing);
    enable_pci(PciDevice::COMMAND_IO);
    set_csr(0, INIT);
    EXPECT_EQ(csr(0) & (IDON | MERR), MERR);
    EXPECT_GT(log_count(LogCategory::GuestError), errors);
    EXPECT_TRUE(sink.frames.empty());
}

TEST_F(PcnetTest, HardResetRestoresEverything) {
    bring_up(3);
    outl(0x10, 0);  // DWIO
    pci.reset();
    enable_pci();
    EXPECT_EQ(nic.state().csr[0], STOP);
    EXPECT_EQ(csr(0), STOP);  // word I/O again
    EXPECT_EQ(bcr(20), 0x0200u);
    EXPECT_FALSE(irq());
}

}  // namespace
}  // namespace bw
