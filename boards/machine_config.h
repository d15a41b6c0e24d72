// Everything the user chose on the command line (or in the page URL) that a
// board needs to build and load a machine. Field names follow QEMU's flags.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/common/types.h"
#include "core/dev/storage/block_device.h"

namespace bw {

// One guest NIC (-net nic / -nic / -device). An empty model means the board's
// default NIC; netdev names the back end the front end connects to its hub.
struct NicConfig {
    std::string model;
    std::string netdev;
    std::array<u8, 6> mac{0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
};

struct MachineConfig {
    std::string machine = "versatilepb";  // -M
    u64 ram_mb = 128;                     // -m (QEMU's default for versatilepb)
    std::string kernel;                   // -kernel
    std::string dtb;                      // -dtb
    std::string initrd;                   // -initrd
    std::string append;                   // -append
    std::string bios;                     // -bios
    std::string hda;                      // -hda
    // The -hda image, opened by the front end (a host file natively, memory on the web).
    std::shared_ptr<BlockDevice> hda_disk;
    // Guest NICs in command-line order. Empty: the board's default NIC with the
    // default MAC (as QEMU's implicit "-net nic -net user").
    std::vector<NicConfig> nics;
    // Display, sound and input devices, named as QEMU names them.
    // -vga: "" is the board's default (malta: "cirrus"; versatilepb's CLCD is
    // part of the board), "none" removes a PCI display.
    std::string vga;
    // -soundhw NAME / -device NAME for sound cards, lower-case ("ac97").
    std::vector<std::string> sound_cards;
    // -usbdevice NAME / -device usb-NAME, as "keyboard", "tablet", "mouse".
    std::vector<std::string> usb_devices;
    // -accel: how the CPU runs guest code. "interp" fetches and decodes every
    // instruction; "blocks" decodes a block once and keeps it until its page
    // is written (the default). Both run the same machine, instruction for
    // instruction.
    std::string accel = "blocks";
    // -rtc base=DATE: the wall-clock time the RTCs start from (Unix ns);
    // negative: the host's clock when the machine resets.
    i64 rtc_base_ns = -1;
};

}  // namespace bw
