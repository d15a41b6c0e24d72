// AMD PCnet-PCI II (core/dev/net/pcnet.cpp) driven by a hostile guest: RAP/RDP/
// BDP accesses in word and dword I/O, an init block and descriptor rings in
// fuzz-filled RAM, frames from the wire, the transmit poll timer, bus
// mastering switched off under it.
#include "core/dev/net/pcnet.h"
#include "tests/fuzz/fuzz_machine.h"

using namespace bw;

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    static const std::array<u8, 6> kMac{0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    fuzz::FuzzMachine m;
    Pcnet nic(m.sched, &m.hub, kMac);
    m.attach_pci(&nic);
    fuzz::DeviceHooks hooks;
    // RDP, RAP, RESET, BDP in word (0x10-0x16) and dword (0x10-0x1c) I/O; the APROM.
    hooks.windows.push_back(
        {nic.bar_device(0), Pcnet::kIoSize, {0x10, 0x12, 0x14, 0x16, 0x18, 0x1c, 0x00, 0x04}});
    hooks.nic = &nic;
    hooks.pci = &nic;
    hooks.max_frame = 4200;
    FuzzedDataProvider in(data, size);
    fuzz::run_device_ops(m, in, hooks);
    return 0;
}
