#include "core/dev/pci/gt64120.h"

#include <gtest/gtest.h>

#include "core/dev/pci/piix4.h"

namespace bw {
namespace {

constexpr u32 GT_CPU = 0x000, GT_PCI0IOLD = 0x048, GT_PCI0IOHD = 0x050, GT_ISD = 0x068,
              GT_PCI0IOREMAP = 0x0f0, GT_PCI0_CMD = 0xc00, GT_PCI0_IACK = 0xc34,
              GT_PCI0_CFGADDR = 0xcf8, GT_PCI0_CFGDATA = 0xcfc;

u32 cfg(u32 dev, u32 fn, u32 reg) { return 0x80000000u | (dev << 11) | (fn << 8) | reg; }

class Gt64120Test : public ::testing::Test {
  protected:
    Gt64120Test() {
        bus.attach(10 << 3 | 0, &isa);
        bus.attach(10 << 3 | 1, &ide);
        bus.attach(10 << 3 | 3, &pm);
    }
    u32 config_read(u32 addr) {
        gt.write(GT_PCI0_CFGADDR, addr, 4);
        return gt.read(GT_PCI0_CFGDATA, 4);
    }
    PciBus bus;
    Gt64120 gt{bus};
    Piix4Isa isa;
    Piix4Ide ide;
    Piix4Pm pm;
};

TEST_F(Gt64120Test, ResetDecodeWindows) {
    EXPECT_EQ(gt.read(GT_CPU, 4), 0x1000u);
    EXPECT_EQ(gt.isd_base(), 0x14000000u);
    EXPECT_EQ(gt.pci0_io().base, 0x10000000u);
    EXPECT_EQ(gt.pci0_io().size, 0x02000000u);
    EXPECT_EQ(gt.pci0_mem0().base, 0x12000000u);
    EXPECT_EQ(gt.pci0_mem0().size, 0x02000000u);
    EXPECT_EQ(gt.pci0_mem1().base, 0xf2000000u);
    int remaps = 0;
    gt.on_remap = [&] { remaps++; };
    gt.write(GT_PCI0IOLD, 0x88, 4);
    EXPECT_EQ(remaps, 1);
    EXPECT_EQ(gt.read(GT_PCI0IOREMAP, 4), 0x88u);
    EXPECT_EQ(gt.pci0_io().base, 0x11000000u);
    EXPECT_EQ(gt.pci0_io().size, 0x01000000u);
    gt.write(GT_PCI0IOHD, 0x07, 4);  // high below low: window off
    EXPECT_EQ(gt.pci0_io().size, 0u);
    gt.write(GT_ISD, 0xdf, 4);
    EXPECT_EQ(gt.isd_base(), 0x1be00000u);
}

TEST_F(Gt64120Test, ConfigCyclesReadIds) {
    EXPECT_EQ(config_read(cfg(0, 0, 0x00)), 0x462011abu);
    EXPECT_EQ(config_read(cfg(0, 0, 0x08)), 0x06000010u);
    EXPECT_EQ(gt.read(GT_PCI0_CFGADDR, 4), cfg(0, 0, 0x08));
    EXPECT_EQ(config_read(cfg(10, 0, 0x00)), 0x71108086u);
    EXPECT_EQ(config_read(cfg(10, 0, 0x0c)) >> 16, 0x80u);  // multifunction
    EXPECT_EQ(config_read(cfg(10, 1, 0x00)), 0x71118086u);
    EXPECT_EQ(config_read(cfg(10, 1, 0x08)), 0x01018000u);
    EXPECT_EQ(config_read(cfg(10, 3, 0x00)), 0x71138086u);
    EXPECT_EQ(config_read(cfg(10, 2, 0x00)), 0xffffffffu);          // nothing attached
    EXPECT_EQ(config_read(cfg(10, 0, 0x60)), 0x0b0b0a0au);          // PIRQ routing
    EXPECT_EQ(config_read(0x00005000), 0xffffffffu);                // enable bit clear
    EXPECT_EQ(config_read(cfg(0, 0, 0) | (1 << 16)), 0xffffffffu);  // bus 1
    // Clearing MByteSwap swaps data for devices other than 0 (big-endian setup).
    gt.write(GT_PCI0_CMD, 0x00010000, 4);
    EXPECT_EQ(config_read(cfg(10, 0, 0x00)), 0x86801071u);
    EXPECT_EQ(config_read(cfg(0, 0, 0x00)), 0x462011abu);
    gt.write(GT_PCI0_CFGADDR, cfg(10, 0, 0x60), 4);
    gt.write(GT_PCI0_CFGDATA, 0x0b0a0980, 4);  // swapped: PIRQA=0x0b ...
    gt.write(GT_PCI0_CMD, 0x00010001, 4);
    EXPECT_EQ(config_read(cfg(10, 0, 0x60)), 0x80090a0bu);
}

TEST_F(Gt64120Test, BigEndianCpuInterfaceSwapsRegisters) {
    gt.write(GT_CPU, 0x00100000, 4);  // Endianess bit 12 now clear: big-endian CPU
    EXPECT_EQ(gt.state().regs[0], 0x00100000u);
    EXPECT_EQ(gt.read(GT_CPU, 4), 0x00001000u);
    EXPECT_EQ(gt.read(GT_PCI0IOLD, 4), 0x80000000u);
    gt.write(GT_CPU, 0x00100000, 4);  // swapped back: 0x00001000, little-endian again
    EXPECT_EQ(gt.read(GT_PCI0IOLD, 4), 0x80u);
}

TEST_F(Gt64120Test, InterruptAcknowledgeAndPirqRouting) {
    gt.int_ack = [] { return u8(0x2c); };
    EXPECT_EQ(gt.read(GT_PCI0_IACK, 4), 0x2cu);
    int irq = -1;
    bool level = false;
    isa.isa_irq = [&](int n, bool l) {
        irq = n;
        level = l;
    };
    isa.set_pirq(2, true);  // PIRQC -> IRQ11
    EXPECT_EQ(irq, 11);
    EXPECT_TRUE(level);
    isa.config_write(0x62, 0x80, 1);  // disable PIRQC routing
    EXPECT_EQ(irq, 11);
    EXPECT_FALSE(level);
    EXPECT_EQ(Piix4Isa::malta_slot_pirq(10, 3), 3);
    EXPECT_EQ(Piix4Isa::malta_slot_pirq(19, 0), 1);
    // PM base as Linux's malta fixup programs it.
    pm.config_write(0x40, 0x1000, 2);
    EXPECT_EQ(pm.pm_base(), 0u);
    pm.config_write(0x80, 0x01, 1);
    EXPECT_EQ(pm.pm_base(), 0x1000u);
    EXPECT_EQ(pm.smbus_base(), 0x1100u);
}

}  // namespace
}  // namespace bw
