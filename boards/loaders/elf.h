// ELF32 executable loader (System V ABI, "ELF-32 Object File Format").
//
// Loads the PT_LOAD segments of an ELF32 executable at their physical
// addresses (p_paddr), as QEMU's load_elf() does: file bytes first, then the
// bss (p_memsz beyond p_filesz) as zeros. Like QEMU, a segment whose bss would
// overlap another segment is loaded without its bss (ROM-style images that zero
// their own data). The entry point is translated from virtual to physical when
// an executable segment's p_vaddr and p_paddr differ. Endianness is a parameter
// (ARM: little; MIPS boards may load big-endian), and an optional translate
// function maps addresses (MIPS kseg0 -> physical).
//
// Not implemented: ELF64, relocations, symbols, notes.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "boards/loaders/image_file.h"
#include "core/common/types.h"

namespace bw {

enum class Endian { Little, Big };

constexpr u16 kElfMachineMips = 8;
constexpr u16 kElfMachineArm = 40;

struct ElfOptions {
    u16 machine = kElfMachineArm;  // e_machine the board accepts
    Endian endian = Endian::Little;
    std::function<u32(u32)> translate;  // address -> physical; identity if empty
    // The loaded segments together (p_memsz) may not need more than this (the
    // machine's RAM): an input-controlled size is checked before it is allocated.
    u64 max_memory = 256u << 20;
};

struct ElfImage {
    u32 entry = 0;  // physical entry point (bit 0 kept: Thumb on ARM)
    u32 low = 0;    // lowest loaded address
    u32 high = 0;   // one past the highest loaded byte
    u32 flags = 0;  // e_flags
    std::vector<MemoryBlob> segments;
};

// True if |data| starts with the ELF magic (\x7fELF).
bool elf_has_magic(const std::vector<u8>& data);

// Parses and validates |data| (read from the file |name|). On failure returns
// false and sets |error| to "<name>: <problem>", e.g.
// "<name>: segment 1 extends past end of file (offset 0x1234 + 0x5000 > 0x3000)".
bool elf_parse(const std::vector<u8>& data, const std::string& name, const ElfOptions& options,
               ElfImage* out, std::string* error);

}  // namespace bw
