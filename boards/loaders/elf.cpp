#include "boards/loaders/elf.h"

#include <algorithm>

namespace bw {

namespace {

// e_ident indices and values.
constexpr size_t EI_CLASS = 4;
constexpr size_t EI_DATA = 5;
constexpr size_t EI_VERSION = 6;
constexpr u8 ELFCLASS32 = 1;
constexpr u8 ELFCLASS64 = 2;
constexpr u8 ELFDATA2LSB = 1;
constexpr u8 ELFDATA2MSB = 2;
constexpr u16 ET_EXEC = 2;
constexpr u16 ET_DYN = 3;
constexpr u32 PT_LOAD = 1;
constexpr u32 PF_X = 1;
constexpr size_t kEhdrSize = 52;
constexpr size_t kPhdrSize = 32;

struct Reader {
    const std::vector<u8>& d;
    bool big;
    u16 u16_at(size_t o) const {
        return big ? u16(d[o] << 8 | d[o + 1]) : u16(d[o] | d[o + 1] << 8);
    }
    u32 u32_at(size_t o) const {
        return big ? u32(d[o]) << 24 | u32(d[o + 1]) << 16 | u32(d[o + 2]) << 8 | d[o + 3]
                   : u32(d[o + 3]) << 24 | u32(d[o + 2]) << 16 | u32(d[o + 1]) << 8 | d[o];
    }
};

struct Phdr {
    u32 type, offset, vaddr, paddr, filesz, memsz, flags;
};

const char* machine_name(u16 m) {
    switch (m) {
        case 3: return "x86";
        case kElfMachineMips: return "MIPS";
        case kElfMachineArm: return "ARM";
        case 62: return "x86-64";
        case 183: return "AArch64";
        case 243: return "RISC-V";
        default: return "unknown";
    }
}

}  // namespace

bool elf_has_magic(const std::vector<u8>& data) {
    return data.size() >= 4 && data[0] == 0x7F && data[1] == 'E' && data[2] == 'L' &&
           data[3] == 'F';
}

bool elf_parse(const std::vector<u8>& data, const std::string& name, const ElfOptions& options,
               ElfImage* out, std::string* error) {
    auto fail = [&](const std::string& what) {
        if (error) *error = name + ": " + what;
        return false;
    };
    if (!elf_has_magic(data)) return fail("not an ELF file (bad magic)");
    if (data.size() < kEhdrSize) {
        return fail("truncated ELF header (" + std::to_string(data.size()) + " bytes, need " +
                    std::to_string(kEhdrSize) + ")");
    }
    if (data[EI_CLASS] == ELFCLASS64) return fail("64-bit ELF is not supported here");
    if (data[EI_CLASS] != ELFCLASS32) {
        return fail("bad ELF class " + std::to_string(data[EI_CLASS]));
    }
    if (data[EI_DATA] != ELFDATA2LSB && data[EI_DATA] != ELFDATA2MSB) {
        return fail("bad ELF data encoding " + std::to_string(data[EI_DATA]));
    }
    bool big = data[EI_DATA] == ELFDATA2MSB;
    bool want_big = options.endian == Endian::Big;
    if (big != want_big) {
        return fail(std::string(big ? "big" : "little") + "-endian ELF, expected " +
                    (want_big ? "big" : "little") + "-endian");
    }
    if (data[EI_VERSION] != 1) return fail("bad ELF version " + std::to_string(data[EI_VERSION]));
    Reader r{data, big};
    u16 type = r.u16_at(16);
    u16 machine = r.u16_at(18);
    if (type != ET_EXEC && type != ET_DYN) {
        return fail("ELF type " + std::to_string(type) + " is not an executable");
    }
    if (machine != options.machine) {
        return fail("ELF machine " + std::to_string(machine) + " (" + machine_name(machine) +
                    "), expected " + std::to_string(options.machine) + " (" +
                    machine_name(options.machine) + ")");
    }
    u32 e_entry = r.u32_at(24);
    u32 e_phoff = r.u32_at(28);
    u32 e_flags = r.u32_at(36);
    u16 e_phentsize = r.u16_at(42);
    u16 e_phnum = r.u16_at(44);
    if (e_phnum == 0) return fail("no program headers");
    if (e_phentsize != kPhdrSize) {
        return fail("bad program header size " + std::to_string(e_phentsize) + " (expected 32)");
    }
    u64 ph_end = u64(e_phoff) + u64(e_phnum) * kPhdrSize;
    if (ph_end > data.size()) {
        return fail("program headers extend past end of file (offset " + hex32(e_phoff) + " + " +
                    hex32(u64(e_phnum) * kPhdrSize) + " > " + hex32(data.size()) + ")");
    }

    std::vector<Phdr> ph(e_phnum);
    for (unsigned i = 0; i < e_phnum; ++i) {
        size_t o = e_phoff + size_t(i) * kPhdrSize;
        ph[i] = {r.u32_at(o),      r.u32_at(o + 4),  r.u32_at(o + 8), r.u32_at(o + 12),
                 r.u32_at(o + 16), r.u32_at(o + 20), r.u32_at(o + 24)};
    }

    ElfImage img;
    img.flags = e_flags;
    img.entry = e_entry;
    u64 low = UINT64_MAX, high = 0, total = 0;
    bool any = false;
    for (unsigned i = 0; i < e_phnum; ++i) {
        const Phdr& p = ph[i];
        if (p.type != PT_LOAD) continue;
        std::string seg = "segment " + std::to_string(i);
        if (p.filesz > p.memsz) {
            return fail(seg + " has file size " + hex32(p.filesz) + " larger than memory size " +
                        hex32(p.memsz));
        }
        if (u64(p.offset) + p.filesz > data.size()) {
            return fail(seg + " extends past end of file (offset " + hex32(p.offset) + " + " +
                        hex32(p.filesz) + " > " + hex32(data.size()) + ")");
        }
        total += p.memsz;
        if (total > options.max_memory) {
            return fail(seg + " brings the memory the segments need to " + hex32(total) +
                        " bytes, more than the machine's " + hex32(options.max_memory));
        }
        if (u64(p.paddr) + p.memsz > (u64(1) << 32)) {
            return fail(seg + " wraps past the end of the address space (" + hex32(p.paddr) +
                        " + " + hex32(p.memsz) + ")");
        }
        // A bss that overlaps another segment means the image zeroes its own
        // data (ROM-style); load only the file bytes, as QEMU does.
        u32 memsz = p.memsz;
        if (memsz > p.filesz) {
            u64 zs = u64(p.paddr) + p.filesz, ze = u64(p.paddr) + memsz;
            for (unsigned j = 0; j < e_phnum; ++j) {
                if (j == i || ph[j].type != PT_LOAD) continue;
                u64 os = ph[j].paddr, oe = u64(ph[j].paddr) + ph[j].memsz;
                if (!(os >= ze || zs >= oe)) {
                    memsz = p.filesz;
                    break;
                }
            }
        }
        // The ELF entry is virtual; follow the executable segment holding it.
        if (p.vaddr != p.paddr && (p.flags & PF_X) && e_entry >= p.vaddr &&
            u64(e_entry) < u64(p.vaddr) + p.filesz && !options.translate) {
            img.entry = e_entry - p.vaddr + p.paddr;
        }
        if (memsz == 0) continue;
        u32 addr = options.translate ? options.translate(p.paddr) : p.paddr;
        MemoryBlob blob;
        blob.label = name + " " + seg;
        blob.addr = addr;
        blob.bytes.assign(data.begin() + p.offset, data.begin() + p.offset + p.filesz);
        blob.bytes.resize(memsz, 0);
        low = std::min<u64>(low, addr);
        high = std::max<u64>(high, u64(addr) + memsz);
        img.segments.push_back(std::move(blob));
        any = true;
    }
    if (!any) return fail("no loadable segments");
    img.low = u32(low);
    img.high = u32(std::min<u64>(high, 0xFFFFFFFFu));
    *out = std::move(img);
    return true;
}

}  // namespace bw
