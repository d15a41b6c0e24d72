// Galileo (Marvell) GT-64120 system controller and PCI host bridge, as QEMU
// 7.2's hw/mips/gt64xxx_pci.c models it for malta.
//
// Implemented: the 4 KB internal register block with QEMU's reset values
// (little-endian malta: CPU Interface Configuration Endianess bit set, PCI_0
// Command MByteSwap/SByteSwap set), register values byte-swapped when the
// CPU interface is big-endian (GT_CPU bit 12 clear), CPU address decode
// registers (SCS/CS/BootCS, PCI_0 I/O, Mem0, Mem1 with their remap shadows,
// PCI_1 stored), ISD (internal space decode; the board relocates the block),
// SDRAM/device parameter registers stored, interrupt cause/mask registers
// stored (no sources), PCI_0 configuration address/data with the byte swap
// QEMU applies when PCI_0 Command bit 0 (MByteSwap) is clear and the target
// is not device 0, PCI_0 interrupt acknowledge (reads the i8259 vector), and
// the bridge's own PCI function (11ab:4620, rev 0x10) for device 0.
// Not implemented: DMA engines, timer/counters (stored, not counting), PCI_1,
// error reporting, SDRAM/device decode (the board maps RAM and flash itself).
//
// Interface:
//   MMIO  the 4 KB internal register block at isd_base() (0x14000000 at reset).
//   bus   a PciBus: configuration cycles go there (bus 0 only).
//   ack   int_ack: returns the vector of an interrupt acknowledge cycle
//         (the board binds it to I8259Pair::acknowledge).
//   out   on_remap(): called when PCI_0 I/O/Mem0/Mem1 or ISD decode changes;
//         read the new windows with pci0_io()/pci0_mem0()/pci0_mem1()/isd_base().
#pragma once

#include <array>
#include <functional>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/pci/pci_device.h"
#include "core/dev/primecell.h"

namespace bw {

class Gt64120 : public Device {
  public:
    struct Window {
        u32 base = 0;
        u32 size = 0;  // 0: disabled (low decode above high decode)
        bool operator==(const Window&) const = default;
    };

    // The bridge's own configuration-space function (device 0).
    class PciFunction : public PciDevice {
      public:
        PciFunction();
        const char* name() const override { return "gt64120-pci"; }
    };

    struct State {
        std::array<u32, 0x1000 / 4> regs{};
        u32 config_address = 0;  // GT_PCI0_CFGADDR
    };

    explicit Gt64120(PciBus& bus);

    const char* name() const override { return "gt64120"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    Window pci0_io() const;
    Window pci0_mem0() const;
    Window pci0_mem1() const;
    u32 isd_base() const;

    PciFunction& pci_function() { return function_; }
    const State& state() const { return s_; }

    std::function<u8()> int_ack;
    std::function<void()> on_remap;

  private:
    Window window(u32 ld, u32 hd) const;
    u32 read_reg(u32 reg);
    void write_reg(u32 reg, u32 value);
    bool config_swap() const;

    PciBus& bus_;
    PciFunction function_;
    State s_;
    OffsetLog bad_;
};

}  // namespace bw
