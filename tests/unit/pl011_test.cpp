#include "core/dev/uart/pl011.h"

#include <gtest/gtest.h>

#include <string>

namespace bw {
namespace {

constexpr u32 UARTDR = 0x000, UARTRSR = 0x004, UARTFR = 0x018, UARTIBRD = 0x024, UARTFBRD = 0x028,
              UARTLCR_H = 0x02c, UARTCR = 0x030, UARTIFLS = 0x034, UARTIMSC = 0x038,
              UARTRIS = 0x03c, UARTMIS = 0x040, UARTICR = 0x044;
constexpr u32 TXFE = 0x80, RXFF = 0x40, RXFE = 0x10;
constexpr u32 RXIM = 1 << 4, TXIM = 1 << 5, RTIM = 1 << 6;
constexpr u32 FEN_8BIT = 0x70;  // LCR_H: FEN | WLEN=8 bits

class Pl011Test : public ::testing::Test {
  protected:
    Pl011Test() {
        chan.on_output = [this](u8 b) { out.push_back(char(b)); };
    }
    void type(const std::string& s) {
        for (char c : s) chan.push_input(u8(c));
    }
    CharChannel chan;
    Pl011 uart{chan};
    std::string out;
};

TEST_F(Pl011Test, ResetValuesAndIds) {
    EXPECT_EQ(uart.read(UARTFR, 4), TXFE | RXFE);
    EXPECT_EQ(uart.read(UARTCR, 4), 0x300u);
    EXPECT_EQ(uart.read(UARTIFLS, 4), 0x12u);
    EXPECT_EQ(uart.read(UARTIMSC, 4), 0u);
    EXPECT_EQ(uart.read(UARTRIS, 4), 0u);
    const u32 expect[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    for (int i = 0; i < 8; i++) EXPECT_EQ(uart.read(0xfe0 + 4 * i, 4), expect[i]) << i;
    uart.write(UARTIBRD, 13, 4);
    uart.write(UARTFBRD, 0xff, 4);
    EXPECT_EQ(uart.read(UARTIBRD, 4), 13u);
    EXPECT_EQ(uart.read(UARTFBRD, 4), 0x3fu);
}

TEST_F(Pl011Test, TransmitReachesChannelAndRaisesTx) {
    uart.write(UARTDR, 'h', 4);
    uart.write(UARTDR, 0x100 | 'i', 4);  // only the low byte is data
    EXPECT_EQ(out, "hi");
    EXPECT_EQ(uart.read(UARTRIS, 4), TXIM);
    EXPECT_FALSE(uart.irq.level());
    uart.write(UARTIMSC, TXIM, 4);
    EXPECT_TRUE(uart.irq.level());
    EXPECT_EQ(uart.read(UARTMIS, 4), TXIM);
    uart.write(UARTICR, TXIM, 4);
    EXPECT_FALSE(uart.irq.level());
    EXPECT_EQ(uart.read(UARTFR, 4), TXFE | RXFE);
}

TEST_F(Pl011Test, FifoDisabledHoldsOneByte) {
    type("ab");
    EXPECT_EQ(uart.read(UARTFR, 4), TXFE | RXFF);
    EXPECT_TRUE(chan.has_input());  // 'b' waits in the channel
    EXPECT_EQ(uart.read(UARTDR, 4), u32('a'));
    EXPECT_EQ(uart.read(UARTFR, 4), TXFE | RXFF);  // 'b' was pulled in
    EXPECT_FALSE(chan.has_input());
    EXPECT_EQ(uart.read(UARTDR, 4), u32('b'));
    EXPECT_EQ(uart.read(UARTFR, 4), TXFE | RXFE);
    EXPECT_EQ(uart.read(UARTRSR, 4), 0u);
}

TEST_F(Pl011Test, FifoFillsToSixteen) {
    uart.write(UARTLCR_H, FEN_8BIT, 4);
    type("0123456789abcdefXYZ");
    EXPECT_EQ(uart.read(UARTFR, 4), TXFE | RXFF);
    EXPECT_EQ(uart.state().rx_count, 16);
    EXPECT_EQ(uart.read(UARTDR, 4), u32('0'));
    EXPECT_EQ(uart.state().rx_count, 16);  // refilled from the channel
    std::string got;
    while (!(uart.read(UARTFR, 4) & RXFE)) got.push_back(char(uart.read(UARTDR, 4)));
    EXPECT_EQ(got, "123456789abcdefXYZ");
    EXPECT_FALSE(chan.has_input());
}

TEST_F(Pl011Test, RxInterruptAtTriggerLevel) {
    uart.write(UARTLCR_H, FEN_8BIT, 4);
    uart.write(UARTIMSC, RXIM, 4);  // default IFLS: receive at 1/2 = 8 entries
    type("1234567");
    EXPECT_FALSE(uart.irq.level());
    EXPECT_EQ(uart.read(UARTRIS, 4), RTIM);  // timeout pending, but masked
    type("8");
    EXPECT_TRUE(uart.irq.level());
    EXPECT_EQ(uart.read(UARTMIS, 4), RXIM);
    uart.read(UARTDR, 4);  // 7 left: below the trigger
    EXPECT_FALSE(uart.irq.level());
    uart.write(UARTIFLS, 0x00, 4);  // 1/8 = 2 entries
    EXPECT_TRUE(uart.irq.level());
    uart.write(UARTIFLS, 0x20, 4);  // 7/8 = 14 entries
    uart.write(UARTICR, RXIM, 4);
    EXPECT_FALSE(uart.irq.level());
    type("9abcdef");  // 14 entries
    EXPECT_TRUE(uart.irq.level());
}

TEST_F(Pl011Test, ReceiveTimeoutRaisedByDataClearedWhenEmpty) {
    uart.write(UARTLCR_H, FEN_8BIT, 4);
    uart.write(UARTIMSC, RTIM | RXIM, 4);
    type("x");
    EXPECT_TRUE(uart.irq.level());
    EXPECT_EQ(uart.read(UARTMIS, 4), RTIM);
    EXPECT_EQ(uart.read(UARTDR, 4), u32('x'));
    EXPECT_FALSE(uart.irq.level());
    EXPECT_EQ(uart.read(UARTRIS, 4), 0u);
    // ICR clears it while data is still there.
    type("yz");
    uart.write(UARTICR, RTIM, 4);
    EXPECT_FALSE(uart.irq.level());
}

TEST_F(Pl011Test, FifoDisabledInterruptsOnEveryByte) {
    uart.write(UARTIMSC, RXIM, 4);
    type("q");
    EXPECT_TRUE(uart.irq.level());
    uart.read(UARTDR, 4);
    EXPECT_FALSE(uart.irq.level());
}

TEST_F(Pl011Test, ChangingFenFlushesFifo) {
    uart.write(UARTLCR_H, FEN_8BIT, 4);
    type("abc");
    EXPECT_EQ(uart.state().rx_count, 3);
    uart.write(UARTLCR_H, 0x60, 4);
    EXPECT_EQ(uart.read(UARTFR, 4), TXFE | RXFE);
    EXPECT_EQ(uart.read(UARTRIS, 4), 0u);
    EXPECT_EQ(uart.read(UARTLCR_H, 4), 0x60u);
}

TEST_F(Pl011Test, InputBeforeConstructionIsPulledAtReset) {
    CharChannel c2;
    c2.push_input('z');
    Pl011 u2(c2);
    EXPECT_EQ(u2.read(UARTFR, 4), TXFE | RXFF);
    EXPECT_EQ(u2.read(UARTDR, 4), u32('z'));
}

}  // namespace
}  // namespace bw
