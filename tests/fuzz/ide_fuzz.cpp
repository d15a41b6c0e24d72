// An ATA channel (core/dev/storage/ide.cpp) driven by a hostile guest: task
// file and HOB registers, every command with any LBA, count and CHS geometry,
// PIO data in 8-, 16- and 32-bit accesses, SRST, against a master disk of an
// odd size and a read-only slave.
#include "core/dev/storage/ide.h"
#include "tests/fuzz/fuzz_machine.h"

using namespace bw;

namespace {

class ReadOnlyDisk : public MemoryBlockDevice {
  public:
    using MemoryBlockDevice::MemoryBlockDevice;
    bool read_only() const override { return true; }
    bool write_sectors(u64, u32, const u8*) override { return false; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    FuzzedDataProvider in(data, size);
    // 37 and 3 sectors: the ends of both disks are a small LBA away.
    MemoryBlockDevice master(in.ConsumeBytes<u8>(in.ConsumeIntegralInRange(0, 37 * 512)));
    if (master.sector_count() == 0) master.data().resize(512);
    ReadOnlyDisk slave(u64(3));
    fuzz::FuzzMachine m;
    IdeChannel ide;
    ide.attach(0, &master);
    if (in.ConsumeBool()) ide.attach(1, &slave, "READ ONLY");
    fuzz::DeviceHooks hooks;
    hooks.windows.push_back({&ide.command_block(), 8, {0, 1, 2, 3, 4, 5, 6, 7}});
    hooks.windows.push_back({&ide.control_block(), 1, {0}});
    fuzz::run_device_ops(m, in, hooks);
    return 0;
}
