#include "boards/loaders/elf.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bw {
namespace {

struct Seg {
    u32 type, offset, vaddr, paddr, filesz, memsz, flags;
};

void put(std::vector<u8>& v, size_t at, u32 x, int bytes, bool big) {
    for (int i = 0; i < bytes; ++i) {
        int shift = big ? 8 * (bytes - 1 - i) : 8 * i;
        v[at + i] = u8(x >> shift);
    }
}

// An ELF32 executable: header, program headers at 52, file data after them.
std::vector<u8> make_elf(const std::vector<Seg>& segs, u32 entry, size_t file_size,
                         u16 machine = 40, bool big = false) {
    std::vector<u8> v(file_size, 0);
    v[0] = 0x7F;
    v[1] = 'E';
    v[2] = 'L';
    v[3] = 'F';
    v[4] = 1;  // ELFCLASS32
    v[5] = big ? 2 : 1;
    v[6] = 1;
    put(v, 16, 2, 2, big);  // ET_EXEC
    put(v, 18, machine, 2, big);
    put(v, 20, 1, 4, big);
    put(v, 24, entry, 4, big);
    put(v, 28, 52, 4, big);  // e_phoff
    put(v, 40, 52, 2, big);  // e_ehsize
    put(v, 42, 32, 2, big);  // e_phentsize
    put(v, 44, u32(segs.size()), 2, big);
    for (size_t i = 0; i < segs.size(); ++i) {
        size_t o = 52 + 32 * i;
        const Seg& s = segs[i];
        for (u32 k = 0; k < 7; ++k) {
            u32 f[] = {s.type, s.offset, s.vaddr, s.paddr, s.filesz, s.memsz, s.flags};
            put(v, o + 4 * k, f[k], 4, big);
        }
        put(v, o + 28, 4, 4, big);  // p_align
    }
    // Recognisable file bytes: offset pattern.
    for (size_t i = 52 + 32 * segs.size(); i < file_size; ++i) v[i] = u8(i);
    return v;
}

TEST(ElfTest, LoadsSegmentsAtPhysicalAddressesWithZeroedBss) {
    // Text: file 0x100..0x17f at 0x10000; data: 0x180..0x1bf, memsz 0x80 at 0x20000.
    auto file = make_elf(
        {{1, 0x100, 0x10000, 0x10000, 0x80, 0x80, 5}, {1, 0x180, 0x20000, 0x20000, 0x40, 0x80, 6}},
        0x10004, 0x1C0);
    ElfImage img;
    std::string err;
    ASSERT_TRUE(elf_parse(file, "u-boot", ElfOptions{}, &img, &err)) << err;
    EXPECT_EQ(img.entry, 0x10004u);
    EXPECT_EQ(img.low, 0x10000u);
    EXPECT_EQ(img.high, 0x20080u);
    ASSERT_EQ(img.segments.size(), 2u);
    EXPECT_EQ(img.segments[0].addr, 0x10000u);
    EXPECT_EQ(img.segments[0].label, "u-boot segment 0");
    ASSERT_EQ(img.segments[0].bytes.size(), 0x80u);
    EXPECT_EQ(img.segments[0].bytes[0], 0x00);  // file offset 0x100
    EXPECT_EQ(img.segments[0].bytes[0x7F], 0x7F);
    ASSERT_EQ(img.segments[1].bytes.size(), 0x80u);
    EXPECT_EQ(img.segments[1].bytes[0], 0x80);  // file offset 0x180
    EXPECT_EQ(img.segments[1].bytes[0x3F], 0xBF);
    EXPECT_EQ(img.segments[1].bytes[0x40], 0x00);  // bss
    EXPECT_EQ(img.segments[1].bytes[0x7F], 0x00);
}

TEST(ElfTest, EntryFollowsPaddrWhenVaddrDiffers) {
    // Linked at 0xC0008000, loaded at 0x8000 (a vmlinux-style image).
    auto file = make_elf({{1, 0x100, 0xC0008000, 0x8000, 0x40, 0x40, 5}}, 0xC0008010, 0x140);
    ElfImage img;
    std::string err;
    ASSERT_TRUE(elf_parse(file, "vmlinux", ElfOptions{}, &img, &err)) << err;
    EXPECT_EQ(img.entry, 0x8010u);
    EXPECT_EQ(img.segments[0].addr, 0x8000u);
}

TEST(ElfTest, BssOverlappingAnotherSegmentIsNotLoaded) {
    // Segment 0's memsz reaches into segment 1: load only its file bytes (QEMU).
    auto file = make_elf(
        {{1, 0x100, 0x1000, 0x1000, 0x20, 0x2000, 6}, {1, 0x120, 0x2000, 0x2000, 0x20, 0x20, 5}},
        0x2000, 0x140);
    ElfImage img;
    std::string err;
    ASSERT_TRUE(elf_parse(file, "rom", ElfOptions{}, &img, &err)) << err;
    EXPECT_EQ(img.segments[0].bytes.size(), 0x20u);
}

TEST(ElfTest, TranslateAndBigEndian) {
    auto file =
        make_elf({{1, 0x100, 0x80100000, 0x80100000, 0x10, 0x10, 5}}, 0x80100000, 0x110, 8, true);
    ElfImage img;
    std::string err;
    ElfOptions opt;
    opt.machine = kElfMachineMips;
    opt.endian = Endian::Big;
    opt.translate = [](u32 a) { return a & 0x1FFFFFFF; };
    ASSERT_TRUE(elf_parse(file, "vmlinux", opt, &img, &err)) << err;
    EXPECT_EQ(img.segments[0].addr, 0x00100000u);
    EXPECT_EQ(img.entry, 0x80100000u);  // the caller translates the entry
}

TEST(ElfTest, SegmentPastEndOfFile) {
    auto file = make_elf(
        {{1, 0x100, 0, 0, 0x80, 0x80, 5}, {1, 0x1234, 0, 0x1000, 0x5000, 0x5000, 5}}, 0, 0x3000);
    ElfImage img;
    std::string err;
    EXPECT_FALSE(elf_parse(file, "u-boot", ElfOptions{}, &img, &err));
    EXPECT_EQ(err, "u-boot: segment 1 extends past end of file (offset 0x1234 + 0x5000 > 0x3000)");
}

// p_memsz comes from the file: a 4 GB bss must be refused before anything is
// allocated, and so must segments that together outgrow the machine's RAM.
TEST(ElfTest, MemorySizeIsCappedBeforeAllocation) {
    auto huge = make_elf({{1, 0x100, 0, 0, 0x10, 0xfffffff0, 5}}, 0, 0x200);
    ElfImage img;
    std::string err;
    EXPECT_FALSE(elf_parse(huge, "k", ElfOptions{}, &img, &err));
    EXPECT_EQ(err,
              "k: segment 0 brings the memory the segments need to 0xfffffff0 bytes, more "
              "than the machine's 0x10000000");
    auto two = make_elf(
        {{1, 0x100, 0, 0, 0x10, 0x3000, 5}, {1, 0x100, 0, 0x10000, 0x10, 0x2000, 5}}, 0, 0x200);
    ElfOptions small;
    small.max_memory = 0x4000;
    EXPECT_FALSE(elf_parse(two, "k", small, &img, &err));
    EXPECT_EQ(err,
              "k: segment 1 brings the memory the segments need to 0x5000 bytes, more than "
              "the machine's 0x4000");
    small.max_memory = 0x5000;
    EXPECT_TRUE(elf_parse(two, "k", small, &img, &err)) << err;
}

TEST(ElfTest, HeaderErrors) {
    ElfImage img;
    std::string err;
    auto good = make_elf({{1, 0x100, 0, 0, 0x10, 0x10, 5}}, 0, 0x110);

    std::vector<u8> bad = good;
    bad[1] = 'X';
    EXPECT_FALSE(elf_parse(bad, "k", ElfOptions{}, &img, &err));
    EXPECT_EQ(err, "k: not an ELF file (bad magic)");

    bad.assign(good.begin(), good.begin() + 30);
    EXPECT_FALSE(elf_parse(bad, "k", ElfOptions{}, &img, &err));
    EXPECT_EQ(err, "k: truncated ELF header (30 bytes, need 52)");

    bad = good;
    bad[4] = 2;
    EXPECT_FALSE(elf_parse(bad, "k", ElfOptions{}, &img, &err));
    EXPECT_EQ(err, "k: 64-bit ELF is not supported here");

    EXPECT_FALSE(elf_parse(make_elf({{1, 0x100, 0, 0, 0x10, 0x10, 5}}, 0, 0x110, 62), "k",
                           ElfOptions{}, &img, &err));
    EXPECT_EQ(err, "k: ELF machine 62 (x86-64), expected 40 (ARM)");

    EXPECT_FALSE(elf_parse(make_elf({{1, 0x100, 0, 0, 0x10, 0x10, 5}}, 0, 0x110, 40, true), "k",
                           ElfOptions{}, &img, &err));
    EXPECT_EQ(err, "k: big-endian ELF, expected little-endian");

    // Program headers cut off by the end of the file.
    bad.assign(good.begin(), good.begin() + 70);
    EXPECT_FALSE(elf_parse(bad, "k", ElfOptions{}, &img, &err));
    EXPECT_EQ(err, "k: program headers extend past end of file (offset 0x34 + 0x20 > 0x46)");

    // Only a PT_NOTE.
    EXPECT_FALSE(elf_parse(make_elf({{4, 0x100, 0, 0, 0x10, 0x10, 0}}, 0, 0x110), "k", ElfOptions{},
                           &img, &err));
    EXPECT_EQ(err, "k: no loadable segments");

    EXPECT_FALSE(elf_parse(make_elf({{1, 0x100, 0, 0, 0x20, 0x10, 5}}, 0, 0x120), "k", ElfOptions{},
                           &img, &err));
    EXPECT_EQ(err, "k: segment 0 has file size 0x20 larger than memory size 0x10");
}

}  // namespace
}  // namespace bw
