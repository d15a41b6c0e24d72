// boardwalk-netd: the network daemon behind websockify. A virtual Ethernet
// switch joining boardwalk guests (native or in the browser), real QEMUs, a
// host tap device and a user-mode NAT; see netd.h and the README.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "proxy/netd.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;

void on_signal(int) { g_stop = 1; }

const char kUsage[] =
    "usage: boardwalk-netd [options]\n"
    "A virtual Ethernet switch for boardwalk and QEMU guests (QEMU's stream framing:\n"
    "4-byte big-endian length + frame, as -netdev stream / -netdev socket speak it).\n"
    "  --listen HOST:PORT    TCP port for clients (default 127.0.0.1:5560; port 0 picks\n"
    "                        one and prints it)\n"
    "  --tap NAME            also switch to host tap device NAME (created if missing;\n"
    "                        bridge it on the host, see README)\n"
    "  --user[=OPTIONS]      also a user-mode NAT (10.0.2.0/24, DHCP, DNS, TFTP) with\n"
    "                        -net user's options: tftp=DIR,bootfile=F,hostname=H,\n"
    "                        hostfwd=tcp::HP-:GP,restrict=on\n"
    "  --queue-limit BYTES   output queue per client before it is dropped as not\n"
    "                        reading (default 4194304)\n"
    "  --max-clients N       (default 256)\n"
    "  --aging SECONDS       MAC table aging (default 300)\n"
    "  --max-macs N          MAC table size; past it new MACs are flooded to (default 4096)\n"
    "  -v, --verbose         log connects and disconnects\n"
    "  -h, --help\n";

int fail(const std::string& message) {
    std::fprintf(stderr, "boardwalk-netd: %s\n", message.c_str());
    return 2;
}

bool parse_count(const std::string& s, unsigned long long max, unsigned long long* out) {
    if (s.empty() || s[0] < '0' || s[0] > '9') return false;
    char* end = nullptr;
    *out = std::strtoull(s.c_str(), &end, 10);
    return *end == 0 && *out >= 1 && *out <= max;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace bw;
    netd::NetdConfig config;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        std::string value;
        bool has_value = false;
        size_t eq = arg.find('=');
        if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            has_value = true;
        }
        auto need = [&]() {
            if (has_value) return true;
            if (i + 1 >= argc) return false;
            value = argv[++i];
            return true;
        };
        unsigned long long n;
        if (arg == "-h" || arg == "--help") {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (arg == "-v" || arg == "--verbose") {
            config.verbose = true;
        } else if (arg == "--listen") {
            if (!need()) return fail("--listen needs HOST:PORT");
            size_t colon = value.rfind(':');
            unsigned long long port;
            std::string p = colon == std::string::npos ? "" : value.substr(colon + 1);
            if (colon == std::string::npos || !(p == "0" || parse_count(p, 65535, &port))) {
                return fail("--listen " + value + ": expected HOST:PORT");
            }
            config.listen_host = value.substr(0, colon);
            config.listen_port = u16(std::strtoul(p.c_str(), nullptr, 10));
        } else if (arg == "--tap") {
            if (!need() || value.empty()) return fail("--tap needs an interface name");
            config.tap = value;
        } else if (arg == "--user") {
            config.user = true;
            std::string error;
            if (!cli::parse_user_params("--user", value, &config.user_spec, &error)) {
                return fail(error);
            }
        } else if (arg == "--queue-limit") {
            if (!need() || !parse_count(value, 1ull << 32, &n) || n < 2 * (kStreamFrameMax + 4)) {
                return fail("--queue-limit: expected a byte count of at least " +
                            std::to_string(2 * (kStreamFrameMax + 4)));
            }
            config.queue_limit = size_t(n);
        } else if (arg == "--max-clients") {
            if (!need() || !parse_count(value, 4096, &n)) {
                return fail("--max-clients: expected 1..4096");
            }
            config.max_clients = size_t(n);
        } else if (arg == "--max-macs") {
            if (!need() || !parse_count(value, 1u << 20, &n)) {
                return fail("--max-macs: expected 1..1048576");
            }
            config.max_macs = size_t(n);
        } else if (arg == "--aging") {
            if (!need() || !parse_count(value, 1000000, &n)) {
                return fail("--aging: expected seconds (1..1000000)");
            }
            config.aging_ns = u64(n) * 1'000'000'000u;
        } else {
            return fail("unknown option '" + std::string(argv[i]) + "' (see --help)");
        }
    }

    std::signal(SIGPIPE, SIG_IGN);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, on_signal);
    netd::Netd netd(config);
    if (!netd.ok()) return fail(netd.error());
    // The first line says where clients connect (scripts read the port from it).
    std::fprintf(stderr, "boardwalk-netd: listening on %s:%u%s%s\n",
                 config.listen_host.empty() ? "0.0.0.0" : config.listen_host.c_str(),
                 unsigned(netd.listen_port()),
                 config.tap.empty() ? "" : (", tap " + config.tap).c_str(),
                 config.user ? ", user-mode NAT 10.0.2.0/24" : "");
    std::fflush(stderr);
    netd.run(&g_stop);
    return 0;
}
