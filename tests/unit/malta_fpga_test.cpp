#include "core/dev/misc/malta_fpga.h"

#include <gtest/gtest.h>

namespace bw {
namespace {

TEST(MaltaFpgaTest, DisplayLedsAndSoftReset) {
    MaltaFpga fpga;
    int resets = 0, changes = 0;
    fpga.on_reset_request = [&] { resets++; };
    fpga.on_display_change = [&] { changes++; };
    fpga.reset();
    EXPECT_EQ(fpga.display_text(), "        ");
    EXPECT_EQ(fpga.read(0x208, 4), 0x10u);  // STATUS, little-endian
    EXPECT_EQ(fpga.read(0x508, 4), 0x0au);  // BRKRES
    fpga.write(0x410, 0x1234abcd, 4);       // ASCIIWORD
    EXPECT_EQ(fpga.display_text(), "1234ABCD");
    fpga.write(0x418, 'L', 4);  // ASCIIPOS0
    fpga.write(0x450, 'x', 4);  // ASCIIPOS7
    EXPECT_EQ(fpga.display_text(), "L234ABCx");
    fpga.write(0x408, 0x1a5, 4);
    EXPECT_EQ(fpga.read(0x408, 4), 0xa5u);
    EXPECT_EQ(changes, 5);
    fpga.write(0x500, 0x41, 4);
    EXPECT_EQ(resets, 0);
    fpga.write(0x500, 0x42, 4);
    EXPECT_EQ(resets, 1);
    EXPECT_EQ(fpga.read(0xa08, 4), 0x03u);  // GPINP echoes I2COUT
    fpga.write(0xb18, 0, 4);
    EXPECT_EQ(fpga.read(0xa08, 4), 0x00u);
    EXPECT_EQ(fpga.read(0x300, 4), 0u);  // unknown
}

}  // namespace
}  // namespace bw
