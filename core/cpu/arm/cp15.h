// ARM926EJ-S system control coprocessor (CP15), as QEMU's "arm926" CPU models it.
//
// Sources: ARM926EJ-S TRM (DDI0198E) chapter 2, ARM ARM (DDI0100I) B3/B4, and the
// register set QEMU 7.2 defines for arm926 (V5 + DUMMY_C15_REGS + CACHE_TEST_CLEAN).
//
// Implemented (MRC/MCR p15, opc1, Rd, CRn, CRm, opc2):
//   c0   c0,0,{0,4-7} main ID, c0,1 cache type, c0,2 TCM status (0), c0,3 TLB type (0),
//        c0,c3-c7 any and opc1=1 c0,c0 any read 0 (QEMU's dummies). Read only.
//   c1   c0,0 control. Writable: M A C B S R I V RR L4; others fixed at the reset value.
//   c2   c0,0 translation table base (stored as written; the walk uses bits 31:14).
//   c3   any encoding: domain access control (QEMU wildcards opc1/CRm/opc2).
//   c5   c0,0 DFSR, c0,1 IFSR.   c6  c0,0 FAR.
//   c7   opc1=0, any CRm/opc2: cache/write-buffer operations, write-only no-ops;
//        c0,4 and c8,2 wait for interrupt; c10,3 and c14,3 test-and-clean, read-only.
//   c8   any opc1/CRm, opc2 0-3: TLB invalidates, write-only.
//   c9   c0,0 / c0,1 D/I cache lockdown (read back); c1,0 / c1,1 TCM region (read 0:
//        this core has no TCM, see the TCM status register).
//   c10  CRm 0,1,4,8 any opc1/opc2, and c2,{0,1}: TLB lockdown, read 0, writes ignored.
//   c13  c0,0 FCSE PID (bits 31:25), c0,1 context ID.
//   c15  any encoding: test/debug, read 0, writes ignored.
// Everything else is UNDEFINED. Not implemented: caches, TCM, TLB lockdown, the
// big-endian B bit's effect (the CPU decides what to do with it).
//
// Privilege: every CP15 access from User mode is UNDEFINED except reads of the two
// test-and-clean operations (QEMU marks those PL0_R); see user_access_ok().
#pragma once

#include "core/common/types.h"

namespace bw::arm {

class Cp15 {
  public:
    enum Effect : unsigned {
        kFlushTlb = 1,          // cached translations are stale
        kWaitForInterrupt = 2,  // halt until an interrupt is pending
        kControlChanged = 4,    // c1 changed: re-read M/A/V/... derived state
    };

    static constexpr u32 kMainId = 0x41069265;     // QEMU arm926 MIDR
    static constexpr u32 kCacheType = 0x01dd20d2;  // 16 KB I + 16 KB D (QEMU ctr)
    // QEMU's reset_sctlr for arm926. The TRM gives 0x00050078 (SBO bit 18, not 19);
    // we follow QEMU so the guest sees the same value it does there.
    static constexpr u32 kControlReset = 0x00090078;

    // Control register bits (TRM 2.3.3).
    static constexpr u32 kM = 1u << 0;    // MMU enable
    static constexpr u32 kA = 1u << 1;    // alignment fault checking
    static constexpr u32 kC = 1u << 2;    // D cache
    static constexpr u32 kB = 1u << 7;    // big-endian (BE-32)
    static constexpr u32 kS = 1u << 8;    // system protection
    static constexpr u32 kR = 1u << 9;    // ROM protection
    static constexpr u32 kI = 1u << 12;   // I cache
    static constexpr u32 kV = 1u << 13;   // high exception vectors (0xffff0000)
    static constexpr u32 kRR = 1u << 14;  // round-robin cache replacement
    static constexpr u32 kL4 = 1u << 15;  // ARMv4 behaviour for loads to PC
    static constexpr u32 kControlWritable = kM | kA | kC | kB | kS | kR | kI | kV | kRR | kL4;

    // What MRC of c7,c10,3 / c7,c14,3 returns: only bit 30 set, so "MRC p15, 0, PC,
    // c7, c14, 3" (flags from bits 31:28) leaves Z set = "cache clean", ending the loop.
    static constexpr u32 kTestCleanDone = 1u << 30;

    void reset() { *this = Cp15(); }

    // MRC p15, opc1, Rd, CRn, CRm, opc2. Returns false if UNDEFINED.
    bool read(unsigned opc1, unsigned crn, unsigned crm, unsigned opc2, u32* value) const;
    // MCR. Sets *effects (bitmask of Effect, 0 if none). Returns false if UNDEFINED.
    bool write(unsigned opc1, unsigned crn, unsigned crm, unsigned opc2, u32 value,
               unsigned* effects);
    // Whether User mode may make this access (the CPU checks before read()/write()).
    static bool user_access_ok(bool is_read, unsigned opc1, unsigned crn, unsigned crm,
                               unsigned opc2);

    bool mmu_enabled() const { return control & kM; }
    bool alignment_check() const { return control & kA; }
    bool high_vectors() const { return control & kV; }
    // Modified virtual address: the FCSE PID replaces bits 31:25 of addresses below
    // 32 MB. QEMU applies this whether or not the MMU is on; so should the CPU.
    u32 fcse(u32 va) const { return va < 0x02000000 ? va | fcse_pid : va; }

    // Guest-visible state; reset() restores the values below.
    u32 control = kControlReset;
    u32 ttbr = 0;
    u32 dacr = 0;
    u32 fcse_pid = 0;  // bits 31:25 only
    u32 context_id = 0;
    u32 dcache_lockdown = 0;
    u32 icache_lockdown = 0;
    u32 dfsr = 0, ifsr = 0, far = 0;  // the CPU writes these on aborts
};

}  // namespace bw::arm
