// ARMv5 (ARM926EJ-S) translation tables for the bare-metal tests. The level 1
// table sits at 0x100000, coarse tables at 0x104000 (1 KiB each), fine tables
// at 0x108000 (4 KiB each): all inside the first MiB of RAM after the stacks.
#pragma once
#include "bm.h"

#define L1_TABLE ((volatile u32*)0x100000)
#define COARSE(n) ((volatile u32*)(0x104000 + 0x400 * (n)))
#define FINE(n) ((volatile u32*)(0x108000 + 0x1000 * (n)))

#define AP_NONE 0u  // privileged/user access decided by the S and R bits
#define AP_PRIV 1u  // privileged read/write, user none
#define AP_URO 2u   // privileged read/write, user read-only
#define AP_RW 3u    // read/write for both

#define SCTLR_M (1u << 0)
#define SCTLR_A (1u << 1)
#define SCTLR_S (1u << 8)
#define SCTLR_R (1u << 9)
#define SCTLR_V (1u << 13)

static inline void l1_section(u32 va, u32 pa, u32 ap, u32 dom) {
    L1_TABLE[va >> 20] = (pa & 0xfff00000u) | (ap << 10) | (dom << 5) | (1u << 4) | 2u;
}
static inline void l1_coarse(u32 va, volatile u32* table, u32 dom) {
    L1_TABLE[va >> 20] = ((u32)table & 0xfffffc00u) | (dom << 5) | (1u << 4) | 1u;
}
static inline void l1_fine(u32 va, volatile u32* table, u32 dom) {
    L1_TABLE[va >> 20] = ((u32)table & 0xfffff000u) | (dom << 5) | (1u << 4) | 3u;
}
// A small (4 KiB) page in a coarse table; all four subpages get the same AP.
static inline void coarse_small(volatile u32* t, u32 va, u32 pa, u32 ap) {
    t[(va >> 12) & 0xff] = (pa & 0xfffff000u) | (ap << 10) | (ap << 8) | (ap << 6) | (ap << 4) | 2u;
}
// A large (64 KiB) page: 16 identical entries.
static inline void coarse_large(volatile u32* t, u32 va, u32 pa, u32 ap) {
    for (u32 i = 0; i < 16; i++)
        t[((va >> 12) & 0xf0) + i] =
            (pa & 0xffff0000u) | (ap << 10) | (ap << 8) | (ap << 6) | (ap << 4) | 1u;
}
// A tiny (1 KiB) page in a fine table.
static inline void fine_tiny(volatile u32* t, u32 va, u32 pa, u32 ap) {
    t[(va >> 10) & 0x3ff] = (pa & 0xfffffc00u) | (ap << 4) | 3u;
}

static inline void tlb_flush(void) { MCR(8, 0, 7, 0, 0); }

// Identity map: RAM 0-128 MiB and the versatilepb I/O at 0x10000000-0x101fffff,
// read/write, domain 0; everything else faults.
static inline void mmu_flat_map(void) {
    for (u32 i = 0; i < 4096; i++) L1_TABLE[i] = 0;
    for (u32 mb = 0; mb < 128; mb++) l1_section(mb << 20, mb << 20, AP_RW, 0);
    l1_section(0x10000000, 0x10000000, AP_RW, 0);
    l1_section(0x10100000, 0x10100000, AP_RW, 0);
}

static inline void mmu_enable(u32 dacr) {
    MCR(2, 0, 0, 0, (u32)L1_TABLE);
    MCR(3, 0, 0, 0, dacr);
    tlb_flush();
    MCR(1, 0, 0, 0, MRC(1, 0, 0, 0) | SCTLR_M);
}

static inline void mmu_disable(void) {
    MCR(1, 0, 0, 0, MRC(1, 0, 0, 0) & ~SCTLR_M);
    tlb_flush();
}
