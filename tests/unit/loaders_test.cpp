#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "boards/loaders/arm_boot.h"
#include "boards/loaders/fdt.h"
#include "boards/loaders/image_file.h"
#include "core/common/crc32.h"
#include "core/mem/bus.h"

namespace bw {
namespace {

constexpr u32 kBoardId = 0x183;

class ArmBootTest : public testing::Test {
  protected:
    void TearDown() override {
        for (const std::string& p : files_) std::remove(p.c_str());
    }
    std::string write_file(const std::string& name, const std::vector<u8>& bytes) {
        std::string path = testing::TempDir() + "/bw_loaders_" + name;
        FILE* f = std::fopen(path.c_str(), "wb");
        EXPECT_TRUE(f);
        if (!bytes.empty()) std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
        files_.push_back(path);
        return path;
    }
    static std::vector<u8> pattern(size_t n, u8 seed) {
        std::vector<u8> v(n);
        for (size_t i = 0; i < n; ++i) v[i] = u8(seed + i * 13);
        return v;
    }
    // A zImage-like file: the magic word at 0x24, then its start (0: position
    // independent) and end, |header_size| bytes (the file's size by default).
    static std::vector<u8> zimage(size_t n, size_t header_size = 0) {
        std::vector<u8> v = pattern(n, 1);
        auto put = [&](size_t at, u32 x) {
            for (int i = 0; i < 4; ++i) v[at + i] = u8(x >> (8 * i));
        };
        put(0x24, kZImageMagic);
        put(0x28, 0);
        put(0x2c, u32(header_size ? header_size : n));
        return v;
    }
    ArmBootInfo info(u64 ram_mb = 128) {
        ArmBootInfo i;
        i.ram_base = 0;
        i.ram_size = ram_mb << 20;
        i.board_id = kBoardId;
        return i;
    }
    static const MemoryBlob* blob_at(const ArmBootResult& r, u32 addr) {
        for (const auto& b : r.blobs)
            if (b.addr == addr) return &b;
        return nullptr;
    }
    static std::vector<u32> words_of(const MemoryBlob& b) {
        std::vector<u32> w(b.bytes.size() / 4);
        for (size_t i = 0; i < w.size(); ++i) {
            w[i] = u32(b.bytes[4 * i]) | u32(b.bytes[4 * i + 1]) << 8 |
                   u32(b.bytes[4 * i + 2]) << 16 | u32(b.bytes[4 * i + 3]) << 24;
        }
        return w;
    }
    std::vector<std::string> files_;
};

TEST_F(ArmBootTest, ZImageWithAtagsInitrdAndCmdline) {
    MachineConfig c;
    c.kernel = write_file("zImage", zimage(5000));
    c.initrd = write_file("initrd", pattern(1000, 7));
    c.append = "console=ttyAMA0";
    ArmBootResult r;
    std::string err;
    ASSERT_TRUE(arm_boot_prepare(c, info(), &r, &err)) << err;
    EXPECT_EQ(r.kind, ArmKernelKind::ZImage);
    EXPECT_TRUE(r.is_linux);
    EXPECT_EQ(r.kernel_entry, 0x10000u);
    EXPECT_EQ(r.pc, 0u);
    EXPECT_FALSE(r.thumb);
    EXPECT_TRUE(r.set_registers);
    EXPECT_EQ(r.r0, 0u);
    EXPECT_EQ(r.r1, kBoardId);
    EXPECT_EQ(r.r2, 0x100u);
    EXPECT_EQ(r.initrd_start, 0x04000000u);  // half of 128 MiB
    EXPECT_EQ(r.initrd_size, 1000u);
    EXPECT_EQ(r.atags_addr, 0x100u);
    EXPECT_EQ(r.dtb_start, 0u);

    const MemoryBlob* k = blob_at(r, 0x10000);
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(k->bytes, zimage(5000));
    const MemoryBlob* rd = blob_at(r, 0x04000000);
    ASSERT_NE(rd, nullptr);
    EXPECT_EQ(rd->bytes, pattern(1000, 7));

    const MemoryBlob* stub = blob_at(r, 0);
    ASSERT_NE(stub, nullptr);
    EXPECT_EQ(words_of(*stub), (std::vector<u32>{0xE3A00000, 0xE59F1004, 0xE59F2004, 0xE59FF004,
                                                 kBoardId, 0x100, 0x10000}));
    const MemoryBlob* atags = blob_at(r, 0x100);
    ASSERT_NE(atags, nullptr);
    // "console=ttyAMA0" is 15 bytes: 4 words with its NUL.
    EXPECT_EQ(words_of(*atags),
              (std::vector<u32>{5,          0x54410001, 1,          0x1000,     0,  // CORE
                                4,          0x54410002, 0x08000000, 0,              // MEM
                                4,          0x54420005, 0x04000000, 1000,           // INITRD2
                                6,          0x54410009, 0x736E6F63, 0x3D656C6F, 0x41797474,
                                0x0030414D, 0,          0}));  // CMDLINE, NONE
}

TEST_F(ArmBootTest, DtbGoesAfterTheInitrdPageAligned) {
    Fdt fdt;
    fdt.set_u32("/", "#address-cells", 1);
    fdt.set_u32("/", "#size-cells", 1);
    fdt.set_string("/", "model", "ARM Versatile PB");
    MachineConfig c;
    c.kernel = write_file("zImage2", zimage(3000));
    c.initrd = write_file("initrd2", pattern(1000, 9));
    c.dtb = write_file("v.dtb", fdt.serialize());
    c.append = "console=ttyAMA0";
    ArmBootResult r;
    std::string err;
    ASSERT_TRUE(arm_boot_prepare(c, info(), &r, &err)) << err;
    EXPECT_EQ(r.dtb_start, 0x04001000u);
    EXPECT_EQ(r.r1, kBoardId);  // QEMU passes the board id with a DTB too
    EXPECT_EQ(r.r2, 0x04001000u);
    EXPECT_EQ(r.atags_addr, 0u);
    EXPECT_EQ(blob_at(r, 0x100), nullptr);  // no ATAGs
    EXPECT_EQ(words_of(*blob_at(r, 0))[5], 0x04001000u);

    const MemoryBlob* d = blob_at(r, 0x04001000);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(r.dtb_size, d->bytes.size());
    Fdt loaded;
    ASSERT_TRUE(Fdt::parse(d->bytes, "dtb", &loaded, &err)) << err;
    EXPECT_EQ(loaded.get_u32("/chosen", "linux,initrd-start", 0), 0x04000000u);
    EXPECT_EQ(loaded.get_u32("/chosen", "linux,initrd-end", 0), 0x040003E8u);
    const auto* reg = loaded.get("/memory@0", "reg");
    ASSERT_NE(reg, nullptr);
    EXPECT_EQ(reg->value, (std::vector<u8>{0, 0, 0, 0, 0x08, 0, 0, 0}));
    const auto* args = loaded.get("/chosen", "bootargs");
    ASSERT_NE(args, nullptr);
    EXPECT_EQ(std::string(args->value.begin(), args->value.end()),
              std::string("console=ttyAMA0\0", 16));
}

std::vector<u8> make_uimage(const std::vector<u8>& payload, u8 os, u8 type, u32 load) {
    std::vector<u8> v(64, 0);
    auto put = [&](size_t at, u32 x) {
        for (int i = 0; i < 4; ++i) v[at + i] = u8(x >> (24 - 8 * i));
    };
    put(0, 0x27051956);
    put(12, u32(payload.size()));
    put(16, load);
    put(20, load);
    put(24, crc32(payload.data(), payload.size()));
    v[28] = os;
    v[29] = 2;
    v[30] = type;
    put(4, crc32(v.data(), 64));
    v.insert(v.end(), payload.begin(), payload.end());
    return v;
}

TEST_F(ArmBootTest, LinuxUImageAtItsLoadAddress) {
    MachineConfig c;
    c.kernel = write_file("uImage", make_uimage(pattern(4000, 3), 5, 2, 0x8000));
    ArmBootResult r;
    std::string err;
    ASSERT_TRUE(arm_boot_prepare(c, info(), &r, &err)) << err;
    EXPECT_EQ(r.kind, ArmKernelKind::UImage);
    EXPECT_TRUE(r.is_linux);
    EXPECT_EQ(r.kernel_entry, 0x8000u);
    EXPECT_EQ(r.kernel_low, 0x8000u);
    EXPECT_EQ(r.kernel_high, 0x8000u + 4000);
    ASSERT_NE(blob_at(r, 0x8000), nullptr);
    EXPECT_EQ(blob_at(r, 0x8000)->bytes, pattern(4000, 3));
    EXPECT_EQ(words_of(*blob_at(r, 0))[6], 0x8000u);
    EXPECT_EQ(r.pc, 0u);
}

TEST_F(ArmBootTest, UImageRamdiskIsUnwrapped) {
    MachineConfig c;
    c.kernel = write_file("zImage3", zimage(100));
    c.initrd = write_file("rd.uimg", make_uimage(pattern(500, 5), 5, 3, 0));
    ArmBootResult r;
    std::string err;
    ASSERT_TRUE(arm_boot_prepare(c, info(), &r, &err)) << err;
    EXPECT_EQ(r.initrd_size, 500u);
    EXPECT_EQ(blob_at(r, 0x04000000)->bytes, pattern(500, 5));
}

TEST_F(ArmBootTest, InitrdMovesAboveALargeKernel) {
    // 4 MiB of RAM: the initrd would go at 2 MiB, but the kernel ends past it.
    MachineConfig c;
    c.kernel = write_file("big", pattern(0x200000 + 123, 1));
    c.initrd = write_file("rd", pattern(16, 1));
    ArmBootResult r;
    std::string err;
    ASSERT_TRUE(arm_boot_prepare(c, info(4), &r, &err)) << err;
    EXPECT_EQ(r.kind, ArmKernelKind::Raw);
    EXPECT_EQ(r.initrd_start, 0x00211000u);  // page above 0x10000 + 0x20007b
}

// A one-segment ARM ELF at 0x10000 (like U-Boot), entry |entry|.
std::vector<u8> tiny_elf(u32 entry) {
    std::vector<u8> v(0x100 + 16, 0);
    auto put = [&](size_t at, u32 x, int n) {
        for (int i = 0; i < n; ++i) v[at + i] = u8(x >> (8 * i));
    };
    v[0] = 0x7F, v[1] = 'E', v[2] = 'L', v[3] = 'F', v[4] = 1, v[5] = 1, v[6] = 1;
    put(16, 2, 2);
    put(18, 40, 2);
    put(24, entry, 4);
    put(28, 52, 4);
    put(42, 32, 2);
    put(44, 1, 2);
    put(52, 1, 4);        // PT_LOAD
    put(56, 0x100, 4);    // offset
    put(60, 0x10000, 4);  // vaddr
    put(64, 0x10000, 4);  // paddr
    put(68, 16, 4);       // filesz
    put(72, 0x20, 4);     // memsz
    put(76, 5, 4);        // R+X
    for (int i = 0; i < 16; ++i) v[0x100 + i] = u8(0xA0 + i);
    return v;
}

TEST_F(ArmBootTest, ElfIsStartedBareWithoutInitrdOrAtags) {
    Fdt fdt;
    fdt.set_u32("/", "#address-cells", 1);
    fdt.set_u32("/", "#size-cells", 1);
    MachineConfig c;
    c.kernel = write_file("u-boot", tiny_elf(0x10001));  // Thumb entry
    c.initrd = write_file("ignored-rd", pattern(16, 1));
    c.dtb = write_file("e.dtb", fdt.serialize());
    ArmBootResult r;
    std::string err;
    ASSERT_TRUE(arm_boot_prepare(c, info(), &r, &err)) << err;
    EXPECT_EQ(r.kind, ArmKernelKind::Elf);
    EXPECT_FALSE(r.is_linux);
    EXPECT_FALSE(r.set_registers);
    EXPECT_EQ(r.pc, 0x10000u);
    EXPECT_TRUE(r.thumb);
    EXPECT_EQ(r.initrd_size, 0u);
    EXPECT_EQ(r.atags_addr, 0u);
    EXPECT_EQ(r.dtb_start, 0u);  // QEMU: at the RAM base, below the image
    ASSERT_EQ(r.blobs.size(), 2u);
    EXPECT_EQ(r.blobs[0].addr, 0x10000u);
    EXPECT_EQ(r.blobs[0].bytes.size(), 0x20u);
    EXPECT_EQ(r.blobs[0].bytes[0], 0xA0);
    EXPECT_EQ(r.blobs[0].bytes[0x1F], 0x00);
}

TEST_F(ArmBootTest, BiosAtResetVector) {
    MachineConfig c;
    c.bios = write_file("bios.bin", pattern(300, 2));
    ArmBootResult r;
    std::string err;
    ASSERT_TRUE(arm_boot_prepare(c, info(), &r, &err)) << err;
    EXPECT_EQ(r.pc, 0u);
    ASSERT_EQ(r.blobs.size(), 1u);
    EXPECT_EQ(r.blobs[0].addr, 0u);
    EXPECT_EQ(r.blobs[0].bytes, pattern(300, 2));

    c.kernel = c.bios;
    EXPECT_FALSE(arm_boot_prepare(c, info(), &r, &err));
    EXPECT_EQ(err, "-bios and -kernel cannot be used together on this machine");
}

TEST_F(ArmBootTest, FileErrorsNameTheFile) {
    MachineConfig c;
    ArmBootResult r;
    std::string err;
    c.kernel = testing::TempDir() + "/bw_no_such_kernel";
    EXPECT_FALSE(arm_boot_prepare(c, info(), &r, &err));
    EXPECT_EQ(err, c.kernel + ": No such file or directory");

    c.kernel = write_file("empty", {});
    EXPECT_FALSE(arm_boot_prepare(c, info(), &r, &err));
    EXPECT_EQ(err, c.kernel + ": file is empty");

    c.kernel = write_file("huge", pattern((1 << 20) - 0x10000 + 1, 0));
    EXPECT_FALSE(arm_boot_prepare(c, info(1), &r, &err));
    EXPECT_EQ(err,
              c.kernel + ": kernel is too large to fit in RAM (983041 bytes, room for 983040)");

    std::vector<u8> bad = make_uimage(pattern(64, 0), 5, 2, 0x8000);
    bad[100] ^= 1;
    c.kernel = write_file("bad.uImage", bad);
    EXPECT_FALSE(arm_boot_prepare(c, info(), &r, &err));
    EXPECT_EQ(err.rfind(c.kernel + ": bad uImage data CRC (", 0), 0u) << err;

    c.kernel = write_file("ok", zimage(100));
    c.initrd = write_file("fat-rd", pattern(0x80001, 0));
    EXPECT_FALSE(arm_boot_prepare(c, info(1), &r, &err));
    EXPECT_EQ(err, c.initrd +
                       ": initrd too big to fit into RAM after the kernel (524289 bytes at "
                       "0x80000, RAM ends at 0x100000)");

    c.initrd.clear();
    c.dtb = write_file("bad.dtb", pattern(64, 0));
    EXPECT_FALSE(arm_boot_prepare(c, info(), &r, &err));
    EXPECT_EQ(err, c.dtb + ": not a device tree blob (bad magic 0xd1a27, expected 0xd00dfeed)");
}

// An image that does not fit where it must go is an error before the guest
// starts (versatilepb used to accept it and never load it).
TEST_F(ArmBootTest, ImagesOutsideRamOrCutShortAreErrors) {
    MachineConfig c;
    ArmBootResult r;
    std::string err;
    std::vector<u8> elf = tiny_elf(0x10000);
    elf[64] = 0x00, elf[65] = 0x00, elf[66] = 0x00, elf[67] = 0x34;  // paddr 0x34000000: flash
    c.kernel = write_file("flash.elf", elf);
    EXPECT_FALSE(arm_boot_prepare(c, info(), &r, &err));
    EXPECT_EQ(err, c.kernel + " segment 0: 0x34000000..0x3400001f is outside RAM (0x0..0x7ffffff)");

    c.kernel = write_file("high.uImage", make_uimage(pattern(64, 0), 5, 2, 0x08000000));
    EXPECT_FALSE(arm_boot_prepare(c, info(), &r, &err));
    EXPECT_EQ(err, c.kernel + ": 0x8000000..0x800003f is outside RAM (0x0..0x7ffffff)");

    c.kernel = write_file("cut.zImage", zimage(4000, 5000));
    EXPECT_FALSE(arm_boot_prepare(c, info(), &r, &err));
    EXPECT_EQ(err, c.kernel + ": truncated zImage (header says 5000 bytes, file has 4000)");

    c.kernel = write_file("dtb-appended.zImage", zimage(5000, 4000));  // longer is fine
    EXPECT_TRUE(arm_boot_prepare(c, info(), &r, &err)) << err;

    std::vector<u8> cut = make_uimage(pattern(4000, 3), 5, 2, 0x8000);
    cut.resize(cut.size() - 1);
    c.kernel = write_file("cut.uImage", cut);
    EXPECT_FALSE(arm_boot_prepare(c, info(), &r, &err));
    EXPECT_EQ(err, c.kernel + ": uImage data truncated (header says 4000 bytes, file has 3999)");

    c.kernel.clear();
    c.bios = write_file("bios", pattern(64, 0));
    ArmBootInfo high = info(1);
    high.bios_addr = 0x00100000;  // just past 1 MB of RAM
    EXPECT_FALSE(arm_boot_prepare(c, high, &r, &err));
    EXPECT_EQ(err, c.bios + ": 0x100000..0x10003f is outside RAM (0x0..0xfffff)");
}

TEST_F(ArmBootTest, LoadBlobsWritesRamAndRejectsOtherAddresses) {
    MachineConfig c;
    c.kernel = write_file("zImage4", zimage(64));
    c.append = "x";
    ArmBootResult r;
    std::string err;
    ASSERT_TRUE(arm_boot_prepare(c, info(8), &r, &err)) << err;
    std::vector<u8> ram(8 << 20, 0xEE);
    Bus bus;
    bus.map_ram(0, u32(ram.size()), ram.data());
    ASSERT_TRUE(load_blobs(bus, r.blobs, &err)) << err;
    EXPECT_EQ(bus.read32(0), 0xE3A00000u);
    EXPECT_EQ(bus.read32(0x10), kBoardId);
    EXPECT_EQ(bus.read32(0x104), 0x54410001u);
    EXPECT_EQ(bus.read32(0x10024), kZImageMagic);
    EXPECT_EQ(bus.read32(0x10040), 0xEEEEEEEEu);  // untouched after the kernel

    std::vector<MemoryBlob> outside = {{"flash", 0x34000000, {1, 2, 3}}};
    EXPECT_FALSE(load_blobs(bus, outside, &err));
    EXPECT_EQ(err, "flash: 0x34000000..0x34000002 is not in RAM");
}

}  // namespace
}  // namespace bw
