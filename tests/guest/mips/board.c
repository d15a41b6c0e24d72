// The malta board as a bare-metal program sees it: the YAMON arguments of the -kernel boot
// stub, the revision word and FPGA status, the GT-64120 decode registers the stub wrote, PCI
// configuration space of the GT-64120 and the PIIX4 (device 10), a few RTC registers, and one
// i8254 interrupt delivered through the cascaded i8259s to CPU IP2, acknowledged with the
// GT-64120 interrupt-acknowledge register.
#include "common/bm.h"

#define GT 0xbbe00000u
#define GT_PCI0_CFGADDR 0xcf8
#define GT_PCI0_CFGDATA 0xcfc
#define GT_PCI0_IACK 0xc34

static int streq(const char* a, const char* b) {
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

static u32 strlen_(const char* s) {
    u32 n = 0;
    while (s[n]) n++;
    return n;
}

static u32 pci_read(u32 dev, u32 fn, u32 reg) {
    REG32(GT + GT_PCI0_CFGADDR) = 0x80000000u | dev << 11 | fn << 8 | reg;
    return REG32(GT + GT_PCI0_CFGDATA);
}

static void outb(u32 port, u8 v) { REG8(ISA_IO + port) = v; }
static u8 inb(u32 port) { return REG8(ISA_IO + port); }

static volatile u32 irq_cause, irq_vector, irq_count;

void handle_exception(struct frame* f) {
    u32 code = (f->cause >> 2) & 31;
    if (code != 0) {
        print("unexpected exception %u at %x\n", code, f->epc);
        done();
    }
    irq_cause = f->cause & 0xff00;
    irq_vector = REG32(GT + GT_PCI0_IACK) & 0xff;
    irq_count++;
    outb(0x21, 0xff);  // mask everything: one interrupt is enough
    outb(0x20, 0x20);  // non-specific EOI
}

int main(int argc, char** argv, char** envp, u32 memsize) {
    print("argc %u memsize %u\n", (u32)argc, memsize);
    print("argv %x envp %x\n", (u32)argv, (u32)envp);
    print("argv[1] '%s'\n", argv[1]);
    for (char** e = envp; e[0]; e += 2) {
        if (streq(e[0], "rngseed"))  // random in QEMU: only its length
            print("env %s: %u hex digits\n", e[0], strlen_(e[1]));
        else
            print("env %s=%s\n", e[0], e[1]);
    }
    print("revision %x fpga status %x\n", REG32(0xbfc00010), REG32(0xbf000208));
    static const u32 gt_regs[] = {0x68, 0x48, 0x50, 0x58, 0x60, 0x80, 0x88, 0x000};
    for (u32 i = 0; i < sizeof gt_regs / sizeof gt_regs[0]; i++)
        print("gt[%x] = %x\n", gt_regs[i], REG32(GT + gt_regs[i]));

    static const u32 fns[][2] = {{0, 0}, {10, 0}, {10, 1}, {10, 2}, {10, 3}, {10, 4}, {1, 0}};
    for (u32 i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        u32 d = fns[i][0], fn = fns[i][1];
        u32 id = pci_read(d, fn, 0);
        if (id == 0xffffffffu) {
            print("pci %u.%u absent\n", d, fn);
            continue;
        }
        print("pci %u.%u id %x class %x hdr %x int %x\n", d, fn, id, pci_read(d, fn, 8),
              pci_read(d, fn, 0xc), pci_read(d, fn, 0x3c));
    }
    print("piix4 pirqrc %x ide timing %x\n", pci_read(10, 0, 0x60), pci_read(10, 1, 0x40));

    outb(0x70, 0x0a);
    u8 a = inb(0x71) & 0x7f;  // without UIP
    outb(0x70, 0x0b);
    u8 b = inb(0x71);
    outb(0x70, 0x0d);
    u8 d = inb(0x71);
    print("rtc a %x b %x d %x\n", a, b, d);

    // i8259 pair as Linux sets it up: vectors 0x00/0x08, cascade on IR2.
    outb(0x20, 0x11);
    outb(0x21, 0x00);
    outb(0x21, 0x04);
    outb(0x21, 0x01);
    outb(0xa0, 0x11);
    outb(0xa1, 0x08);
    outb(0xa1, 0x02);
    outb(0xa1, 0x01);
    outb(0xa1, 0xff);
    outb(0x21, 0xfe);  // IRQ0 only
    // i8254 counter 0, mode 0, count 1000: OUT0 rises once after ~0.84 ms.
    outb(0x43, 0x30);
    outb(0x40, 1000 & 0xff);
    outb(0x40, 1000 >> 8);
    MTC0(12, 0, 0x10000000 | 0x400 | 1);  // CU0, IM2, IE
    while (!irq_count) asm volatile("wait");
    MTC0(12, 0, 0x10000000);
    print("irq: cause.ip %x vector %x count %u\n", irq_cause, irq_vector, irq_count);
    outb(0x20, 0x0b);  // OCW3: read ISR
    print("pic isr %x imr %x\n", inb(0x20), inb(0x21));
    return 0;
}
