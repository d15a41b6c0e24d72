#include "boards/loaders/fdt.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "boards/loaders/image_file.h"

namespace bw {
namespace {

u32 be32_at(const std::vector<u8>& v, size_t o) {
    return u32(v[o]) << 24 | u32(v[o + 1]) << 16 | u32(v[o + 2]) << 8 | v[o + 3];
}

std::vector<u8> words(std::initializer_list<u32> ws) {
    std::vector<u8> v;
    for (u32 w : ws) {
        v.push_back(u8(w >> 24));
        v.push_back(u8(w >> 16));
        v.push_back(u8(w >> 8));
        v.push_back(u8(w));
    }
    return v;
}

// The blob for: / { #address-cells = <1>; chosen { }; };  laid out by hand from
// the Devicetree Specification, chapter 5.
std::vector<u8> tiny_blob() {
    std::vector<u8> v = words({0xD00DFEED, 120, 56, 104, 40, 17, 16, 0, 15, 48});
    std::vector<u8> rsv(16, 0);
    v.insert(v.end(), rsv.begin(), rsv.end());
    std::vector<u8> st = words({1, 0, 3, 4, 0, 1, 1});
    const char chosen[8] = {'c', 'h', 'o', 's', 'e', 'n', 0, 0};
    st.insert(st.end(), chosen, chosen + 8);
    std::vector<u8> tail = words({2, 2, 9});
    st.insert(st.end(), tail.begin(), tail.end());
    v.insert(v.end(), st.begin(), st.end());
    const char strings[16] = "#address-cells";
    v.insert(v.end(), strings, strings + 16);
    return v;
}

TEST(FdtTest, SerializesTheSpecLayout) {
    Fdt fdt;
    fdt.set_u32("/", "#address-cells", 1);
    fdt.find_or_create("/chosen");
    EXPECT_EQ(fdt.serialize(), tiny_blob());
}

TEST(FdtTest, ParsesHandMadeBlob) {
    Fdt fdt;
    std::string err;
    ASSERT_TRUE(Fdt::parse(tiny_blob(), "t.dtb", &fdt, &err)) << err;
    EXPECT_EQ(fdt.get_u32("/", "#address-cells", 99), 1u);
    ASSERT_NE(fdt.find("/chosen"), nullptr);
    EXPECT_EQ(fdt.find("/chosen")->properties.size(), 0u);
    EXPECT_EQ(fdt.find("/nothing"), nullptr);
    EXPECT_EQ(fdt.serialize(), tiny_blob());
}

TEST(FdtTest, RoundTripKeepsEverything) {
    Fdt fdt;
    fdt.boot_cpuid_phys = 3;
    fdt.reservations.push_back({0x1000, 0x2000});
    fdt.set_u32("/", "#address-cells", 1);
    fdt.set_u32("/", "#size-cells", 1);
    fdt.set_string("/", "model", "ARM Versatile PB");
    fdt.set_string("/amba/uart@101f1000", "compatible", "arm,pl011");
    fdt.set_cells("/amba/uart@101f1000", "reg", {{1, 0x101F1000}, {1, 0x1000}});
    fdt.set_string("/amba/uart@101f2000", "status", "okay");
    std::vector<u8> blob = fdt.serialize(100);
    EXPECT_EQ(be32_at(blob, 4), blob.size());
    Fdt back;
    std::string err;
    ASSERT_TRUE(Fdt::parse(blob, "x.dtb", &back, &err)) << err;
    EXPECT_EQ(back.boot_cpuid_phys, 3u);
    ASSERT_EQ(back.reservations.size(), 1u);
    EXPECT_EQ(back.reservations[0].address, 0x1000u);
    EXPECT_EQ(back.reservations[0].size, 0x2000u);
    const Fdt::Property* reg = back.get("/amba/uart@101f1000", "reg");
    ASSERT_NE(reg, nullptr);
    EXPECT_EQ(reg->value, words({0x101F1000, 0x1000}));
    // "uart" matches the first node whose name before '@' is "uart".
    EXPECT_EQ(back.find("/amba/uart"), back.find("/amba/uart@101f1000"));
    const Fdt::Property* model = back.get("/", "model");
    ASSERT_NE(model, nullptr);
    EXPECT_EQ(std::string(model->value.begin(), model->value.end()),
              std::string("ARM Versatile PB\0", 17));
    EXPECT_EQ(back.serialize(100), blob);
}

TEST(FdtTest, SetupForLinuxReplacesMemoryAndSetsChosen) {
    Fdt fdt;
    fdt.set_u32("/", "#address-cells", 1);
    fdt.set_u32("/", "#size-cells", 1);
    fdt.set_string("/memory", "device_type", "memory");
    fdt.set_cells("/memory", "reg", {{1, 0}, {1, 0x08000000}});
    fdt.set_string("/memory@80000000", "device_type", "memory");
    std::string err;
    ASSERT_TRUE(fdt_setup_for_linux(fdt, "v.dtb", 0, 0x10000000, "console=ttyAMA0", 0x08000000,
                                    0x12345, &err))
        << err;
    int memory_nodes = 0;
    for (auto& c : fdt.root().children)
        if (c->name.rfind("memory", 0) == 0) memory_nodes++;
    EXPECT_EQ(memory_nodes, 1);
    ASSERT_NE(fdt.find("/memory@0"), nullptr);
    EXPECT_EQ(fdt.get("/memory@0", "reg")->value, words({0, 0x10000000}));
    auto bootargs = fdt.get("/chosen", "bootargs")->value;
    EXPECT_EQ(std::string(bootargs.begin(), bootargs.end()), std::string("console=ttyAMA0\0", 16));
    EXPECT_EQ(fdt.get("/chosen", "linux,initrd-start")->value, words({0x08000000}));
    EXPECT_EQ(fdt.get("/chosen", "linux,initrd-end")->value, words({0x08012345}));
}

TEST(FdtTest, SetupForLinuxUsesTwoCellsWhenTheRootSaysSo) {
    Fdt fdt;
    fdt.set_u32("/", "#address-cells", 2);
    fdt.set_u32("/", "#size-cells", 2);
    std::string err;
    ASSERT_TRUE(
        fdt_setup_for_linux(fdt, "v.dtb", 0x80000000, 0x8000000, "", 0x81000000, 0x10, &err));
    EXPECT_EQ(fdt.get("/memory@80000000", "reg")->value, words({0, 0x80000000, 0, 0x8000000}));
    EXPECT_EQ(fdt.get("/chosen", "bootargs"), nullptr);  // empty -append: left alone
    EXPECT_EQ(fdt.get("/chosen", "linux,initrd-start")->value, words({0, 0x81000000}));

    Fdt bad;
    bad.set_u32("/", "#address-cells", 0);
    EXPECT_FALSE(fdt_setup_for_linux(bad, "v.dtb", 0, 0x1000, "", 0, 0, &err));
    EXPECT_EQ(err, "v.dtb: unusable root #address-cells/#size-cells (0/1)");
}

TEST(FdtTest, Errors) {
    Fdt fdt;
    std::string err;
    std::vector<u8> b = tiny_blob();
    b[0] = 0xAB;
    EXPECT_FALSE(Fdt::parse(b, "v.dtb", &fdt, &err));
    EXPECT_EQ(err, "v.dtb: not a device tree blob (bad magic 0xab0dfeed, expected 0xd00dfeed)");

    b = tiny_blob();
    b.resize(100);
    EXPECT_FALSE(Fdt::parse(b, "v.dtb", &fdt, &err));
    EXPECT_EQ(err, "v.dtb: device tree truncated (header says 120 bytes, file has 100)");

    b = tiny_blob();
    b.resize(20);
    EXPECT_FALSE(Fdt::parse(b, "v.dtb", &fdt, &err));
    EXPECT_EQ(err, "v.dtb: device tree truncated (20 bytes, header needs 40)");

    b = tiny_blob();
    b[56 + 8 + 11] = 0x40;  // property name offset 0x40, past the strings
    EXPECT_FALSE(Fdt::parse(b, "v.dtb", &fdt, &err));
    EXPECT_EQ(err, "v.dtb: property name offset 0x40 outside the strings block");

    b = tiny_blob();
    b[56 + 8 + 7] = 0xF0;  // property length 0xf0: runs past the structure block
    EXPECT_FALSE(Fdt::parse(b, "v.dtb", &fdt, &err));
    EXPECT_EQ(err, "v.dtb: property at offset 0x40 extends past the structure block (length 0xf0)");

    b = tiny_blob();
    b[56 + 47] = 7;  // FDT_END replaced by a bad token
    EXPECT_FALSE(Fdt::parse(b, "v.dtb", &fdt, &err));
    EXPECT_EQ(err, "v.dtb: unexpected token 7 after the root node");

    b = tiny_blob();
    b[23] = 15;  // version 15
    EXPECT_FALSE(Fdt::parse(b, "v.dtb", &fdt, &err));
    EXPECT_EQ(err, "v.dtb: unsupported device tree version 15 (last compatible 16; need 17)");
}

}  // namespace
}  // namespace bw
