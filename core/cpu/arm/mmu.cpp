// ARMv5 translation table walk. See mmu.h for scope and the QEMU-vs-ARM-ARM choices.
#include "core/cpu/arm/mmu.h"

namespace bw::arm {

namespace {

struct Perms {
    bool read = false, write = false;
};

// Access permissions for one privilege level in a client domain (ARM ARM B4.4.1).
Perms ap_perms(u32 ap, u32 control, bool privileged) {
    switch (ap) {
        case 0:
            // Only the S and R bits grant anything, and never write.
            switch (control & (Cp15::kS | Cp15::kR)) {
                case Cp15::kS: return {privileged, false};
                case Cp15::kR: return {true, false};
                default: return {};  // neither, or both (UNPREDICTABLE: QEMU denies)
            }
        case 1: return {privileged, privileged};
        case 2: return {true, privileged};
        default: return {true, true};
    }
}

}  // namespace

u32 mmu_translate(const Cp15& cp15, Bus& bus, u32 mva, Access access, bool privileged,
                  WalkResult* out) {
    if (!cp15.mmu_enabled()) {
        *out = {mva, 4096, true, true, true, true};
        return 0;
    }

    u32 l1_addr = (cp15.ttbr & 0xffffc000) | ((mva >> 20) << 2);
    u32 l1 = bus.read32(l1_addr);
    u32 type = l1 & 3;
    u32 domain = (l1 >> 5) & 0xf;
    u32 fault_domain = domain << 4;
    if (type == 0) return kFsrTranslationSection | fault_domain;

    bool section = type == 2;
    u32 domain_access = (cp15.dacr >> (domain * 2)) & 3;
    if (domain_access == 0 || domain_access == 2) {
        return (section ? kFsrDomainSection : kFsrDomainPage) | fault_domain;
    }

    u32 pa, page_size, ap;
    if (section) {
        pa = (l1 & 0xfff00000) | (mva & 0x000fffff);
        page_size = 1u << 20;
        ap = (l1 >> 10) & 3;
    } else {
        u32 l2_addr = type == 1 ? (l1 & 0xfffffc00) | ((mva >> 10) & 0x3fc)  // coarse
                                : (l1 & 0xfffff000) | ((mva >> 8) & 0xffc);  // fine
        u32 l2 = bus.read32(l2_addr);
        switch (l2 & 3) {
            case 0: return kFsrTranslationPage | fault_domain;
            case 1:  // large: AP3..AP0 for the 16 KB subpages, chosen by mva[15:14]
                pa = (l2 & 0xffff0000) | (mva & 0xffff);
                page_size = 1u << 16;
                ap = (l2 >> (4 + ((mva >> 13) & 6))) & 3;
                break;
            case 2:  // small: AP3..AP0 for the 1 KB subpages, chosen by mva[11:10]
                pa = (l2 & 0xfffff000) | (mva & 0xfff);
                page_size = 1u << 12;
                ap = (l2 >> (4 + ((mva >> 9) & 6))) & 3;
                break;
            default:
                // Tiny pages exist only in fine tables; QEMU faults them in coarse ones.
                if (type == 1) return kFsrTranslationPage | fault_domain;
                pa = (l2 & 0xfffffc00) | (mva & 0x3ff);
                page_size = 1u << 10;
                ap = (l2 >> 4) & 3;
                break;
        }
    }

    Perms priv{true, true}, user{true, true};
    if (domain_access == 1) {  // client: AP decides; manager: everything allowed
        priv = ap_perms(ap, cp15.control, true);
        user = ap_perms(ap, cp15.control, false);
    }
    const Perms& mine = privileged ? priv : user;
    bool allowed = access == Access::Write ? mine.write : mine.read;
    if (!allowed) return (section ? kFsrPermissionSection : kFsrPermissionPage) | fault_domain;

    *out = {pa, page_size, priv.read, priv.write, user.read, user.write};
    return 0;
}

}  // namespace bw::arm
