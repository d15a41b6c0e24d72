// Direct boot of an ARM board, as QEMU's hw/arm/boot.c does it for 32-bit
// boards without a secure monitor (versatilepb).
//
// -kernel accepts, in QEMU's order of trying: an ELF (loaded at its physical
// addresses and entered directly, not as Linux: no initrd, no ATAGs, registers
// untouched), a U-Boot uImage (at its load address; Linux protocol if its OS
// field says Linux), or anything else as a raw/zImage kernel at RAM base +
// 0x10000 (Linux protocol). For a Linux kernel:
//   - the initrd goes at RAM base + min(RAM/2, 128 MiB), moved up past the end
//     of the kernel image if needed, page aligned (a uImage ramdisk is unwrapped);
//   - with -dtb, the DTB is edited (/memory, /chosen bootargs and initrd) and
//     placed after the initrd, 4 KB aligned; r2 points to it;
//   - without -dtb, ATAGs (CORE, MEM, INITRD2, CMDLINE, NONE) go at RAM base +
//     0x100 and r2 points to them;
//   - QEMU's 7-word boot stub is written at RAM base (mov r0,#0; ldr r1,=board
//     id; ldr r2,=dtb/atags; ldr pc,=entry) and execution starts there. r1 is
//     the board id in both cases, as in QEMU.
// We write the stub too (rather than only setting registers) so guest memory
// matches QEMU's for differential runs. For a non-Linux ELF/uImage with -dtb,
// the DTB goes at RAM base (QEMU's rule), and must fit below the image.
//
// -bios FILE (no -kernel): raw image at ArmBootInfo::bios_addr, started from
// the reset vector; with -dtb the DTB follows the image, 4 KB aligned. QEMU
// does not load -bios on versatilepb; we do, as flash contents would be.
//
// Nothing is written while preparing: the result lists the memory blobs, which
// the board copies at power-on and again on every guest reset (QEMU reloads its
// ROM blobs and rewrites the ATAGs on reset).
#pragma once

#include <string>
#include <vector>

#include "boards/loaders/image_file.h"
#include "boards/machine_config.h"
#include "core/common/types.h"
#include "core/mem/bus.h"

namespace bw {

struct ArmBootInfo {
    u32 ram_base = 0;
    u64 ram_size = 0;
    u32 board_id = 0;   // Linux machine number (versatilepb: 0x183)
    u32 bios_addr = 0;  // where -bios goes (the reset vector's memory)
};

enum class ArmKernelKind { None, Elf, UImage, ZImage, Raw };

struct ArmBootResult {
    ArmKernelKind kind = ArmKernelKind::None;
    bool is_linux = false;
    // Where the CPU starts after reset (the stub for Linux; the ELF/uImage entry
    // for a bare image; the reset vector, 0, for -bios or nothing) and in which
    // state (Thumb if the entry's bit 0 is set; |pc| has bit 0 cleared).
    u32 pc = 0;
    bool thumb = false;
    // Linux register protocol: r0 = 0, r1 = board id, r2 = DTB or ATAG address.
    // The boot stub sets these itself; a board that starts at kernel_entry
    // instead of |pc| must set them when |set_registers| is true.
    bool set_registers = false;
    u32 r0 = 0, r1 = 0, r2 = 0;
    u32 kernel_entry = 0;
    u32 kernel_low = 0, kernel_high = 0;  // [low, high) of the kernel image
    u32 initrd_start = 0, initrd_size = 0;
    u32 dtb_start = 0, dtb_size = 0;
    u32 atags_addr = 0;             // 0 when no ATAGs are written
    std::vector<MemoryBlob> blobs;  // copy in order with load_blobs()
};

// Reads and checks every file named in |config| (kernel, initrd, dtb, bios) and
// decides the memory layout. On failure returns false with a one-line |error|
// that names the file and the problem.
bool arm_boot_prepare(const MachineConfig& config, const ArmBootInfo& info, ArmBootResult* out,
                      std::string* error);

// Constants from QEMU's hw/arm/boot.c, offsets from the RAM base.
constexpr u32 kArmKernelArgsOffset = 0x100;
constexpr u32 kArmKernelLoadOffset = 0x00010000;
constexpr u32 kArmKernelNoloadOffset = 0x02000000;
constexpr u32 kZImageMagic = 0x016F2818;  // little-endian word at offset 0x24

}  // namespace bw
