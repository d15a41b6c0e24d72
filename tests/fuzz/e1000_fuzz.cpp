// Intel 82540EM (core/dev/net/e1000.cpp, e1000_tx.cpp) driven by a hostile
// guest: BAR0 registers and the BAR1 IOADDR/IODATA window, RX and TX rings
// (legacy, context and data descriptors, TSO) in fuzz-filled RAM, EEPROM and
// PHY bit-banging, frames from the wire.
#include "core/dev/net/e1000.h"
#include "tests/fuzz/fuzz_machine.h"

using namespace bw;

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    static const std::array<u8, 6> kMac{0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    fuzz::FuzzMachine m;
    E1000 nic(&m.hub, kMac);
    m.attach_pci(&nic);
    fuzz::DeviceHooks hooks;
    hooks.windows.push_back(
        {nic.bar_device(0),
         E1000::kMmioSize,
         {E1000::CTRL,   E1000::STATUS, E1000::EECD,  E1000::EERD,   E1000::CTRL_EXT, E1000::MDIC,
          E1000::VET,    E1000::ICR,    E1000::ICS,   E1000::IMS,    E1000::IMC,      E1000::RCTL,
          E1000::TCTL,   E1000::RDBAL,  E1000::RDBAH, E1000::RDLEN,  E1000::RDH,      E1000::RDT,
          E1000::RXDCTL, E1000::TDBAL,  E1000::TDBAH, E1000::TDLEN,  E1000::TDH,      E1000::TDT,
          E1000::TXDCTL, E1000::GORCH,  E1000::TORH,  E1000::RXCSUM, E1000::MTA,      E1000::RA,
          E1000::RA + 4, E1000::VFTA,   E1000::MPC,   E1000::RNBC,   E1000::WUC}});
    hooks.windows.push_back({nic.bar_device(1), E1000::kIoSize, {E1000::IOADDR, E1000::IODATA}});
    hooks.nic = &nic;
    hooks.pci = &nic;
    hooks.max_frame = 16384;
    hooks.max_burst = 64;  // a burst of CTRL.RST writes is 1024 MAC resets
    // Speed, not safety: one TDT write may still send kTxFramesPerKick frames
    // and then the rest of a descriptor segmented at an MSS of 1 (regressions/
    // e1000/tso-mss-tiny); an input stops after 1000 frames or 256 KiB (frames
    // of 64 KiB are legal, and their checksums are what costs).
    m.wire.max_frames = 1000;
    m.wire.max_bytes = 256u << 10;
    FuzzedDataProvider in(data, size);
    fuzz::run_device_ops(m, in, hooks);
    return 0;
}
