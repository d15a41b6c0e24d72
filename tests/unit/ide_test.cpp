#include "core/dev/storage/ide.h"

#include <gtest/gtest.h>

namespace bw {
namespace {

constexpr u32 DATA = 0, FEATURES = 1, ERROR = 1, NSECTOR = 2, LBAL = 3, LBAM = 4, LBAH = 5,
              DEVICE = 6, STATUS = 7, COMMAND = 7;

class IdeTest : public ::testing::Test {
  protected:
    IdeTest() : disk(2048) {
        for (u64 i = 0; i < disk.data().size(); i++) disk.data()[i] = u8(i * 7 + (i >> 9));
        ide.attach(0, &disk, "QEMU HARDDISK");
    }
    Device& cmd() { return ide.command_block(); }
    void lba28(u32 lba, u8 count) {
        cmd().write(NSECTOR, count, 1);
        cmd().write(LBAL, lba & 0xff, 1);
        cmd().write(LBAM, (lba >> 8) & 0xff, 1);
        cmd().write(LBAH, (lba >> 16) & 0xff, 1);
        cmd().write(DEVICE, 0xe0 | ((lba >> 24) & 0xf), 1);
    }
    MemoryBlockDevice disk;
    IdeChannel ide;
};

TEST_F(IdeTest, SignatureAndAbsentSlave) {
    EXPECT_EQ(cmd().read(STATUS, 1), 0x50u);
    EXPECT_EQ(cmd().read(NSECTOR, 1), 1u);
    EXPECT_EQ(cmd().read(LBAL, 1), 1u);
    EXPECT_EQ(cmd().read(LBAM, 1), 0u);
    EXPECT_EQ(cmd().read(ERROR, 1), 1u);
    cmd().write(DEVICE, 0xb0, 1);  // slave: absent
    EXPECT_EQ(cmd().read(STATUS, 1), 0u);
    EXPECT_EQ(ide.control_block().read(0, 1), 0u);
    cmd().write(COMMAND, 0xec, 1);  // ignored
    EXPECT_FALSE(ide.irq.level());
}

TEST_F(IdeTest, IdentifyWords) {
    cmd().write(DEVICE, 0xa0, 1);
    cmd().write(COMMAND, 0xec, 1);
    EXPECT_TRUE(ide.irq.level());
    EXPECT_EQ(ide.control_block().read(0, 1), 0x58u);  // alternate status keeps the IRQ
    EXPECT_TRUE(ide.irq.level());
    EXPECT_EQ(cmd().read(STATUS, 1), 0x58u);
    EXPECT_FALSE(ide.irq.level());
    u16 w[256];
    for (int i = 0; i < 256; i += 2) {
        u32 v = cmd().read(DATA, 4);  // 32-bit data port access
        w[i] = u16(v);
        w[i + 1] = u16(v >> 16);
    }
    EXPECT_EQ(cmd().read(STATUS, 1), 0x50u);
    EXPECT_EQ(w[0], 0x0040);
    EXPECT_EQ(w[27], ('Q' << 8) | 'E');
    EXPECT_EQ(w[28], ('M' << 8) | 'U');
    EXPECT_EQ(w[46], 0x2020);
    EXPECT_EQ(w[47], 0x8010);
    EXPECT_EQ(w[49] & (1 << 9), 1 << 9);
    EXPECT_EQ(w[60], 2048);
    EXPECT_EQ(w[61], 0);
    EXPECT_EQ(w[83] & (1 << 10), 1 << 10);
    EXPECT_EQ(w[100], 2048);
}

TEST_F(IdeTest, PioReadSectors) {
    lba28(5, 2);
    cmd().write(COMMAND, 0x20, 1);
    EXPECT_TRUE(ide.irq.level());
    EXPECT_EQ(cmd().read(STATUS, 1), 0x58u);
    for (int sector = 0; sector < 2; sector++) {
        for (int i = 0; i < 256; i++) {
            u64 off = (5 + sector) * 512 + 2 * i;
            u16 expect = u16(disk.data()[off] | (disk.data()[off + 1] << 8));
            ASSERT_EQ(cmd().read(DATA, 2), expect) << sector << " " << i;
        }
        if (sector == 0) {
            EXPECT_TRUE(ide.irq.level());  // next block ready
            EXPECT_EQ(cmd().read(STATUS, 1), 0x58u);
        }
    }
    EXPECT_EQ(cmd().read(STATUS, 1), 0x50u);
    EXPECT_EQ(cmd().read(LBAL, 1), 7u);  // next sector, as QEMU
    // Out of range: IDNF abort.
    lba28(2047, 2);
    cmd().write(COMMAND, 0x20, 1);
    EXPECT_EQ(cmd().read(STATUS, 1), 0x51u);
    EXPECT_EQ(cmd().read(ERROR, 1), 0x10u);
}

TEST_F(IdeTest, PioWriteMultipleAndFlush) {
    cmd().write(NSECTOR, 2, 1);
    cmd().write(COMMAND, 0xc6, 1);  // SET MULTIPLE MODE 2
    EXPECT_EQ(cmd().read(STATUS, 1), 0x50u);
    lba28(100, 4);
    cmd().write(COMMAND, 0xc5, 1);  // WRITE MULTIPLE
    EXPECT_FALSE(ide.irq.level());  // first block needs no interrupt
    EXPECT_EQ(ide.control_block().read(0, 1), 0x58u);
    for (int i = 0; i < 512; i++) cmd().write(DATA, 0xa000 + i, 2);  // block 1: LBA 100-101
    EXPECT_TRUE(ide.irq.level());
    EXPECT_EQ(cmd().read(STATUS, 1), 0x58u);
    EXPECT_EQ(disk.data()[100 * 512], 0x00);
    EXPECT_EQ(disk.data()[100 * 512 + 1], 0xa0);
    EXPECT_EQ(disk.data()[101 * 512 + 510], u8(0xa000 + 511));
    for (int i = 0; i < 256; i++) cmd().write(DATA, 0x11223344, 4);  // block 2, 32-bit
    EXPECT_EQ(cmd().read(STATUS, 1), 0x50u);
    EXPECT_EQ(disk.data()[103 * 512 + 508], 0x44);
    EXPECT_EQ(disk.data()[103 * 512 + 511], 0x11);
    EXPECT_EQ(disk.data()[104 * 512], u8(104 * 512 * 7 + 104));  // untouched
    cmd().write(COMMAND, 0xe7, 1);
    EXPECT_EQ(cmd().read(STATUS, 1), 0x50u);
    cmd().write(COMMAND, 0xff, 1);  // unknown: ABRT
    EXPECT_EQ(cmd().read(STATUS, 1), 0x51u);
    EXPECT_EQ(cmd().read(ERROR, 1), 0x04u);
}

TEST_F(IdeTest, Lba48AndSoftReset) {
    cmd().write(NSECTOR, 0, 1);  // HOB count
    cmd().write(NSECTOR, 1, 1);
    cmd().write(LBAL, 0, 1);
    cmd().write(LBAL, 9, 1);
    cmd().write(LBAM, 0, 1);
    cmd().write(LBAM, 0, 1);
    cmd().write(LBAH, 0, 1);
    cmd().write(LBAH, 0, 1);
    cmd().write(DEVICE, 0x40, 1);
    ide.control_block().write(0, 0x80, 1);  // HOB: read previous values
    EXPECT_EQ(cmd().read(LBAL, 1), 0u);
    ide.control_block().write(0, 0x00, 1);
    EXPECT_EQ(cmd().read(LBAL, 1), 9u);
    cmd().write(COMMAND, 0x24, 1);  // READ SECTORS EXT
    EXPECT_EQ(cmd().read(DATA, 2), u32(disk.data()[9 * 512] | (disk.data()[9 * 512 + 1] << 8)));
    // nIEN masks INTRQ; SRST resets the task file.
    ide.control_block().write(0, 0x02, 1);
    cmd().write(COMMAND, 0xe5, 1);
    EXPECT_FALSE(ide.irq.level());
    EXPECT_EQ(cmd().read(NSECTOR, 1), 0xffu);
    ide.control_block().write(0, 0x06, 1);
    EXPECT_EQ(ide.control_block().read(0, 1), 0x90u);
    ide.control_block().write(0, 0x02, 1);
    EXPECT_EQ(cmd().read(STATUS, 1), 0x50u);
    EXPECT_EQ(cmd().read(NSECTOR, 1), 1u);
    EXPECT_EQ(cmd().read(LBAL, 1), 1u);
}

}  // namespace
}  // namespace bw
