#include "tests/fuzz/fuzz_machine.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "boards/loaders/uimage.h"
#include "core/common/crc32.h"
#include "core/common/log.h"

namespace bw::fuzz {

void quiet_logs() {
    log_set_sink([](LogCategory, const std::string&) {});
}

void WireSink::receive(const u8* frame, size_t len) {
    // The largest frame a NIC builds is the e1000's 64 KiB transmit buffer
    // plus an inserted VLAN tag; a bigger length means a device read its own
    // length field wrongly.
    if (len > 65536 + 4) {
        std::fprintf(stderr, "fuzz: a device sent a %zu-byte frame\n", len);
        std::abort();
    }
    if (frames >= max_frames || len > max_bytes - bytes) throw FrameBudget{};
    // Read every byte so ASan sees an over-long length at once (one checked
    // copy, not a checked load per byte).
    static u8 scratch[65536 + 4];
    std::memcpy(scratch, frame, len);
    bytes += len;
    ++frames;
}

namespace {

struct SharedBus {
    SharedBus() : ram(FuzzMachine::kRamSize) { bus.map_ram(0, FuzzMachine::kRamSize, ram.data()); }
    std::vector<u8> ram;
    Bus bus;
};

SharedBus& shared_bus() {
    static SharedBus* shared = new SharedBus;  // never destroyed: the fuzzer exits with it live
    return *shared;
}

}  // namespace

FuzzMachine::FuzzMachine() : ram(shared_bus().ram), bus(shared_bus().bus) {
    quiet_logs();
    std::memset(ram.data(), 0, ram.size());
    hub.attach(&wire);
    pci.set_dma_memory(&bus);
    pci.irq_route = [](u8, int pin) { return pin & 3; };
    pci.set_irq_line = [](int, bool) {};
}

FuzzMachine::~FuzzMachine() { hub.detach(&wire); }

void FuzzMachine::fill_ram(const std::vector<u8>& image) {
    if (image.empty()) return;
    size_t have = std::min(image.size(), ram.size());
    std::memcpy(ram.data(), image.data(), have);
    while (have < ram.size()) {  // doubling copies of what is there
        size_t n = std::min(have, ram.size() - have);
        std::memcpy(ram.data() + have, ram.data(), n);
        have += n;
    }
}

void FuzzMachine::advance(u64 ns) {
    u32 step = sched.ns_per_instruction();
    sched.begin_slice(i64(ns / step) + 1);
    sched.remaining = 0;
    sched.end_slice();
}

void FuzzMachine::attach_pci(PciDevice* dev) {
    pci.attach(devfn, dev);
    for (int n = 0; n < 6; ++n) {
        if (!dev->bar_size(n)) continue;
        bool io = dev->config_read(PciDevice::BAR0 + 4 * u32(n), 4) & 1;
        pci.config_write(devfn, u8(PciDevice::BAR0 + 4 * n), io ? kPciIo : kPciMem + (u32(n) << 20),
                         4);
    }
    pci.config_write(devfn, PciDevice::COMMAND,
                     PciDevice::COMMAND_IO | PciDevice::COMMAND_MEMORY | PciDevice::COMMAND_MASTER,
                     2);
}

MemFile::MemFile() {
    fd_ = memfd_create("fuzz-input", 0);
    if (fd_ < 0) {
        std::perror("fuzz: memfd_create");
        std::abort();
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
}

MemFile::~MemFile() { close(fd_); }

void MemFile::set(const u8* data, size_t size) {
    if (ftruncate(fd_, 0) != 0 || (size && pwrite(fd_, data, size, 0) != ssize_t(size))) {
        std::perror("fuzz: writing the memfd");
        std::abort();
    }
}

void fix_uimage_crcs(std::vector<u8>& file) {
    if (file.size() < kUImageHeaderSize) return;
    auto put_be32 = [&](size_t at, u32 v) {
        for (int i = 0; i < 4; ++i) file[at + i] = u8(v >> (24 - 8 * i));
    };
    u32 size = u32(file[12]) << 24 | u32(file[13]) << 16 | u32(file[14]) << 8 | file[15];
    size_t len = std::min<size_t>(size, file.size() - kUImageHeaderSize);
    put_be32(24, crc32(file.data() + kUImageHeaderSize, len));
    put_be32(4, uimage_header_crc(file));
}

u64 elf_load_size(const u8* d, size_t n) {
    if (n < 52 || d[0] != 0x7f || d[1] != 'E' || d[2] != 'L' || d[3] != 'F') return 0;
    if (d[5] != 1 && d[5] != 2) return 0;
    bool big = d[5] == 2;
    auto rd16 = [&](size_t o) {
        return big ? u32(d[o] << 8 | d[o + 1]) : u32(d[o] | d[o + 1] << 8);
    };
    auto rd32 = [&](size_t o) {
        return big ? u32(d[o]) << 24 | u32(d[o + 1]) << 16 | u32(d[o + 2]) << 8 | d[o + 3]
                   : u32(d[o + 3]) << 24 | u32(d[o + 2]) << 16 | u32(d[o + 1]) << 8 | d[o];
    };
    u64 phoff = rd32(28), total = 0;
    u32 phnum = rd16(44);
    for (u32 i = 0; i < phnum; ++i) {
        u64 o = phoff + u64(i) * 32;
        if (o + 32 > n) break;
        if (rd32(size_t(o)) == 1) total += rd32(size_t(o) + 20);
    }
    return total;
}

namespace {

enum Op : u8 {
    kWrite,
    kRead,
    kStoreBytes,
    kStoreWord,
    kFrame,
    kAdvance,
    kConfig,
    kBurst,
    kOpCount
};

unsigned pick_size(FuzzedDataProvider& in) {
    static constexpr unsigned kSizes[] = {4, 2, 1, 4};
    return kSizes[in.ConsumeIntegral<u8>() & 3];
}

u32 pick_offset(FuzzedDataProvider& in, const Window& w) {
    if (!w.registers.empty() && in.ConsumeBool()) {
        return w.registers[in.ConsumeIntegralInRange<size_t>(0, w.registers.size() - 1)];
    }
    return in.ConsumeIntegral<u32>() % w.size;
}

// The bus's widening of narrow accesses (Bus::read_device/write_device).
u32 window_read(const Window& w, u32 offset, unsigned size) {
    if (size >= w.min_access) return w.device->read(offset, size);
    u32 aligned = offset & ~(w.min_access - 1);
    u32 wide = w.device->read(aligned, w.min_access);
    return (wide >> ((offset - aligned) * 8)) & (size == 1 ? 0xffu : 0xffffu);
}

void window_write(const Window& w, u32 offset, u32 value, unsigned size) {
    if (size >= w.min_access) {
        w.device->write(offset, value, size);
        return;
    }
    u32 aligned = offset & ~(w.min_access - 1);
    w.device->write(aligned, value << ((offset - aligned) * 8), w.min_access);
}

void run_ops(FuzzMachine& m, FuzzedDataProvider& in, const DeviceHooks& hooks, size_t max_ops) {
    size_t image_len = in.ConsumeIntegralInRange<size_t>(0, 4096);
    m.fill_ram(in.ConsumeBytes<u8>(image_len));
    for (size_t n = 0; n < max_ops && in.remaining_bytes(); ++n) {
        switch (in.ConsumeIntegral<u8>() % kOpCount) {
            case kWrite: {
                const Window& w =
                    hooks.windows[in.ConsumeIntegralInRange<size_t>(0, hooks.windows.size() - 1)];
                u32 offset = pick_offset(in, w);
                unsigned size = pick_size(in);
                window_write(w, offset, in.ConsumeIntegral<u32>(), size);
                break;
            }
            case kRead: {
                const Window& w =
                    hooks.windows[in.ConsumeIntegralInRange<size_t>(0, hooks.windows.size() - 1)];
                u32 offset = pick_offset(in, w);
                window_read(w, offset, pick_size(in));
                break;
            }
            case kStoreBytes: {
                u32 addr = in.ConsumeIntegral<u16>() % FuzzMachine::kRamSize;
                std::vector<u8> bytes = in.ConsumeBytes<u8>(in.ConsumeIntegralInRange(0, 256));
                m.bus.load(addr, bytes.data(),
                           std::min<size_t>(bytes.size(), FuzzMachine::kRamSize - addr));
                break;
            }
            case kStoreWord: {
                u32 addr = in.ConsumeIntegral<u16>() % (FuzzMachine::kRamSize - 3);
                m.bus.write32(addr, in.ConsumeIntegral<u32>());
                break;
            }
            case kFrame: {
                if (!hooks.nic) break;
                size_t len = in.ConsumeIntegralInRange<size_t>(0, hooks.max_frame);
                std::vector<u8> frame = in.ConsumeBytes<u8>(len);
                // Half the frames are broadcast, so the receive filter lets them in.
                if (frame.size() >= 6 && in.ConsumeBool()) std::fill_n(frame.begin(), 6, 0xff);
                if (hooks.nic->can_receive()) hooks.nic->receive(frame.data(), frame.size());
                break;
            }
            case kBurst: {
                // One register accessed many times (a data port, a PIO loop).
                const Window& w =
                    hooks.windows[in.ConsumeIntegralInRange<size_t>(0, hooks.windows.size() - 1)];
                u32 offset = pick_offset(in, w);
                unsigned size = pick_size(in);
                bool write = in.ConsumeBool();
                u32 value = in.ConsumeIntegral<u32>();
                unsigned count = in.ConsumeIntegralInRange(1u, hooks.max_burst);
                for (unsigned i = 0; i < count; ++i) {
                    if (write) {
                        window_write(w, offset, value + i, size);
                    } else {
                        window_read(w, offset, size);
                    }
                }
                break;
            }
            case kAdvance: m.advance(in.ConsumeIntegralInRange<u64>(0, hooks.max_step_ns)); break;
            case kConfig: {
                if (!hooks.pci) break;
                u8 offset = in.ConsumeIntegral<u8>();
                unsigned size = pick_size(in);
                m.pci.config_write(m.devfn, offset, in.ConsumeIntegral<u32>(), size);
                break;
            }
        }
    }
    // Whatever the guest left armed runs once more.
    m.advance(hooks.max_step_ns);
}

}  // namespace

void run_device_ops(FuzzMachine& m, FuzzedDataProvider& in, const DeviceHooks& hooks,
                    size_t max_ops) {
    try {
        run_ops(m, in, hooks, max_ops);
    } catch (const FrameBudget&) {
        // The device sent more frames than the harness allows one input.
    }
}

}  // namespace bw::fuzz
