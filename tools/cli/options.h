// Command-line options of the native front end (build/boardwalk), following
// QEMU's spelling and defaults for the flags that exist so far.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "boards/machine_config.h"
#include "core/common/types.h"
#include "tools/cli/net_specs.h"

namespace bw::cli {

// One -serial argument (QEMU's chardev syntax, the useful subset).
struct SerialSpec {
    enum class Kind { Stdio, File, Telnet, Tcp, Unix, Null, None };
    Kind kind = Kind::Stdio;
    bool mux = false;     // stdio with the Ctrl-A escape (mon:stdio, -nographic)
    std::string path;     // File, Unix
    std::string host;     // Telnet/Tcp ("" = any address)
    u16 port = 0;         // Telnet/Tcp
    bool server = false;  // Telnet/Tcp
    bool wait = true;     // Telnet/Tcp server: block until a client connects
};

// -net dump[,file=PATH][,len=N]: a pcap capture of hub 0 (QEMU's defaults).
struct DumpSpec {
    std::string file = "qemu-vlan0.pcap";
    u32 snaplen = 65536;
};

// -monitor / -qmp: where a monitor listens (QEMU's chardev syntax, the
// useful subset). The human monitor on stdio shares it with a serial port
// through the Ctrl-A mux (Ctrl-A c switches).
struct MonitorSpec {
    enum class Kind { Stdio, Unix, Telnet, Tcp };
    Kind kind = Kind::Stdio;
    bool qmp = false;  // QMP (JSON) instead of the human monitor
    std::string path;  // Unix
    std::string host;  // Telnet/Tcp ("" = any address)
    u16 port = 0;      // Telnet/Tcp
    bool wait = true;  // block until a client connects (",server" without ",nowait")
    std::string text;  // as given, for messages
};

// -display / -sdl / -nographic.
enum class DisplayKind { Default, Sdl, None };

// -audiodev DRIVER,id=ID[,path=FILE]: where the guest's sound goes.
struct AudioSpec {
    enum class Kind { Default, None, Sdl, Wav };
    Kind kind = Kind::Default;  // Default: SDL when there is a window, else none
    std::string id;
    std::string path = "qemu.wav";  // wav (QEMU's default file name)
};

struct Options {
    MachineConfig machine;
    bool help = false;          // -h / -help / --help
    bool version = false;       // -version
    bool machine_help = false;  // -M help
    bool nographic = false;
    DisplayKind display = DisplayKind::Default;
    bool full_screen = false;           // -full-screen, -display sdl,full-screen=on
    bool monitor_none = false;          // -monitor none
    std::vector<MonitorSpec> monitors;  // -monitor and -qmp, in order
    AudioSpec audio;
    std::string keyboard_layout = "en-us";  // -k
    std::vector<SerialSpec> serials;        // as given, UART0 first
    std::string log_items;                  // -d
    std::string log_file;                   // -D
    bool icount = false;
    u32 icount_shift = 0;      // ns per instruction = 2^shift
    bool icount_sleep = true;  // sleep=off: idle time passes instantly
    bool no_reboot = false;
    // User-mode network back ends; the NICs are in machine.nics.
    std::vector<UserNetSpec> user_nets;
    std::vector<DumpSpec> dumps;          // -net dump, on hub 0
    std::vector<StreamSpec> stream_nets;  // -netdev socket|stream, -net socket
    std::vector<TapSpec> tap_nets;        // -netdev tap, -net tap
    // Any -net/-nic/-netdev/-device given. Without one, QEMU's default applies: the
    // board's default NIC on a user-mode network.
    bool network_options = false;
    // Options accepted for back ends not emulated (-net vde, ...): one entry per
    // option name, in first-seen order, with every value given.
    std::vector<std::string> not_emulated;
};

// Parses argv (argv[0] is skipped). On failure returns false with a one-line
// |error| (without the "boardwalk: " prefix), e.g. "unknown option '-foo'",
// "option '-kernel' needs an argument".
bool parse_options(int argc, const char* const* argv, Options* out, std::string* error);

// "128", "128M", "1G", "1024k" -> MiB. False on a bad or zero size.
bool parse_ram_size(const std::string& text, u64* mib);

// One -serial value.
bool parse_serial(const std::string& text, SerialSpec* out, std::string* error);

// "52:54:00:12:34:57" -> bytes.
bool parse_mac(const std::string& text, std::array<u8, 6>* mac);

// One -monitor/-qmp value.
bool parse_monitor(const std::string& text, bool qmp, MonitorSpec* out, std::string* error);

// Whether the machine gets a window: -display sdl, or the default display when
// the board has a screen and neither -nographic nor -display none was given.
bool wants_window(const Options& options, bool board_has_display);

// Keyboard layouts -k accepts (QEMU's keymap names).
bool known_keyboard_layout(const std::string& name);

// The serial backends actually used: the -serial list, or the default (UART0 on
// stdio with the Ctrl-A mux when nothing was given).
std::vector<SerialSpec> effective_serials(const Options& options);

std::string usage_text();

// The one-line notice for Options::not_emulated (empty if nothing was ignored).
std::string not_emulated_notice(const Options& options);

}  // namespace bw::cli
