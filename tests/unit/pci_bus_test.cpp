// PciBus: BAR decoding follows COMMAND and the BAR registers, bus-master DMA
// needs the master bit, INTx# pins are routed and wired-ORed per line.
#include <gtest/gtest.h>

#include <vector>

#include "core/dev/pci/pci_device.h"
#include "core/mem/bus.h"

namespace bw {
namespace {

// Remembers the last access; reads return 0x1000 + offset.
class Regs : public Device {
  public:
    const char* name() const override { return "regs"; }
    void reset() override {}
    u32 read(u32 offset, unsigned) override { return 0x1000 + offset; }
    void write(u32 offset, u32 value, unsigned) override {
        last_offset = offset;
        last_value = value;
    }
    u32 last_offset = ~0u, last_value = 0;
};

class FakeFunction : public PciDevice {
  public:
    FakeFunction() : PciDevice(0x1234, 0x5678, 0x020000, 1) {
        set_bar(0, 32, true);              // I/O
        set_bar(1, 4096, false);           // memory
        set_default(INTERRUPT_PIN, 1, 1);  // INTA#
        reset();
    }
    const char* name() const override { return "fake"; }
    Device* bar_device(int n) override { return n == 0 ? &io : n == 1 ? &mem : nullptr; }
    using PciDevice::dma_read;
    using PciDevice::dma_write;
    using PciDevice::set_intx;
    Regs io, mem;
};

class PciBusTest : public ::testing::Test {
  protected:
    PciBusTest() : ram(0x10000) {
        memory.map_ram(0, u32(ram.size()), ram.data());
        pci.set_dma_memory(&memory);
        pci.irq_route = [](u8 devfn, int pin) { return ((devfn >> 3) + pin) & 3; };
        pci.set_irq_line = [this](int line, bool level) { lines[line] = level; };
        pci.attach(1 << 3, &a);  // slot 1: INTA# -> line 1
        pci.attach(5 << 3, &b);  // slot 5: INTA# -> line 1 as well
    }
    void cfg(u8 devfn, u8 off, u32 v) { pci.config_write(devfn, off, v, 4); }
    std::vector<u8> ram;
    Bus memory;
    PciBus pci;
    FakeFunction a, b;
    bool lines[4] = {};
};

TEST_F(PciBusTest, BarsDecodeOnlyWhenAssignedAndEnabled) {
    u32 v = 0;
    cfg(1 << 3, PciDevice::BAR0, 0x1020);
    cfg(1 << 3, PciDevice::BAR0 + 4, 0x10004000);
    EXPECT_FALSE(pci.io_read(0x1024, 4, &v));  // COMMAND still 0
    cfg(1 << 3, PciDevice::COMMAND, PciDevice::COMMAND_IO);
    ASSERT_TRUE(pci.io_read(0x1024, 2, &v));
    EXPECT_EQ(v, 0x1004u);
    EXPECT_FALSE(pci.io_read(0x1040, 4, &v));       // past the 32-byte BAR
    EXPECT_FALSE(pci.mem_read(0x10004000, 4, &v));  // memory space not enabled
    cfg(1 << 3, PciDevice::COMMAND, PciDevice::COMMAND_IO | PciDevice::COMMAND_MEMORY);
    ASSERT_TRUE(pci.mem_write(0x10004ffc, 0xcafe, 4));
    EXPECT_EQ(a.mem.last_offset, 0xffcu);
    EXPECT_EQ(a.mem.last_value, 0xcafeu);
    // Moving the BAR moves the decode.
    cfg(1 << 3, PciDevice::BAR0, 0x2000);
    EXPECT_FALSE(pci.io_read(0x1024, 4, &v));
    EXPECT_TRUE(pci.io_read(0x2000, 4, &v));
    // Reset unassigns everything.
    pci.reset();
    EXPECT_FALSE(pci.io_read(0x2000, 4, &v));
}

TEST_F(PciBusTest, DmaNeedsBusMaster) {
    const u8 out[4] = {1, 2, 3, 4};
    u8 in[4] = {};
    EXPECT_FALSE(a.dma_write(0x100, out, 4));
    cfg(1 << 3, PciDevice::COMMAND, PciDevice::COMMAND_MASTER);
    ASSERT_TRUE(a.dma_write(0x100, out, 4));
    EXPECT_EQ(ram[0x102], 3);
    ASSERT_TRUE(a.dma_read(0x100, in, 4));
    EXPECT_EQ(in[3], 4);
    EXPECT_FALSE(a.dma_read(0xfffe, in, 4));  // runs past RAM
}

// Bus-master writes obey the CPU's rules: the boot flash is read-only (DMA used
// to write it), and a range that leaves memory is a master abort that writes
// nothing, not even its first bytes.
TEST_F(PciBusTest, DmaCannotWriteRomOrHalfAnAbortedRange) {
    std::vector<u8> rom(0x1000, 0x5a);
    memory.map_ram(0x1fc00000, 0x1000, rom.data(), false, "flash");
    cfg(1 << 3, PciDevice::COMMAND, PciDevice::COMMAND_MASTER);
    const u8 out[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    EXPECT_TRUE(a.dma_write(0x1fc00010, out, 8));  // the cycle completes; flash ignores it
    EXPECT_EQ(rom[0x10], 0x5a);
    EXPECT_EQ(rom[0x17], 0x5a);
    u8 in[4] = {};
    ASSERT_TRUE(a.dma_read(0x1fc00010, in, 4));  // flash still reads
    EXPECT_EQ(in[0], 0x5a);
    EXPECT_FALSE(a.dma_write(0xfffc, out, 8));  // RAM, then unmapped
    EXPECT_EQ(ram[0xfffc], 0);
    EXPECT_EQ(ram[0xffff], 0);
}

TEST_F(PciBusTest, IntxPinsAreWiredOrPerLine) {
    a.set_intx(true);
    EXPECT_TRUE(lines[1]);
    b.set_intx(true);
    a.set_intx(false);
    EXPECT_TRUE(lines[1]);  // b still holds the shared line
    b.set_intx(false);
    EXPECT_FALSE(lines[1]);
    a.set_intx(true);
    pci.reset();
    EXPECT_FALSE(lines[1]);
}

}  // namespace
}  // namespace bw
