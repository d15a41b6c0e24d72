// ARMv5 MMU translation table walk (ARM ARM DDI0100I B3/B4, ARM926EJ-S TRM ch. 3),
// following QEMU's get_phys_addr_v5().
//
// Implemented: first-level fault/coarse/section/fine descriptors; large (64 KB),
// small (4 KB) and tiny (1 KB, fine tables only) pages with per-subpage AP; domains
// (DACR) and AP under the control register's S and R bits; fault status codes.
// Not implemented: TLB (the CPU caches results), cache/buffer attributes (C/B bits
// are ignored), alignment faults (the CPU raises those), external aborts on the walk
// (unmapped physical memory reads 0, which is a fault descriptor).
//
// Where the ARM ARM leaves a choice, this does what QEMU does:
// - the domain is checked straight after the first-level fetch, so a page in a
//   no-access domain gives a page domain fault even if its second-level entry is
//   invalid (ARM ARM order would give a page translation fault);
// - a first-level translation fault reports bits 8:5 of the faulting descriptor as
//   its domain (the ARM ARM says the domain is not valid for it);
// - DACR value 0b10 (reserved) acts as no access (domain fault);
// - AP = 0b00 with S = R = 1 (UNPREDICTABLE) gives no access;
// - a tiny-page descriptor in a coarse table (UNPREDICTABLE) is a page translation
//   fault.
#pragma once

#include "core/common/types.h"
#include "core/cpu/arm/cp15.h"
#include "core/mem/bus.h"

namespace bw::arm {

enum class Access { Read, Write, Fetch };

// Fault status (FSR bits 3:0). The domain goes in bits 7:4.
enum FaultStatus : u32 {
    kFsrAlignment = 0x1,
    kFsrTranslationSection = 0x5,
    kFsrTranslationPage = 0x7,
    kFsrDomainSection = 0x9,
    kFsrDomainPage = 0xb,
    kFsrPermissionSection = 0xd,
    kFsrPermissionPage = 0xf,
};

struct WalkResult {
    u32 pa = 0;         // physical address of mva
    u32 page_size = 0;  // 1 MB, 64 KB, 4 KB or 1 KB (4 KB with the MMU off)
    // Permissions of this mapping (of mva's subpage) under the current DACR, S and
    // R, for both privilege levels, so one walk can fill a TLB entry for both.
    // Instruction fetch needs read permission (no execute-never in ARMv5).
    bool priv_read = false, priv_write = false, user_read = false, user_write = false;
};

// Translate a modified virtual address (after Cp15::fcse). Returns 0 and fills *out
// on success, else the FSR value (status | domain << 4) for the abort. With the MMU
// disabled, the mapping is flat with every permission.
u32 mmu_translate(const Cp15& cp15, Bus& bus, u32 mva, Access access, bool privileged,
                  WalkResult* out);

}  // namespace bw::arm
