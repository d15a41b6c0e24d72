// AMD Am79C970A PCnet-PCI II Ethernet controller (datasheet 19436), as QEMU 7.2
// presents it (hw/net/pcnet.c, pcnet-pci.c): PCI 1022:2000 revision 0x10,
// class 020000, subsystem 0000:0000, STATUS fast back-to-back + medium DEVSEL,
// INTA#, MIN_GNT 6, MAX_LAT 0xff.
//
// Implemented: the 16-byte APROM (MAC, 00 00 00 11 00 00, checksum, "WW"),
// writable with BCR2 APROMWE; RDP/RAP/RESET/BDP in word I/O (0x10/0x12/0x14/
// 0x16) and dword I/O (0x10/0x14/0x18/0x1c), DWIO set by a dword write to RDP
// and cleared by a reset; S_RESET (a read of RESET) and H_RESET (PCI reset).
// CSR0 INIT/STRT/STOP/TDMD/TXON/RXON/IENA/INTR, the write-1-to-clear flags
// IDON/TINT/RINT/MERR/MISS/CERR/BABL and the summary ERR bit; CSR1/2 (and the
// CSR16/17 aliases) init block address; CSR3 interrupt masks; CSR4 (APAD_XMT,
// TXSTRT, UINTCMD/UINT, the masked JAB/RCVCCO/MFCO flags); CSR5 (TOKINTD,
// LTINTEN, SINT/SLPINT/EXDINT/MPINT enables and flags); CSR6 ring lengths;
// CSR8-15 (LADRF, PADR, MODE with PROM/DRCVBC/DRCVPA/DRX/DTX/LOOP); the
// current/next descriptor CSRs 26-47; CSR58 SWSTYLE (alias of BCR20); CSR72/74
// ring counters; CSR76/78 ring lengths; CSR88/89 chip ID 0x02621003; CSR112
// missed-frame count. BCR2, BCR4-7 (LNKST/LED with the link-up LEDOUT bit),
// BCR9, BCR18 (DWIO), BCR19, BCR20 (SWSTYLE 0, 1, 2, 3 with SSIZE32), BCR22;
// other BCRs read their reset value or 0 and ignore writes, as in QEMU.
// The init block in both layouts (16-bit: 24-bit addresses with CSR2's upper
// byte; 32-bit), receive and transmit rings in software styles 0 (8-byte
// descriptors), 2 and 3 (16 bytes, style 3 with words 0 and 2 swapped), the
// OWN handshake, chained transmit frames (STP...ENP; a chain whose ENP
// descriptor is not yet owned gets UFLO/BUFF as on the chip), received frames
// spanning descriptors (STP on the first, ENP/MCNT/PAM/LAFM/BAM on the last,
// BUFF/OFLO when the ring runs out mid-frame), short frames padded to 60 bytes
// with the real FCS appended (MCNT counts it), APAD_XMT transmit padding, the
// receive filter (PADR, broadcast, LADRF hash, PROM), MISS and the missed-frame
// count when no descriptor is owned, internal loopback (CSR15 LOOP).
// Transmit happens at once on TDMD, on STRT with descriptors pending, and on
// the chip's ~2 ms transmit poll (a virtual-time timer while TXON and not
// DPOLL). Receive happens when a frame arrives (the chip polls the receive
// ring at that moment).
// DMA faults (a descriptor, init block or buffer outside RAM, or bus mastering
// off) set MERR and drop the access, logged as guest errors; a descriptor
// chain longer than the 4092-byte frame buffer is dropped (QEMU does the
// same); RAP is 7 bits (CSR 0-127, BCR 0-127 of which 32-127 read 0).
// Not implemented: collisions, link changes (the link is always up), the
// EEPROM interface, the MII (the 79C970A has none), suspend (SPND is stored),
// byte swapping (BSWP), the option ROM BAR, and QEMU's quirk of skipping to any
// owned receive descriptor when the current one is not.
//
// Interface:
//   PCI   config space (this class), BAR0 32 bytes of I/O, BAR1 32 bytes of
//         memory, both decoding the same registers.
//   DMA   init block, descriptors and buffers through PciDevice::dma_read/
//         dma_write (bus master).
//   out   INTA# through PciDevice::set_intx.
//   net   a NetPort on the NetHub given to the constructor (may be null).
#pragma once

#include <array>
#include <vector>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/pci/pci_device.h"
#include "core/net/net_hub.h"
#include "core/sched/scheduler.h"

namespace bw {

class Pcnet : public PciDevice, public NetPort {
  public:
    static constexpr u16 kVendor = 0x1022, kDevice = 0x2000;
    static constexpr u32 kIoSize = 32;
    static constexpr u32 kFrameBuffer = 4096;      // as QEMU's buffer; 4 bytes kept for the FCS
    static constexpr u64 kPollNs = 65536ull * 30;  // the chip's transmit poll interval

    // CSR0 bits.
    enum : u16 {
        CSR0_INIT = 0x0001,
        CSR0_STRT = 0x0002,
        CSR0_STOP = 0x0004,
        CSR0_TDMD = 0x0008,
        CSR0_TXON = 0x0010,
        CSR0_RXON = 0x0020,
        CSR0_IENA = 0x0040,
        CSR0_INTR = 0x0080,
        CSR0_IDON = 0x0100,
        CSR0_TINT = 0x0200,
        CSR0_RINT = 0x0400,
        CSR0_MERR = 0x0800,
        CSR0_MISS = 0x1000,
        CSR0_CERR = 0x2000,
        CSR0_BABL = 0x4000,
        CSR0_ERR = 0x8000,
    };
    // CSR15 (MODE) bits.
    enum : u16 {
        MODE_DRX = 0x0001,
        MODE_DTX = 0x0002,
        MODE_LOOP = 0x0004,
        MODE_DXMTFCS = 0x0008,
        MODE_INTL = 0x0040,
        MODE_DRCVPA = 0x2000,
        MODE_DRCVBC = 0x4000,
        MODE_PROM = 0x8000,
    };
    // Descriptor status (RMD1/TMD1 bits 31-16 in the 32-bit layouts).
    enum : u16 {
        DS_OWN = 0x8000,
        DS_ERR = 0x4000,
        RMD_FRAM = 0x2000,
        RMD_OFLO = 0x1000,
        RMD_CRC = 0x0800,
        RMD_BUFF = 0x0400,
        DS_STP = 0x0200,
        DS_ENP = 0x0100,
        RMD_BPE = 0x0080,
        RMD_PAM = 0x0040,
        RMD_LAFM = 0x0020,
        RMD_BAM = 0x0010,
        TMD_ADD_FCS = 0x2000,
        TMD_LTINT = 0x1000,
    };
    // TMD2 error bits.
    enum : u32 {
        TMD2_BUFF = 0x80000000u,
        TMD2_UFLO = 0x40000000u,
    };

    struct State {
        std::array<u16, 128> csr{};
        std::array<u16, 32> bcr{};
        std::array<u8, 16> prom{};
        u8 rap = 0;
        u32 rdra = 0, tdra = 0;    // ring base addresses (physical)
        bool in_loopback = false;  // delivering a frame transmitted in LOOP mode
    };

    Pcnet(Scheduler& scheduler, NetHub* hub, const std::array<u8, 6>& mac);
    ~Pcnet() override;

    const char* name() const override { return "pcnet"; }
    // H_RESET: config space and chip.
    void reset() override;
    Device* bar_device(int n) override { return n == 0 || n == 1 ? &regs_ : nullptr; }

    bool can_receive() const override;
    void receive(const u8* frame, size_t len) override;

    const State& state() const { return s_; }
    const std::array<u8, 6>& mac() const { return mac_; }

    // The register block (the same behind both BARs); exposed for tests.
    Device& registers() { return regs_; }

  private:
    class Registers : public Device {
      public:
        explicit Registers(Pcnet& p) : p_(p) {}
        const char* name() const override { return "pcnet"; }
        void reset() override {}
        u32 read(u32 offset, unsigned size) override { return p_.io_read(offset, size); }
        void write(u32 offset, u32 value, unsigned size) override {
            p_.io_write(offset, value, size);
        }

      private:
        Pcnet& p_;
    };

    // One ring descriptor, unpacked from whichever layout the software style uses.
    struct Desc {
        u32 addr = 0;    // buffer address
        u16 bcnt = 0;    // RMD1/TMD1 bits 15-0: ONES and two's complement BCNT
        u16 status = 0;  // OWN, ERR, ...
        u32 misc = 0;    // RMD2 (MCNT) / TMD2 (error bits)
    };

    u32 io_read(u32 offset, unsigned size);
    void io_write(u32 offset, u32 value, unsigned size);
    u16 csr_read(unsigned n);
    void csr_write(unsigned n, u16 value);
    u16 bcr_read(unsigned n) const;
    void bcr_write(unsigned n, u16 value);
    void soft_reset();
    void init();
    void start();
    void stop();
    void transmit();
    void poll();
    void arm_poll();
    void update_irq();
    void deliver(const u8* frame, size_t len, u16 match);

    bool ssize32() const { return s_.bcr[20] & 0x0100; }
    u8 swstyle() const { return u8(s_.bcr[20]); }
    u32 desc_size() const { return swstyle() ? 16 : 8; }
    u32 phys(u32 addr) const;
    // Address of the descriptor |count| counts the ring counter is from the base.
    u32 ring_addr(u32 base, u16 length, u16 counter) const;
    bool load_desc(u32 addr, Desc* d) const;
    void store_desc(u32 addr, const Desc& d);
    void dma_fault(u32 addr, const char* what);
    bool dma_in(u32 addr, void* dst, size_t len, const char* what);
    bool dma_out(u32 addr, const void* src, size_t len, const char* what);
    bool accept(const u8* frame, size_t len, u16* match) const;

    Scheduler& scheduler_;
    NetHub* hub_;
    std::array<u8, 6> mac_;
    State s_;
    Registers regs_{*this};
    Timer poll_timer_;
    bool in_transmit_ = false;  // a looped-back or re-entrant frame must not recurse
};

}  // namespace bw
