// ARM direct boot (boards/loaders/arm_boot.cpp) with any file as -kernel:
// QEMU's order of trying (ELF, uImage, then zImage or raw), the size checks,
// and the layout of initrd, DTB, ATAGs and boot stub after the kernel, in a
// 128 KiB RAM (where every size check bites) and in 128 MiB. A uImage kernel
// is also tried with its CRCs recomputed, to get past them.
//
// Property: when preparation succeeds, every blob lies in RAM, so a board's
// load_blobs() cannot fail.
#include <cstdio>
#include <cstdlib>

#include "boards/loaders/arm_boot.h"
#include "boards/loaders/fdt.h"
#include "boards/loaders/uimage.h"
#include "tests/fuzz/fuzz_machine.h"

using namespace bw;

namespace {

struct Files {
    fuzz::MemFile kernel, initrd, dtb;
    Files() {
        std::vector<u8> rd(300, 0x5a);
        initrd.set(rd);
        Fdt fdt;
        fdt.set_u32("/", "#address-cells", 1);
        fdt.set_u32("/", "#size-cells", 1);
        fdt.set_string("/chosen", "bootargs", "");
        dtb.set(fdt.serialize());
    }
};

void boot(const Files& f, u64 ram_size, bool extras, fuzz::FuzzMachine& m) {
    MachineConfig config;
    config.kernel = f.kernel.path();
    if (extras) {
        config.initrd = f.initrd.path();
        config.dtb = f.dtb.path();
        config.append = "console=ttyAMA0";
    }
    ArmBootInfo info;
    info.ram_base = 0;
    info.ram_size = ram_size;
    info.board_id = 0x183;
    ArmBootResult r;
    std::string error;
    if (!arm_boot_prepare(config, info, &r, &error)) {
        if (error.empty()) std::abort();  // every failure says why
        return;
    }
    for (const MemoryBlob& b : r.blobs) {
        // An empty blob has no byte to place (a uImage of size 0 may name any address).
        if (!b.bytes.empty() && u64(b.addr) + b.bytes.size() > ram_size) {
            std::fprintf(stderr, "fuzz: %s at 0x%x+0x%zx outside %llu bytes of RAM\n",
                         b.label.c_str(), b.addr, b.bytes.size(), (unsigned long long)ram_size);
            std::abort();
        }
    }
    if (ram_size <= fuzz::FuzzMachine::kRamSize && !load_blobs(m.bus, r.blobs, &error)) {
        std::fprintf(stderr, "fuzz: load_blobs failed: %s\n", error.c_str());
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    static Files* files = new Files;
    // Speed, not safety: the loader allocates an ELF's bss up to the RAM size
    // (128 MiB below), which makes such inputs slow; elf_fuzz covers the limit.
    if (fuzz::elf_load_size(data, size) > (1u << 20)) return 0;
    fuzz::FuzzMachine m;
    std::vector<u8> file(data, data + size);
    for (int pass = 0; pass < 2; ++pass) {
        if (pass == 1) {
            if (!uimage_has_magic(file)) break;
            fuzz::fix_uimage_crcs(file);
        }
        files->kernel.set(file);
        boot(*files, fuzz::FuzzMachine::kRamSize, false, m);
        boot(*files, fuzz::FuzzMachine::kRamSize, true, m);
        boot(*files, 128u << 20, true, m);
    }
    return 0;
}
