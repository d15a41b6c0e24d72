#include "core/dev/pci/piix4.h"

namespace bw {

// ---- function 0: ISA bridge -------------------------------------------------

void Piix4Isa::ResetControl::write(u32, u32 value, unsigned) {
    if (value & 4) {
        if (on_reset_request) on_reset_request();
        return;
    }
    rcr_ = value & 2;  // keep the system-reset type only
}

Piix4Isa::Piix4Isa() : PciDevice(0x8086, 0x7110, 0x060100, 0x00, true) {
    set_default(COMMAND, 0x0007, 2);  // I/O, memory, master
    set_default(STATUS, 0x0200, 2);   // medium DEVSEL
    set_default(0x4c, 0x4d, 1);       // IORT
    set_default(0x4e, 0x03, 1);       // XBCS
    set_default(PIRQRC + 0, 0x0a, 1);
    set_default(PIRQRC + 1, 0x0a, 1);
    set_default(PIRQRC + 2, 0x0b, 1);
    set_default(PIRQRC + 3, 0x0b, 1);
    set_default(0x69, 0x02, 1);  // TOM
    set_default(0x70, 0x80, 1);  // MBIRQ0 disabled
    set_default(0x76, 0x0c, 1);  // MBDMA
    set_default(0x77, 0x0c, 1);
    set_default(0x78, 0x02, 1);  // PCSC
    set_default(0xa0, 0x08, 1);  // SMICNTL
    set_default(0xa8, 0x0f, 1);
    // Chip configuration registers 0x40-0xff are read/write on the real part.
    for (u32 o = 0x40; o < 0x100; o++) set_writable(o, 0xff, 1);
    set_writable(COMMAND, 0x015f, 2);  // PIIX4 also takes special cycles
    reset();
}

void Piix4Isa::reset() {
    PciDevice::reset();
    rcr_.reset();
    route();
}

void Piix4Isa::config_write(u32 offset, u32 value, unsigned size) {
    PciDevice::config_write(offset, value, size);
    if (offset < PIRQRC + 4 && offset + size > PIRQRC) route();
}

void Piix4Isa::set_pirq(int pirq, bool level) {
    if (pirq < 0 || pirq > 3) return;
    pirq_level_[pirq] = level;
    route();
}

// Recompute every ISA line fed by PIRQs: a line is the OR of the PIRQs routed to it.
void Piix4Isa::route() {
    std::array<bool, 16> want{};
    for (int i = 0; i < 4; i++) {
        u8 r = config_[PIRQRC + i];
        if (r & 0x80) continue;  // routing disabled
        if (pirq_level_[i]) want[r & 0x0f] = true;
    }
    for (int irq = 0; irq < 16; irq++) {
        if (want[irq] == driven_[irq]) continue;
        driven_[irq] = want[irq];
        if (isa_irq) isa_irq(irq, want[irq]);
    }
}

int Piix4Isa::malta_slot_pirq(int slot, int pin) {
    switch (slot) {
        case 10: return 3;  // PIIX4 USB
        case 11: return 1;  // AMD 79C973 Ethernet
        case 12: return 2;  // Crystal 4281 sound
        default:
            if (slot >= 18 && slot <= 21) return ((slot - 18) + pin) & 3;  // PCI slots 1-4
            return pin & 3;
    }
}

// ---- function 1: IDE ----------------------------------------------------------

Piix4Ide::Piix4Ide() : PciDevice(0x8086, 0x7111, 0x010180, 0x00) {
    set_default(STATUS, 0x0280, 2);
    // IDETIM primary/secondary, SIDETIM, UDMACTL/UDMATIM, IDE config.
    set_writable(0x40, 0xffffffff, 4);
    set_writable(0x44, 0xff, 1);
    set_writable(0x48, 0xff, 1);
    set_writable(0x4a, 0xffff, 2);
    reset();
}

// ---- function 2: USB (the UHCI controller) ----------------------------------

Piix4Usb::Piix4Usb(Scheduler& scheduler) : Uhci(scheduler, 0x8086, 0x7112, 0x01) {
    set_default(STATUS, 0x0280, 2);
    set_default(INTERRUPT_PIN, 0x04, 1);  // INTD#
    set_default(0x60, 0x10, 1);           // SBRNUM: USB 1.0
    set_default(0x6a, 0x01, 1);           // USB clock (QEMU's uhci_reset)
    set_writable(0xc0, 0xffff, 2);        // LEGSUP
    reset();
}

// ---- function 3: power management ---------------------------------------------

Piix4Pm::Piix4Pm() : PciDevice(0x8086, 0x7113, 0x068000, 0x03) {
    set_default(STATUS, 0x0280, 2);
    set_default(INTERRUPT_PIN, 0x01, 1);
    set_default(0x40, 0x00000001, 4);  // PMBA: I/O space indicator
    set_writable(0x40, 0x0000ffc0, 4);
    set_writable(0x80, 0x01, 1);       // PMREGMISC: PMIOSE
    set_default(0x5b, 0x02, 1);        // SMM already initialised (QEMU)
    set_default(0x90, 0x00001101, 4);  // SMBBA: 0x1100, I/O
    set_writable(0x90, 0x0000fff0, 4);
    set_default(0xd2, 0x09, 1);  // SMBHSTCFG: enabled, SMI routing bits
    set_writable(0xd2, 0x0f, 1);
    reset();
}

u32 Piix4Pm::pm_base() const {
    if (!(config_[0x80] & 1)) return 0;
    return (config_[0x40] | (config_[0x41] << 8)) & 0xffc0;
}

u32 Piix4Pm::smbus_base() const {
    if (!(config_[0xd2] & 1)) return 0;
    return (config_[0x90] | (config_[0x91] << 8)) & 0xfff0;
}

}  // namespace bw
