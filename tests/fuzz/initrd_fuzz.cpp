// The initrd path of ARM direct boot (boards/loaders/arm_boot.cpp): any file
// as -initrd behind a small zImage, raw or as a uImage ramdisk (unwrapped;
// also tried with its CRCs recomputed), placed after the kernel with the DTB
// or ATAGs after it, in a 128 KiB RAM and in 128 MiB.
//
// Property: when preparation succeeds, every blob lies in RAM and the initrd
// the kernel is told about is exactly the bytes loaded.
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
        // A zImage header: the magic word at 0x24.
        std::vector<u8> k(0x800, 0);
        k[0x24] = 0x18, k[0x25] = 0x28, k[0x26] = 0x6f, k[0x27] = 0x01;
        kernel.set(k);
        Fdt fdt;
        fdt.set_u32("/", "#address-cells", 1);
        fdt.set_u32("/", "#size-cells", 1);
        dtb.set(fdt.serialize());
    }
};

void boot(const Files& f, u64 ram_size, bool dtb, fuzz::FuzzMachine& m) {
    MachineConfig config;
    config.kernel = f.kernel.path();
    config.initrd = f.initrd.path();
    if (dtb) config.dtb = f.dtb.path();
    config.append = "root=/dev/ram";
    ArmBootInfo info;
    info.ram_size = ram_size;
    info.board_id = 0x183;
    ArmBootResult r;
    std::string error;
    if (!arm_boot_prepare(config, info, &r, &error)) {
        if (error.empty()) std::abort();
        return;
    }
    bool found = false;
    for (const MemoryBlob& b : r.blobs) {
        if (u64(b.addr) + b.bytes.size() > ram_size) {
            std::fprintf(stderr, "fuzz: %s at 0x%x+0x%zx outside RAM\n", b.label.c_str(), b.addr,
                         b.bytes.size());
            std::abort();
        }
        if (b.label == config.initrd) {
            found = true;
            if (b.addr != r.initrd_start || b.bytes.size() != r.initrd_size) std::abort();
        }
    }
    if (!found) std::abort();
    if (ram_size <= fuzz::FuzzMachine::kRamSize && !load_blobs(m.bus, r.blobs, &error)) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    static Files* files = new Files;
    fuzz::FuzzMachine m;
    std::vector<u8> file(data, data + size);
    for (int pass = 0; pass < 2; ++pass) {
        if (pass == 1) {
            if (!uimage_has_magic(file)) break;
            fuzz::fix_uimage_crcs(file);
        }
        files->initrd.set(file);
        boot(*files, fuzz::FuzzMachine::kRamSize, true, m);
        boot(*files, fuzz::FuzzMachine::kRamSize, false, m);
        boot(*files, 128u << 20, true, m);
    }
    return 0;
}
