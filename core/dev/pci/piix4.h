// Intel 82371AB (PIIX4) PCI functions, as QEMU 7.2's hw/isa/piix4.c,
// hw/ide/piix.c, hw/usb/hcd-uhci.c and hw/acpi/piix4.c present them to
// configuration cycles on malta.
//
// Piix4Isa (function 0, 8086:7110, ISA bridge, multifunction): QEMU's reset
// values (PIRQRC[A-D] = 10, 10, 11, 11, TOM, SERIRQ control, ...), PIRQRC
// routing of the four PCI interrupt lines to ISA IRQs (bit 7 disables a
// route; an ISA line is the OR of every PIRQ routed to it), and the Reset
// Control Register (port 0xcf9) as a tiny device (bit 2 requests a reset).
// The i8259 pair, PIT and RTC behind it are separate devices the board maps.
// Piix4Ide (function 1, 8086:7111): legacy-mode IDE (prog-if 0x80), IDETIM
// registers 0x40-0x43 writable (Linux sets the decode enables); the bus
// master BAR4 is absent, so Linux uses PIO.
// Piix4Usb (function 2, 8086:7112, revision 1): the UHCI controller (see
// core/dev/usb/uhci.h) on INTD#, SBRNUM 0x10, LEGSUP (0xc0) writable.
// Piix4Pm (function 3, 8086:7113): PMBA (0x40) and PMREGMISC (0x80), SMBus
// base (0x90) and SMBHSTCFG (0xd2) as QEMU's defaults, writable; no PM or
// SMBus I/O registers behind them.
#pragma once

#include <array>
#include <functional>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/pci/pci_device.h"
#include "core/dev/usb/uhci.h"

namespace bw {

class Piix4Isa : public PciDevice {
  public:
    static constexpr u32 PIRQRC = 0x60;  // PIRQRC[A-D] at 0x60-0x63

    // The reset control register at 0xcf9 (byte port).
    class ResetControl : public Device {
      public:
        const char* name() const override { return "piix4-rcr"; }
        void reset() override { rcr_ = 0; }
        u32 read(u32 offset, unsigned size) override { return rcr_; }
        void write(u32 offset, u32 value, unsigned size) override;
        std::function<void()> on_reset_request;

      private:
        u8 rcr_ = 0;
    };

    Piix4Isa();
    const char* name() const override { return "piix4-isa"; }
    void reset() override;
    void config_write(u32 offset, u32 value, unsigned size) override;

    // PCI interrupt line |pirq| (0 = PIRQA .. 3 = PIRQD) at |level|.
    void set_pirq(int pirq, bool level);
    // Which PIRQ a device's INTx# reaches on malta (QEMU's pci_slot_get_pirq):
    // |slot| is the PCI device number, |pin| 0 = INTA#.
    static int malta_slot_pirq(int slot, int pin);

    ResetControl& reset_control() { return rcr_; }

    // Drives ISA IRQ |irq| (the board connects it to I8259Pair::set_irq).
    std::function<void(int irq, bool level)> isa_irq;

  private:
    void route();

    std::array<bool, 4> pirq_level_{};
    std::array<bool, 16> driven_{};  // ISA lines currently driven high by PIRQs
    ResetControl rcr_;
};

class Piix4Ide : public PciDevice {
  public:
    Piix4Ide();
    const char* name() const override { return "piix4-ide"; }
};

class Piix4Usb : public Uhci {
  public:
    explicit Piix4Usb(Scheduler& scheduler);
    const char* name() const override { return "piix4-usb"; }
};

class Piix4Pm : public PciDevice {
  public:
    Piix4Pm();
    const char* name() const override { return "piix4-pm"; }
    // PM I/O base (PMBA) if enabled in PMREGMISC, else 0; SMBus base if enabled.
    u32 pm_base() const;
    u32 smbus_base() const;
};

}  // namespace bw
