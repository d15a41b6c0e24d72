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
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "boards/boards.h"
#include "boards/loaders/image_file.h"
#include "core/common/log.h"
#include "core/dev/storage/block_device.h"
#include "core/net/builtin_net.h"
#include "core/net/net_hub.h"
#include "core/sched/real_time_tie.h"
#include "tools/cli/options.h"
#include "web/web_state.h"

namespace {

using namespace bw;

// Frames between NIC 0's hub and the page's WebSocket transports (web/net.js):
// what the guest sends is queued as [u32 little-endian length][frame] records
// for the page to drain; what the page pushes goes to the hub.
class FrameQueue : public NetPort {
  public:
    static constexpr size_t kMaxBytes = 4 << 20;  // the page drains after every step
    void receive(const u8* frame, size_t len) override {
        ++from_guest;
        if (out.size() + len + 4 > kMaxBytes) {
            ++dropped;
            return;
        }
        u8 n[4] = {u8(len), u8(len >> 8), u8(len >> 16), u8(len >> 24)};
        out.insert(out.end(), n, n + 4);
        out.insert(out.end(), frame, frame + len);
    }
    std::vector<u8> out;
    u64 from_guest = 0, to_guest = 0, dropped = 0;
};

enum NetMode { kNetNone = 0, kNetBuiltin = 1, kNetFrames = 2 };

// Virtual time may trail real time by at most this much; beyond it the
// difference is forgiven rather than caught up.
constexpr u64 kMaxLagNs = 100'000'000;
// With the speakers on, a busy guest's time follows real time (see
// RunLoopOptions::follow_real_time): lag beyond the slack passes in steps.
constexpr u64 kFollowSlackNs = 4'000'000;
constexpr u64 kFollowStepNs = 5'000'000;

struct WebState {
    std::vector<std::string> args;  // for reset: rebuild from the same arguments
    cli::Options options;
    std::unique_ptr<Machine> machine;
    std::vector<std::string> out;  // pending guest output per serial port
    std::string error;
    bool shutdown = false;
    RealTimeTie clock{kMaxLagNs};
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
    // Networking (bw_net_attach). The files served by the builtin TFTP server
    // outlive a reset; a name not among them is asked of the page (|requests|)
    // when it can fetch files, and waits until bw_net_file_done().
    int net_mode = kNetNone;
    std::string net_bootfile;
    bool net_fetch = false;
    std::map<std::string, std::shared_ptr<std::vector<u8>>> net_files;
    std::map<std::string, bool> net_loading;  // name -> false once known missing
    std::string net_requests;
    std::unique_ptr<BuiltinNet> builtin;
    std::unique_ptr<FrameQueue> frames;
    std::vector<u8> net_in;  // a frame the page is pushing
};

WebState g;

// Instructions per Machine::run() call: small enough that the time check
// between calls keeps a macrotask near its budget.
constexpr i64 kSliceInsns = 1 << 17;
// Longest idle wait (ms). Typed input wakes the loop at once (runner.js), so
// unlike the native loop this need not poll: each wake-up of a page costs far
// more than the guest's work (with a tickless guest, most waits end here).
constexpr double kMaxIdleWaitMs = 250;
double real_ms() { return emscripten_get_now(); }
u64 real_ns() { return u64(emscripten_get_now() * 1e6); }

void attach_serials() {
    g.out.assign(g.machine->serial_count(), std::string());
    for (size_t i = 0; i < g.machine->serial_count(); ++i) {
        g.machine->serial(i).on_output = [i](u8 byte) { g.out[i].push_back(char(byte)); };
    }
}

TftpServer::File net_lookup(const std::string& asked) {
    std::string name = asked;
    while (!name.empty() && name[0] == '/') name.erase(0, 1);
    auto it = g.net_files.find(name);
    if (it != g.net_files.end()) return {TftpServer::Found::Yes, it->second};
    auto l = g.net_loading.find(name);
    if (l != g.net_loading.end()) {
        return {l->second ? TftpServer::Found::Pending : TftpServer::Found::No, nullptr};
    }
    if (!g.net_fetch || name.empty() || name.find("..") != std::string::npos) return {};
    g.net_loading[name] = true;
    g.net_requests += name + "\n";
    return {TftpServer::Found::Pending, nullptr};
}

// (Re)connects NIC 0's hub to the chosen back end; a rebuilt machine has new hubs.
void attach_net() {
    g.builtin.reset();
    g.frames.reset();
    NetHub* hub = g.machine ? g.machine->net_hub(0) : nullptr;
    if (!hub) return;
    if (g.net_mode == kNetBuiltin) {
        g.builtin = std::make_unique<BuiltinNet>(hub, g.machine->scheduler,
                                                 BuiltinNet::Config{g.net_bootfile, net_lookup});
    } else if (g.net_mode == kNetFrames) {
        g.frames = std::make_unique<FrameQueue>();
        hub->attach(g.frames.get());
    }
}

bool build_machine() {
    std::vector<const char*> argv{"boardwalk"};
    for (const std::string& a : g.args) argv.push_back(a.c_str());
    g.options = cli::Options();
    g.builtin.reset();
    g.frames.reset();
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
    attach_net();
    g.clock.tie(real_ns(), g.machine->scheduler.now());
    g.host_ns = 0;
    return true;
}

// Runs the guest for about |budget_ms| of real time. Returns the number of ms
// to wait before calling again: 0 to continue as soon as possible, more while
// the guest idles until its next timer, -1 once it has shut down.
double step(double budget_ms) {
    Machine& m = *g.machine;
    double start = real_ms();
    if (bw::web::monitor_paused()) {
        bw::web::resync_clock();  // stopped time is not owed to the guest
        return kMaxIdleWaitMs;
    }
    bool sleep = !(g.options.icount && !g.options.icount_sleep);
    if (g.waiting) {
        // Back from an idle wait (or woken by input): let the virtual time that
        // passed in real time catch up, never past it.
        g.waiting = false;
        i64 lag = g.clock.lag(real_ns(), m.scheduler.now());
        if (lag > 0) m.advance_idle(u64(lag));
    }
    for (;;) {
        RunResult r = m.run(kSliceInsns);
        if (r == RunResult::Shutdown) {
            g.shutdown = true;
            return -1;
        }
        double now = real_ms();
        if (r != RunResult::Idle) {
            if (sleep && m.audio.connected()) {
                m.stall(g.clock.catch_up_step(real_ns(), m.scheduler.now(), kFollowSlackNs,
                                              kFollowStepNs));
            }
            // A frame for the page's transport goes out now, not at the end of
            // the budget: a guest that busy-polls its NIC (U-Boot's TFTP) waits
            // for the answer, one round trip per block.
            if (now - start >= budget_ms || (g.frames && !g.frames->out.empty())) return 0;
            continue;
        }
        u64 deadline = m.idle_deadline();
        if (!sleep) {
            if (deadline == UINT64_MAX) return kMaxIdleWaitMs;  // only input can wake it
            m.advance_idle(0);
            if (now - start >= budget_ms) return 0;
            continue;
        }
        double lag_ms = double(g.clock.lag(real_ns(), m.scheduler.now())) / 1e6;
        double need_ms = deadline == UINT64_MAX
                             ? kMaxIdleWaitMs
                             : double(deadline - m.scheduler.now()) / 1e6 - lag_ms;
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

namespace bw::web {
Machine* machine() { return g.machine.get(); }
void resync_clock() {
    if (!g.machine) return;
    g.clock.tie(real_ns(), g.machine->scheduler.now());
    g.waiting = false;
}
}  // namespace bw::web

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
    g.builtin.reset();
    g.frames.reset();
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
EMSCRIPTEN_KEEPALIVE void bw_resync_clock() { bw::web::resync_clock(); }

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

// Networking ----------------------------------------------------------------
// NIC 0's back end: 0 none, 1 the builtin user network (DHCP/TFTP, with
// |bootfile| as the DHCP boot file; |fetch|: ask the page for unknown files),
// 2 frames to and from the page (bw_net_push, bw_net_out_*). Survives resets.
// Returns 0 if the machine has no NIC.
EMSCRIPTEN_KEEPALIVE int bw_net_attach(int mode, const char* bootfile, int fetch) {
    g.net_mode = mode;
    g.net_bootfile = bootfile ? bootfile : "";
    g.net_fetch = fetch != 0;
    attach_net();
    return g.machine && g.machine->net_hub(0) ? 1 : 0;
}

// Room for a |size|-byte TFTP file |name| for the page to fill (HEAPU8 at the
// returned address), then bw_net_file_done(). Replaces a file of that name.
EMSCRIPTEN_KEEPALIVE u8* bw_net_file_alloc(const char* name, double size) {
    if (!name || !*name || size < 0 || size > 1024.0 * 1024 * 1024) return nullptr;
    auto data = std::make_shared<std::vector<u8>>(size_t(size));
    g.net_files[name] = data;
    g.net_loading.erase(name);
    return data->data();  // null for an empty file: nothing to fill
}
// The file is filled in (or, with |ok| 0, cannot be had): waiting TFTP
// requests for it go on.
EMSCRIPTEN_KEEPALIVE void bw_net_file_done(const char* name, int ok) {
    if (!name) return;
    if (!ok) {
        g.net_files.erase(name);
        g.net_loading[name] = false;
    }
    if (g.builtin) g.builtin->file_ready(name);
}
// Files the TFTP server was asked for and the page should fetch, one per
// line; cleared by the call.
EMSCRIPTEN_KEEPALIVE const char* bw_net_requests() {
    static std::string last;
    last.swap(g.net_requests);
    g.net_requests.clear();
    return last.c_str();
}

// A frame from the page's transport: fill bw_net_in_buffer(len), then push.
EMSCRIPTEN_KEEPALIVE u8* bw_net_in_buffer(int len) {
    g.net_in.assign(size_t(std::clamp(len, 1, 65536)), 0);
    return g.net_in.data();
}
EMSCRIPTEN_KEEPALIVE void bw_net_push(int len) {
    if (!g.frames || !g.machine || len <= 0 || size_t(len) > g.net_in.size()) return;
    NetHub* hub = g.machine->net_hub(0);
    if (!hub) return;
    ++g.frames->to_guest;
    hub->send(g.frames.get(), g.net_in.data(), size_t(len));
}
// Frames the guest sent, as [u32 LE length][frame] records; valid until
// bw_net_out_consume() or the next bw_step().
EMSCRIPTEN_KEEPALIVE const u8* bw_net_out_data() {
    return g.frames ? g.frames->out.data() : nullptr;
}
EMSCRIPTEN_KEEPALIVE int bw_net_out_size() { return g.frames ? int(g.frames->out.size()) : 0; }
EMSCRIPTEN_KEEPALIVE void bw_net_out_consume() {
    if (g.frames) g.frames->out.clear();
}
// Frames the guest sent to the network and frames it was offered, for the status line.
EMSCRIPTEN_KEEPALIVE double bw_net_frames_out() {
    if (g.builtin) return double(g.builtin->counters().frames_from_guest);
    return g.frames ? double(g.frames->from_guest) : 0;
}
EMSCRIPTEN_KEEPALIVE double bw_net_frames_in() {
    if (g.builtin) return double(g.builtin->counters().frames_to_guest);
    return g.frames ? double(g.frames->to_guest) : 0;
}
EMSCRIPTEN_KEEPALIVE double bw_net_tftp_bytes() {
    return g.builtin ? double(g.builtin->tftp().bytes_sent()) : 0;
}

}  // extern "C"
