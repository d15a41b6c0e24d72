// Everything the user chose on the command line (or in the page URL) that a
// board needs to build and load a machine. Field names follow QEMU's flags.
#pragma once

#include <memory>
#include <string>

#include "core/common/types.h"
#include "core/dev/storage/block_device.h"

namespace bw {

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
};

}  // namespace bw
