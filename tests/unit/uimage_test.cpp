#include "boards/loaders/uimage.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "boards/loaders/image_file.h"
#include "core/common/crc32.h"

namespace bw {
namespace {

void put_be32(std::vector<u8>& v, size_t at, u32 x) {
    v[at] = u8(x >> 24);
    v[at + 1] = u8(x >> 16);
    v[at + 2] = u8(x >> 8);
    v[at + 3] = u8(x);
}

// A uImage as mkimage writes it; CRCs are filled unless told otherwise.
std::vector<u8> make_uimage(const std::vector<u8>& payload, u8 type = IH_TYPE_KERNEL,
                            u8 os = IH_OS_LINUX, u8 comp = IH_COMP_NONE, u32 load = 0x8000,
                            u32 ep = 0x8000) {
    std::vector<u8> v(64, 0);
    put_be32(v, 0, kUImageMagic);
    put_be32(v, 8, 0x5F000000);  // time
    put_be32(v, 12, u32(payload.size()));
    put_be32(v, 16, load);
    put_be32(v, 20, ep);
    put_be32(v, 24, crc32(payload.data(), payload.size()));
    v[28] = os;
    v[29] = IH_ARCH_ARM;
    v[30] = type;
    v[31] = comp;
    std::string name = "Linux-6.1";
    std::copy(name.begin(), name.end(), v.begin() + 32);
    put_be32(v, 4, crc32(v.data(), 64));
    v.insert(v.end(), payload.begin(), payload.end());
    return v;
}

std::vector<u8> payload_bytes(size_t n) {
    std::vector<u8> p(n);
    for (size_t i = 0; i < n; ++i) p[i] = u8(i * 7 + 3);
    return p;
}

TEST(Crc32Test, KnownValues) {
    // The CRC-32 check value from the catalogue of CRC algorithms.
    EXPECT_EQ(crc32("123456789", 9), 0xCBF43926u);
    EXPECT_EQ(crc32("", 0), 0u);
    EXPECT_EQ(crc32("a", 1), 0xE8B7BE43u);
    // Chained computation equals the one-shot one.
    EXPECT_EQ(crc32("6789", 4, crc32("12345", 5)), 0xCBF43926u);
}

TEST(UImageTest, DecodesKernelHeaderAndPayload) {
    std::vector<u8> p = payload_bytes(300);
    std::vector<u8> file = make_uimage(p);
    UImage img;
    std::string err;
    ASSERT_TRUE(uimage_decode(file, "uImage", &img, &err)) << err;
    EXPECT_EQ(img.header.ih_magic, 0x27051956u);
    EXPECT_EQ(img.header.ih_size, 300u);
    EXPECT_EQ(img.header.ih_load, 0x8000u);
    EXPECT_EQ(img.header.ih_ep, 0x8000u);
    EXPECT_EQ(img.header.ih_os, IH_OS_LINUX);
    EXPECT_EQ(img.header.ih_arch, IH_ARCH_ARM);
    EXPECT_EQ(img.header.ih_type, IH_TYPE_KERNEL);
    EXPECT_EQ(img.header.ih_name, "Linux-6.1");
    EXPECT_EQ(img.payload, p);

    UImageKernel k;
    ASSERT_TRUE(uimage_kernel(file, "uImage", 0x02000000, &k, &err)) << err;
    EXPECT_EQ(k.load, 0x8000u);
    EXPECT_EQ(k.entry, 0x8000u);
    EXPECT_TRUE(k.is_linux);
    EXPECT_EQ(k.data, p);
}

TEST(UImageTest, NonLinuxOsIsNotLinux) {
    UImageKernel k;
    std::string err;
    ASSERT_TRUE(uimage_kernel(make_uimage(payload_bytes(16), IH_TYPE_KERNEL, IH_OS_U_BOOT),
                              "u-boot.img", 0x02000000, &k, &err));
    EXPECT_FALSE(k.is_linux);
}

TEST(UImageTest, KernelNoloadIsPlacedAfterHeaderAtNoloadBase) {
    UImageKernel k;
    std::string err;
    ASSERT_TRUE(uimage_kernel(
        make_uimage(payload_bytes(16), IH_TYPE_KERNEL_NOLOAD, IH_OS_LINUX, 0, 0, 0x20), "uImage",
        0x02000000, &k, &err));
    EXPECT_EQ(k.load, 0x02000040u);
    EXPECT_EQ(k.entry, 0x02000060u);
}

TEST(UImageTest, BadMagic) {
    std::vector<u8> file = make_uimage(payload_bytes(16));
    file[0] = 0x12;
    UImage img;
    std::string err;
    EXPECT_FALSE(uimage_decode(file, "k.img", &img, &err));
    EXPECT_EQ(err, "k.img: bad uImage magic 0x12051956 (expected 0x27051956)");
    EXPECT_FALSE(uimage_has_magic(file));
}

TEST(UImageTest, BadHeaderCrc) {
    std::vector<u8> file = make_uimage(payload_bytes(16));
    u32 good = u32(file[4]) << 24 | u32(file[5]) << 16 | u32(file[6]) << 8 | file[7];
    file[16] ^= 1;  // change the load address without fixing the CRC
    UImage img;
    std::string err;
    EXPECT_FALSE(uimage_decode(file, "k.img", &img, &err));
    EXPECT_EQ(err, "k.img: bad uImage header CRC (" + hex32(good) + " in header, computed " +
                       hex32(uimage_header_crc(file)) + ")");
    EXPECT_NE(good, uimage_header_crc(file));
}

TEST(UImageTest, BadDataCrc) {
    std::vector<u8> p = payload_bytes(32);
    std::vector<u8> file = make_uimage(p);
    file[64 + 5] ^= 0x80;
    p[5] ^= 0x80;
    UImage img;
    std::string err;
    EXPECT_FALSE(uimage_decode(file, "k.img", &img, &err));
    EXPECT_EQ(err, "k.img: bad uImage data CRC (" + hex32(crc32(payload_bytes(32).data(), 32)) +
                       " in header, computed " + hex32(crc32(p.data(), 32)) + ")");
}

TEST(UImageTest, TruncatedData) {
    std::vector<u8> file = make_uimage(payload_bytes(100));
    file.resize(64 + 60);
    UImage img;
    std::string err;
    EXPECT_FALSE(uimage_decode(file, "k.img", &img, &err));
    EXPECT_EQ(err, "k.img: uImage data truncated (header says 100 bytes, file has 60)");
}

TEST(UImageTest, TruncatedHeader) {
    std::vector<u8> file = make_uimage(payload_bytes(100));
    file.resize(40);
    UImage img;
    std::string err;
    EXPECT_FALSE(uimage_decode(file, "k.img", &img, &err));
    EXPECT_EQ(err, "k.img: truncated uImage header (40 bytes, need 64)");
}

TEST(UImageTest, UnsupportedCompressionAndType) {
    UImage img;
    UImageKernel k;
    std::string err;
    EXPECT_FALSE(
        uimage_decode(make_uimage(payload_bytes(8), IH_TYPE_KERNEL, IH_OS_LINUX, IH_COMP_LZMA),
                      "k.img", &img, &err));
    EXPECT_EQ(err, "k.img: uImage compression 'lzma' (3) is not supported");
    EXPECT_FALSE(
        uimage_kernel(make_uimage(payload_bytes(8), IH_TYPE_RAMDISK), "rd.img", 0, &k, &err));
    EXPECT_EQ(err, "rd.img: uImage type 3 is not a kernel (expected 2, or 14 for kernel_noload)");
}

// gzip -n of "boardwalk kernel payload\n" x 4 (made with Python's gzip, mtime 0).
const std::vector<u8> kGzipped = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x4b, 0xca, 0x4f, 0x2c, 0x4a, 0x29,
    0x4f, 0xcc, 0xc9, 0x56, 0xc8, 0x4e, 0x2d, 0xca, 0x4b, 0xcd, 0x51, 0x28, 0x48, 0xac, 0xcc, 0xc9,
    0x4f, 0x4c, 0xe1, 0x4a, 0xa2, 0x9e, 0x04, 0x00, 0x91, 0xe4, 0x0c, 0x29, 0x64, 0x00, 0x00, 0x00};

TEST(UImageTest, GzipPayload) {
    std::string expect;
    for (int i = 0; i < 4; ++i) expect += "boardwalk kernel payload\n";
    UImage img;
    std::string err;
    std::vector<u8> file = make_uimage(kGzipped, IH_TYPE_KERNEL, IH_OS_LINUX, IH_COMP_GZIP);
#ifdef BW_HAVE_ZLIB
    ASSERT_TRUE(uimage_decode(file, "k.img", &img, &err)) << err;
    EXPECT_EQ(std::string(img.payload.begin(), img.payload.end()), expect);
    // Cut the deflate stream short (and fix the CRCs): a clear error.
    std::vector<u8> cut(kGzipped.begin(), kGzipped.begin() + 20);
    EXPECT_FALSE(uimage_decode(make_uimage(cut, IH_TYPE_KERNEL, IH_OS_LINUX, IH_COMP_GZIP), "k.img",
                               &img, &err));
    EXPECT_EQ(err, "k.img: gzip data truncated");
#else
    EXPECT_FALSE(uimage_decode(file, "k.img", &img, &err));
    EXPECT_EQ(err, "k.img: gzip-compressed uImage not supported (built without zlib)");
#endif
}

}  // namespace
}  // namespace bw
