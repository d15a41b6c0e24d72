// boardwalk: the native front end. Parses QEMU-style options, builds the
// machine, connects its serial ports to host backends and runs it.
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <memory>

#include "boards/boards.h"
#include "core/common/log.h"
#include "core/net/net_hub.h"
#include "tools/cli/file_block_device.h"
#include "tools/cli/host_media.h"
#include "tools/cli/monitor_doors.h"
#include "tools/cli/net_user.h"
#include "tools/cli/options.h"
#include "tools/cli/pcap_file.h"
#include "tools/cli/run_loop.h"
#include "tools/cli/serial_backend.h"
#include "tools/cli/stream_net.h"
#include "tools/cli/tap_net.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;
volatile std::sig_atomic_t g_signal = 0;

volatile std::sig_atomic_t g_stats_request = 0;

void on_signal(int sig) {
    g_signal = sig;
    g_stop = 1;
}

void on_stats_signal(int) { g_stats_request = 1; }

std::string transport_name(const bw::cli::SerialSpec& s) {
    using Kind = bw::cli::SerialSpec::Kind;
    if (s.kind == Kind::Unix) return "unix:" + s.path + ",server";
    return std::string(s.kind == Kind::Telnet ? "telnet:" : "tcp:") + s.host + ":" +
           std::to_string(s.port) + ",server";
}

int fail(const std::string& message) {
    std::fprintf(stderr, "boardwalk: %s\n", message.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace bw;
    using namespace bw::cli;

    Options opt;
    std::string error;
    if (!parse_options(argc, argv, &opt, &error)) return fail(error);
    if (opt.help) {
        std::fputs(usage_text().c_str(), stdout);
        return 0;
    }
    if (opt.version) {
        std::puts("boardwalk 0.1 (QEMU-compatible options)");
        return 0;
    }
    if (opt.machine_help) {
        std::puts("Supported machines are:");
        for (const std::string& name : board_names()) std::printf("%s\n", name.c_str());
        return 0;
    }

    std::FILE* log_file = nullptr;
    if (!opt.log_file.empty()) {
        log_file = std::fopen(opt.log_file.c_str(), "w");
        if (!log_file) return fail("-D " + opt.log_file + ": cannot open for writing");
        log_set_sink([log_file](LogCategory c, const std::string& line) {
            // Errors still reach the user; everything goes to the file.
            if (c == LogCategory::Error) std::fprintf(stderr, "boardwalk: %s\n", line.c_str());
            std::fprintf(log_file, "%s\n", line.c_str());
            std::fflush(log_file);
        });
    }
    if (!opt.log_items.empty() && !log_enable_from_string(opt.log_items, &error)) {
        return fail("-d: " + error);
    }

    std::string ignored = not_emulated_notice(opt);
    if (!ignored.empty()) std::fprintf(stderr, "boardwalk: %s\n", ignored.c_str());

    if (!opt.machine.hda.empty()) {
        auto disk = std::make_shared<FileBlockDevice>(opt.machine.hda, false, &error);
        if (!disk->ok()) return fail("-hda " + error);
        opt.machine.hda_disk = disk;
    }

    std::unique_ptr<Machine> machine = create_machine(opt.machine, &error);
    if (!machine) return fail(error);
    if (opt.icount) machine->scheduler.set_ns_per_instruction(1u << opt.icount_shift);

    // -net dump: captures of hub 0, attached first so they see every frame.
    std::vector<std::unique_ptr<PcapDump>> dumps;
    for (const DumpSpec& d : opt.dumps) {
        NetHub* hub = machine->net_hub(0);
        if (!hub) {
            std::fprintf(stderr, "boardwalk: -net dump: %s has no network card, ignored\n",
                         opt.machine.machine.c_str());
            continue;
        }
        auto dump = open_pcap_file(d.file, machine->scheduler, d.snaplen, &error);
        if (!dump) return fail(error);
        hub->attach(dump.get());
        dumps.push_back(std::move(dump));
    }

    // A back end joins the hub of the first NIC on its network (hub 0 for
    // -net user/socket/tap, the -device/-nic with that netdev otherwise); null
    // (with a notice) when there is none.
    auto hub_for = [&](const std::string& id, const std::string& what) -> NetHub* {
        const std::vector<NicConfig>& nics = opt.machine.nics;
        size_t i = 0;
        while (i < nics.size() && nics[i].netdev != id) ++i;
        // No NIC options: the board's default NIC is hub 0.
        if (nics.empty() && id.empty()) i = 0;
        if (i == nics.size() && !(nics.empty() && id.empty())) {
            std::fprintf(stderr, "boardwalk: %s: no NIC is connected to it, ignored\n",
                         what.c_str());
            return nullptr;
        }
        NetHub* hub = machine->net_hub(i);
        if (!hub) {
            std::fprintf(stderr, "boardwalk: %s: %s has no network card (-nic none), ignored\n",
                         what.c_str(), opt.machine.machine.c_str());
        }
        return hub;
    };

    // With no network options at all, QEMU's implicit "-net nic -net user".
    std::vector<UserNetSpec> user_specs = opt.user_nets;
    if (!opt.network_options && machine->net_hub(0)) user_specs.push_back(UserNetSpec{});
    std::vector<std::unique_ptr<HostNet>> host_nets;
    for (const UserNetSpec& spec : user_specs) {
        NetHub* hub = hub_for(spec.id, user_net_name(spec));
        if (!hub) continue;
        auto net = std::make_unique<UserNet>(hub, spec, &error);
        if (!net->ok()) return fail(error);
        host_nets.push_back(std::move(net));
    }
    for (const StreamSpec& spec : opt.stream_nets) {
        NetHub* hub = hub_for(spec.id, spec.option);
        if (!hub) continue;
        auto net = std::make_unique<StreamNet>(hub, spec, &error);
        if (!net->ok()) return fail(error);
        host_nets.push_back(std::move(net));
    }
    for (const TapSpec& spec : opt.tap_nets) {
        NetHub* hub = hub_for(spec.id, spec.option);
        if (!hub) continue;
        auto net = std::make_unique<TapNet>(hub, spec, &error);
        if (!net->ok()) return fail(error);
        host_nets.push_back(std::move(net));
    }

    // Serial ports: -serial N goes to UART N; extra specs beyond the board's
    // ports are an error, missing ones stay unconnected (QEMU's "none").
    std::vector<SerialSpec> specs = effective_serials(opt);
    if (specs.size() > machine->serial_count()) {
        return fail("too many -serial options (" + opt.machine.machine + " has " +
                    std::to_string(machine->serial_count()) + " serial ports)");
    }
    std::vector<std::unique_ptr<SerialBackend>> backends;
    bool stdio_used = false, stdio_mux = false;
    SerialBackend* stdio_mux_backend = nullptr;
    for (size_t i = 0; i < specs.size(); ++i) {
        const SerialSpec& s = specs[i];
        if (s.kind == SerialSpec::Kind::None) continue;
        if (s.kind == SerialSpec::Kind::Stdio) {
            if (stdio_used) return fail("-serial stdio: stdio can only be used once");
            stdio_used = true;
            stdio_mux = s.mux;
        }
        std::unique_ptr<SerialBackend> b = make_serial_backend(s, &error);
        if (!b) return fail(error);
        b->attach(&machine->serial(i));
        if (s.wait) b->wait_for_client(transport_name(s));
        if (s.kind == SerialSpec::Kind::Stdio && s.mux) stdio_mux_backend = b.get();
        backends.push_back(std::move(b));
    }

    // The monitor: every -monitor/-qmp, and by default (as QEMU's -nographic)
    // the human monitor behind Ctrl-A c on a muxed stdio.
    NativeMonitorHost monitor_host;
    monitor::Monitor monitor(*machine, monitor_host);
    std::vector<std::unique_ptr<MonitorDoor>> doors;
    std::vector<MonitorSpec> monitor_specs = opt.monitors;
    bool stdio_monitor = false;
    for (const MonitorSpec& m : monitor_specs) stdio_monitor |= m.kind == MonitorSpec::Kind::Stdio;
    if (!opt.monitor_none && stdio_mux_backend && !stdio_monitor &&
        std::none_of(monitor_specs.begin(), monitor_specs.end(),
                     [](const MonitorSpec& m) { return !m.qmp; })) {
        MonitorSpec on_mux;
        on_mux.text = "stdio";
        monitor_specs.push_back(on_mux);
    }
    for (const MonitorSpec& m : monitor_specs) {
        auto door = std::make_unique<MonitorDoor>(monitor, m.qmp);
        const char* opt_name = m.qmp ? "-qmp" : "-monitor";
        if (m.kind == MonitorSpec::Kind::Stdio) {
            if (stdio_mux_backend) {
                if (!door->open_on_mux(*stdio_mux_backend)) return fail("stdio mux failed");
            } else if (stdio_used) {
                return fail(std::string(opt_name) +
                            " stdio: stdio is already used by a serial port "
                            "(use -serial mon:stdio to share it)");
            } else {
                stdio_used = true;
                SerialSpec s;
                auto b = make_serial_backend(s, &error);
                door->open_on(*b);
                b->on_connect();
                backends.push_back(std::move(b));
            }
        } else {
            SerialSpec s = monitor_transport(m);
            auto b = make_serial_backend(s, &error);
            if (!b) return fail(std::string(opt_name) + " " + m.text + ": " + error);
            door->open_on(*b);
            if (m.wait) b->wait_for_client(m.text);
            backends.push_back(std::move(b));
        }
        doors.push_back(std::move(door));
    }

    // With the Ctrl-A escape, Ctrl-C belongs to the guest, as with QEMU's
    // -nographic; plain -serial stdio keeps Ctrl-C as "quit".
    if (stdio_used) stdio_raw_mode(/*keep_signals=*/!stdio_mux);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, on_signal);
    std::signal(SIGPIPE, SIG_IGN);

    machine->no_reboot = opt.no_reboot;
    RunLoopOptions loop;
    loop.stats_request = &g_stats_request;
    std::signal(SIGUSR1, on_stats_signal);
    loop.sleep = !(opt.icount && !opt.icount_sleep);
    for (auto& n : host_nets) loop.nets.push_back(n.get());
    loop.paused = monitor.paused_flag();
    loop.quit = &monitor_host.quit_requested;
    HostMedia media;
    if (!media.open(*machine, opt, &error)) return fail(error);
    loop.stats_extra = [&] { return media.stats(); };
    loop.follow_real_time = media.has_live_sound();
    loop.ui_tick = [&] {
        media.tick();
        if (media.quit_requested()) monitor_host.quit_requested = true;
    };
    ExitReason why = run_loop(*machine, backends, loop, &g_stop);
    for (auto& b : backends) b->flush();
    stdio_restore();
    if (log_file) {
        log_set_sink(nullptr);
        std::fclose(log_file);
    }
    if (why == ExitReason::Signal) {
        std::fprintf(stderr, "boardwalk: terminating on signal %d\n", int(g_signal));
    }
    return 0;
}
