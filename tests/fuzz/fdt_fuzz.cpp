// The flattened device tree reader and writer (boards/loaders/fdt.cpp) on any
// blob, then the edits a Linux boot makes (fdt_setup_for_linux).
//
// Properties: a parsed tree serialises to a blob that parses again, and that
// second tree serialises to the same bytes (the writer is a fixed point).
#include <cstdio>
#include <cstdlib>

#include "boards/loaders/fdt.h"
#include "tests/fuzz/fuzz_machine.h"

using namespace bw;

namespace {

std::vector<u8> round_trip(const Fdt& fdt, const char* what) {
    std::vector<u8> blob = fdt.serialize();
    Fdt again;
    std::string error;
    if (!Fdt::parse(blob, "again.dtb", &again, &error)) {
        std::fprintf(stderr, "fuzz: %s: serialised tree does not parse: %s\n", what, error.c_str());
        std::abort();
    }
    if (again.serialize() != blob) {
        std::fprintf(stderr, "fuzz: %s: serialise(parse(blob)) != blob\n", what);
        std::abort();
    }
    return blob;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    fuzz::quiet_logs();
    std::vector<u8> blob(data, data + size);
    Fdt fdt;
    std::string error;
    if (!Fdt::parse(blob, "fuzz.dtb", &fdt, &error)) {
        if (error.empty()) std::abort();
        return 0;
    }
    round_trip(fdt, "parsed");
    fdt.find("/chosen");
    fdt.get_u32("/", "#address-cells", 0);
    if (fdt_setup_for_linux(fdt, "fuzz.dtb", 0x80000000, 0x08000000, "console=ttyAMA0", 0x84000000,
                            0x10000, &error)) {
        round_trip(fdt, "after setup");
        if (!fdt.get("/chosen", "bootargs")) std::abort();
    }
    fdt.serialize(4096);
    return 0;
}
