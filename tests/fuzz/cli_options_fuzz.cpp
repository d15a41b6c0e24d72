// The native front end's command line (tools/cli/options.cpp, net_specs.cpp)
// on any argument list: the input split at NUL bytes into argv. QEMU's flags
// with their sub-option syntax (-netdev, -nic, -net, -serial, -m, -icount,
// -device ...) and every helper on each single argument.
//
// Property: a refused command line says why.
#include <cstdlib>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_machine.h"
#include "tools/cli/options.h"

using namespace bw;

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    fuzz::quiet_logs();
    std::vector<std::string> args{"boardwalk"};
    std::string cur;
    for (size_t i = 0; i < size && args.size() < 64; ++i) {
        if (data[i] == 0) {
            args.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(char(data[i]));
        }
    }
    if (!cur.empty()) args.push_back(cur);
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    argv.push_back(nullptr);

    cli::Options options;
    std::string error;
    if (cli::parse_options(int(args.size()), argv.data(), &options, &error)) {
        cli::effective_serials(options);
        cli::not_emulated_notice(options);
    } else if (error.empty()) {
        std::abort();
    }
    for (size_t i = 1; i < args.size(); ++i) {
        u64 mib;
        cli::parse_ram_size(args[i], &mib);
        cli::SerialSpec serial;
        cli::parse_serial(args[i], &serial, &error);
        std::array<u8, 6> mac;
        cli::parse_mac(args[i], &mac);
        cli::HostFwd fwd;
        cli::parse_hostfwd(args[i], &fwd, &error);
        cli::UserNetSpec user;
        cli::parse_user_params("-netdev", args[i], &user, &error);
    }
    return 0;
}
