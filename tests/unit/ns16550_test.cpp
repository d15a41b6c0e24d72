#include "core/dev/uart/ns16550.h"

#include <gtest/gtest.h>

#include <string>

namespace bw {
namespace {

constexpr u32 RBR = 0, IER = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;

void advance_to(Scheduler& s, u64 t) {
    while (s.skip_to_next_event(t)) {
    }
}

class Ns16550Test : public ::testing::Test {
  protected:
    Ns16550Test() {
        chan.on_output = [this](u8 b) { out.push_back(char(b)); };
    }
    void type(const std::string& s) {
        for (char c : s) chan.push_input(u8(c));
    }
    Scheduler sched;
    CharChannel chan;
    Ns16550 uart{sched, chan};
    std::string out;
};

TEST_F(Ns16550Test, ResetValuesAndDivisor) {
    EXPECT_EQ(uart.read(IIR, 1), 0x01u);
    EXPECT_EQ(uart.read(LSR, 1), 0x60u);
    EXPECT_EQ(uart.read(MSR, 1), 0xb0u);
    EXPECT_EQ(uart.read(MCR, 1), 0x08u);
    uart.write(LCR, 0x83, 1);
    EXPECT_EQ(uart.read(0, 1), 12u);
    uart.write(0, 1, 1);
    uart.write(1, 0, 1);
    uart.write(LCR, 0x03, 1);
    EXPECT_EQ(uart.char_time_ns(), 86805u);  // 10 bits at 115200
    uart.write(SCR, 0x5a, 1);
    EXPECT_EQ(uart.read(SCR, 1), 0x5au);
}

TEST_F(Ns16550Test, TransmitAndThreInterrupt) {
    uart.write(0, 'o', 1);
    uart.write(0, 'k', 1);
    EXPECT_EQ(out, "ok");
    EXPECT_FALSE(uart.irq.level());
    uart.write(IER, 0x02, 1);  // ETBEI with THR empty raises THRE
    EXPECT_TRUE(uart.irq.level());
    EXPECT_EQ(uart.read(IIR, 1), 0x02u);  // reading IIR acknowledges THRE
    EXPECT_FALSE(uart.irq.level());
    EXPECT_EQ(uart.read(IIR, 1), 0x01u);
    uart.write(0, '!', 1);  // the next byte raises it again
    EXPECT_TRUE(uart.irq.level());
}

TEST_F(Ns16550Test, FifoTriggerAndTimeout) {
    uart.write(FCR, 0x81, 1);  // FIFO on, trigger 8
    uart.write(IER, 0x01, 1);
    EXPECT_EQ(uart.read(IIR, 1), 0xc1u);
    type("abcde");
    EXPECT_FALSE(uart.irq.level());  // below the trigger level
    EXPECT_EQ(uart.read(LSR, 1) & 1, 1u);
    // Four character times (9600 baud, 8N1) later: character timeout.
    u64 four = uart.char_time_ns() * 4;
    advance_to(sched, four - 1);
    EXPECT_FALSE(uart.irq.level());
    advance_to(sched, four);
    EXPECT_TRUE(uart.irq.level());
    EXPECT_EQ(uart.read(IIR, 1), 0xccu);
    EXPECT_EQ(uart.read(RBR, 1), u32('a'));
    EXPECT_FALSE(uart.irq.level());  // reading data clears the timeout
    type("fghijklmnopqrstuvw");      // 4 + 18 bytes: 16 in the FIFO, 6 wait
    EXPECT_TRUE(uart.irq.level());
    EXPECT_EQ(uart.read(IIR, 1), 0xc4u);
    EXPECT_EQ(uart.state().rx_count, 16);
    std::string got;
    while (uart.read(LSR, 1) & 1) got.push_back(char(uart.read(RBR, 1)));
    EXPECT_EQ(got, "bcdefghijklmnopqrstuvw");
    EXPECT_FALSE(uart.irq.level());
}

TEST_F(Ns16550Test, LoopbackAndOverrun) {
    uart.write(MCR, 0x1f, 1);  // loopback, all outputs on
    EXPECT_EQ(uart.read(MSR, 1), 0xf0u);
    uart.write(0, 'x', 1);
    EXPECT_EQ(out, "");
    EXPECT_EQ(uart.read(LSR, 1), 0x61u);
    uart.write(0, 'y', 1);  // no FIFO: overrun
    EXPECT_EQ(uart.read(LSR, 1), 0x63u);
    EXPECT_EQ(uart.read(LSR, 1), 0x61u);  // OE cleared by the read
    EXPECT_EQ(uart.read(RBR, 1), u32('y'));
    type("z");
    EXPECT_EQ(uart.read(LSR, 1) & 1, 0u);  // host input waits during loopback
    uart.write(MCR, 0x08, 1);
    EXPECT_EQ(uart.read(RBR, 1), u32('z'));
}

TEST(Ns16550RegshiftTest, EightByteStride) {
    Scheduler sched;
    CharChannel chan;
    std::string out;
    chan.on_output = [&](u8 b) { out.push_back(char(b)); };
    Ns16550 uart(sched, chan, 3, 230400);
    uart.write(7 << 3, 0x42, 1);
    EXPECT_EQ(uart.read(7 << 3, 1), 0x42u);
    EXPECT_EQ(uart.read(5 << 3, 1), 0x60u);
    uart.write(0, 'c', 1);
    EXPECT_EQ(out, "c");
}

}  // namespace
}  // namespace bw
