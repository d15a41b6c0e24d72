// QEMU's "malta": the MIPS Malta board with a CoreLV (24Kf), as hw/mips/malta.c builds it.
//
// Present: RAM at 0 (up to 256 MB, the low alias below the I/O hole), the 4 MB boot flash at
// 0x1e000000 (read-only) with its copy at 0x1fc00000 (board revision 0x420 at 0x1fc00010), the
// Malta FPGA at 0x1f000000 with the CBUS 16550 at 0x1f000900 (CPU IP4), the GT-64120 system
// controller and PCI host (its register block and PCI_0 windows follow the guest's decode
// registers), PIIX4 functions 0-3 at PCI device 10, and behind the PCI_0 I/O window the ISA
// ports: i8259 pair 0x20/0xa0 (INTR -> CPU IP2), ELCR 0x4d0, i8254 0x40 (IRQ0), MC146818
// 0x70 (IRQ8), super-I/O 16550s 0x3f8 (IRQ4) and 0x2f8 (IRQ3), IDE 0x1f0/0x3f6 (IRQ14, the
// -hda disk as master) and 0x170/0x376 (IRQ15, empty), PIIX4 reset control 0xcf9, the i8042
// keyboard controller 0x60/0x64 (IRQ1 keyboard, IRQ12 mouse; its PS/2 keyboard and mouse are
// the InputRouter's sinks; output port bit 0 resets the board).
// Boot: -kernel loads an ELF (kseg0/kseg1 -> physical), writes QEMU's boot stub into the flash
// (GT-64120 window setup, a0..a3 = argc/argv/envp/memsize, jump to the entry) and the YAMON
// argument/environment table at 0x2000; -initrd goes below the top of RAM and is passed as
// rd_start/rd_size on the command line. -bios loads a flash image, 32-bit words swapped on a
// little-endian board (YAMON's bi-endian convention), as QEMU does.
// Endianness is a constructor parameter (CPU, FPGA STATUS, boot stub and YAMON table follow
// it); only little-endian is registered: the GT-64120 model has no big-endian reset
// configuration yet (GT_CPU Endianess clear, no PCI byte swapping), which a big-endian board
// needs first.
// Absent (ports read all ones, writes ignored, logged once as guest errors): floppy, parallel,
// i8237 DMA, the PIIX4 PM/SMBus registers, CFI flash commands (the flash is plain ROM).
// PCI: I/O and memory cycles in the PCI_0 windows reach the functions' BARs (PciBus decodes
// them); bus-master cycles reach RAM at the same address; INTx# pins go through
// malta_slot_pirq() to the PIIX4's PIRQ routing.
// NICs: one per MachineConfig::nics entry (none listed: the default one), each on its own
// NetHub (net_hub(i)); a NIC without a model is a PCnet-PCI II (Am79C970A, "pcnet"),
// "e1000" an Intel 82540EM. As in QEMU, the first NIC goes to PCI slot 11 (00:0b.0, INTA# ->
// PIRQ) if it is a pcnet, every other one to the first free slot from 18 (00:12.0, ...).
// Unknown models are refused.
// Display: MachineConfig::vga "" or "cirrus" adds QEMU's default Cirrus CL-GD5446 (after the
// NICs, as QEMU creates it: the first free slot from 18, 00:12.0 with the default pcnet), its
// VGA ports 0x3b0-0x3df in the ISA I/O space; display() returns it. "none": no display.
// Sound: MachineConfig::sound_cards "ac97" adds an Intel 82801AA AC'97 (8086:2415) in the first
// free PCI slot from 18 after the board's own devices, as QEMU's -soundhw ac97 / -device AC97
// (00:13.0 behind the default Cirrus VGA at 00:12.0; INTA# -> malta_slot_pirq); its PCM out
// goes to Machine::audio. Other sound cards are refused.
// USB: the PIIX4's UHCI (00:0a.2, INTD# -> PIRQD -> ISA IRQ 11) with one QEMU HID device per
// MachineConfig::usb_devices entry ("keyboard", "tablet", "mouse"), placed as QEMU's
// -usbdevice places them: root port 1, then, when only one free port is left, a QEMU USB hub
// there and the devices behind it (keyboard + tablet: 1-1 and 1-2.1). Unknown names are
// refused.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "boards/loaders/image_file.h"
#include "boards/machine_config.h"
#include "core/cpu/mips/mips_cpu.h"
#include "core/dev/audio/ac97.h"
#include "core/dev/display/cirrus_vga.h"
#include "core/dev/input/i8042.h"
#include "core/dev/intc/i8259.h"
#include "core/dev/misc/malta_fpga.h"
#include "core/dev/pci/gt64120.h"
#include "core/dev/pci/piix4.h"
#include "core/dev/primecell.h"
#include "core/dev/rtc/mc146818.h"
#include "core/dev/storage/ide.h"
#include "core/dev/timer/i8254.h"
#include "core/dev/uart/ns16550.h"
#include "core/dev/usb/usb_hid.h"
#include "core/dev/usb/usb_hub.h"
#include "core/machine.h"

namespace bw {

// The ISA/PCI I/O port space behind the GT-64120's PCI_0 I/O window: a small table of ISA
// port ranges, then the PCI functions' I/O BARs; ports nobody decodes read all ones (as on a
// PC, and QEMU's unassigned I/O).
class IoPortSpace : public Device {
  public:
    explicit IoPortSpace(PciBus& pci) : pci_(pci) {}
    void add(u32 port, u32 count, Device* device);
    const char* name() const override { return "pci0-io"; }
    void reset() override {}
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

  private:
    struct Range {
        u32 port, count;
        Device* device;
    };
    const Range* find(u32 port) const;
    PciBus& pci_;
    std::vector<Range> ranges_;
    OffsetLog absent_;  // guest errors, once per port and direction
};

// One PCI_0 memory window: CPU address window base + offset is PCI memory address base +
// offset (the GT-64120 does not translate). Addresses no BAR decodes read all ones.
class PciMemWindow : public Device {
  public:
    PciMemWindow(PciBus& pci, const char* name) : pci_(pci), name_(name) {}
    void set_base(u32 base) { base_ = base; }
    const char* name() const override { return name_; }
    void reset() override {}
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

  private:
    PciBus& pci_;
    const char* name_;
    u32 base_ = 0;
    OffsetLog absent_;
};

// The FPGA's 1 MB region with the CBUS UART over 0x900-0x9ff.
class MaltaFpgaSpace : public Device {
  public:
    MaltaFpgaSpace(MaltaFpga& fpga, Ns16550& uart) : fpga_(fpga), uart_(uart) {}
    const char* name() const override { return "malta-fpga"; }
    void reset() override {}
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

  private:
    MaltaFpga& fpga_;
    Ns16550& uart_;
};

class Malta : public Machine {
  public:
    static constexpr u32 kFlashBase = 0x1e000000;
    static constexpr u32 kFlashSize = 4u << 20;
    static constexpr u32 kBootBase = 0x1fc00000;  // the flash copy the CPU resets into
    static constexpr u32 kFpgaBase = 0x1f000000;
    static constexpr u32 kEnvPaddr = 0x2000;  // YAMON argv/envp table
    static constexpr u32 kMaxRam = 256u << 20;

    // Validates |config|, loads the images and powers on; null + |error| on failure.
    static std::unique_ptr<Machine> create(const MachineConfig& config, std::string* error);
    // The same with the endianness chosen (only little-endian is registered as a board now).
    static std::unique_ptr<Machine> create_endian(const MachineConfig& config, bool big_endian,
                                                  std::string* error);

    void reset() override;
    DisplaySource* display() override { return vga_.get(); }

    mips::MipsCpu& cpu() { return cpu_; }
    Gt64120& gt64120() { return gt_; }
    PciBus& pci() { return pci_; }
    I8259Pair& pic() { return pic_; }
    IdeChannel& ide(int n) { return ide_[n]; }
    I8042& i8042() { return kbc_; }
    const std::vector<u8>& flash() const { return flash_; }
    // Kernel entry (virtual) the boot stub jumps to; 0 when booting from -bios.
    u32 kernel_entry() const { return kernel_entry_; }

  private:
    Malta(u32 ram_size, bool big_endian);
    void wire();
    bool load_images(std::string* error);
    bool create_nics(std::string* error);
    bool create_vga(std::string* error);
    bool create_sound(std::string* error);
    bool create_usb_devices(std::string* error);
    bool load_kernel(std::string* error);
    void write_boot_stub(u32 entry);
    void put32(std::vector<u8>& v, u32 offset, u32 value) const;
    void remap_pci_windows();

    bool big_endian_;
    std::vector<u8> ram_;
    std::vector<u8> flash_;  // 0x1e000000
    std::vector<u8> boot_;   // 0x1fc00000: flash copy with the revision word
    mips::MipsCpu cpu_;
    PciBus pci_;
    Gt64120 gt_;
    Piix4Isa piix4_;
    Piix4Ide piix4_ide_;
    Piix4Usb piix4_usb_{scheduler};
    Piix4Pm piix4_pm_;
    I8259Pair pic_;
    I8254 pit_;
    Mc146818 rtc_;
    I8042 kbc_;
    std::vector<std::unique_ptr<Ns16550>> uarts_;  // 0x3f8, 0x2f8, CBUS
    IdeChannel ide_[2];
    std::vector<std::unique_ptr<PciDevice>> nics_;  // MachineConfig::nics order, one hub each
    std::unique_ptr<CirrusVga> vga_;                // null with -vga none
    std::unique_ptr<Ac97> ac97_;                    // -soundhw ac97
    std::vector<std::unique_ptr<UsbDevice>> usb_devices_;  // HID devices and hubs, plug order
    MaltaFpga fpga_;
    std::unique_ptr<MaltaFpgaSpace> fpga_space_;
    IoPortSpace io_{pci_};
    PciMemWindow pci_mem0_{pci_, "pci0-mem0"}, pci_mem1_{pci_, "pci0-mem1"};
    // Current PCI_0 windows and register block as mapped on the bus.
    Gt64120::Window io_win_, mem0_win_, mem1_win_;
    u32 isd_ = 0;
    bool isd_mapped_ = false;

    MachineConfig config_;
    std::shared_ptr<BlockDevice> hda_;
    std::vector<MemoryBlob> blobs_;  // kernel segments, initrd, YAMON table (reloaded on reset)
    u32 kernel_entry_ = 0;
};

}  // namespace bw
