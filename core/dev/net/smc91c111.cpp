#include "core/dev/net/smc91c111.h"

#include <cstring>
#include <vector>

#include "core/common/crc32.h"
#include "core/common/log.h"

namespace bw {

namespace {

// Register offsets inside the 16-byte window, per bank.
enum : u32 {
    BANK = 0xe,
    // bank 0
    TCR = 0x0,
    EPH_STATUS = 0x2,
    RCR = 0x4,
    COUNTER = 0x6,
    MIR = 0x8,
    RPCR = 0xa,
    // bank 1
    CONFIG = 0x0,
    BASE = 0x2,
    IA0 = 0x4,
    GENERAL = 0xa,
    CONTROL = 0xc,
    // bank 2
    MMU_COMMAND = 0x0,
    PNR = 0x2,
    ARR = 0x3,
    TX_FIFO = 0x4,
    RX_FIFO = 0x5,
    POINTER = 0x6,
    DATA = 0x8,
    INTERRUPT = 0xc,
    INT_MASK = 0xd,
    // bank 3
    MT0 = 0x0,
    MGMT = 0x8,
    REVISION = 0xa,
    ERCV = 0xc,
};

enum : u16 {
    RCR_SOFT_RST = 0x8000,
    RCR_STRIP_CRC = 0x0200,
    RCR_RXEN = 0x0100,
    RCR_ALMUL = 0x0004,
    RCR_PRMS = 0x0002,

    TCR_PAD_EN = 0x0080,
    TCR_TXEN = 0x0001,

    CTR_AUTO_RELEASE = 0x0800,
    CTR_RELOAD = 0x0002,
    CTR_STORE = 0x0001,

    PTR_RCV = 0x8000,
    PTR_AUTO_INCR = 0x4000,
    PTR_NOT_EMPTY = 0x0800,

    // Receive status word.
    RS_BRODCAST = 0x4000,
    RS_TOOLONG = 0x0800,
    RS_ODDFRAME = 0x1000,
    RS_MULTICAST = 0x0001,

    // Transmit status written back into the page: TX_SUC, LINK_OK.
    TS_SUCCESS = 0x4001,

    // MGMT bits.
    MII_MSK_CRS100 = 0x4000,
    MII_MDOE = 0x0008,
    MII_MCLK = 0x0004,
    MII_MDI = 0x0002,
    MII_MDO = 0x0001,
};

// Control byte after the data: ODD (the byte before it is data), and RCV
// marker bit the chip sets on received frames.
constexpr u8 kCtlOdd = 0x20;
constexpr u8 kCtlRx = 0x40;

constexpr u8 kAllocFailed = 0x80;
constexpr u8 kFifoEmpty = 0x80;
constexpr u16 kEphLinkOk = 0x4000;
constexpr u16 kRevision = 0x3391;  // chip 9 (91C111), revision 1, as QEMU
constexpr u8 kBankHigh = 0x33;     // upper byte of the bank select register
constexpr u16 kMgmtFixed = 0x3330;

// Internal PHY registers (IEEE 802.3 clause 22 plus the LAN83C183 extras).
enum : u8 {
    PHY_BMCR = 0,
    PHY_BMSR = 1,
    PHY_ID1 = 2,
    PHY_ID2 = 3,
    PHY_ANAR = 4,
    PHY_ANLPAR = 5,
    PHY_CONFIG1 = 16,
    PHY_CONFIG2 = 17,
    PHY_STATUS_OUT = 18,
    PHY_MASK = 19,
};
constexpr u8 kPhyAddress = 0;
constexpr u16 BMCR_RESET = 0x8000;
constexpr u16 BMCR_ANRESTART = 0x0200;
// 100TX FD/HD, 10T FD/HD, auto-negotiation complete, able, link up, extended.
constexpr u16 kBmsr = 0x782d;
constexpr u16 kPhyId1 = 0x0016;
constexpr u16 kPhyId2 = 0xf840;
// Partner: acknowledged, 100TX FD/HD, 10T FD/HD, 802.3.
constexpr u16 kAnlpar = 0x41e1;
// Register 18: 100 Mbit/s (SPDDET), full duplex (DPLXDET), link OK.
constexpr u16 kStatusOut = 0x00c0;
constexpr int kPreambleBits = 32;

}  // namespace

Smc91c111::Smc91c111(NetHub* hub, const std::array<u8, 6>& mac) : hub_(hub), mac_(mac) {
    if (hub_) hub_->attach(this);
    reset();
}

Smc91c111::~Smc91c111() {
    if (hub_) hub_->detach(this);
}

void Smc91c111::reset() {
    s_ = State{};
    s_.ia = mac_;
    phy_reset();
    update();
}

void Smc91c111::update() {
    if (s_.tx_fifo_len == 0) s_.int_level |= INT_TX_EMPTY;
    if (s_.tx_done_len != 0) s_.int_level |= INT_TX;
    irq.set((s_.int_level & s_.int_mask) != 0);
}

bool Smc91c111::can_receive() const {
    if (!(s_.rcr & RCR_RXEN) || (s_.rcr & RCR_SOFT_RST)) return true;  // dropped in receive()
    return s_.allocated != (1 << kNumPackets) - 1 && s_.rx_fifo_len < kNumPackets;
}

int Smc91c111::allocate_packet() {
    for (int i = 0; i < kNumPackets; i++) {
        if (!(s_.allocated & (1 << i))) {
            s_.allocated |= u8(1 << i);
            return i;
        }
    }
    return -1;
}

// Serve a pending "allocate for TX" (also retried whenever a page is freed).
void Smc91c111::tx_alloc() {
    int n = allocate_packet();
    if (n < 0) {
        s_.tx_alloc = kAllocFailed;
        return;
    }
    s_.tx_alloc = u8(n);
    s_.int_level |= INT_ALLOC;
    update();
}

void Smc91c111::pop_rx_fifo() {
    if (s_.rx_fifo_len > 0) s_.rx_fifo_len--;
    for (int i = 0; i < s_.rx_fifo_len; i++) s_.rx_fifo[i] = s_.rx_fifo[i + 1];
    if (s_.rx_fifo_len)
        s_.int_level |= INT_RCV;
    else
        s_.int_level &= u8(~INT_RCV);
    update();
}

void Smc91c111::pop_tx_done() {
    if (s_.tx_done_len == 0) return;
    s_.tx_done_len--;
    for (int i = 0; i < s_.tx_done_len; i++) s_.tx_done[i] = s_.tx_done[i + 1];
}

void Smc91c111::release_packet(int n) {
    s_.allocated &= u8(~(1 << n));
    if (s_.tx_alloc == kAllocFailed) tx_alloc();
}

void Smc91c111::queue_tx(int n) {
    if (s_.tx_fifo_len == kNumPackets) return;
    s_.tx_fifo[s_.tx_fifo_len++] = u8(n);
    do_tx();
}

// Transmit everything queued. The frames are copied out and the FIFO emptied
// before any is sent, so a back end that answers at once (receive() re-entered
// from the hub) sees consistent state.
void Smc91c111::do_tx() {
    if (!(s_.tcr & TCR_TXEN) || s_.tx_fifo_len == 0) return;
    std::vector<std::vector<u8>> frames;
    for (int i = 0; i < s_.tx_fifo_len; i++) {
        int n = s_.tx_fifo[i];
        u8* p = s_.data[n].data();
        p[0] = u8(TS_SUCCESS);
        p[1] = u8(TS_SUCCESS >> 8);
        u32 count = (p[2] | (p[3] << 8)) & 0x7fe;  // status, count and control words included
        u32 len = count >= 6 ? count - 6 : 0;
        u8 control = p[4 + len + 1];
        if (control & kCtlOdd) len++;
        std::vector<u8> frame(p + 4, p + 4 + len);
        if (len < 64 && (s_.tcr & TCR_PAD_EN)) frame.resize(64, 0);
        if (s_.ctr & CTR_AUTO_RELEASE)
            release_packet(n);
        else if (s_.tx_done_len < kNumPackets)
            s_.tx_done[s_.tx_done_len++] = u8(n);
        if (!frame.empty()) frames.push_back(std::move(frame));
    }
    s_.tx_fifo_len = 0;
    update();
    for (const auto& f : frames) {
        if (hub_) hub_->send(this, f.data(), f.size());
    }
}

bool Smc91c111::accept(const u8* frame, size_t len) const {
    if (s_.rcr & RCR_PRMS) return true;
    if (len < 6) return false;
    if (frame[0] & 1) {
        static const u8 kBroadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
        if (std::memcmp(frame, kBroadcast, 6) == 0 || (s_.rcr & RCR_ALMUL)) return true;
        // The hash Linux's smc91x programs: the low six bits of the running
        // (not inverted) little-endian CRC, each 3-bit half bit-reversed.
        static const u8 kInvert3[8] = {0, 4, 2, 6, 1, 5, 3, 7};
        u32 position = ~crc32(frame, 6) & 0x3f;
        return s_.mt[kInvert3[position & 7]] & (1 << kInvert3[(position >> 3) & 7]);
    }
    return std::memcmp(frame, s_.ia.data(), 6) == 0;
}

void Smc91c111::receive(const u8* frame, size_t size) {
    // An empty frame is nothing on the wire (and has no destination to test).
    if (size == 0 || !(s_.rcr & RCR_RXEN) || (s_.rcr & RCR_SOFT_RST)) return;
    if (!accept(frame, size)) return;
    // Short frames are padded with zeros to 64 bytes (even, no ODD flag).
    bool pad = size < 64;
    size_t stored = pad ? 64 : size;
    bool crc = !(s_.rcr & RCR_STRIP_CRC);
    size_t packetsize = (stored & ~size_t(1)) + 6 + (crc ? 4 : 0);
    if (packetsize > size_t(kPacketSize)) return;
    int n = s_.rx_fifo_len < kNumPackets ? allocate_packet() : -1;
    if (n < 0) {
        s_.int_level |= INT_RX_OVRN;
        update();
        return;
    }
    s_.rx_fifo[s_.rx_fifo_len++] = u8(n);

    u16 status = 0;
    if (size > 1518) status |= RS_TOOLONG;
    if (stored & 1) status |= RS_ODDFRAME;
    if (frame[0] & 1) {
        bool broadcast = size >= 6 && frame[0] == 0xff && frame[1] == 0xff && frame[2] == 0xff &&
                         frame[3] == 0xff && frame[4] == 0xff && frame[5] == 0xff;
        status |= broadcast ? RS_BRODCAST : RS_MULTICAST;
    }
    u8* p = s_.data[n].data();
    p[0] = u8(status);
    p[1] = u8(status >> 8);
    p[2] = u8(packetsize);
    p[3] = u8(packetsize >> 8);
    u8* d = p + 4;
    std::memset(d, 0, stored);
    std::memcpy(d, frame, size);
    size_t even = stored & ~size_t(1);
    u8 last = d[stored - 1];
    u8* q = d + even;
    // The FCS sits on a 16-bit boundary before an odd last byte (QEMU's reading
    // of the datasheet's pictures).
    if (crc) {
        u32 fcs = crc32(d, stored);
        for (int i = 0; i < 4; i++) *q++ = u8(fcs >> (8 * i));
    }
    if (stored & 1) {
        *q++ = last;
        *q = kCtlRx | kCtlOdd;
    } else {
        *q++ = 0;
        *q = kCtlRx;
    }
    s_.int_level |= INT_RCV;
    update();
}

// The page byte the DATA port at |offset| reaches; advances POINTER if AUTO_INCR.
u8& Smc91c111::data_byte(u32 offset) {
    int n = (s_.ptr & PTR_RCV) ? s_.rx_fifo[0] : s_.packet_num;
    n &= kNumPackets - 1;
    u32 p = s_.ptr & 0x7ff;
    if (s_.ptr & PTR_AUTO_INCR)
        s_.ptr = u16((s_.ptr & 0xf800) | ((s_.ptr + 1) & 0x7ff));
    else
        p = (p + (offset & 3)) & 0x7ff;
    return s_.data[n][p];
}

// --- internal PHY -------------------------------------------------------------

void Smc91c111::phy_reset() {
    s_.phy = {};
    s_.phy[PHY_BMCR] = 0x3000;  // 100 Mbit/s, auto-negotiation enabled
    s_.phy[PHY_ANAR] = 0x01e1;
    s_.phy[PHY_MASK] = 0xffc0;
}

u16 Smc91c111::phy_read(u8 reg) const {
    switch (reg) {
        case PHY_BMCR: return s_.phy[PHY_BMCR];
        case PHY_BMSR: return kBmsr;
        case PHY_ID1: return kPhyId1;
        case PHY_ID2: return kPhyId2;
        case PHY_ANAR: return s_.phy[PHY_ANAR];
        case PHY_ANLPAR: return kAnlpar;
        case PHY_CONFIG1:
        case PHY_CONFIG2:
        case PHY_MASK: return s_.phy[reg];
        case PHY_STATUS_OUT: return kStatusOut;
        default: return 0;
    }
}

void Smc91c111::phy_write(u8 reg, u16 value) {
    switch (reg) {
        case PHY_BMCR:
            // Reset and auto-negotiation restart complete at once.
            if (value & BMCR_RESET)
                phy_reset();
            else
                s_.phy[PHY_BMCR] = value & u16(~BMCR_ANRESTART);
            return;
        case PHY_ANAR:
        case PHY_CONFIG1:
        case PHY_CONFIG2:
        case PHY_MASK: s_.phy[reg] = value; return;
        default: return;
    }
}

// One rising MCLK edge with |bit| on MDIO. Frames are clause 22: 32 ones of
// preamble, start 01, opcode (10 read, 01 write), PHY address, register,
// turnaround, 16 data bits. On a read the PHY drives the two turnaround bits
// (as 0) and then the data, changing MDIO after each rising edge, so a driver
// that samples before the edge (Linux) and one that samples after it (U-Boot)
// both see the data.
void Smc91c111::mii_clock(bool bit) {
    switch (s_.mii_phase) {
        case MiiPhase::Idle:
            if (bit) {
                if (s_.mii_ones < 255) s_.mii_ones++;
                return;
            }
            if (s_.mii_ones >= kPreambleBits) {
                s_.mii_phase = MiiPhase::Header;
                s_.mii_shift = 0;
                s_.mii_count = 1;
            }
            s_.mii_ones = 0;
            return;
        case MiiPhase::Header: {
            s_.mii_shift = (s_.mii_shift << 1) | (bit ? 1 : 0);
            if (++s_.mii_count < 14) return;
            u32 st = (s_.mii_shift >> 12) & 3, op = (s_.mii_shift >> 10) & 3;
            u8 addr = (s_.mii_shift >> 5) & 31, reg = s_.mii_shift & 31;
            s_.mii_phase = MiiPhase::Idle;
            if (st != 1) return;
            if (op == 2 && addr == kPhyAddress) {
                s_.mii_shift = phy_read(reg);
                s_.mii_count = 18;
                s_.mdi = false;  // first turnaround bit
                s_.mii_phase = MiiPhase::ReadOut;
            } else if (op == 1) {
                s_.mii_write_us = addr == kPhyAddress;
                s_.mii_reg = reg;
                s_.mii_shift = 0;
                s_.mii_count = 0;
                s_.mii_phase = MiiPhase::WriteIn;
            }
            return;
        }
        case MiiPhase::ReadOut:
            s_.mii_count--;
            s_.mdi = s_.mii_count && ((s_.mii_shift >> (s_.mii_count - 1)) & 1);
            if (s_.mii_count == 0) s_.mii_phase = MiiPhase::Idle;
            return;
        case MiiPhase::WriteIn:
            s_.mii_shift = (s_.mii_shift << 1) | (bit ? 1 : 0);
            if (++s_.mii_count < 18) return;  // turnaround + data
            if (s_.mii_write_us) phy_write(s_.mii_reg, u16(s_.mii_shift));
            s_.mii_phase = MiiPhase::Idle;
            return;
    }
}

void Smc91c111::mii_write(u16 value) {
    u16 old = s_.mgmt;
    s_.mgmt = value & (MII_MSK_CRS100 | MII_MDOE | MII_MCLK | MII_MDO);
    if ((old & MII_MCLK) || !(s_.mgmt & MII_MCLK)) return;
    // The line: what the host drives, else what the PHY drives, else the pull-up.
    bool line;
    if (s_.mgmt & MII_MDOE)
        line = s_.mgmt & MII_MDO;
    else if (s_.mii_phase == MiiPhase::ReadOut)
        line = s_.mdi;
    else
        line = true;
    mii_clock(line);
}

// --- register file ------------------------------------------------------------

#define SET_LOW(field, v) field = u16((field & 0xff00) | (v))
#define SET_HIGH(field, v) field = u16((field & 0x00ff) | ((v) << 8))

void Smc91c111::write_byte(u32 offset, u8 value) {
    if (offset == BANK) {
        s_.bank = value & 7;
        return;
    }
    if (offset == BANK + 1) return;
    switch (s_.bank) {
        case 0:
            switch (offset) {
                case TCR:
                    SET_LOW(s_.tcr, value);
                    do_tx();  // frames queued while TXEN was clear go now
                    return;
                case TCR + 1: SET_HIGH(s_.tcr, value); return;
                case EPH_STATUS:
                case EPH_STATUS + 1: return;  // read-only
                case RCR: SET_LOW(s_.rcr, value); return;
                case RCR + 1:
                    SET_HIGH(s_.rcr, value);
                    if (s_.rcr & RCR_SOFT_RST) {
                        // Soft reset: the MAC and its memory, not the IA or the PHY.
                        State keep = s_;
                        reset();
                        s_.ia = keep.ia;
                        s_.phy = keep.phy;
                        s_.mgmt = keep.mgmt;
                    }
                    return;
                case COUNTER:
                case COUNTER + 1:
                case MIR:
                case MIR + 1: return;  // read-only
                case RPCR: SET_LOW(s_.rpcr, value); return;
                case RPCR + 1: SET_HIGH(s_.rpcr, value); return;
                case 0xc:
                case 0xd: return;  // reserved
            }
            break;
        case 1:
            switch (offset) {
                case CONFIG: SET_LOW(s_.cr, value); return;
                case CONFIG + 1: SET_HIGH(s_.cr, value); return;
                case BASE:
                case BASE + 1: return;  // the bus address is fixed by the board
                case IA0:
                case IA0 + 1:
                case IA0 + 2:
                case IA0 + 3:
                case IA0 + 4:
                case IA0 + 5: s_.ia[offset - IA0] = value; return;
                case GENERAL: SET_LOW(s_.gpr, value); return;
                case GENERAL + 1: SET_HIGH(s_.gpr, value); return;
                case CONTROL:
                    if (value & (CTR_STORE | CTR_RELOAD))
                        log_message(LogCategory::Unimplemented,
                                    "smc91c111: EEPROM store/reload not implemented");
                    SET_LOW(s_.ctr, value & ~(CTR_STORE | CTR_RELOAD));
                    return;
                case CONTROL + 1: SET_HIGH(s_.ctr, value); return;
            }
            break;
        case 2:
            switch (offset) {
                case MMU_COMMAND:
                    switch (value >> 5) {
                        case 0: break;  // no-op
                        case 1:         // allocate for TX
                            s_.tx_alloc = kAllocFailed;
                            s_.int_level &= u8(~INT_ALLOC);
                            update();
                            tx_alloc();
                            break;
                        case 2:  // reset MMU
                            s_.allocated = 0;
                            s_.tx_fifo_len = 0;
                            s_.tx_done_len = 0;
                            s_.rx_fifo_len = 0;
                            s_.tx_alloc = 0;
                            break;
                        case 3: pop_rx_fifo(); break;  // remove top of RX FIFO
                        case 4:                        // remove and release top of RX FIFO
                            if (s_.rx_fifo_len > 0) release_packet(s_.rx_fifo[0]);
                            pop_rx_fifo();
                            break;
                        case 5: release_packet(s_.packet_num & (kNumPackets - 1)); break;
                        case 6: queue_tx(s_.packet_num & (kNumPackets - 1)); break;
                        case 7:  // reset TX FIFOs
                            s_.tx_fifo_len = 0;
                            s_.tx_done_len = 0;
                            break;
                    }
                    return;
                case MMU_COMMAND + 1: return;
                case PNR: s_.packet_num = value; return;
                case ARR:
                case TX_FIFO:
                case RX_FIFO: return;  // read-only; Linux writes them anyway
                case POINTER: SET_LOW(s_.ptr, value); return;
                case POINTER + 1: SET_HIGH(s_.ptr, value); return;
                case DATA:
                case DATA + 1:
                case DATA + 2:
                case DATA + 3: data_byte(offset) = value; return;
                case INTERRUPT:  // acknowledge
                    s_.int_level &=
                        u8(~(value & (INT_MD | INT_ERCV | INT_RX_OVRN | INT_TX_EMPTY | INT_TX)));
                    if (value & INT_TX) pop_tx_done();
                    update();
                    return;
                case INT_MASK:
                    s_.int_mask = value;
                    update();
                    return;
            }
            break;
        case 3:
            switch (offset) {
                case MT0:
                case MT0 + 1:
                case MT0 + 2:
                case MT0 + 3:
                case MT0 + 4:
                case MT0 + 5:
                case MT0 + 6:
                case MT0 + 7: s_.mt[offset - MT0] = value; return;
                case MGMT: mii_write(u16((s_.mgmt & 0xff00) | value)); return;
                case MGMT + 1: mii_write(u16((s_.mgmt & 0x00ff) | (value << 8))); return;
                case REVISION:
                case REVISION + 1: return;
                case ERCV: s_.ercv = value & 0x1f; return;
                case ERCV + 1: return;
            }
            break;
    }
    log_message(LogCategory::GuestError, "smc91c111: write of bank %u offset 0x%x = 0x%02x",
                s_.bank, offset, value);
}

#undef SET_LOW
#undef SET_HIGH

u8 Smc91c111::read_byte(u32 offset) {
    if (offset == BANK) return s_.bank;
    if (offset == BANK + 1) return kBankHigh;
    switch (s_.bank) {
        case 0:
            switch (offset) {
                case TCR: return u8(s_.tcr);
                case TCR + 1: return u8(s_.tcr >> 8);
                case EPH_STATUS: return u8(kEphLinkOk);
                case EPH_STATUS + 1: return u8(kEphLinkOk >> 8);
                case RCR: return u8(s_.rcr);
                case RCR + 1: return u8(s_.rcr >> 8);
                case COUNTER:
                case COUNTER + 1: return 0;
                case MIR: return kNumPackets;  // memory size, in 2 KB pages
                case MIR + 1: {                // free pages
                    u8 free = 0;
                    for (int i = 0; i < kNumPackets; i++) free += !(s_.allocated & (1 << i));
                    return free;
                }
                case RPCR: return u8(s_.rpcr);
                case RPCR + 1: return u8(s_.rpcr >> 8);
                case 0xc:
                case 0xd: return 0;
            }
            break;
        case 1:
            switch (offset) {
                case CONFIG: return u8(s_.cr);
                case CONFIG + 1: return u8(s_.cr >> 8);
                case BASE:
                case BASE + 1: return 0;
                case IA0:
                case IA0 + 1:
                case IA0 + 2:
                case IA0 + 3:
                case IA0 + 4:
                case IA0 + 5: return s_.ia[offset - IA0];
                case GENERAL: return u8(s_.gpr);
                case GENERAL + 1: return u8(s_.gpr >> 8);
                case CONTROL: return u8(s_.ctr);
                case CONTROL + 1: return u8(s_.ctr >> 8);
            }
            break;
        case 2:
            switch (offset) {
                case MMU_COMMAND:
                case MMU_COMMAND + 1: return 0;  // never busy
                case PNR: return s_.packet_num;
                case ARR: return s_.tx_alloc;
                case TX_FIFO: return s_.tx_done_len ? s_.tx_done[0] : kFifoEmpty;
                case RX_FIFO: return s_.rx_fifo_len ? s_.rx_fifo[0] : kFifoEmpty;
                case POINTER: return u8(s_.ptr);
                case POINTER + 1: return u8((s_.ptr & ~PTR_NOT_EMPTY) >> 8);
                case DATA:
                case DATA + 1:
                case DATA + 2:
                case DATA + 3: return data_byte(offset);
                case INTERRUPT: return s_.int_level;
                case INT_MASK: return s_.int_mask;
            }
            break;
        case 3:
            switch (offset) {
                case MT0:
                case MT0 + 1:
                case MT0 + 2:
                case MT0 + 3:
                case MT0 + 4:
                case MT0 + 5:
                case MT0 + 6:
                case MT0 + 7: return s_.mt[offset - MT0];
                case MGMT: {
                    bool line = (s_.mgmt & MII_MDOE) ? (s_.mgmt & MII_MDO) : s_.mdi;
                    return u8((kMgmtFixed | (s_.mgmt & 0xff) | (line ? MII_MDI : 0)) & 0xff);
                }
                case MGMT + 1: return u8((kMgmtFixed | s_.mgmt) >> 8);
                case REVISION: return u8(kRevision);
                case REVISION + 1: return u8(kRevision >> 8);
                case ERCV: return s_.ercv;
                case ERCV + 1: return 0;
            }
            break;
    }
    log_message(LogCategory::GuestError, "smc91c111: read of bank %u offset 0x%x", s_.bank, offset);
    return 0;
}

u32 Smc91c111::read(u32 offset, unsigned size) {
    if (offset + size > 16) {
        bad_.bad_read(name(), offset);
        return 0;
    }
    u32 value = 0;
    for (unsigned i = 0; i < size; i++) value |= u32(read_byte(offset + i)) << (8 * i);
    return value;
}

void Smc91c111::write(u32 offset, u32 value, unsigned size) {
    if (offset + size > 16) {
        bad_.bad_write(name(), offset);
        return;
    }
    unsigned i = 0;
    // A 32-bit write at 0xc reaches only the bank select register (QEMU).
    if (offset == 0xc && size == 4) i = 2;
    for (; i < size; i++) write_byte(offset + i, u8(value >> (8 * i)));
}

}  // namespace bw
