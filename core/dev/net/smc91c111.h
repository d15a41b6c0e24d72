// SMSC LAN91C111 10/100 Ethernet controller, as QEMU 7.2 models it
// (hw/net/smc91c111.c), plus the chip's internal PHY on the MII management port.
//
// Implemented: the banked 16-byte register file (BANK at 0xe, reads 0x33xx);
// bank 0 TCR, EPH STATUS (link OK), RCR (soft reset, RXEN, STRIP_CRC, PRMS,
// ALMUL), COUNTER (0), MIR, RPCR (stored); bank 1 CONFIG, BASE (0), IA0-5
// (reset to the configured MAC, writable), GENERAL, CONTROL (AUTO_RELEASE); bank
// 2 MMU COMMAND (allocate, reset MMU, remove / remove+release RX top, release,
// enqueue TX, reset TX FIFOs; never busy), PNR, ARR, FIFO ports, POINTER (RCV,
// AUTO_INCR), DATA (any width; byte-wise as QEMU), INTERRUPT status/mask/ack;
// bank 3 MT0-7 multicast hash table, MGMT with the bit-banged MII management
// frames, REVISION 0x3391, ERCV. Four 2 KB packet pages (QEMU's NUM_PACKETS).
// TX happens at once on enqueue (or when TXEN is set): the frame goes to the NetHub and the
// page's status word becomes TX_SUC | LINK_OK. RX stores status word, byte count,
// data (short frames padded to 64 bytes), an FCS unless STRIP_CRC, and the
// control byte, as QEMU lays it out.
// Receive filtering as the hardware does it (QEMU accepts everything): own IA,
// broadcast, multicast by ALMUL or the MT hash (the hash Linux programs), or
// anything with PRMS. A frame that finds no free page is dropped with RX_OVRN.
// The internal PHY (LAN83C183 core, MII address 0): BMCR (reset and restart
// self-clear), BMSR with link up and auto-negotiation complete, PHY ID
// 0x0016/0xf840, ANAR, ANLPAR, configuration 1/2, status output (register 18:
// 100 Mbit/s full duplex) and its mask (19).
// Not implemented: collisions and TX errors, the counter register, early
// receive interrupts, EEPROM store/reload, the MD (PHY) interrupt (the link never
// changes), the EPH interrupt, loopback modes.
//
// Interface:
//   MMIO  16 bytes of registers; offsets beyond 0xf are unassigned (as in QEMU).
//   out   irq (the chip's INTR pin).
//   net   a NetPort on the NetHub given to the constructor (may be null: frames
//         sent go nowhere).
#pragma once

#include <array>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"
#include "core/irq.h"
#include "core/net/net_hub.h"

namespace bw {

class Smc91c111 : public Device, public NetPort {
  public:
    static constexpr int kNumPackets = 4;
    static constexpr int kPacketSize = 2048;

    // Interrupt status/mask bits (bank 2, offset 0xc/0xd).
    enum : u8 {
        INT_RCV = 0x01,
        INT_TX = 0x02,
        INT_TX_EMPTY = 0x04,
        INT_ALLOC = 0x08,
        INT_RX_OVRN = 0x10,
        INT_EPH = 0x20,
        INT_ERCV = 0x40,
        INT_MD = 0x80,
    };

    // The MII management state machine of the internal PHY.
    enum class MiiPhase : u8 { Idle, Header, ReadOut, WriteIn };

    struct State {
        u8 bank = 0;
        u16 tcr = 0;
        u16 rcr = 0;
        u16 rpcr = 0;
        u16 cr = 0xa0b1;   // CONFIG
        u16 ctr = 0x1210;  // CONTROL
        u16 gpr = 0;
        u16 ptr = 0;
        u8 ercv = 0x1f;
        std::array<u8, 6> ia{};
        std::array<u8, 8> mt{};
        u8 packet_num = 0;  // PNR
        u8 tx_alloc = 0;    // ARR (0x80: failed / pending)
        u8 allocated = 0;   // bit per page
        u8 tx_fifo_len = 0;
        std::array<u8, kNumPackets> tx_fifo{};
        u8 rx_fifo_len = 0;
        std::array<u8, kNumPackets> rx_fifo{};
        u8 tx_done_len = 0;
        std::array<u8, kNumPackets> tx_done{};
        std::array<std::array<u8, kPacketSize>, kNumPackets> data{};
        u8 int_level = INT_TX_EMPTY;
        u8 int_mask = 0;
        // MGMT: the bits the driver wrote (MSK_CRS100, MDOE, MCLK, MDO).
        u16 mgmt = 0;
        MiiPhase mii_phase = MiiPhase::Idle;
        u8 mii_ones = 0;    // consecutive ones seen (preamble)
        u8 mii_count = 0;   // bits shifted in or left to shift out
        u32 mii_shift = 0;  // bits being received or sent
        u8 mii_reg = 0;     // register addressed by a write frame
        bool mii_write_us = false;
        bool mdi = false;  // what the PHY drives on MDIO
        std::array<u16, 32> phy{};
    };

    Smc91c111(NetHub* hub, const std::array<u8, 6>& mac);
    ~Smc91c111() override;

    const char* name() const override { return "smc91c111"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    bool can_receive() const override;
    void receive(const u8* frame, size_t len) override;

    const State& state() const { return s_; }
    const std::array<u8, 6>& mac() const { return mac_; }

    IrqLine irq;

  private:
    u8 read_byte(u32 offset);
    void write_byte(u32 offset, u8 value);
    void update();
    int allocate_packet();
    void tx_alloc();
    void pop_rx_fifo();
    void pop_tx_done();
    void release_packet(int n);
    void queue_tx(int n);
    void do_tx();
    u8& data_byte(u32 offset);
    bool accept(const u8* frame, size_t len) const;
    void phy_reset();
    u16 phy_read(u8 reg) const;
    void phy_write(u8 reg, u16 value);
    void mii_write(u16 value);
    void mii_clock(bool bit);

    NetHub* hub_;
    std::array<u8, 6> mac_;
    State s_;
    OffsetLog bad_;
};

}  // namespace bw
