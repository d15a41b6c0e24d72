// Cross-checks of the boot loaders against the reference tools they must agree
// with (dtc and mkimage, Debian packages ./run installs). Native only: they run
// the tools on files, which the WebAssembly build cannot; the unit tests that
// both builds run check the same code with fixed bytes.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "boards/loaders/fdt.h"
#include "boards/loaders/image_file.h"
#include "boards/loaders/uimage.h"

namespace bw {
namespace {

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

std::vector<u8> payload_bytes(size_t n) {
    std::vector<u8> p(n);
    for (size_t i = 0; i < n; ++i) p[i] = u8(i * 7 + 3);
    return p;
}

// dtc (the reference compiler) builds a blob we parse and edit; dtc reads our blob back.
TEST(FdtTest, MatchesDtc) {
    std::string dir = testing::TempDir();
    std::string dts = dir + "/bw_fdt.dts", dtb = dir + "/bw_fdt.dtb", out = dir + "/bw_fdt2.dtb";
    {
        std::ofstream f(dts);
        f << "/dts-v1/;\n/memreserve/ 0x1000 0x100;\n/ {\n #address-cells = <1>;\n"
             " #size-cells = <1>;\n model = \"ARM Versatile PB\";\n"
             " chosen { bootargs = \"old\"; };\n memory { device_type = \"memory\";"
             " reg = <0 0x8000000>; };\n amba { uart0: uart@101f1000 {"
             " reg = <0x101f1000 0x1000>; interrupts = <12>; }; };\n"
             " aliases { serial0 = &uart0; };\n};\n";
    }
    ASSERT_EQ(std::system(("dtc -q -I dts -O dtb -o " + dtb + " " + dts).c_str()), 0);
    std::vector<u8> blob;
    std::string err;
    ASSERT_TRUE(read_image_file(dtb, &blob, &err)) << err;
    Fdt fdt;
    ASSERT_TRUE(Fdt::parse(blob, dtb, &fdt, &err)) << err;
    ASSERT_EQ(fdt.reservations.size(), 1u);
    EXPECT_EQ(fdt.reservations[0].address, 0x1000u);
    EXPECT_EQ(fdt.get("/amba/uart@101f1000", "reg")->value, words({0x101F1000, 0x1000}));
    ASSERT_TRUE(
        fdt_setup_for_linux(fdt, dtb, 0, 0x8000000, "console=ttyAMA0", 0x4000000, 0x1000, &err));
    std::vector<u8> edited = fdt.serialize();
    {
        FILE* f = std::fopen(out.c_str(), "wb");
        ASSERT_TRUE(f);
        std::fwrite(edited.data(), 1, edited.size(), f);
        std::fclose(f);
    }
    // dtc must accept our blob and see the edits.
    std::string txt = dir + "/bw_fdt2.dts";
    ASSERT_EQ(std::system(("dtc -q -I dtb -O dts -o " + txt + " " + out).c_str()), 0);
    std::ifstream in(txt);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    EXPECT_NE(s.find("bootargs = \"console=ttyAMA0\";"), std::string::npos) << s;
    EXPECT_NE(s.find("linux,initrd-start = <0x4000000>;"), std::string::npos) << s;
    EXPECT_NE(s.find("linux,initrd-end = <0x4001000>;"), std::string::npos) << s;
    EXPECT_NE(s.find("memory@0 {"), std::string::npos) << s;
    EXPECT_NE(s.find("reg = <0x00 0x8000000>;"), std::string::npos) << s;
    EXPECT_NE(s.find("0x0000000000001000 0x0000000000000100;"), std::string::npos) << s;
    for (const std::string& p : {dts, dtb, out, txt}) std::remove(p.c_str());
}

// U-Boot's own mkimage wraps a payload that our decoder must unwrap exactly.
TEST(UImageTest, MatchesMkimage) {
    std::string dir = testing::TempDir();
    std::string in = dir + "/bw_mkimage_in.bin", out = dir + "/bw_mkimage_out.img";
    std::vector<u8> p = payload_bytes(1000);
    FILE* f = std::fopen(in.c_str(), "wb");
    ASSERT_TRUE(f);
    std::fwrite(p.data(), 1, p.size(), f);
    std::fclose(f);
    std::string cmd = "mkimage -A arm -O linux -T kernel -C none -a 0x8000 -e 0x8004 -n test -d " +
                      in + " " + out + " >/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    std::vector<u8> file;
    std::string err;
    ASSERT_TRUE(read_image_file(out, &file, &err)) << err;
    UImageKernel k;
    ASSERT_TRUE(uimage_kernel(file, out, 0, &k, &err)) << err;
    EXPECT_EQ(k.load, 0x8000u);
    EXPECT_EQ(k.entry, 0x8004u);
    EXPECT_TRUE(k.is_linux);
    EXPECT_EQ(k.data, p);
    std::remove(in.c_str());
    std::remove(out.c_str());
}

}  // namespace
}  // namespace bw
