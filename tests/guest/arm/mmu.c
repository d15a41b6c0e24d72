// mmu: CP15 identification, ARMv5 translation with sections, coarse tables
// (small and large pages) and fine tables (tiny pages), remapping a page and a
// section with TLB maintenance, high vectors through a mapped 0xffff0000,
// the FCSE PID, and the cache maintenance operations Linux uses.
#include "common/mmu.h"

#include "common/bm.h"

static volatile u32 swi_seen;

void handle_swi(struct frame* f) {
    print("swi %x, vector base %x\n", *(volatile u32*)(f->pc - 4) & 0xffffff,
          (MRC(1, 0, 0, 0) & SCTLR_V) ? 0xffff0000u : 0u);
    swi_seen++;
}

void handle_undef(struct frame* f) { print("undef at %x: low vector table used\n", f->pc - 4); }

static void fill(u32 pa, u32 tag) {
    volatile u32* p = (volatile u32*)pa;
    for (u32 i = 0; i < 8; i++) p[i] = tag + i;
}

static u32 rd(u32 va) { return *(volatile u32*)va; }

static void test_ids(void) {
    print("midr %x ctr %x tcm %x sctlr %x\n", MRC(0, 0, 0, 0), MRC(0, 0, 0, 1), MRC(0, 0, 0, 2),
          MRC(1, 0, 0, 0));
}

static void test_translation(void) {
    mmu_flat_map();
    // Backing pages, written while the MMU is off.
    fill(0x00300000, 0x30000000);
    fill(0x00301000, 0x30100000);
    fill(0x00303000, 0x30300000);
    fill(0x00310000, 0x31000000);
    fill(0x0031f000, 0x31f00000);
    fill(0x00302000, 0x30200000);
    fill(0x00302c00, 0x302c0000);
    fill(0x00400000, 0x40000000);
    fill(0x00500000, 0x50000000);

    for (u32 i = 0; i < 256; i++) COARSE(0)[i] = 0;
    for (u32 i = 0; i < 1024; i++) FINE(0)[i] = 0;
    l1_coarse(0x30000000, COARSE(0), 0);
    coarse_small(COARSE(0), 0x30000000, 0x00300000, AP_RW);
    coarse_small(COARSE(0), 0x30001000, 0x00301000, AP_RW);
    coarse_large(COARSE(0), 0x30010000, 0x00310000, AP_RW);
    l1_fine(0x30100000, FINE(0), 0);
    fine_tiny(FINE(0), 0x30100000, 0x00302000, AP_RW);
    fine_tiny(FINE(0), 0x30100400, 0x00302c00, AP_RW);
    l1_section(0x40000000, 0x00400000, AP_RW, 0);
    mmu_enable(0x55555555);  // all domains client
    print("mmu on, sctlr %x ttbr %x dacr %x\n", MRC(1, 0, 0, 0), MRC(2, 0, 0, 0), MRC(3, 0, 0, 0));

    print("small %x %x large %x %x\n", rd(0x30000004), rd(0x30001008), rd(0x3001000c),
          rd(0x3001f010));
    print("tiny %x %x section %x\n", rd(0x30100014), rd(0x30100418), rd(0x4000001c));

    // Write through virtual, read the physical alias.
    *(volatile u32*)0x30001000 = 0xabad1dea;
    *(volatile u32*)0x30100404 = 0x7e57da7a;
    print("phys %x %x\n", rd(0x00301000), rd(0x00302c04));

    // Remap small page 0 to 0x303000: invalidate the one entry by address.
    coarse_small(COARSE(0), 0x30000000, 0x00303000, AP_RW);
    MCR(8, 0, 7, 1, 0x30000000);
    print("remapped page %x\n", rd(0x30000004));
    // Remap the section: invalidate the whole TLB.
    l1_section(0x40000000, 0x00500000, AP_RW, 0);
    MCR(8, 0, 7, 0, 0);
    print("remapped section %x\n", rd(0x40000004));
    // Unmap the large page, remap it as small pages pointing elsewhere.
    for (u32 i = 0; i < 16; i++) COARSE(0)[0x10 + i] = 0;
    coarse_small(COARSE(0), 0x30010000, 0x0031f000, AP_RW);
    MCR(8, 0, 5, 0, 0);  // instruction TLB
    MCR(8, 0, 6, 0, 0);  // data TLB
    print("large -> small %x\n", rd(0x30010000));
}

static void test_high_vectors(void) {
    // 0xfff00000 -> physical 0: the high table at 0xffff0000 is physical 0xf0000.
    l1_section(0xfff00000, 0x00000000, AP_RW, 0);
    tlb_flush();
    volatile u32* low = (volatile u32*)0;
    volatile u32* high = (volatile u32*)0x000f0000;
    for (u32 i = 0; i < 16; i++) high[i] = low[i];
    u32 saved = low[10];
    low[10] = low[9];  // a SWI through the low table now lands in the undef handler
    MCR(1, 0, 0, 0, MRC(1, 0, 0, 0) | SCTLR_V);
    asm volatile("swi 0x77" ::: "lr", "memory");
    MCR(1, 0, 0, 0, MRC(1, 0, 0, 0) & ~SCTLR_V);
    low[10] = saved;
    asm volatile("swi 0x78" ::: "lr", "memory");
    print("swi seen %u\n", swi_seen);
}

static void test_fcse(void) {
    // PID 2 relocates VA 0-32 MiB to MVA 0x04000000-0x05ffffff: map that back
    // to physical 0 except one MiB (VA 0x200000) which goes to 0x700000.
    for (u32 mb = 0; mb < 32; mb++) l1_section(0x04000000 + (mb << 20), mb << 20, AP_RW, 0);
    l1_section(0x04200000, 0x00700000, AP_RW, 0);
    fill(0x00700000, 0x70000000);
    fill(0x00200000, 0x20000000);
    tlb_flush();
    print("pid 0: %x\n", rd(0x00200004));
    MCR(13, 0, 0, 0, 2u << 25);
    print("pid %x: %x\n", MRC(13, 0, 0, 0), rd(0x00200004));
    MCR(13, 0, 0, 0, 0);
    print("pid 0 again: %x\n", rd(0x00200004));
}

static void test_cache_ops(void) {
    u32 flags;
    MCR(7, 0, 7, 0, 0);   // invalidate I and D caches
    MCR(7, 0, 10, 4, 0);  // drain write buffer
    MCR(7, 0, 5, 0, 0);   // invalidate I cache
    MCR(7, 0, 6, 1, 0x00300000);
    MCR(7, 0, 10, 1, 0x00300000);
    MCR(7, 0, 14, 1, 0x00300000);
    // Test, clean and invalidate: the Z flag says "all clean" (Linux loops on it).
    asm volatile(
        "msr cpsr_f, #0\n\t"
        "mrc p15, 0, APSR_nzcv, c7, c14, 3\n\t"
        "mrs %0, cpsr"
        : "=r"(flags)::"cc");
    print("test-clean-invalidate flags %x\n", flags >> 28);
    asm volatile(
        "msr cpsr_f, #0\n\t"
        "mrc p15, 0, APSR_nzcv, c7, c10, 3\n\t"
        "mrs %0, cpsr"
        : "=r"(flags)::"cc");
    print("test-clean flags %x\n", flags >> 28);
}

int main(void) {
    uart_puts("mmu: start\n");
    test_ids();
    test_translation();
    test_high_vectors();
    test_fcse();
    test_cache_ops();
    mmu_disable();
    print("mmu off, sctlr %x\n", MRC(1, 0, 0, 0));
    return 0;
}
