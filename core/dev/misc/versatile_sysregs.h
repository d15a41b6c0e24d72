// Versatile/PB926EJ-S status and system control registers (user guide
// DUI0224, section 4.3), as QEMU 7.2's arm_sysctl models them for versatilepb.
//
// Implemented: SYS_ID, SYS_SW (reads 0), SYS_LED, SYS_OSC0-4 (stored; writable
// only while unlocked), SYS_LOCK (0xa05f unlocks; bit 16 reads 1 while locked),
// SYS_100HZ and SYS_24MHZ (both computed from virtual time), SYS_CFGDATA1/2,
// SYS_FLAGS/FLAGSSET/FLAGSCLR, SYS_NVFLAGS/NVFLAGSSET/NVFLAGSCLR (kept across
// reset), SYS_RESETCTL (with the lock open, a write with bit 8 set requests a
// board reset), SYS_PCICTL (reads 1), SYS_MCI (card-detect and write-protect
// inputs), SYS_CLCD (bits 13:8 read-only CLCDID = 0x1f for VGA, the rest
// read/write; bits 1:0 drive the PL110 format mux), SYS_PROCID0/1.
// Read as zero, writes ignored, as in QEMU: SYS_FLASH, SYS_CLCDSER, SYS_BOOTCS,
// SYS_MISC, SYS_DMAPSR0-2, SYS_IOSEL, SYS_PLDCTL, SYS_BUSID, SYS_OSCRESET0-4,
// SYS_TEST_OSC0-4. The Versatile Express SYS_CFGDATA/CFGCTRL/CFGSTAT block
// does not exist on this board (unknown offsets). Only PB926 behaviour is
// modelled (QEMU switches RESETCTL and CLCD on the board-ID field).
//
// Interface:
//   MMIO  one 4 KB region.
//   in    set_mmc_card_present(), set_mmc_write_protect() (SYS_MCI bits 0, 2).
//   out   on_reset_request() (board reset), on_clcd_mux(mode) (SYS_CLCD[1:0]).
#pragma once

#include <array>
#include <functional>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"
#include "core/sched/scheduler.h"

namespace bw {

class VersatileSysregs : public Device {
  public:
    static constexpr u32 kLockValue = 0xa05f;

    struct State {
        u32 leds = 0;              // SYS_LED
        std::array<u32, 5> osc{};  // SYS_OSC0..4
        u32 lockval = 0;           // SYS_LOCK[15:0]
        u32 cfgdata1 = 0;          // SYS_CFGDATA1
        u32 cfgdata2 = 0;          // SYS_CFGDATA2
        u32 flags = 0;             // SYS_FLAGS
        u32 nvflags = 0;           // SYS_NVFLAGS (survives reset)
        u32 resetlevel = 0;        // SYS_RESETCTL
        u32 mci = 0;               // SYS_MCI (driven by inputs)
        u32 clcd = 0x1f00;         // SYS_CLCD: CLCDID 0x1f = VGA display
    };

    VersatileSysregs(Scheduler& scheduler, u32 sys_id, u32 proc_id);

    const char* name() const override { return "versatile-sysregs"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    void set_mmc_card_present(bool present);
    void set_mmc_write_protect(bool wp);

    const State& state() const { return s_; }

    std::function<void()> on_reset_request;
    std::function<void(unsigned mode)> on_clcd_mux;

  private:
    bool unlocked() const { return s_.lockval == kLockValue; }

    Scheduler& sched_;
    u32 sys_id_;
    u32 proc_id_;
    State s_;
    OffsetLog bad_;
};

}  // namespace bw
