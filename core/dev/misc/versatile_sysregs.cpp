#include "core/dev/misc/versatile_sysregs.h"

namespace bw {

namespace {

enum : u32 {
    SYS_ID = 0x00,
    SYS_SW = 0x04,
    SYS_LED = 0x08,
    SYS_OSC0 = 0x0c,
    SYS_OSC4 = 0x1c,
    SYS_LOCK = 0x20,
    SYS_100HZ = 0x24,
    SYS_CFGDATA1 = 0x28,
    SYS_CFGDATA2 = 0x2c,
    SYS_FLAGS = 0x30,  // write: SYS_FLAGSSET
    SYS_FLAGSCLR = 0x34,
    SYS_NVFLAGS = 0x38,  // write: SYS_NVFLAGSSET
    SYS_NVFLAGSCLR = 0x3c,
    SYS_RESETCTL = 0x40,
    SYS_PCICTL = 0x44,
    SYS_MCI = 0x48,
    SYS_FLASH = 0x4c,
    SYS_CLCD = 0x50,
    SYS_CLCDSER = 0x54,
    SYS_BOOTCS = 0x58,
    SYS_24MHZ = 0x5c,
    SYS_MISC = 0x60,
    SYS_DMAPSR0 = 0x64,
    SYS_DMAPSR1 = 0x68,
    SYS_DMAPSR2 = 0x6c,
    SYS_IOSEL = 0x70,
    SYS_PLDCTL = 0x74,
    SYS_BUSID = 0x80,
    SYS_PROCID0 = 0x84,
    SYS_PROCID1 = 0x88,
    SYS_OSCRESET0 = 0x8c,
    SYS_OSCRESET4 = 0x9c,
    SYS_TEST_OSC0 = 0xc0,
    SYS_TEST_OSC4 = 0xd0,
};

constexpr u32 kLockedBit = 1u << 16;
constexpr u32 kResetBit = 1u << 8;      // PB926 SYS_RESETCTL: request a reset
constexpr u32 kClcdReadOnly = 0x3f00;   // CLCDID
constexpr u32 kMciCardIn = 1u << 0;     // MCI0 card detect
constexpr u32 kMciWriteProt = 1u << 2;  // MCI0 write protect (PB926 position)

}  // namespace

VersatileSysregs::VersatileSysregs(Scheduler& scheduler, u32 sys_id, u32 proc_id)
    : sched_(scheduler), sys_id_(sys_id), proc_id_(proc_id) {
    reset();
}

void VersatileSysregs::reset() {
    // Non-volatile flags and the MMC socket wires are not reset.
    u32 nvflags = s_.nvflags;
    u32 mci = s_.mci;
    s_ = State{};
    s_.nvflags = nvflags;
    s_.mci = mci;
}

void VersatileSysregs::set_mmc_card_present(bool present) {
    s_.mci = present ? (s_.mci | kMciCardIn) : (s_.mci & ~kMciCardIn);
}

void VersatileSysregs::set_mmc_write_protect(bool wp) {
    s_.mci = wp ? (s_.mci | kMciWriteProt) : (s_.mci & ~kMciWriteProt);
}

u32 VersatileSysregs::read(u32 offset, unsigned) {
    offset &= ~3u;
    if (offset >= SYS_OSC0 && offset <= SYS_OSC4) return s_.osc[(offset - SYS_OSC0) >> 2];
    if ((offset >= SYS_OSCRESET0 && offset <= SYS_OSCRESET4) ||
        (offset >= SYS_TEST_OSC0 && offset <= SYS_TEST_OSC4))
        return 0;
    switch (offset) {
        case SYS_ID: return sys_id_;
        case SYS_SW: return 0;  // no user switches to expose
        case SYS_LED: return s_.leds;
        case SYS_LOCK: return s_.lockval | (unlocked() ? 0 : kLockedBit);
        case SYS_100HZ: return u32(sched_.now() / 10000000);
        case SYS_CFGDATA1: return s_.cfgdata1;
        case SYS_CFGDATA2: return s_.cfgdata2;
        case SYS_FLAGS: return s_.flags;
        case SYS_NVFLAGS: return s_.nvflags;
        case SYS_RESETCTL: return s_.resetlevel;
        case SYS_PCICTL: return 1;
        case SYS_MCI: return s_.mci;
        case SYS_CLCD: return s_.clcd;
        case SYS_24MHZ: return u32((unsigned __int128)sched_.now() * 24000000 / 1000000000);
        case SYS_PROCID0: return proc_id_;
        case SYS_PROCID1: return 0xff000000;
        case SYS_FLASH:
        case SYS_CLCDSER:
        case SYS_BOOTCS:
        case SYS_MISC:
        case SYS_DMAPSR0:
        case SYS_DMAPSR1:
        case SYS_DMAPSR2:
        case SYS_IOSEL:
        case SYS_PLDCTL:
        case SYS_BUSID: return 0;
        default: bad_.bad_read(name(), offset); return 0;
    }
}

void VersatileSysregs::write(u32 offset, u32 value, unsigned) {
    offset &= ~3u;
    if (offset >= SYS_OSC0 && offset <= SYS_OSC4) {
        if (unlocked()) s_.osc[(offset - SYS_OSC0) >> 2] = value;
        return;
    }
    if ((offset >= SYS_OSCRESET0 && offset <= SYS_OSCRESET4) ||
        (offset >= SYS_TEST_OSC0 && offset <= SYS_TEST_OSC4))
        return;
    switch (offset) {
        case SYS_LED: s_.leds = value; break;
        case SYS_LOCK: s_.lockval = value == kLockValue ? value : (value & 0x7fff); break;
        case SYS_CFGDATA1: s_.cfgdata1 = value; break;
        case SYS_CFGDATA2: s_.cfgdata2 = value; break;
        case SYS_FLAGS: s_.flags |= value; break;
        case SYS_FLAGSCLR: s_.flags &= ~value; break;
        case SYS_NVFLAGS: s_.nvflags |= value; break;
        case SYS_NVFLAGSCLR: s_.nvflags &= ~value; break;
        case SYS_RESETCTL:
            if (!unlocked()) break;
            s_.resetlevel = value;
            if ((value & kResetBit) && on_reset_request) on_reset_request();
            break;
        case SYS_CLCD:
            s_.clcd = (s_.clcd & kClcdReadOnly) | (value & ~kClcdReadOnly);
            if (on_clcd_mux) on_clcd_mux(value & 3);
            break;
        // Read-only or not modelled; writes ignored as in QEMU.
        case SYS_ID:
        case SYS_SW:
        case SYS_100HZ:
        case SYS_24MHZ:
        case SYS_PCICTL:
        case SYS_MCI:
        case SYS_FLASH:
        case SYS_CLCDSER:
        case SYS_BOOTCS:
        case SYS_MISC:
        case SYS_DMAPSR0:
        case SYS_DMAPSR1:
        case SYS_DMAPSR2:
        case SYS_IOSEL:
        case SYS_PLDCTL:
        case SYS_BUSID:
        case SYS_PROCID0:
        case SYS_PROCID1: break;
        default: bad_.bad_write(name(), offset); break;
    }
}

}  // namespace bw
