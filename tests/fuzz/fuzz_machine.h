// What the device fuzzers share: a small machine (a Bus with RAM, a
// scheduler, a network hub with a capturing port, a PCI bus whose bus-master
// cycles land in that RAM) and an interpreter that turns fuzz bytes into what
// a hostile guest does to a device: register reads and writes, stores into
// the RAM the device DMAs from, frames from the wire, and time passing.
//
// Input layout (FuzzedDataProvider: byte strings come from the front, numbers
// from the back): first a RAM image of up to 4 KB, tiled over all of RAM so
// that a descriptor or buffer anywhere holds fuzz data; then operations until
// the input runs out.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/dev/device.h"
#include "core/dev/pci/pci_device.h"
#include "core/mem/bus.h"
#include "core/net/net_hub.h"
#include "core/sched/scheduler.h"

namespace bw::fuzz {

// Silences the core's log (guest errors are expected by the thousand).
void quiet_logs();

// Records what a device sends on the wire and checks it is a sane frame.
// With a budget set (|max_frames|, |max_bytes|), the frame that exceeds it
// throws FrameBudget, which run_device_ops() catches: the input ends there
// (the device is thrown away).
struct FrameBudget {};
class WireSink : public NetPort {
  public:
    void receive(const u8* frame, size_t len) override;
    size_t max_frames = SIZE_MAX;
    size_t max_bytes = SIZE_MAX;
    size_t frames = 0;
    size_t bytes = 0;
};

// A Bus costs a 2 MB page table to build, so every FuzzMachine shares one
// (RAM only, no devices mapped) and zeroes its RAM when constructed; the rest
// is made fresh for every input.
struct FuzzMachine {
    static constexpr u32 kRamSize = 128 * 1024;  // at physical 0
    // Where PCI BARs are placed (any address decodes; these match malta's windows).
    static constexpr u32 kPciIo = 0x1000, kPciMem = 0x10000000;

    FuzzMachine();
    ~FuzzMachine();

    // Tiles |image| over RAM (zeros if empty).
    void fill_ram(const std::vector<u8>& image);
    // Advances virtual time by |ns| and fires every timer due by then.
    void advance(u64 ns);
    // Attaches |dev| at device 11 and enables I/O, memory and bus mastering
    // (BAR n at kPciIo or kPciMem + n * 1 MiB by its kind).
    void attach_pci(PciDevice* dev);

    std::vector<u8>& ram;
    Bus& bus;
    Scheduler sched;
    NetHub hub;
    WireSink wire;
    PciBus pci;
    u8 devfn = 11 << 3;
};

// A file with the fuzz input in it, for loaders that take a path: a memfd
// named by its /proc/self/fd path, rewritten for every input.
class MemFile {
  public:
    MemFile();
    ~MemFile();
    MemFile(const MemFile&) = delete;
    MemFile& operator=(const MemFile&) = delete;
    void set(const u8* data, size_t size);
    void set(const std::vector<u8>& data) { set(data.data(), data.size()); }
    const std::string& path() const { return path_; }

  private:
    int fd_ = -1;
    std::string path_;
};

// Recomputes both CRCs of a uImage in place (the data CRC over what the
// header's size covers, then the header CRC), so that fuzz inputs reach the
// payload handling; a no-op for a file shorter than a header.
void fix_uimage_crcs(std::vector<u8>& file);

// The sum of p_memsz over the PT_LOAD program headers of an ELF32 file in
// either byte order (0 for anything else); the loader harnesses skip inputs
// asking for more memory than they want to allocate.
u64 elf_load_size(const u8* data, size_t size);

// One register window the interpreter drives.
struct Window {
    Device* device = nullptr;
    u32 size = 0;  // offsets are taken modulo this
    // Offsets worth hitting (the datasheet's registers); picked by index half
    // of the time so the fuzzer need not guess them.
    std::vector<u32> registers;
    unsigned min_access = 1;  // narrower accesses are widened (as Bus::map_device)
};

struct DeviceHooks {
    std::vector<Window> windows;
    NetPort* nic = nullptr;     // frames "from the wire" go here
    PciDevice* pci = nullptr;   // config-space writes (bus mastering off, BARs)
    size_t max_frame = 2048;    // longest frame offered to |nic|
    u64 max_step_ns = 4000000;  // longest single time step
    // Most accesses in one burst (a sector of PIO needs 256; a register whose
    // write is expensive, such as a reset, wants fewer).
    unsigned max_burst = 1024;
};

// Runs operations from |in| until it is empty (or |max_ops| are done).
void run_device_ops(FuzzMachine& m, FuzzedDataProvider& in, const DeviceHooks& hooks,
                    size_t max_ops = 4096);

}  // namespace bw::fuzz
