// The malta board: memory map, QEMU's -kernel boot stub and YAMON table, -initrd placement,
// -bios word swap, GT-64120 window remapping, interrupt wiring, reset requests, errors.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "boards/malta/malta.h"

namespace bw {
namespace {

constexpr u32 kEntry = 0x80100000;

class MaltaBoardTest : public testing::Test {
  protected:
    void TearDown() override {
        for (const std::string& p : files_) std::remove(p.c_str());
    }
    std::string write_file(const std::string& name, const std::vector<u8>& bytes) {
        // Tests run in parallel processes: the test name keeps their files apart.
        std::string path = testing::TempDir() + "/bw_malta_" +
                           testing::UnitTest::GetInstance()->current_test_info()->name() + "_" +
                           name;
        FILE* f = std::fopen(path.c_str(), "wb");
        EXPECT_TRUE(f);
        if (!bytes.empty()) std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
        files_.push_back(path);
        return path;
    }
    // A little-endian MIPS ELF: one segment at kseg0 0x80100000 holding |code| words.
    static std::vector<u8> mips_elf(const std::vector<u32>& code) {
        std::vector<u8> v(0x100 + code.size() * 4, 0);
        auto put = [&](size_t at, u32 x, int n) {
            for (int i = 0; i < n; ++i) v[at + i] = u8(x >> (8 * i));
        };
        v[0] = 0x7F, v[1] = 'E', v[2] = 'L', v[3] = 'F', v[4] = 1, v[5] = 1, v[6] = 1;
        put(16, 2, 2);  // ET_EXEC
        put(18, 8, 2);  // EM_MIPS
        put(20, 1, 4);  // EV_CURRENT
        put(24, kEntry, 4);
        put(28, 52, 4);  // phoff
        put(42, 32, 2);  // phentsize
        put(44, 1, 2);   // phnum
        put(52, 1, 4);   // PT_LOAD
        put(56, 0x100, 4);
        put(60, kEntry, 4);
        put(64, kEntry, 4);
        put(68, u32(code.size() * 4), 4);
        put(72, u32(code.size() * 4) + 0x100, 4);  // with some bss
        put(76, 5, 4);
        for (size_t i = 0; i < code.size(); i++) put(0x100 + 4 * i, code[i], 4);
        return v;
    }
    std::unique_ptr<Malta> create(const MachineConfig& c, std::string* err) {
        std::unique_ptr<Machine> m = Malta::create(c, err);
        return std::unique_ptr<Malta>(static_cast<Malta*>(m.release()));
    }
    // The kernel: "b . ; nop".
    std::string spin_kernel() { return write_file("vmlinux", mips_elf({0x1000ffff, 0})); }
    static std::string c_string(Bus& bus, u32 pa) {
        std::string s;
        for (u8 c; (c = bus.read8(pa)) != 0;) s += char(c), pa++;
        return s;
    }
    std::vector<std::string> files_;
};

TEST_F(MaltaBoardTest, KernelBootStubSetsUpGtAndYamonArguments) {
    MachineConfig c;
    c.machine = "malta";
    c.ram_mb = 64;
    c.kernel = spin_kernel();
    c.append = "console=ttyS0 root=/dev/sda";
    std::string err;
    auto m = create(c, &err);
    ASSERT_TRUE(m) << err;
    EXPECT_EQ(m->kernel_entry(), kEntry);
    EXPECT_EQ(m->cpu().pc(), 0xbfc00000u);
    // The board revision QEMU patches into the boot flash copy.
    EXPECT_EQ(m->bus.read32(0x1fc00010), 0x00000420u);
    // Before the stub: the GT-64120 registers at 0x14000000, the I/O window at 0x10000000.
    EXPECT_EQ(m->bus.read32(0x14000068), 0xa0u);  // GT_ISD reset value
    m->run(200);
    u32 pc = m->cpu().pc();
    EXPECT_TRUE(pc == kEntry || pc == kEntry + 4) << std::hex << pc;
    EXPECT_EQ(m->cpu().gpr(4), 2u);                 // a0 = argc
    EXPECT_EQ(m->cpu().gpr(5), 0x80002000u);        // a1 = argv
    EXPECT_EQ(m->cpu().gpr(6), 0x80002008u);        // a2 = envp
    EXPECT_EQ(m->cpu().gpr(7), 64u << 20);          // a3 = memsize
    EXPECT_EQ(m->cpu().gpr(29), 0x80002000u - 64);  // sp
    // The GT-64120 moved to 0x1be00000 with QEMU's YAMON windows.
    EXPECT_EQ(m->gt64120().isd_base(), 0x1be00000u);
    EXPECT_EQ(m->bus.read32(0x1be00068), 0xdfu);
    EXPECT_EQ(m->gt64120().pci0_io().base, 0x18000000u);
    EXPECT_EQ(m->gt64120().pci0_io().size, 0x200000u);
    EXPECT_EQ(m->gt64120().pci0_mem0().base, 0x10000000u);
    EXPECT_EQ(m->gt64120().pci0_mem1().base, 0x18200000u);
    EXPECT_EQ(m->bus.read8(0x180003fd), 0x60u);         // ttyS0 LSR: THRE | TEMT
    EXPECT_EQ(m->bus.read8(0x18000064), 0x18u);         // i8042 status: CMD | UNLOCKED
    EXPECT_EQ(m->bus.read8(0x18000378), 0xffu);         // no parallel port: an absent ISA port
    EXPECT_EQ(m->bus.read32(0x10000000), 0xffffffffu);  // PCI memory: nobody answers
    // The old register block is gone: that address is PCI memory (Mem0) now.
    EXPECT_EQ(m->bus.read32(0x14000068), 0xffffffffu);

    // YAMON table at 0x2000: argv[0] kernel name, argv[1] command line, envp pairs.
    EXPECT_EQ(m->bus.read32(0x2000), 0x80002040u);
    EXPECT_EQ(m->bus.read32(0x2004), 0x80002140u);
    EXPECT_EQ(c_string(m->bus, 0x2040), c.kernel);
    EXPECT_EQ(c_string(m->bus, 0x2140), "console=ttyS0 root=/dev/sda");
    const char* env[] = {"memsize",  "67108864", "ememsize", "67108864",
                         "modetty0", "38400n8r", "rngseed"};
    for (int i = 0; i < 7; i++) {
        EXPECT_EQ(m->bus.read32(0x2008 + 4 * i), 0x80002240u + 256 * i);
        EXPECT_EQ(c_string(m->bus, 0x2240 + 256 * i), env[i]);
    }
    EXPECT_EQ(c_string(m->bus, 0x2240 + 256 * 7).size(), 64u);  // 32 bytes in hex
    EXPECT_EQ(m->bus.read32(0x2008 + 4 * 8), 0u);               // end of the table
    // The segment went to kseg0 -> physical, bss zeroed.
    EXPECT_EQ(m->bus.read32(0x100000), 0x1000ffffu);
    EXPECT_EQ(m->bus.read32(0x100008), 0u);
}

TEST_F(MaltaBoardTest, EmptyAppendGivesAnEmptyCommandLineAndInitrdGoesOnIt) {
    MachineConfig c;
    c.ram_mb = 64;
    c.kernel = spin_kernel();
    std::string err;
    auto m = create(c, &err);
    ASSERT_TRUE(m) << err;
    EXPECT_EQ(c_string(m->bus, 0x2140), "");

    std::vector<u8> rd(1000);
    for (size_t i = 0; i < rd.size(); i++) rd[i] = u8(i * 7);
    c.initrd = write_file("initrd", rd);
    c.append = "quiet";
    m = create(c, &err);
    ASSERT_TRUE(m) << err;
    // QEMU: round_up(ram - (size + 128 KiB), 64 KiB).
    EXPECT_EQ(c_string(m->bus, 0x2140), "rd_start=0x83fe0000 rd_size=1000 quiet");
    EXPECT_EQ(m->bus.read8(0x3fe0000 + 999), u8(999 * 7));
    EXPECT_EQ(m->bus.read8(0x3fe0000 + 1), 7u);
}

TEST_F(MaltaBoardTest, BiosWordsAreSwappedOnLittleEndian) {
    MachineConfig c;
    std::vector<u8> bios(0x20);
    for (size_t i = 0; i < bios.size(); i++) bios[i] = u8(i);
    bios.push_back(0xee);  // a trailing partial word stays as it is
    c.bios = write_file("bios", bios);
    std::string err;
    auto m = create(c, &err);
    ASSERT_TRUE(m) << err;
    EXPECT_EQ(m->bus.read32(0x1e000000), 0x00010203u);
    EXPECT_EQ(m->bus.read32(0x1fc00004), 0x04050607u);
    EXPECT_EQ(m->bus.read32(0x1e000010), 0x10111213u);  // the flash keeps the image
    EXPECT_EQ(m->bus.read32(0x1fc00010), 0x00000420u);  // the copy has the revision
    EXPECT_EQ(m->bus.read8(0x1e000020), 0xeeu);
    EXPECT_EQ(m->cpu().pc(), 0xbfc00000u);
    EXPECT_EQ(m->kernel_entry(), 0u);
}

TEST_F(MaltaBoardTest, GtWindowRemapMovesTheIsaPorts) {
    MachineConfig c;
    c.kernel = spin_kernel();
    std::string err;
    auto m = create(c, &err);
    ASSERT_TRUE(m) << err;
    // Power-on decode: I/O window 0x10000000 (32 MB), registers at 0x14000000.
    EXPECT_EQ(m->bus.read8(0x100003fd), 0x60u);
    // Move the I/O window to 0x16000000, 32 MB (GT_PCI0IOHD = 0x3f, GT_PCI0IOLD = 0xb0;
    // little-endian CPU interface: no swap).
    m->bus.write32(0x14000050, 0x3f);
    m->bus.write32(0x14000048, 0xb0);
    EXPECT_EQ(m->gt64120().pci0_io().base, 0x16000000u);
    EXPECT_EQ(m->gt64120().pci0_io().size, 0x2000000u);
    EXPECT_EQ(m->bus.read8(0x160003fd), 0x60u);
    EXPECT_EQ(m->bus.read8(0x100003fd), 0u);  // unmapped now
    // A window over RAM is refused rather than hiding memory.
    m->bus.write32(0x0, 0x12345678);
    m->bus.write32(0x14000048, 0x00);
    m->bus.write32(0x14000050, 0x00);
    EXPECT_EQ(m->bus.read32(0x0), 0x12345678u);
}

// A guest may rewrite the decode registers forever: the bus must not grow, and
// RAM and the windows must decode the same after 25000 remaps as after one
// (each remap took four u16 region slots: the index wrapped after 16384 writes and read
// past RAM).
TEST_F(MaltaBoardTest, EndlessGtRemapsNeitherLeakNorMisdecode) {
    MachineConfig c;
    c.kernel = spin_kernel();
    std::string err;
    auto m = create(c, &err);
    ASSERT_TRUE(m) << err;
    m->bus.write32(0x100, 0xcafef00d);
    m->bus.write32(0x14000050, 0x3f);  // GT_PCI0IOHD: 32 MB
    size_t regions = 0;  // in the 0x16000000 decode (others hide more or fewer regions)
    for (int i = 0; i < 25000; i++) {
        // GT_PCI0IOLD: the I/O window at 0x10000000 (128 MB, over Mem0), then 0x16000000, ...
        m->bus.write32(0x14000048, (i & 1) ? 0xb0 : 0x80);
        if (i == 1) regions = m->bus.live_regions();
    }
    EXPECT_EQ(m->bus.live_regions(), regions);
    EXPECT_EQ(m->gt64120().pci0_io().base, 0x16000000u);
    EXPECT_EQ(m->bus.read8(0x160003fd), 0x60u);  // the UART's LSR through the I/O window
    EXPECT_EQ(m->bus.read8(0x100003fd), 0u);
    EXPECT_EQ(m->bus.read32(0x100), 0xcafef00du);
}

TEST_F(MaltaBoardTest, InterruptWiring) {
    MachineConfig c;
    c.kernel = spin_kernel();
    auto disk = std::make_shared<MemoryBlockDevice>(u64(2048));
    c.hda = "mem";
    c.hda_disk = disk;
    std::string err;
    auto m = create(c, &err);
    ASSERT_TRUE(m) << err;
    m->run(200);  // the stub: I/O ports at 0x18000000
    auto cause = [&] {
        u32 v = 0;
        m->cpu().read_cp0(13, 0, &v);
        return v & 0xff00;
    };
    const u32 io = 0xb8000000 & 0x1fffffff;
    EXPECT_EQ(cause(), 0u);
    // i8259 pair as Linux programs it, everything unmasked.
    for (auto [port, v] : std::vector<std::pair<u32, u8>>{{0x20, 0x11},
                                                          {0x21, 0x00},
                                                          {0x21, 0x04},
                                                          {0x21, 0x01},
                                                          {0xa0, 0x11},
                                                          {0xa1, 0x08},
                                                          {0xa1, 0x02},
                                                          {0xa1, 0x01}}) {
        m->bus.write8(io + port, v);
    }
    // IDENTIFY on the primary master: IRQ14 -> slave -> master IR2 -> CPU IP2.
    m->bus.write8(io + 0x1f6, 0xa0);
    m->bus.write8(io + 0x1f7, 0xec);
    EXPECT_EQ(cause(), 0x0400u);
    EXPECT_EQ(m->bus.read32(0x1be00c34) & 0xff, 0x08u + 6);  // IACK: vector 0x08 + 6
    EXPECT_EQ(m->bus.read8(io + 0x1f7) & 0x08, 0x08);        // DRQ: the disk answered
    m->bus.write8(io + 0xa0, 0x20);                          // EOI slave
    m->bus.write8(io + 0x20, 0x20);                          // EOI master
    EXPECT_EQ(cause(), 0u);
    // ttyS0 THR-empty interrupt: IRQ4 -> IP2.
    m->bus.write8(io + 0x3f9, 0x02);
    EXPECT_EQ(cause(), 0x0400u);
    EXPECT_EQ(m->bus.read32(0x1be00c34) & 0xff, 0x04u);
    m->bus.read8(io + 0x3fa);  // IIR read clears THRE
    m->bus.write8(io + 0x20, 0x20);
    EXPECT_EQ(cause(), 0u);
    // The CBUS UART (regshift 3 at 0x1f000900) goes straight to IP4.
    m->bus.write8(0x1f000908, 0x02);
    EXPECT_EQ(cause(), 0x1000u);
}

// The i8042 at ports 0x60/0x64: keyboard bytes on ISA IRQ 1, mouse bytes on IRQ 12, host
// keys and pointer through the machine's InputRouter.
TEST_F(MaltaBoardTest, I8042OnIsaIrqs1And12) {
    MachineConfig c;
    c.kernel = spin_kernel();
    std::string err;
    auto m = create(c, &err);
    ASSERT_TRUE(m) << err;
    m->run(200);  // the stub: I/O ports at 0x18000000
    auto cause = [&] {
        u32 v = 0;
        m->cpu().read_cp0(13, 0, &v);
        return v & 0xff00;
    };
    const u32 io = 0x18000000;
    for (auto [port, v] : std::vector<std::pair<u32, u8>>{{0x20, 0x11},
                                                          {0x21, 0x00},
                                                          {0x21, 0x04},
                                                          {0x21, 0x01},
                                                          {0xa0, 0x11},
                                                          {0xa1, 0x08},
                                                          {0xa1, 0x02},
                                                          {0xa1, 0x01}}) {
        m->bus.write8(io + port, v);
    }
    auto iack = [&] { return m->bus.read32(0x1be00c34) & 0xff; };
    EXPECT_EQ(m->bus.read8(io + 0x64), 0x18);
    m->bus.write8(io + 0x64, 0xaa);  // self test
    EXPECT_EQ(cause(), 0x0400u);
    EXPECT_EQ(iack(), 0x01u);
    EXPECT_EQ(m->bus.read8(io + 0x64) & 0x21, 0x01);  // OBF, not from the mouse
    EXPECT_EQ(m->bus.read8(io + 0x60), 0x55);
    m->bus.write8(io + 0x20, 0x20);
    EXPECT_EQ(cause(), 0u);
    m->input.key(30, true);  // KEY_A: set 2, untranslated at reset
    EXPECT_EQ(cause(), 0x0400u);
    EXPECT_EQ(iack(), 0x01u);
    EXPECT_EQ(m->bus.read8(io + 0x60), 0x1c);
    m->bus.write8(io + 0x20, 0x20);
    // Enable the mouse through 0xD4: its ACK comes on IRQ 12, and so does a packet.
    m->bus.write8(io + 0x64, 0xd4);
    m->bus.write8(io + 0x60, 0xf4);
    EXPECT_EQ(cause(), 0x0400u);
    EXPECT_EQ(iack(), 0x0cu);  // slave base 0x08 + 4
    EXPECT_EQ(m->bus.read8(io + 0x64) & 0x21, 0x21);
    EXPECT_EQ(m->bus.read8(io + 0x60), 0xfa);
    m->bus.write8(io + 0xa0, 0x20);
    m->bus.write8(io + 0x20, 0x20);
    EXPECT_EQ(cause(), 0u);
    m->input.pointer_rel(3, 0, 0, 0);
    EXPECT_EQ(cause(), 0x0400u);
    EXPECT_EQ(m->bus.read8(io + 0x60), 0x08);
    EXPECT_EQ(m->bus.read8(io + 0x60), 0x03);
    EXPECT_EQ(m->bus.read8(io + 0x60), 0x00);
}

TEST_F(MaltaBoardTest, ResetRequestsReloadTheImages) {
    MachineConfig c;
    c.kernel = spin_kernel();
    std::string err;
    auto m = create(c, &err);
    ASSERT_TRUE(m) << err;
    m->run(200);
    m->bus.write32(0x100000, 0xdeadbeef);
    m->bus.write32(0x1f000500, 0x42);  // FPGA SOFTRES
    m->run(1);                         // the reset happens at the end of the slice
    EXPECT_EQ(m->bus.read32(0x100000), 0x1000ffffu);
    EXPECT_EQ(m->gt64120().isd_base(), 0x14000000u);
    m->run(200);
    m->bus.write32(0x100000, 0xdeadbeef);
    m->bus.write8(0x18000cf9, 0x06);  // PIIX4 reset control: hard reset
    m->run(1);
    EXPECT_EQ(m->bus.read32(0x100000), 0x1000ffffu);
    EXPECT_EQ(m->cpu().pc(), 0xbfc00000u);
}

TEST_F(MaltaBoardTest, OneLineErrors) {
    MachineConfig c;
    std::string err;
    EXPECT_FALSE(create(c, &err));
    EXPECT_EQ(err, "malta: nothing to boot (give -kernel or -bios)");
    c.kernel = spin_kernel();
    c.ram_mb = 512;
    EXPECT_FALSE(create(c, &err));
    EXPECT_EQ(err, "malta: memory size must be between 1 MB and 256 MB (-m 512)");
    c.ram_mb = 128;
    c.hda = "disk.img";
    EXPECT_FALSE(create(c, &err));
    EXPECT_EQ(err, "-hda disk.img: no disk backend was opened");
    c.hda.clear();
    c.kernel = write_file("notelf", {1, 2, 3, 4});
    EXPECT_FALSE(create(c, &err));
    EXPECT_EQ(err, c.kernel + ": not an ELF file (malta -kernel needs an ELF vmlinux)");
    c.kernel = testing::TempDir() + "/bw_malta_missing";
    EXPECT_FALSE(create(c, &err));
    EXPECT_EQ(err, c.kernel + ": No such file or directory");
}

}  // namespace
}  // namespace bw
