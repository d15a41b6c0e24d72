// The ELF32 loader (boards/loaders/elf.cpp) on any file: headers, program
// headers, segment bounds, the bss overlap rule, the entry translation, for
// both machines and byte orders (MIPS with malta's kseg0 translation), then
// the segments copied into a small RAM as a board does.
#include <cstdio>
#include <cstdlib>

#include "boards/loaders/elf.h"
#include "tests/fuzz/fuzz_machine.h"

using namespace bw;

namespace {

void check(const ElfImage& img) {
    for (const MemoryBlob& s : img.segments) {
        if (s.addr < img.low || u64(s.addr) + s.bytes.size() > u64(img.high) + 1) {
            std::fprintf(stderr, "fuzz: segment at 0x%x+0x%zx outside [0x%x, 0x%x)\n", s.addr,
                         s.bytes.size(), img.low, img.high);
            std::abort();
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    std::vector<u8> file(data, data + size);
    fuzz::FuzzMachine m;
    ElfOptions options[3];
    options[0].machine = kElfMachineArm;
    options[1].machine = kElfMachineMips;
    options[1].translate = [](u32 a) { return a & 0x1fffffff; };  // malta: kseg0/kseg1
    options[2].machine = kElfMachineMips;
    options[2].endian = Endian::Big;
    // The loader refuses segments needing more than the machine's memory before
    // it allocates them (regressions/elf/memsz-3.75g asked for 3.75 GB).
    for (ElfOptions& o : options) o.max_memory = fuzz::FuzzMachine::kRamSize;
    for (const ElfOptions& o : options) {
        ElfImage img;
        std::string error;
        if (!elf_parse(file, "fuzz.elf", o, &img, &error)) {
            if (error.empty()) std::abort();  // every failure says why
            continue;
        }
        check(img);
        load_blobs(m.bus, img.segments, &error);
    }
    return 0;
}
