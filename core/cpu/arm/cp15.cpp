// ARM926EJ-S CP15: register decode. See cp15.h for the encoding map.
#include "core/cpu/arm/cp15.h"

#include "core/common/log.h"

namespace bw::arm {

namespace {

// c10 TLB lockdown encodings QEMU accepts on pre-v7 cores (all NOPs).
bool is_tlb_lockdown(unsigned opc1, unsigned crm, unsigned opc2) {
    if (crm == 0 || crm == 1 || crm == 4 || crm == 8) return true;
    return crm == 2 && opc1 == 0 && opc2 <= 1;  // PRRR/NMRR, NOP before v7
}

bool is_test_clean(unsigned opc1, unsigned crn, unsigned crm, unsigned opc2) {
    return opc1 == 0 && crn == 7 && (crm == 10 || crm == 14) && opc2 == 3;
}

void log_undefined(const char* op, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2) {
    log_message(LogCategory::GuestError, "cp15: UNDEFINED %s p15, %u, <Rd>, c%u, c%u, %u", op, opc1,
                crn, crm, opc2);
}

}  // namespace

bool Cp15::user_access_ok(bool is_read, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2) {
    return is_read && is_test_clean(opc1, crn, crm, opc2);
}

bool Cp15::read(unsigned opc1, unsigned crn, unsigned crm, unsigned opc2, u32* value) const {
    u32 v = 0;
    bool ok = false;
    switch (crn) {
        case 0:
            if (opc1 == 0 && crm == 0) {
                ok = true;
                switch (opc2) {
                    case 1: v = kCacheType; break;
                    case 2: v = 0; break;  // TCM status: no ITCM/DTCM
                    case 3: v = 0; break;  // TLB type: unified
                    default: v = kMainId; break;
                }
            } else if (opc1 == 0 && crm >= 3) {
                ok = true;  // v6 ID space, RAZ in QEMU so Linux probes find nothing
            } else if (opc1 == 1 && crm == 0) {
                ok = true;  // v7 cache ID registers; Linux reads them anyway
            }
            break;
        case 1:
            if (opc1 == 0 && crm == 0 && opc2 == 0) v = control, ok = true;
            break;
        case 2:
            if (opc1 == 0 && crm == 0 && opc2 == 0) v = ttbr, ok = true;
            break;
        case 3: v = dacr, ok = true; break;
        case 5:
            if (opc1 == 0 && crm == 0 && opc2 == 0) v = dfsr, ok = true;
            if (opc1 == 0 && crm == 0 && opc2 == 1) v = ifsr, ok = true;
            break;
        case 6:
            if (opc1 == 0 && crm == 0 && opc2 == 0) v = far, ok = true;
            break;
        case 7:
            if (is_test_clean(opc1, crn, crm, opc2)) v = kTestCleanDone, ok = true;
            break;
        case 9:
            if (opc1 == 0 && crm == 0 && opc2 == 0) v = dcache_lockdown, ok = true;
            if (opc1 == 0 && crm == 0 && opc2 == 1) v = icache_lockdown, ok = true;
            if (opc1 == 0 && crm == 1 && opc2 <= 1) v = 0, ok = true;  // TCM region
            break;
        case 10: ok = is_tlb_lockdown(opc1, crm, opc2); break;
        case 13:
            if (opc1 == 0 && crm == 0 && opc2 == 0) v = fcse_pid, ok = true;
            if (opc1 == 0 && crm == 0 && opc2 == 1) v = context_id, ok = true;
            break;
        case 15: ok = true; break;
        default: break;
    }
    if (!ok) {
        log_undefined("MRC", opc1, crn, crm, opc2);
        return false;
    }
    *value = v;
    return true;
}

bool Cp15::write(unsigned opc1, unsigned crn, unsigned crm, unsigned opc2, u32 value,
                 unsigned* effects) {
    *effects = 0;
    bool ok = false;
    switch (crn) {
        case 1:
            if (opc1 == 0 && crm == 0 && opc2 == 0) {
                ok = true;
                u32 next = (control & ~kControlWritable) | (value & kControlWritable);
                if (next != control) {
                    // Linux rewrites c1 often; only real changes cost a flush.
                    *effects |= kControlChanged;
                    if ((next ^ control) & (kM | kS | kR)) *effects |= kFlushTlb;
                    control = next;
                }
            }
            break;
        case 2:
            if (opc1 == 0 && crm == 0 && opc2 == 0) {
                ok = true;
                if (value != ttbr) *effects |= kFlushTlb;
                ttbr = value;
            }
            break;
        case 3:
            ok = true;
            if (value != dacr) *effects |= kFlushTlb;
            dacr = value;
            break;
        case 5:
            if (opc1 == 0 && crm == 0 && opc2 == 0) dfsr = value, ok = true;
            if (opc1 == 0 && crm == 0 && opc2 == 1) ifsr = value, ok = true;
            break;
        case 6:
            if (opc1 == 0 && crm == 0 && opc2 == 0) far = value, ok = true;
            break;
        case 7:
            // Cache and write-buffer maintenance: nothing to do without caches.
            if (opc1 == 0 && !is_test_clean(opc1, crn, crm, opc2)) {
                ok = true;
                if ((crm == 0 && opc2 == 4) || (crm == 8 && opc2 == 2)) {
                    *effects |= kWaitForInterrupt;
                }
            }
            break;
        case 8:
            // TLB invalidate all / by MVA / by ASID / by MVA all ASIDs: all flush.
            if (opc2 <= 3) {
                ok = true;
                *effects |= kFlushTlb;
            }
            break;
        case 9:
            if (opc1 == 0 && crm == 0 && opc2 == 0) dcache_lockdown = value, ok = true;
            if (opc1 == 0 && crm == 0 && opc2 == 1) icache_lockdown = value, ok = true;
            if (opc1 == 0 && crm == 1 && opc2 <= 1) ok = true;  // no TCM to place
            break;
        case 10: ok = is_tlb_lockdown(opc1, crm, opc2); break;
        case 13:
            if (opc1 == 0 && crm == 0 && opc2 == 0) {
                ok = true;
                u32 pid = value & 0xfe000000;
                if (pid != fcse_pid) *effects |= kFlushTlb;  // MVAs below 32 MB move
                fcse_pid = pid;
            }
            if (opc1 == 0 && crm == 0 && opc2 == 1) context_id = value, ok = true;
            break;
        case 15: ok = true; break;
        default: break;  // c0 is read-only; c4, c11, c12, c14 do not exist
    }
    if (!ok) log_undefined("MCR", opc1, crn, crm, opc2);
    return ok;
}

}  // namespace bw::arm
