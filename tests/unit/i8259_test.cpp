#include "core/dev/intc/i8259.h"

#include <gtest/gtest.h>

namespace bw {
namespace {

// Linux's init_8259A sequence: ICW1 edge/cascade/ICW4, vector bases 0x20/0x28... here 0x08/0x70.
void init_pair(I8259Pair& pic, bool auto_eoi = false) {
    pic.master().write(0, 0x11, 1);  // ICW1
    pic.master().write(1, 0x08, 1);  // ICW2: vectors 0x08-0x0f
    pic.master().write(1, 0x04, 1);  // ICW3: slave on IR2
    pic.master().write(1, auto_eoi ? 0x03 : 0x01, 1);
    pic.slave().write(0, 0x11, 1);
    pic.slave().write(1, 0x70, 1);
    pic.slave().write(1, 0x02, 1);
    pic.slave().write(1, 0x01, 1);
    pic.master().write(1, 0x00, 1);  // unmask all
    pic.slave().write(1, 0x00, 1);
}

TEST(I8259Test, PriorityAndEoi) {
    I8259Pair pic;
    init_pair(pic);
    EXPECT_FALSE(pic.intr().level());
    pic.set_irq(4, true);
    pic.set_irq(1, true);
    EXPECT_TRUE(pic.intr().level());
    EXPECT_EQ(pic.master().read(0, 1), 0x12u);  // IRR
    EXPECT_EQ(pic.acknowledge(), 0x09);         // IRQ1 first
    EXPECT_EQ(pic.master().state().isr, 0x02);
    EXPECT_FALSE(pic.intr().level());  // IRQ4 blocked by IRQ1 in service
    pic.master().write(0, 0x0b, 1);    // OCW3: read ISR
    EXPECT_EQ(pic.master().read(0, 1), 0x02u);
    pic.master().write(0, 0x20, 1);  // non-specific EOI
    EXPECT_TRUE(pic.intr().level());
    EXPECT_EQ(pic.acknowledge(), 0x0c);
    pic.master().write(0, 0x64, 1);  // specific EOI for IRQ4
    EXPECT_EQ(pic.master().state().isr, 0);
    EXPECT_FALSE(pic.intr().level());
    // Edge triggered: holding the line high does not re-request.
    EXPECT_EQ(pic.acknowledge(), 0x0f);  // spurious IRQ7
}

TEST(I8259Test, CascadeFromSlave) {
    I8259Pair pic;
    init_pair(pic);
    pic.set_irq(14, true);
    EXPECT_TRUE(pic.intr().level());
    EXPECT_EQ(pic.master().state().irr, 0x04);
    EXPECT_EQ(pic.acknowledge(), 0x76);  // 0x70 + 6
    EXPECT_EQ(pic.slave().state().isr, 0x40);
    EXPECT_EQ(pic.master().state().isr, 0x04);
    // A master IRQ0 outranks the cascade in service; IRQ3 does not.
    pic.set_irq(3, true);
    EXPECT_FALSE(pic.intr().level());
    pic.set_irq(0, true);
    EXPECT_TRUE(pic.intr().level());
    EXPECT_EQ(pic.acknowledge(), 0x08);
    pic.master().write(0, 0x20, 1);  // EOI IRQ0
    pic.slave().write(0, 0x20, 1);   // EOI slave, then master cascade
    pic.master().write(0, 0x20, 1);
    EXPECT_EQ(pic.master().state().isr, 0);
    EXPECT_EQ(pic.acknowledge(), 0x0b);  // IRQ3 now
}

TEST(I8259Test, MaskRotationPollAndLevel) {
    I8259Pair pic;
    init_pair(pic);
    pic.master().write(1, 0x02, 1);  // mask IRQ1
    pic.set_irq(1, true);
    EXPECT_FALSE(pic.intr().level());
    EXPECT_EQ(pic.master().read(1, 1), 0x02u);
    pic.master().write(1, 0x00, 1);
    EXPECT_TRUE(pic.intr().level());
    // Set priority: IRQ3 lowest, so IRQ4 beats IRQ1.
    pic.set_irq(4, true);
    pic.master().write(0, 0xc3, 1);
    EXPECT_EQ(pic.acknowledge(), 0x0c);
    pic.master().write(0, 0x20, 1);
    // Poll command: acknowledges IRQ1 and reads 0x81.
    pic.master().write(0, 0x0c, 1);
    EXPECT_EQ(pic.master().read(0, 1), 0x81u);
    EXPECT_EQ(pic.master().state().isr, 0x02);
    pic.master().write(0, 0x20, 1);
    // Level mode through ELCR: the request stays while the line is high.
    pic.elcr().write(1, 0x0c, 1);  // IRQ10, IRQ11 level
    EXPECT_EQ(pic.elcr().read(1, 1), 0x0cu);
    pic.elcr().write(0, 0xff, 1);
    EXPECT_EQ(pic.elcr().read(0, 1), 0xf8u);  // IRQ0-2 cannot be level
    pic.elcr().write(0, 0x00, 1);
    pic.set_irq(10, true);
    EXPECT_EQ(pic.acknowledge(), 0x72);
    pic.slave().write(0, 0x20, 1);
    pic.master().write(0, 0x20, 1);
    EXPECT_TRUE(pic.intr().level());  // still requested
    pic.set_irq(10, false);
    EXPECT_FALSE(pic.slave().intr.level());
    // The cascade input is edge triggered on the master: its request stays
    // latched and the acknowledge finds nothing on the slave (spurious IRQ15).
    EXPECT_TRUE(pic.intr().level());
    EXPECT_EQ(pic.acknowledge(), 0x77);
}

TEST(I8259Test, AutoEoi) {
    I8259Pair pic;
    init_pair(pic, true);
    pic.set_irq(5, true);
    EXPECT_EQ(pic.acknowledge(), 0x0d);
    EXPECT_EQ(pic.master().state().isr, 0);
}

}  // namespace
}  // namespace bw
