// Everything the user chose on the command line (or in the page URL) that a
// board needs to build and load a machine. Field names follow QEMU's flags.
#pragma once

#include <string>

#include "core/common/types.h"

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
};

}  // namespace bw
