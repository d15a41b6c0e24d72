// Intel 82540EM Gigabit Ethernet controller (e1000) on PCI, as QEMU 7.2 presents it
// (hw/net/e1000.c, device "e1000") to Linux's e1000 driver. Reference: Intel 8254x
// Family of Gigabit Ethernet Controllers Software Developer's Manual (317453).
//
// Implemented: PCI function 8086:100e rev 3, class 020000, subsystem 1af4:1100 (QEMU's
// default), INTA#; BAR0 128 KiB of registers, BAR1 64 bytes of I/O with IOADDR/IODATA
// indirect access (QEMU leaves the I/O BAR dead; Linux's reset of the 82540 goes through
// it). The EEPROM (64 words: MAC, QEMU's init words, device id, checksum making the sum
// 0xBABA) through EECD Microwire bit-banging and EERD. The PHY (M88E1011, ID
// 0141:0c20, address 1) on MDIC with QEMU's register set: link up, auto-negotiation
// complete, 1000 Mb/s full duplex (restarting auto-negotiation completes at once).
// CTRL (RST resets the MAC and self-clears), STATUS, CTRL_EXT, ICR (read-to-clear; bit
// 31 INT_ASSERTED reads 1 while ICR & IMS is non-zero), ICS, IMS, IMC; ITR, RDTR,
// RADV, TIDV, TADV stored (no interrupt moderation: causes interrupt at once); RCTL,
// TCTL, TIPG, the RX and TX rings (RDBAL/H, RDLEN, RDH, RDT, TDBAL/H, TDLEN, TDH, TDT,
// RXDCTL, TXDCTL), RA (16 pairs, AV), MTA (128) with the MO hash, VFTA with RCTL.VFE,
// VET, the flow-control and wake-up registers stored, the statistics (read-to-clear;
// the 64-bit octet counters clear when their high half is read, as QEMU).
// TX: see e1000_tx.h (legacy, context and data descriptors, checksum offload, TSO,
// VLAN insertion); DD written back when RS/RPS is set; TXDW and TXQE.
// RX: legacy descriptors between RDH and RDT, buffer size from RCTL BSIZE/BSEX, frames
// padded to 60 bytes, spread over several descriptors when longer than a buffer, the
// FCS counted in the length unless RCTL.SECRC (its bytes are not written, as QEMU),
// status DD/EOP/IXSM (and VP when CTRL.VME strips a tag); RXT0, RXDMT0 (free
// descriptors at or below RDMTS), RXO (no room: RNBC, MPC). Receive filtering as the
// hardware: VLAN filter, UPE, MPE, BAM, exact RA matches, then the MTA hash. Long
// frames are dropped unless RCTL.LPE (or SBP), as QEMU.
// Not implemented: interrupt moderation timers, flow control frames, wake-up, the
// management (MANC) filters, RX checksum offload (IXSM is always reported, so
// drivers ignore the checksum field), the PHY's M88 page registers beyond QEMU's set,
// EEPROM writes, link changes (the link is always up).
// Bounds: RDLEN/TDLEN keep bits 19:7 (multiples of 128 bytes, as the hardware); a head
// outside its ring stops that ring (logged); descriptors and buffers outside RAM or
// above 4 GiB are logged guest errors (reads give zeros, writes are dropped).
//
// Interface:
//   PCI   config space (PciDevice); BAR0 memory (bar_device(0)), BAR1 I/O (bar_device(1)).
//   out   INTA# through PciDevice::set_intx.
//   dma   descriptors and buffers through PciDevice::dma_read/dma_write.
//   net   a NetPort on the NetHub given to the constructor (may be null).
#pragma once

#include <array>
#include <vector>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/net/e1000_tx.h"
#include "core/dev/pci/pci_device.h"
#include "core/dev/primecell.h"
#include "core/net/net_hub.h"

namespace bw {

class E1000 : public PciDevice, public NetPort {
  public:
    static constexpr u16 kVendor = 0x8086, kDevice = 0x100e;
    static constexpr u32 kMmioSize = 0x20000, kIoSize = 0x40;
    // Frames one TDT or TCTL write may send before the walk stops at the next
    // descriptor (a hostile ring of 65536 TSO descriptors at an MSS of 1 would
    // be billions of frames inside one MMIO write; QEMU sends them all). The
    // rest goes out on the next write. Linux queues far fewer per write.
    static constexpr u32 kTxFramesPerKick = 4096;
    // Registers live at offsets below this; the rest of BAR0 is unassigned.
    static constexpr u32 kRegWords = 0x5c00 / 4;

    // Register offsets (datasheet table 13-2).
    enum : u32 {
        CTRL = 0x0000,
        STATUS = 0x0008,
        EECD = 0x0010,
        EERD = 0x0014,
        CTRL_EXT = 0x0018,
        MDIC = 0x0020,
        FCAL = 0x0028,
        FCAH = 0x002c,
        FCT = 0x0030,
        VET = 0x0038,
        ICR = 0x00c0,
        ITR = 0x00c4,
        ICS = 0x00c8,
        IMS = 0x00d0,
        IMC = 0x00d8,
        RCTL = 0x0100,
        FCTTV = 0x0170,
        TXCW = 0x0178,
        RXCW = 0x0180,
        TCTL = 0x0400,
        TIPG = 0x0410,
        AIT = 0x0458,
        LEDCTL = 0x0e00,
        PBA = 0x1000,
        FCRTL = 0x2160,
        FCRTH = 0x2168,
        RDBAL = 0x2800,
        RDBAH = 0x2804,
        RDLEN = 0x2808,
        RDH = 0x2810,
        RDT = 0x2818,
        RDTR = 0x2820,
        RXDCTL = 0x2828,
        RADV = 0x282c,
        RSRPD = 0x2c00,
        TXDMAC = 0x3000,
        TDBAL = 0x3800,
        TDBAH = 0x3804,
        TDLEN = 0x3808,
        TDH = 0x3810,
        TDT = 0x3818,
        TIDV = 0x3820,
        TXDCTL = 0x3828,
        TADV = 0x382c,
        TSPMT = 0x3830,
        // Statistics (0x4000-0x40ff).
        CRCERRS = 0x4000,
        MPC = 0x4010,
        PRC64 = 0x405c,
        GPRC = 0x4074,
        BPRC = 0x4078,
        MPRC = 0x407c,
        GPTC = 0x4080,
        GORCL = 0x4088,
        GORCH = 0x408c,
        GOTCL = 0x4090,
        GOTCH = 0x4094,
        RNBC = 0x40a0,
        ROC = 0x40ac,
        TORL = 0x40c0,
        TORH = 0x40c4,
        TOTL = 0x40c8,
        TOTH = 0x40cc,
        TPR = 0x40d0,
        TPT = 0x40d4,
        PTC64 = 0x40d8,
        MPTC = 0x40f0,
        BPTC = 0x40f4,
        TSCTC = 0x40f8,
        TSCTFC = 0x40fc,
        RXCSUM = 0x5000,
        MTA = 0x5200,   // 128 words
        RA = 0x5400,    // 16 RAL/RAH pairs
        VFTA = 0x5600,  // 128 words
        WUC = 0x5800,
        WUFC = 0x5808,
        WUS = 0x5810,
        MANC = 0x5820,
        IPAV = 0x5838,
        IP4AT = 0x5840,
        IP6AT = 0x5880,
        WUPL = 0x5900,
        WUPM = 0x5a00,
    };
    // I/O BAR (datasheet 13.2.2).
    enum : u32 { IOADDR = 0x0, IODATA = 0x4 };

    // Interrupt causes (ICR/ICS/IMS/IMC).
    enum : u32 {
        ICR_TXDW = 0x00000001,
        ICR_TXQE = 0x00000002,
        ICR_LSC = 0x00000004,
        ICR_RXSEQ = 0x00000008,
        ICR_RXDMT0 = 0x00000010,
        ICR_RXO = 0x00000040,
        ICR_RXT0 = 0x00000080,
        ICR_MDAC = 0x00000200,
        ICR_INT_ASSERTED = 0x80000000,
    };
    enum : u32 {
        CTRL_SLU = 0x00000040,
        CTRL_SPD_1000 = 0x00000200,
        CTRL_SWDPIN0 = 0x00040000,
        CTRL_SWDPIN2 = 0x00100000,
        CTRL_RST = 0x04000000,
        CTRL_VME = 0x40000000,
        CTRL_PHY_RST = 0x80000000,
        STATUS_FD = 0x00000001,
        STATUS_LU = 0x00000002,
        STATUS_SPEED_1000 = 0x00000080,
        STATUS_ASDV = 0x00000300,
        STATUS_MTXCKOK = 0x00000400,
        STATUS_GIO_MASTER_ENABLE = 0x00080000,
        EECD_SK = 0x001,
        EECD_CS = 0x002,
        EECD_DI = 0x004,
        EECD_DO = 0x008,
        EECD_FWE_MASK = 0x030,
        EECD_REQ = 0x040,
        EECD_GNT = 0x080,
        EECD_PRES = 0x100,
        EERD_START = 0x01,
        EERD_DONE = 0x10,
        MDIC_READY = 0x10000000,
        MDIC_INT_EN = 0x20000000,
        MDIC_ERROR = 0x40000000,
        MDIC_OP_READ = 0x08000000,
        MDIC_OP_WRITE = 0x04000000,
        RCTL_EN = 0x00000002,
        RCTL_SBP = 0x00000004,
        RCTL_UPE = 0x00000008,
        RCTL_MPE = 0x00000010,
        RCTL_LPE = 0x00000020,
        RCTL_BAM = 0x00008000,
        RCTL_VFE = 0x00040000,
        RCTL_BSEX = 0x02000000,
        RCTL_SECRC = 0x04000000,
        TCTL_EN = 0x00000002,
        RAH_AV = 0x80000000,
        RXD_STAT_DD = 0x01,
        RXD_STAT_EOP = 0x02,
        RXD_STAT_IXSM = 0x04,
        RXD_STAT_VP = 0x08,
    };
    // PHY registers (MII and M88E1011 specific).
    enum : u8 {
        PHY_CTRL = 0x00,
        PHY_STATUS = 0x01,
        PHY_ID1 = 0x02,
        PHY_ID2 = 0x03,
        PHY_AUTONEG_ADV = 0x04,
        PHY_LP_ABILITY = 0x05,
        PHY_AUTONEG_EXP = 0x06,
        PHY_1000T_CTRL = 0x09,
        PHY_1000T_STATUS = 0x0a,
        M88E1000_PHY_SPEC_CTRL = 0x10,
        M88E1000_PHY_SPEC_STATUS = 0x11,
        M88E1000_EXT_PHY_SPEC_CTRL = 0x14,
        M88E1000_RX_ERR_CNTR = 0x15,
    };
    static constexpr u16 EEPROM_SUM = 0xbaba;

    struct Eecd {
        u32 val_in = 0;  // bits shifted in by the driver
        u16 bitnum_in = 0;
        u16 bitnum_out = 0;
        bool reading = false;
        u32 old = 0;  // SK, CS, DI, FWE, REQ as last written
    };

    struct State {
        std::array<u32, kRegWords> mac{};  // register file, indexed by offset / 4
        std::array<u16, 32> phy{};
        Eecd eecd;
        u32 ioaddr = 0;
        E1000Tx::State tx;
    };

    E1000(NetHub* hub, const std::array<u8, 6>& mac);
    ~E1000() override;

    const char* name() const override { return "e1000"; }
    // PCI reset: power-on config space and MAC.
    void reset() override;
    Device* bar_device(int n) override;

    // 32-bit register access at a BAR0 offset (the BAR adapters narrow and widen).
    u32 mmio_read(u32 offset);
    void mmio_write(u32 offset, u32 value);

    bool can_receive() const override;
    void receive(const u8* frame, size_t len) override;

    const State& state() const { return s_; }
    u32 reg(u32 offset) const { return offset / 4 < kRegWords ? s_.mac[offset / 4] : 0; }
    const std::array<u16, 64>& eeprom() const { return eeprom_; }
    const std::array<u8, 6>& mac_address() const { return mac_addr_; }

  private:
    class Regs : public Device {
      public:
        Regs(E1000& nic, bool io) : nic_(nic), io_(io) {}
        const char* name() const override { return io_ ? "e1000-io" : "e1000-mmio"; }
        void reset() override {}
        u32 read(u32 offset, unsigned size) override;
        void write(u32 offset, u32 value, unsigned size) override;

      private:
        E1000& nic_;
        bool io_;
    };

    u32& r(u32 offset) { return s_.mac[offset / 4]; }
    u32 r(u32 offset) const { return s_.mac[offset / 4]; }
    void reset_mac();
    void update_irq();
    void set_ics(u32 causes);
    u32 io_read(u32 offset);
    void io_write(u32 offset, u32 value);
    u32 read_eecd() const;
    void write_eecd(u32 value);
    u32 read_eerd() const;
    void write_mdic(u32 value);
    void write_phy_ctrl(u16 value);
    u32 rx_buffer_size() const;
    u32 rx_ring_count() const { return r(RDLEN) / 16; }
    u32 rx_free_buffers() const;
    bool rx_has_room(size_t total) const;
    bool receive_filter(const u8* frame);
    void receiver_overrun();
    void start_xmit();
    void send_frame(const u8* frame, size_t len);
    void count(u32 offset);
    void count64(u32 low, u64 amount);
    void count_size(u32 first, size_t len);
    bool dma_in(u64 addr, void* dst, size_t len);
    bool dma_out(u64 addr, const void* src, size_t len);
    void guest_error(unsigned kind, const char* what);

    NetHub* hub_;
    std::array<u8, 6> mac_addr_;
    std::array<u16, 64> eeprom_{};
    State s_;
    E1000Tx tx_;
    Regs mmio_{*this, false}, io_{*this, true};
    bool tx_busy_ = false;      // the ring is being walked (loopback may re-enter)
    u32 tx_kick_frames_ = 0;    // frames sent since the ring walk began
    std::vector<u8> rx_frame_;  // scratch: padded / VLAN-stripped copy of a frame
    OffsetLog bad_;
    u32 logged_ = 0;  // guest_error kinds already reported
};

}  // namespace bw
