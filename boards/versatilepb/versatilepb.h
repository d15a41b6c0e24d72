// QEMU's "versatilepb": ARM Versatile/PB926EJ-S, as hw/arm/versatilepb.c builds it.
//
// Present: RAM at 0 (up to 256 MB), system registers, PL190 VIC + Versatile SIC,
// two SP804 dual timers (1 MHz), four PL011 UARTs, PL031 RTC, Versatile I2C
// with a DS1338 RTC at address 0x68, PL050 KMIs at 0x10006000 (keyboard, SIC 3) and
// 0x10007000 (mouse, SIC 4) with a PS/2 keyboard and mouse (the machine's InputRouter
// feeds them), the PL110 CLCD (Versatile variant) at 0x10120000 (VIC 16; the system
// registers' SYS_CLCD[1:0] drive its 16-bit format mux; display() returns it),
// SMC91C111 Ethernet at 0x10010000 (SIC 25;
// the first NIC of model "smc91c111" or unnamed, or the default NIC when the
// configuration lists none; its frames go through net_hub(i)), PL041 AACI with
// an LM4549 codec at 0x10004000 (SIC 24, QEMU's 512-entry FIFO; sound to
// Machine::audio).
// Absent for now (reads 0, writes ignored, logged as guest errors): PCI host
// (so no second NIC), PL181 MMCI, PL080
// DMA, PL061 GPIO, flash. Linux binds AMBA devices by their PrimeCell IDs, so an
// absent device reads ID 0 and is simply not probed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "boards/loaders/arm_boot.h"
#include "boards/machine_config.h"
#include "core/cpu/arm/arm_cpu.h"
#include "core/dev/audio/pl041.h"
#include "core/dev/display/pl110.h"
#include "core/dev/i2c/versatile_i2c.h"
#include "core/dev/input/pl050.h"
#include "core/dev/input/ps2_keyboard.h"
#include "core/dev/input/ps2_mouse.h"
#include "core/dev/intc/pl190.h"
#include "core/dev/intc/versatile_sic.h"
#include "core/dev/misc/versatile_sysregs.h"
#include "core/dev/net/smc91c111.h"
#include "core/dev/rtc/ds1338.h"
#include "core/dev/rtc/pl031.h"
#include "core/dev/timer/sp804.h"
#include "core/dev/uart/pl011.h"
#include "core/machine.h"

namespace bw {

class VersatilePb : public Machine {
  public:
    // Validates |config|, loads the images and powers on; null + |error| on failure.
    static std::unique_ptr<Machine> create(const MachineConfig& config, std::string* error);

    void reset() override;
    DisplaySource* display() override { return &clcd_; }

    arm::ArmCpu& cpu() { return arm_; }
    Smc91c111* smc91c111() { return smc_.get(); }
    Pl110& clcd() { return clcd_; }
    Pl050& kmi(int n) { return n ? kmi1_ : kmi0_; }
    Pl041& aaci() { return aaci_; }

  private:
    // The RTCs' start: -rtc base, else the host's clock.
    u64 start_unix_time() const;
    explicit VersatilePb(u32 ram_size);
    void wire_interrupts();
    bool load_images(std::string* error);
    bool create_nics(std::string* error);

    std::vector<u8> ram_;
    arm::ArmCpu arm_;
    Pl190 vic_;
    VersatileSic sic_;
    VersatileSysregs sysregs_;
    Sp804 timer01_;
    Sp804 timer23_;
    std::vector<std::unique_ptr<Pl011>> uarts_;
    Pl031 rtc_;
    VersatileI2c i2c_;
    Ds1338 ds1338_;
    Ps2Keyboard ps2_kbd_;
    Ps2Mouse ps2_mouse_;
    Pl050 kmi0_{ps2_kbd_};
    Pl050 kmi1_{ps2_mouse_};
    Pl110 clcd_;
    Pl041 aaci_;
    std::unique_ptr<Smc91c111> smc_;
    MachineConfig config_;
    ArmBootResult boot_;
};

}  // namespace bw
