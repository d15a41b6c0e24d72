// The U-Boot legacy image reader (boards/loaders/uimage.cpp) on any file:
// header, both CRCs, size, gzip payloads, the kernel/kernel_noload rules.
// Multi-file images (type 4: a size table, then the images) are not split by
// the loader; they go through the same decode and are refused as kernels.
//
// The fuzzer could never forge the two CRCs, so each input is tried twice: as
// it is, and with both CRCs recomputed (data CRC over what the header's size
// covers, then the header CRC), which lets it reach the payload handling.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "boards/loaders/uimage.h"
#include "tests/fuzz/fuzz_machine.h"

using namespace bw;

namespace {

void try_image(const std::vector<u8>& file) {
    UImage img;
    std::string error;
    if (uimage_decode(file, "fuzz.uImage", &img, &error)) {
        const UImageHeader& h = img.header;
        if (h.ih_comp == IH_COMP_NONE && img.payload.size() != h.ih_size) std::abort();
        if (h.ih_name.size() > 32) std::abort();
    } else if (error.empty()) {
        std::abort();
    }
    UImageKernel k;
    if (uimage_kernel(file, "fuzz.uImage", 0x02000000, &k, &error)) {
        if (k.is_linux != (file[28] == IH_OS_LINUX)) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    fuzz::quiet_logs();
    std::vector<u8> file(data, data + size);
    uimage_has_magic(file);
    try_image(file);
    if (file.size() >= kUImageHeaderSize) {
        fuzz::fix_uimage_crcs(file);
        try_image(file);
    }
    return 0;
}
