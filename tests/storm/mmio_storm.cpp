// MMIO storm: builds a board and drives random reads and writes of random widths
// at every device it maps (and every PCI BAR on malta), with device timers running
// and random descriptors in the RAM the devices' DMA points at. A hostile guest can
// do all of this; the host must not fault. Built with -fsanitize=address,undefined
// (./run test's sanitizer build) any out-of-bounds access or UB aborts the run.
//
// usage: mmio_storm [--board versatilepb|malta|all] [--ops N] [--seed S] [-v]
// (-v lists the address ranges it drives)
// The seed is printed: `mmio_storm --board B --seed S --ops N` replays a failure.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "boards/boards.h"
#include "boards/malta/malta.h"
#include "core/dev/storage/block_device.h"

namespace bw {
namespace {

// Where descriptor and buffer pointers written by the storm point (and what the
// storm keeps filling with random bytes).
constexpr u32 kDmaZone = 0x10000;

struct Target {
    enum Kind { Bus, PciIo, PciMem } kind;
    u32 base, size;
};

struct Counts {
    u64 reads = 0, writes = 0, dma_fills = 0, resets = 0, time_steps = 0;
};

class Storm {
  public:
    Storm(Machine& m, u64 seed) : m_(m), rng_(seed), malta_(dynamic_cast<Malta*>(&m)) {}

    void run(u64 ops) {
        enable_pci();
        refresh_targets();
        fill_dma_zone(kDmaZone);
        for (u64 i = 1; i <= ops; i++) {
            one_access();
            if (i % 1000 == 0) step_time();
            if (i % 5000 == 0) fill_dma_zone(256);
            if (i % 20000 == 0) refresh_targets();  // the guest may have moved windows
            if (i % 1000000 == 0) {
                m_.reset();
                counts_.resets++;
                enable_pci();
                refresh_targets();
            }
        }
    }
    const Counts& counts() const { return counts_; }
    void print_targets() {
        enable_pci();
        refresh_targets();
        for (const Target& t : targets_) {
            static const char* const kKinds[] = {"bus", "pci-io", "pci-mem"};
            std::printf("  %-7s 0x%08x +0x%x\n", kKinds[t.kind], t.base, t.size);
        }
    }
    size_t target_count() const { return targets_.size(); }

  private:
    u32 random32() { return u32(rng_()); }
    u32 below(u32 n) { return n ? u32(rng_() % n) : 0; }

    // Values a driver would write: pointers into the DMA zone, small counts and
    // indices, or anything at all.
    u32 value() {
        switch (below(8)) {
            case 0:
            case 1: return below(kDmaZone) & ~3u;
            case 2: return below(16);
            case 3: return 0xffffffffu;
            default: return random32();
        }
    }

    // Registers live at the start of a range: half the accesses go to its first
    // 256 bytes, a quarter to the rest of its first 4 KB, a quarter anywhere.
    u32 offset_in(const Target& t) {
        static constexpr u32 kSpans[4] = {0x100, 0x100, 0x1000, 0xffffffffu};
        return below(std::min(t.size, kSpans[below(4)]));
    }

    void one_access() {
        if (targets_.empty()) return;
        const Target& t = targets_[below(u32(targets_.size()))];
        static constexpr unsigned kWidths[] = {1, 2, 4, 4};
        const unsigned size = kWidths[below(4)];
        const u32 addr = t.base + (offset_in(t) & ~(below(4) ? size - 1 : 0u));
        const bool write = below(2);
        u32 v = write ? value() : 0;
        if (write)
            counts_.writes++;
        else
            counts_.reads++;
        switch (t.kind) {
            case Target::Bus:
                if (write)
                    m_.bus.write(addr, v, size);
                else
                    m_.bus.read(addr, size);
                break;
            case Target::PciIo:
                if (write)
                    malta_->pci().io_write(addr, v, size);
                else
                    malta_->pci().io_read(addr, size, &v);
                break;
            case Target::PciMem:
                if (write)
                    malta_->pci().mem_write(addr, v, size);
                else
                    malta_->pci().mem_read(addr, size, &v);
                break;
        }
    }

    // Lets up to 1 ms of virtual time pass so timers, transmit polls and DMA
    // engines run on what the storm wrote.
    void step_time() {
        m_.scheduler.skip_to_next_event(m_.scheduler.now() + below(1000000));
        counts_.time_steps++;
    }

    void fill_dma_zone(u32 bytes) {
        for (u32 i = 0; i < bytes; i += 4) {
            u32 at = below(kDmaZone) & ~3u;
            u32 v = below(3) ? value() : random32();
            m_.bus.write32(at, v);
        }
        counts_.dma_fills++;
    }

    // Every device page on the bus, and on malta every PCI BAR (sized and placed
    // the way firmware does: write all ones, read the mask back).
    void refresh_targets() {
        targets_.clear();
        for (const Bus::DeviceRange& r : m_.bus.device_ranges())
            targets_.push_back({Target::Bus, r.base, r.size});
        targets_.insert(targets_.end(), bars_.begin(), bars_.end());
    }

    void enable_pci() {
        bars_.clear();
        if (!malta_) return;
        PciBus& pci = malta_->pci();
        u32 next_io = 0x4000, next_mem = 0x40000000;
        for (unsigned devfn = 0; devfn < 256; devfn++) {
            if (!pci.device(u8(devfn))) continue;
            for (u8 bar = 0x10; bar < 0x28; bar += 4) {
                pci.config_write(u8(devfn), bar, 0xffffffffu, 4);
                u32 mask = pci.config_read(u8(devfn), bar, 4);
                if (mask == 0 || mask == 0xffffffffu) continue;
                const bool io = mask & 1;
                const u32 size = ~(mask & (io ? ~3u : ~15u)) + 1;
                if (size == 0 || size > 0x1000000) continue;
                u32& next = io ? next_io : next_mem;
                next = (next + size - 1) & ~(size - 1);
                pci.config_write(u8(devfn), bar, next, 4);
                bars_.push_back({io ? Target::PciIo : Target::PciMem, next, size});
                next += size;
            }
            pci.config_write(u8(devfn), 0x04, 0x7, 2);  // I/O, memory, bus master
        }
    }

    Machine& m_;
    std::mt19937_64 rng_;
    Malta* malta_;
    std::vector<Target> targets_, bars_;
    Counts counts_;
};

std::unique_ptr<Machine> build(const std::string& board, std::string* error) {
    MachineConfig c;
    c.machine = board;
    if (board == "malta") {
        // A spin loop in the boot flash; both NIC models, an IDE disk, the AC'97, USB devices.
        static const std::string bios = [] {
            std::string path = "/tmp/bw_mmio_storm_bios.bin";
            const u8 spin[8] = {0xff, 0xff, 0x00, 0x10, 0, 0, 0, 0};  // b . ; nop
            if (FILE* f = std::fopen(path.c_str(), "wb")) {
                std::fwrite(spin, 1, sizeof spin, f);
                std::fclose(f);
            }
            return path;
        }();
        c.ram_mb = 64;
        c.bios = bios;
        c.hda = "storm";
        c.hda_disk = std::make_shared<MemoryBlockDevice>(u64(4096));
        c.nics = {NicConfig{"pcnet", "", {0x52, 0x54, 0, 0x12, 0x34, 0x56}},
                  NicConfig{"e1000", "", {0x52, 0x54, 0, 0x12, 0x34, 0x57}}};
        c.sound_cards = {"ac97"};
        c.usb_devices = {"keyboard", "tablet", "mouse"};  // UHCI schedules from random RAM
    } else {
        c.ram_mb = 64;
    }
    return create_machine(c, error);
}

int storm(const std::string& board, u64 ops, u64 seed, bool verbose) {
    std::string error;
    std::unique_ptr<Machine> m = build(board, &error);
    if (!m) {
        std::fprintf(stderr, "mmio_storm: %s: %s\n", board.c_str(), error.c_str());
        return 1;
    }
    m->audio.connect(4096);  // sound devices convert and queue what they play
    std::printf("mmio_storm: %s seed %llu, %llu ops (replay: --board %s --seed %llu --ops %llu)\n",
                board.c_str(), (unsigned long long)seed, (unsigned long long)ops, board.c_str(),
                (unsigned long long)seed, (unsigned long long)ops);
    std::fflush(stdout);
    const auto t0 = std::chrono::steady_clock::now();
    Storm s(*m, seed);
    if (verbose) s.print_targets();
    s.run(ops);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const Counts& c = s.counts();
    std::printf(
        "mmio_storm: %s done: %llu reads, %llu writes over %zu ranges, %llu DMA-zone "
        "fills, %llu time steps, %llu resets, %.1f s (%.2f M ops/s)\n",
        board.c_str(), (unsigned long long)c.reads, (unsigned long long)c.writes, s.target_count(),
        (unsigned long long)c.dma_fills, (unsigned long long)c.time_steps,
        (unsigned long long)c.resets, secs, double(ops) / secs / 1e6);
    return 0;
}

}  // namespace
}  // namespace bw

int main(int argc, char** argv) {
    std::string board = "all";
    unsigned long long ops = 10000000, seed = 1;
    bool verbose = false;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
        if (a == "-v") {
            verbose = true;
            continue;
        }
        if (a == "--board" && v) {
            board = v;
        } else if (a == "--ops" && v) {
            ops = std::strtoull(v, nullptr, 0);
        } else if (a == "--seed" && v) {
            seed = std::strtoull(v, nullptr, 0);
        } else {
            std::fprintf(stderr,
                         "usage: mmio_storm [--board versatilepb|malta|all] [--ops N] "
                         "[--seed S] [-v]\n");
            return 2;
        }
        i++;
    }
    if (board != "all") return bw::storm(board, ops, seed, verbose);
    // --ops counts the whole run: half on each board.
    return bw::storm("versatilepb", ops / 2, seed, verbose) |
           bw::storm("malta", ops - ops / 2, seed, verbose);
}
