// exceptions: SWI (from SVC and user mode), undefined instructions, BKPT,
// data aborts of every MMU kind with FSR/FAR, alignment faults, VIC software
// interrupts (vectored, default vector, priority, masking, FIQ) and SP804
// timer interrupts through the VIC.
#include "common/bm.h"
#include "common/mmu.h"

#define VIC 0x10140000u
#define VICIRQStatus 0x000
#define VICFIQStatus 0x004
#define VICRawIntr 0x008
#define VICIntSelect 0x00c
#define VICIntEnable 0x010
#define VICIntEnClear 0x014
#define VICSoftInt 0x018
#define VICSoftIntClear 0x01c
#define VICVectAddr 0x030
#define VICDefVectAddr 0x034
#define VICVectAddrN(n) (0x100 + 4 * (n))
#define VICVectCntlN(n) (0x200 + 4 * (n))

#define TIMER0 0x101e2000u
#define TIMER1 0x101e2020u
#define TimerLoad 0x00
#define TimerValue 0x04
#define TimerControl 0x08
#define TimerIntClr 0x0c
#define TimerRIS 0x10
#define TimerMIS 0x14
#define CTRL_EN (1u << 7)
#define CTRL_PERIODIC (1u << 6)
#define CTRL_INTEN (1u << 5)
#define CTRL_32BIT (1u << 1)
#define CTRL_ONESHOT (1u << 0)

static const char* mode_name(u32 psr) {
    switch (psr & 0x1f) {
        case 0x10: return "usr";
        case 0x11: return "fiq";
        case 0x12: return "irq";
        case 0x13: return "svc";
        case 0x17: return "abt";
        case 0x1b: return "und";
        case 0x1f: return "sys";
        default: return "???";
    }
}

// ---- SWI ----
void handle_swi(struct frame* f) {
    u32 insn = *(volatile u32*)(f->pc - 4);
    u32 imm = insn & 0xffffff;
    print("swi %x in %s from %s r0 %x r1 %x\n", imm, mode_name(get_cpsr()), mode_name(f->spsr),
          f->r[0], f->r[1]);
    f->r[0] = imm + 1;                                     // the return value
    if (imm == 0x10) f->spsr = (f->spsr & ~0xffu) | 0xd3;  // back to SVC, I+F masked
}

static u32 swi_call(u32 a, u32 b) {
    register u32 r0 asm("r0") = a;
    register u32 r1 asm("r1") = b;
    asm volatile("swi 0x123456" : "+r"(r0) : "r"(r1) : "lr", "memory");
    return r0;
}

static void test_swi(void) {
    print("swi returned %x\n", swi_call(0xaaaa0001, 0xbbbb0002));
    // To user mode and back through SWI 0x10 (its handler returns to SVC).
    register u32 r0 asm("r0") = 0x55;
    u32 sp_usr;
    asm volatile(
        "msr cpsr_c, #0xd0\n\t"
        "mov %1, sp\n\t"
        "swi 0x10"
        : "+r"(r0), "=&r"(sp_usr)
        :
        : "lr", "memory");
    u32 ret = r0;  // a register variable does not survive the calls below
    print("back in %s r0 %x user sp %x\n", mode_name(get_cpsr()), ret, sp_usr);
}

// ---- undefined instruction, BKPT ----
void handle_undef(struct frame* f) {
    u32 insn = *(volatile u32*)(f->pc - 4);
    print("undef %x in %s from %s\n", insn, mode_name(get_cpsr()), mode_name(f->spsr));
    f->r[2] = insn;
}

void handle_pabt(struct frame* f) {
    u32 insn = *(volatile u32*)f->pc;
    print("pabt at insn %x in %s from %s\n", insn, mode_name(get_cpsr()), mode_name(f->spsr));
    f->pc += 4;  // skip the BKPT
}

static void test_undef(void) {
    register u32 r2 asm("r2") = 0;
    asm volatile(".word 0xe7f000f0" : "+r"(r2)::"memory");  // permanently undefined
    print("after udf r2 %x\n", r2);
    r2 = 0;
    asm volatile("mcr p6, 0, r0, c0, c0, 0" : "+r"(r2)::"memory");  // no coprocessor 6
    print("after mcr p6 r2 %x\n", r2);
    asm volatile("bkpt 0x1234" ::: "memory");
    print("after bkpt\n");
}

// ---- data aborts ----
static volatile u32 abort_count;

void handle_dabt(struct frame* f) {
    u32 fsr = MRC(5, 0, 0, 0), far = MRC(6, 0, 0, 0);
    u32 insn = *(volatile u32*)f->pc;
    print("dabt fsr %x far %x insn %x from %s\n", fsr & 0xff, far, insn, mode_name(f->spsr));
    abort_count++;
    f->r[0] = 0xfa17fa17;
    f->pc += 4;  // skip the faulting access
}

// Load/store through r0/r1 so the handler can mark the result.
static u32 probe_ldr(u32 addr) {
    register u32 r0 asm("r0") = 0x11111111;
    register u32 r1 asm("r1") = addr;
    asm volatile("ldr r0, [r1]" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}
static u32 probe_str(u32 addr, u32 v) {
    register u32 r0 asm("r0") = v;
    register u32 r1 asm("r1") = addr;
    asm volatile("str r0, [r1]\n\tmov r0, #0" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}
static u32 probe_ldrt(u32 addr) {
    register u32 r0 asm("r0") = 0x22222222;
    register u32 r1 asm("r1") = addr;
    asm volatile("ldrt r0, [r1]" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}
static u32 probe_strt(u32 addr, u32 v) {
    register u32 r0 asm("r0") = v;
    register u32 r1 asm("r1") = addr;
    asm volatile("strt r0, [r1]\n\tmov r0, #0" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}
static u32 probe_ldrh(u32 addr) {
    register u32 r0 asm("r0") = 0x33333333;
    register u32 r1 asm("r1") = addr;
    asm volatile("ldrh r0, [r1]" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static void test_aborts(void) {
    mmu_flat_map();
    // Physical RAM at 0x00200000 backs the test windows.
    volatile u32* phys = (volatile u32*)0x00200000;
    phys[0] = 0x0badc0de;
    phys[1] = 0x12345678;
    // 0x20000000: no entry (section translation fault).
    l1_section(0x20100000, 0x00200000, AP_RW, 1);    // domain 1: no access
    l1_section(0x20200000, 0x00200000, AP_NONE, 0);  // AP 0
    l1_section(0x20300000, 0x00200000, AP_PRIV, 0);  // privileged only
    l1_section(0x20400000, 0x00200000, AP_URO, 0);   // user read-only
    l1_coarse(0x20500000, COARSE(0), 0);             // page 0 mapped, page 1 missing
    for (u32 i = 0; i < 256; i++) COARSE(0)[i] = 0;
    coarse_small(COARSE(0), 0x20500000, 0x00200000, AP_PRIV);
    l1_section(0x20600000, 0x00200000, AP_RW, 2);  // domain 2: manager
    l1_coarse(0x20700000, COARSE(1), 1);           // coarse table in a no-access domain
    for (u32 i = 0; i < 256; i++) COARSE(1)[i] = 0;
    coarse_small(COARSE(1), 0x20700000, 0x00200000, AP_RW);
    // Domains: 0 client, 1 no access, 2 manager, 3 client.
    mmu_enable((1u << 0) | (0u << 2) | (3u << 4) | (1u << 6));
    print("mmu on, sctlr %x\n", MRC(1, 0, 0, 0));

    print("ldr ok %x\n", probe_ldr(0x00200004));
    print("translation section: %x\n", probe_ldr(0x20000010));
    print("translation section str: %x\n", probe_str(0x20000ffc, 1));
    print("domain section: %x\n", probe_ldr(0x20100020));
    print("ap0 S=0 R=0: %x\n", probe_ldr(0x20200000));
    MCR(1, 0, 0, 0, MRC(1, 0, 0, 0) | SCTLR_S);
    print("ap0 S=1 priv read: %x\n", probe_ldr(0x20200004));
    print("ap0 S=1 priv write: %x\n", probe_str(0x20200004, 2));
    print("ap0 S=1 user read: %x\n", probe_ldrt(0x20200004));
    MCR(1, 0, 0, 0, (MRC(1, 0, 0, 0) & ~SCTLR_S) | SCTLR_R);
    print("ap0 R=1 priv read: %x\n", probe_ldr(0x20200000));
    print("ap0 R=1 user read: %x\n", probe_ldrt(0x20200000));
    print("ap0 R=1 priv write: %x\n", probe_str(0x20200000, 3));
    MCR(1, 0, 0, 0, MRC(1, 0, 0, 0) & ~SCTLR_R);
    tlb_flush();
    print("ap1 priv read: %x\n", probe_ldr(0x20300004));
    print("ap1 user read: %x\n", probe_ldrt(0x20300004));
    print("ap2 user read: %x\n", probe_ldrt(0x20400000));
    print("ap2 user write: %x\n", probe_strt(0x20400008, 4));
    print("ap2 priv write: %x\n", probe_str(0x20400008, 5));
    print("page ok: %x\n", probe_ldr(0x20500004));
    print("page user: %x\n", probe_ldrt(0x20500004));
    print("translation page: %x\n", probe_ldr(0x20501000));
    print("manager domain user write: %x\n", probe_strt(0x2060000c, 6));
    print("domain page: %x\n", probe_ldr(0x20700000));
    print("phys now %x %x %x %x\n", phys[0], phys[1], phys[2], phys[3]);

    MCR(1, 0, 0, 0, MRC(1, 0, 0, 0) | SCTLR_A);
    print("aligned: %x\n", probe_ldr(0x00200004));
    print("unaligned ldr: %x\n", probe_ldr(0x00200006));
    print("unaligned ldrh: %x\n", probe_ldrh(0x00200005));
    MCR(1, 0, 0, 0, MRC(1, 0, 0, 0) & ~SCTLR_A);

    mmu_disable();
    print("aborts taken %u, mmu off, sctlr %x\n", abort_count, MRC(1, 0, 0, 0));
}

// ---- VIC software interrupts ----
static volatile u32 irq_log[8], irq_n;

void handle_irq(struct frame* f) {
    u32 vect = REG32(VIC + VICVectAddr);  // reading it acknowledges
    if (vect != 0x1111 && vect != 0x2222 && vect != 0x3333) {
        ((void (*)(void))vect)();  // a real vectored handler (the timer test)
        REG32(VIC + VICVectAddr) = 0;
        return;
    }
    u32 status = REG32(VIC + VICIRQStatus);
    if (irq_n < 8) irq_log[irq_n++] = vect;
    print("irq vect %x status %x from %s\n", vect, status, mode_name(f->spsr));
    // Drop the highest pending soft source matching this vector.
    if (vect == 0x1111)
        REG32(VIC + VICSoftIntClear) = 1u << 1;
    else if (vect == 0x3333)
        REG32(VIC + VICSoftIntClear) = 1u << 3;
    else
        REG32(VIC + VICSoftIntClear) = status;
    REG32(VIC + VICVectAddr) = 0;  // end of interrupt
}

void handle_fiq(struct frame* f) {
    print("fiq status %x raw %x from %s\n", REG32(VIC + VICFIQStatus),
          REG32(VIC + VICRawIntr) & 0x6e, mode_name(f->spsr));
    REG32(VIC + VICSoftIntClear) = 1u << 6;
}

static void test_vic(void) {
    REG32(VIC + VICIntEnClear) = 0xffffffff;
    REG32(VIC + VICSoftIntClear) = 0xffffffff;
    REG32(VIC + VICIntSelect) = 0;
    REG32(VIC + VICVectAddrN(0)) = 0x3333;
    REG32(VIC + VICVectCntlN(0)) = 0x20 | 3;
    REG32(VIC + VICVectAddrN(1)) = 0x1111;
    REG32(VIC + VICVectCntlN(1)) = 0x20 | 1;
    REG32(VIC + VICDefVectAddr) = 0x2222;
    REG32(VIC + VICIntEnable) = (1u << 1) | (1u << 2) | (1u << 3) | (1u << 6);
    print("vic enable %x\n", REG32(VIC + VICIntEnable));

    // Masked in the CPU: pending in the VIC only.
    REG32(VIC + VICSoftInt) = 1u << 1;
    print("masked: status %x raw %x\n", REG32(VIC + VICIRQStatus), REG32(VIC + VICRawIntr) & 0x6e);
    irq_enable();
    irq_disable();
    print("after unmask: status %x\n", REG32(VIC + VICIRQStatus));

    // Default vector for an unvectored source.
    REG32(VIC + VICSoftInt) = 1u << 2;
    irq_enable();
    irq_disable();

    // Two at once: slot 0 (source 3) before slot 1 (source 1).
    REG32(VIC + VICSoftInt) = (1u << 1) | (1u << 3);
    irq_enable();
    irq_disable();
    print("irq order:");
    for (u32 i = 0; i < irq_n; i++) print(" %x", irq_log[i]);
    print("\n");

    // Source 6 as FIQ.
    REG32(VIC + VICIntSelect) = 1u << 6;
    REG32(VIC + VICSoftInt) = 1u << 6;
    print("fiq pending: fiqstatus %x irqstatus %x\n", REG32(VIC + VICFIQStatus),
          REG32(VIC + VICIRQStatus));
    fiq_enable();
    irq_disable();
    REG32(VIC + VICIntSelect) = 0;
    REG32(VIC + VICIntEnClear) = 0xffffffff;
}

// ---- SP804 timer interrupts ----
static volatile u32 t0_count, t1_count;

static void timer_irq(void) {
    if (REG32(TIMER0 + TimerMIS)) {
        t0_count++;
        REG32(TIMER0 + TimerIntClr) = 1;
    }
    if (REG32(TIMER1 + TimerMIS)) {
        t1_count++;
        REG32(TIMER1 + TimerIntClr) = 1;
    }
}

static void wfi(void) { MCR(7, 0, 0, 4, 0); }

static void test_timer(void) {
    REG32(VIC + VICVectAddrN(0)) = (u32)timer_irq;
    REG32(VIC + VICVectCntlN(0)) = 0x20 | 4;
    REG32(VIC + VICVectCntlN(1)) = 0;
    REG32(VIC + VICIntEnable) = 1u << 4;

    // Periodic, 1 ms at 1 MHz: count three interrupts.
    REG32(TIMER0 + TimerLoad) = 1000;
    REG32(TIMER0 + TimerControl) = CTRL_EN | CTRL_PERIODIC | CTRL_INTEN | CTRL_32BIT;
    print("timer0 control %x load %x\n", REG32(TIMER0 + TimerControl), REG32(TIMER0 + TimerLoad));
    irq_enable();
    while (t0_count < 3) wfi();
    irq_disable();
    REG32(TIMER0 + TimerControl) = 0;
    REG32(TIMER0 + TimerIntClr) = 1;
    print("periodic: t0 %u ris %x mis %x\n", t0_count, REG32(TIMER0 + TimerRIS),
          REG32(TIMER0 + TimerMIS));

    // One-shot (0.5 ms) beside a periodic timer1 (1 ms): exactly one t0 interrupt.
    t0_count = t1_count = 0;
    REG32(TIMER0 + TimerLoad) = 500;
    REG32(TIMER1 + TimerLoad) = 1000;
    REG32(TIMER0 + TimerControl) = CTRL_EN | CTRL_INTEN | CTRL_32BIT | CTRL_ONESHOT;
    REG32(TIMER1 + TimerControl) = CTRL_EN | CTRL_PERIODIC | CTRL_INTEN | CTRL_32BIT;
    irq_enable();
    while (t1_count < 4) wfi();
    irq_disable();
    REG32(TIMER1 + TimerControl) = 0;
    print("oneshot: t0 %u t1 %u t0 value %x\n", t0_count, t1_count, REG32(TIMER0 + TimerValue));

    // Interrupt status without the enable bit: raw set, masked clear, no IRQ.
    REG32(TIMER0 + TimerIntClr) = 1;
    REG32(TIMER0 + TimerLoad) = 10;
    REG32(TIMER0 + TimerControl) = CTRL_EN | CTRL_32BIT | CTRL_ONESHOT;
    while (!REG32(TIMER0 + TimerRIS)) {
    }
    print("no inten: ris %x mis %x vic raw %x\n", REG32(TIMER0 + TimerRIS),
          REG32(TIMER0 + TimerMIS), REG32(VIC + VICRawIntr) & 0x10);
    REG32(TIMER0 + TimerControl) = 0;
    REG32(TIMER0 + TimerIntClr) = 1;
    REG32(VIC + VICIntEnClear) = 0xffffffff;
}

int main(void) {
    uart_puts("exceptions: start\n");
    test_swi();
    test_undef();
    test_aborts();
    test_vic();
    test_timer();
    return 0;
}
