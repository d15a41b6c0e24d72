// SMSC LAN91C111 (core/dev/net/smc91c111.cpp) driven by a hostile guest: the
// banked registers, MMU commands, the packet memory through the pointer and
// data registers, MII bit-banging, frames from the wire. The chip has no DMA:
// the packet memory is its own.
#include "core/dev/net/smc91c111.h"
#include "tests/fuzz/fuzz_machine.h"

using namespace bw;

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    static const std::array<u8, 6> kMac{0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    fuzz::FuzzMachine m;
    Smc91c111 nic(&m.hub, kMac);
    fuzz::DeviceHooks hooks;
    // 16 bytes per bank; offset 14 is BANK SELECT.
    hooks.windows.push_back({&nic, 16, {14, 0, 2, 4, 6, 8, 10, 12}});
    hooks.nic = &nic;
    hooks.max_frame = 2100;
    FuzzedDataProvider in(data, size);
    fuzz::run_device_ops(m, in, hooks);
    return 0;
}
