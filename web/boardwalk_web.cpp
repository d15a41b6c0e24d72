// boardwalk in a browser tab (or under node): the C functions the page's
// JavaScript calls. The machine is built from QEMU-style arguments whose image
// paths name files the page wrote into emscripten's in-memory file system.
//
// The page drives time: it calls bw_step() from a macrotask, gets back how long
// to wait before the next call (0: as soon as the browser has had its turn), and
// pushes typed bytes with bw_serial_push(). Guest serial output collects in one
// buffer per port that the page drains. Single-threaded; no blocking calls.
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "boards/boards.h"
#include "boards/loaders/image_file.h"
#include "core/common/log.h"
#include "core/dev/storage/block_device.h"
#include "tools/cli/options.h"

namespace {

using namespace bw;

struct WebState {
    std::vector<std::string> args;  // for reset: rebuild from the same arguments
    cli::Options options;
    std::unique_ptr<Machine> machine;
    std::vector<std::string> out;  // pending guest output per serial port
    std::string error;
    bool shutdown = false;
    // Virtual and real clocks are tied at these origins (see tools/cli/run_loop).
    double real0_ms = 0;
    u64 virt0 = 0;
    bool waiting = false;  // the last bw_step() returned an idle wait
    u64 host_ns = 0;       // real time spent inside bw_step, for the status line
    // The -hda image in memory. It outlives a reset, as a disk outlives a power
    // cycle; the file it came from is removed to free the page's copy.
    std::string hda_path;
    std::shared_ptr<BlockDevice> hda_disk;
    // A disk image the page streamed straight into wasm memory (bw_disk_alloc)
    // for the -hda path it will name: no copy in the file system at all.
    std::string staged_path;
    std::vector<u8> staged;
};

WebState g;

// Instructions per Machine::run() call: small enough that the time check
// between calls keeps a macrotask near its budget.
constexpr i64 kSliceInsns = 1 << 17;
// Longest idle wait (ms). Typed input wakes the loop at once (runner.js), so
// unlike the native loop this need not poll: each wake-up of a page costs far
// more than the guest's work (with a tickless guest, most waits end here).
constexpr double kMaxIdleWaitMs = 250;
// Virtual time may trail real time by at most this much; beyond it the
// difference is forgiven rather than caught up.
constexpr double kMaxLagMs = 100;

double real_ms() { return emscripten_get_now(); }

void attach_serials() {
    g.out.assign(g.machine->serial_count(), std::string());
    for (size_t i = 0; i < g.machine->serial_count(); ++i) {
        g.machine->serial(i).on_output = [i](u8 byte) { g.out[i].push_back(char(byte)); };
    }
}

bool build_machine() {
    std::vector<const char*> argv{"boardwalk"};
    for (const std::string& a : g.args) argv.push_back(a.c_str());
    g.options = cli::Options();
    g.machine.reset();
    g.out.clear();
    g.shutdown = false;
    g.waiting = false;
    if (!cli::parse_options(int(argv.size()), argv.data(), &g.options, &g.error)) return false;
    // -d categories go to the browser console (stderr).
    if (!g.options.log_items.empty() && !log_enable_from_string(g.options.log_items, &g.error)) {
        g.error = "-d: " + g.error;
        return false;
    }
    const std::string& hda = g.options.machine.hda;
    if (hda.empty()) {
        g.hda_disk.reset();
    } else if (hda == g.staged_path) {
        g.hda_disk = std::make_shared<MemoryBlockDevice>(std::move(g.staged));
        g.hda_path = hda;
        g.staged_path.clear();
        g.staged = {};
    } else if (!g.hda_disk || g.hda_path != hda) {
        std::vector<u8> image;
        if (!read_image_file(hda, &image, &g.error)) {
            g.error = "-hda " + g.error;
            return false;
        }
        g.hda_disk = std::make_shared<MemoryBlockDevice>(std::move(image));
        g.hda_path = hda;
        std::remove(hda.c_str());
    }
    g.options.machine.hda_disk = g.hda_disk;
    g.machine = create_machine(g.options.machine, &g.error);
    if (!g.machine) return false;
    if (g.options.icount) g.machine->scheduler.set_ns_per_instruction(1u << g.options.icount_shift);
    g.machine->no_reboot = g.options.no_reboot;
    attach_serials();
    g.real0_ms = real_ms();
    g.virt0 = g.machine->scheduler.now();
    g.host_ns = 0;
    return true;
}

// Runs the guest for about |budget_ms| of real time. Returns the number of ms
// to wait before calling again: 0 to continue as soon as possible, more while
// the guest idles until its next timer, -1 once it has shut down.
double step(double budget_ms) {
    Machine& m = *g.machine;
    double start = real_ms();
    bool sleep = !(g.options.icount && !g.options.icount_sleep);
    if (g.waiting) {
        // Back from an idle wait (or woken by input): let the virtual time that
        // passed in real time catch up, never past it.
        g.waiting = false;
        double virt_elapsed_ms = double(m.scheduler.now() - g.virt0) / 1e6;
        double target_ms = (start - g.real0_ms) - virt_elapsed_ms;
        if (target_ms > 0) m.advance_idle(u64(target_ms * 1e6));
    }
    for (;;) {
        RunResult r = m.run(kSliceInsns);
        if (r == RunResult::Shutdown) {
            g.shutdown = true;
            return -1;
        }
        double now = real_ms();
        if (r != RunResult::Idle) {
            if (now - start >= budget_ms) return 0;
            continue;
        }
        u64 deadline = m.idle_deadline();
        if (!sleep) {
            if (deadline == UINT64_MAX) return kMaxIdleWaitMs;  // only input can wake it
            m.advance_idle(0);
            if (now - start >= budget_ms) return 0;
            continue;
        }
        double virt_elapsed_ms = double(m.scheduler.now() - g.virt0) / 1e6;
        double real_elapsed_ms = now - g.real0_ms;
        if (real_elapsed_ms - virt_elapsed_ms > kMaxLagMs) {
            g.real0_ms = now - virt_elapsed_ms - kMaxLagMs;
            real_elapsed_ms = now - g.real0_ms;
        }
        double need_ms = deadline == UINT64_MAX ? kMaxIdleWaitMs
                                                : double(deadline - m.scheduler.now()) / 1e6 -
                                                      (real_elapsed_ms - virt_elapsed_ms);
        if (need_ms <= 0) {
            m.advance_idle(0);  // the timer is already late: fire it now
            if (now - start >= budget_ms) return 0;
            continue;
        }
        g.waiting = true;
        return std::min(need_ms, kMaxIdleWaitMs);
    }
}

}  // namespace

extern "C" {

// Builds a machine from QEMU arguments, one per line ("-M\nversatilepb\n-m\n128
// \n-kernel\n/images/zImage..."). Returns 1, or 0 with bw_error() set.
EMSCRIPTEN_KEEPALIVE int bw_create(const char* args) {
    g.args.clear();
    g.error.clear();
    std::string s = args ? args : "";
    size_t i = 0;
    while (i <= s.size() && !s.empty()) {
        size_t j = s.find('\n', i);
        if (j == std::string::npos) j = s.size();
        g.args.push_back(s.substr(i, j - i));
        i = j + 1;
    }
    // "-nographic" is implied: the page is the console.
    if (!build_machine()) {
        g.machine.reset();
        return 0;
    }
    return 1;
}

// Room for a |size|-byte disk image that -hda |path| will name, for the page
// to fill (HEAPU8 at the returned address) while it downloads. 0 if this core
// has no disks or the size is beyond the page's memory.
EMSCRIPTEN_KEEPALIVE u8* bw_disk_alloc(const char* path, double size) {
    constexpr double kMaxDisk = 1.25 * 1024 * 1024 * 1024;  // memory tops out at 2 GB
    if (!path || size <= 0 || size > kMaxDisk) return nullptr;
    u64 rounded = (u64(size) + BlockDevice::kSectorSize - 1) / BlockDevice::kSectorSize *
                  BlockDevice::kSectorSize;
    g.staged = {};  // free a previous one first
    g.staged.resize(rounded);
    g.staged_path = path;
    return g.staged.data();
}

// The last error as one line ("" if none).
EMSCRIPTEN_KEEPALIVE const char* bw_error() { return g.error.c_str(); }

// Power cycle: rebuild the machine from the same arguments and files.
EMSCRIPTEN_KEEPALIVE int bw_reset() {
    if (g.args.empty() && !g.machine) return 0;
    if (!build_machine()) {
        g.machine.reset();
        return 0;
    }
    return 1;
}

// Drops the machine (frees its RAM).
EMSCRIPTEN_KEEPALIVE void bw_destroy() {
    g.machine.reset();
    g.out.clear();
}

// See step() above: ms to wait before the next call, 0 = continue, -1 = off.
EMSCRIPTEN_KEEPALIVE double bw_step(double budget_ms) {
    if (!g.machine || g.shutdown) return -1;
    double t0 = real_ms();
    double wait = step(budget_ms);
    g.host_ns += u64((real_ms() - t0) * 1e6);
    return wait;
}

// Resume after a pause: the paused real time does not count as guest lag.
EMSCRIPTEN_KEEPALIVE void bw_resync_clock() {
    if (!g.machine) return;
    g.real0_ms = real_ms();
    g.virt0 = g.machine->scheduler.now();
    g.waiting = false;
}

EMSCRIPTEN_KEEPALIVE int bw_serial_count() { return g.machine ? int(g.out.size()) : 0; }

// Pending guest output of |port|: pointer and size stay valid until
// bw_serial_consume() or the next bw_step().
EMSCRIPTEN_KEEPALIVE const char* bw_serial_data(int port) {
    return port >= 0 && size_t(port) < g.out.size() ? g.out[port].data() : nullptr;
}
EMSCRIPTEN_KEEPALIVE int bw_serial_size(int port) {
    return port >= 0 && size_t(port) < g.out.size() ? int(g.out[port].size()) : 0;
}
EMSCRIPTEN_KEEPALIVE void bw_serial_consume(int port) {
    if (port >= 0 && size_t(port) < g.out.size()) g.out[port].clear();
}

// A byte typed into |port|.
EMSCRIPTEN_KEEPALIVE void bw_serial_push(int port, int byte) {
    if (!g.machine || port < 0 || size_t(port) >= g.machine->serial_count()) return;
    g.machine->serial(size_t(port)).push_input(u8(byte));
}

// Status numbers (doubles: exact up to 2^53, plenty for counters).
EMSCRIPTEN_KEEPALIVE double bw_instructions() {
    return g.machine ? double(g.machine->instructions_retired()) : 0;
}
EMSCRIPTEN_KEEPALIVE double bw_virtual_ns() {
    return g.machine ? double(g.machine->scheduler.now()) : 0;
}
// Real time spent running the guest since the machine was built.
EMSCRIPTEN_KEEPALIVE double bw_host_ns() { return double(g.host_ns); }
EMSCRIPTEN_KEEPALIVE int bw_is_shutdown() { return g.shutdown ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE const char* bw_board() {
    return g.machine ? g.options.machine.machine.c_str() : "";
}

// Board names, one per line, for the page's picker.
EMSCRIPTEN_KEEPALIVE const char* bw_board_names() {
    static std::string names;
    names.clear();
    for (const std::string& n : board_names()) names += n + "\n";
    return names.c_str();
}

}  // extern "C"
