#include "tools/cli/options.h"

#include <time.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace bw::cli {

namespace {

// "key=value,key=value" after an optional leading value.
std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t i = 0;
    for (;;) {
        size_t j = s.find(sep, i);
        out.push_back(s.substr(i, j == std::string::npos ? std::string::npos : j - i));
        if (j == std::string::npos) break;
        i = j + 1;
    }
    return out;
}

bool parse_icount(const std::string& text, Options* o, std::string* error) {
    o->icount = true;
    for (const std::string& item : split(text, ',')) {
        std::string key = item, value;
        size_t eq = item.find('=');
        if (eq != std::string::npos) {
            key = item.substr(0, eq);
            value = item.substr(eq + 1);
        } else {
            // A bare number is shorthand for shift=N.
            value = key;
            key = "shift";
        }
        if (key == "shift") {
            u64 n;
            if (value == "auto") {
                *error = "-icount shift=auto is not supported (give a number 0..10)";
                return false;
            }
            if (!parse_decimal(value, &n) || n > 10) {
                *error = "-icount: bad shift '" + value + "' (expected 0..10)";
                return false;
            }
            o->icount_shift = u32(n);
        } else if (key == "sleep") {
            if (!parse_on_off(value, &o->icount_sleep)) {
                *error = "-icount: bad sleep value '" + value + "' (expected on or off)";
                return false;
            }
        } else {
            *error = "-icount: unknown parameter '" + key + "'";
            return false;
        }
    }
    return true;
}

// "key=value" -> key, value; a bare "key" gives value "".
void split_kv(const std::string& item, std::string* key, std::string* value) {
    size_t eq = item.find('=');
    *key = item.substr(0, eq);
    *value = eq == std::string::npos ? "" : item.substr(eq + 1);
}

// Adds one option to Options::not_emulated: values of the same option share an entry.
void note_not_emulated(Options* o, const std::string& name, const std::string& v) {
    for (std::string& n : o->not_emulated) {
        if (n == name || n.rfind(name + " ", 0) == 0) {
            if (!v.empty()) n += " " + v;
            return;
        }
    }
    o->not_emulated.push_back(v.empty() ? name : name + " " + v);
}

// "HOST:PORT" (HOST may be empty) -> host, port.
bool parse_host_port(const std::string& text, std::string* host, u16* port) {
    size_t colon = text.rfind(':');
    if (colon == std::string::npos) return false;
    u64 n;
    if (!parse_decimal(text.substr(colon + 1), &n) || n > 65535) return false;
    *host = text.substr(0, colon);
    *port = u16(n);
    return true;
}

// One parameter of -netdev socket / stream / tap (QEMU 7.2's spelling).
bool parse_host_net_param(const std::string& opt, const std::string& type, const std::string& key,
                          const std::string& value, StreamSpec* stream, TapSpec* tap,
                          bool* stream_addr, std::string* error) {
    auto bad = [&](const std::string& why) {
        *error = opt + ": " + why;
        return false;
    };
    if (type == "socket") {
        if (key == "connect" || key == "listen") {
            if (*stream_addr) return bad("give only one of connect= and listen=");
            if (!parse_host_port(value, &stream->host, &stream->port)) {
                return bad("bad address '" + value + "' (expected HOST:PORT)");
            }
            stream->server = key == "listen";
            *stream_addr = true;
            return true;
        }
        if (key == "mcast" || key == "udp" || key == "localaddr" || key == "fd") {
            return bad(key + "= is not supported (use connect= or listen=)");
        }
    } else if (type == "stream") {
        if (key == "server") {
            if (!parse_on_off(value, &stream->server)) {
                return bad("bad server value '" + value + "' (expected on or off)");
            }
            *stream_addr = true;
            return true;
        }
        if (key == "addr.type") {
            if (value != "inet") return bad("addr.type=" + value + " is not supported (use inet)");
            return true;
        }
        if (key == "addr.host") {
            stream->host = value;
            return true;
        }
        if (key == "addr.port") {
            u64 n;
            if (!parse_decimal(value, &n) || n > 65535) return bad("bad addr.port '" + value + "'");
            stream->port = u16(n);
            return true;
        }
        if (key == "addr.numeric" || key == "addr.ipv4" || key == "addr.ipv6") return true;
    } else if (type == "tap") {
        if (key == "ifname") {
            tap->ifname = value;
            return true;
        }
        if (key == "script") {
            tap->script = value;
            return true;
        }
        if (key == "downscript") {
            tap->downscript = value;
            return true;
        }
        if (key == "vhost" || key == "vnet_hdr") {
            bool on = false;
            if (!parse_on_off(value, &on) || on) return bad(key + "=on is not supported");
            return true;
        }
    }
    return bad("unknown parameter '" + key + "'");
}

// -net ..., -netdev ..., -nic ..., -device ...: the network part of the command line.
// |ids| collects every -netdev id (any type) so -device can be checked at the end;
// |explicit_mac| says which NICs got macaddr=.
bool parse_net_option(const std::string& name, const std::string& v, Options* o,
                      std::vector<std::string>* ids, std::vector<bool>* explicit_mac,
                      std::string* error) {
    std::vector<std::string> items = split(v, ',');
    std::string type = items[0];
    std::string opt = name + " " + v;
    o->network_options = true;
    if (name == "-device") {
        NicConfig nic;
        nic.model = type;
        bool has_mac = false;
        for (size_t i = 1; i < items.size(); ++i) {
            std::string key, value;
            split_kv(items[i], &key, &value);
            if (key == "netdev") {
                nic.netdev = value;
            } else if (key == "mac") {
                if (!parse_mac(value, &nic.mac)) {
                    *error = opt + ": bad MAC address '" + value + "'";
                    return false;
                }
                has_mac = true;
            } else if (key != "id" && key != "bus" && key != "addr") {
                *error = opt + ": unknown parameter '" + key + "'";
                return false;
            }
        }
        if (nic.netdev.empty()) {
            *error = opt + ": only network cards are supported (MODEL,netdev=ID)";
            return false;
        }
        o->machine.nics.push_back(nic);
        explicit_mac->push_back(has_mac);
        return true;
    }
    if (type.rfind("type=", 0) == 0) type = type.substr(5);
    if (type == "none") {  // no network at all (QEMU: -net none, -nic none)
        NicConfig none;
        none.model = "none";
        o->machine.nics.push_back(none);
        explicit_mac->push_back(false);
        return true;
    }
    // -net nic[,model=..][,macaddr=..]: a NIC on hub 0.
    if (name == "-net" && type == "nic") {
        NicConfig nic;
        bool has_mac = false;
        for (size_t i = 1; i < items.size(); ++i) {
            std::string key, value;
            split_kv(items[i], &key, &value);
            if (key == "model") {
                nic.model = value;
            } else if (key == "macaddr") {
                if (!parse_mac(value, &nic.mac)) {
                    *error = opt + ": bad MAC address '" + value + "'";
                    return false;
                }
                has_mac = true;
            } else if (key == "netdev") {
                nic.netdev = value;
            } else if (key != "name" && key != "vlan" && key != "id") {
                *error = opt + ": unknown parameter '" + key + "'";
                return false;
            }
        }
        o->machine.nics.push_back(nic);
        explicit_mac->push_back(has_mac);
        return true;
    }
    std::string id;
    NicConfig nic;  // -nic only
    bool has_mac = false;
    if (name == "-nic") {
        // -nic TYPE,model=..: a NIC with its own back end, as a -netdev/-device pair.
        id = "_nic" + std::to_string(o->machine.nics.size());
        nic.netdev = id;
    }
    UserNetSpec user;
    DumpSpec dump;
    StreamSpec stream;
    TapSpec tap;
    stream.option = tap.option = opt;
    bool stream_addr = false;  // -netdev socket: connect= or listen= seen
    for (size_t i = 1; i < items.size(); ++i) {
        std::string key, value;
        split_kv(items[i], &key, &value);
        if (key == "id" && name == "-netdev") {
            id = value;
        } else if ((key == "name" || key == "vlan") && name == "-net") {
            // QEMU's hub naming; there is only hub 0.
        } else if (key == "model" && name == "-nic") {
            nic.model = value;
        } else if (key == "mac" && name == "-nic") {
            if (!parse_mac(value, &nic.mac)) {
                *error = opt + ": bad MAC address '" + value + "'";
                return false;
            }
            has_mac = true;
        } else if (type == "user") {
            if (!parse_user_param(opt, key, value, &user, error)) return false;
        } else if (type == "socket" || type == "stream" || type == "tap") {
            if (!parse_host_net_param(opt, type, key, value, &stream, &tap, &stream_addr, error)) {
                return false;
            }
        } else if (type == "dump" && key == "file") {
            dump.file = value;
        } else if (type == "dump" && key == "len") {
            char* end = nullptr;
            unsigned long n = std::strtoul(value.c_str(), &end, 0);
            if (value.empty() || *end || n == 0 || n > 0xffffffffu) {
                *error = opt + ": bad len '" + value + "'";
                return false;
            }
            dump.snaplen = u32(n);
        }
        // Other back ends' parameters belong to them (not emulated yet).
    }
    if (name == "-netdev") {
        if (id.empty()) {
            *error = opt + ": needs id=";
            return false;
        }
        for (const std::string& seen : *ids) {
            if (seen == id) {
                *error = opt + ": duplicate id '" + id + "'";
                return false;
            }
        }
    }
    if (!id.empty()) ids->push_back(id);
    if (name == "-nic") {
        o->machine.nics.push_back(nic);
        explicit_mac->push_back(has_mac);
    }
    if (type == "user") {
        user.id = id;
        o->user_nets.push_back(user);
    } else if (type == "dump" && name == "-net") {
        o->dumps.push_back(dump);
    } else if (type == "socket" || type == "stream") {
        if (type == "socket" && !stream_addr) {
            *error = opt + ": needs connect=HOST:PORT or listen=HOST:PORT";
            return false;
        }
        if (stream.port == 0 && !stream.server) {
            *error = opt + ": needs a port (" +
                     (type == "stream" ? "addr.port=PORT" : "connect=HOST:PORT") + ")";
            return false;
        }
        stream.id = id;
        o->stream_nets.push_back(stream);
    } else if (type == "tap") {
        tap.id = id;
        o->tap_nets.push_back(tap);
    } else {
        // vde, bridge, l2tpv3, dump on a -netdev, ...: the machine boots without them.
        note_not_emulated(o, name, v);
    }
    return true;
}

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(u8(c)));
    return s;
}

// -display TYPE[,full-screen=on|off][,...].
bool parse_display(const std::string& v, Options* o, std::string* error) {
    std::vector<std::string> items = split(v, ',');
    const std::string& type = items[0];
    if (type == "none") {
        o->display = DisplayKind::None;
    } else if (type == "sdl" || type == "gtk" || type == "default") {
        o->display = DisplayKind::Sdl;  // SDL2 is this build's only window
    } else {
        *error = "-display " + v + ": unknown display '" + type + "' (sdl or none)";
        return false;
    }
    for (size_t i = 1; i < items.size(); i++) {
        std::string key, value;
        split_kv(items[i], &key, &value);
        bool on;
        if (key == "full-screen" && parse_on_off(value.empty() ? "on" : value, &on)) {
            o->full_screen = on;
        } else if (key != "gl" && key != "show-cursor" && key != "window-close" &&
                   key != "grab-mod" && key != "zoom-to-fit") {
            *error = "-display " + v + ": unknown parameter '" + items[i] + "'";
            return false;
        }
    }
    return true;
}

bool parse_audiodev(const std::string& v, AudioSpec* a, std::string* error) {
    std::vector<std::string> items = split(v, ',');
    std::string driver = items[0];
    if (driver.rfind("driver=", 0) == 0) driver = driver.substr(7);
    if (driver == "none") {
        a->kind = AudioSpec::Kind::None;
    } else if (driver == "sdl" || driver == "pa" || driver == "alsa" || driver == "pipewire") {
        a->kind = AudioSpec::Kind::Sdl;  // SDL2 reaches the host's sound server
    } else if (driver == "wav") {
        a->kind = AudioSpec::Kind::Wav;
    } else {
        *error = "-audiodev " + v + ": unknown driver '" + driver + "' (none, sdl or wav)";
        return false;
    }
    for (size_t i = 1; i < items.size(); i++) {
        std::string key, value;
        split_kv(items[i], &key, &value);
        if (key == "id") {
            a->id = value;
        } else if (key == "path" && driver == "wav") {
            if (value.empty()) {
                *error = "-audiodev " + v + ": path= needs a file name";
                return false;
            }
            a->path = value;
        } else if (key.rfind("out.", 0) != 0 && key.rfind("in.", 0) != 0 && key != "timer-period") {
            *error = "-audiodev " + v + ": unknown parameter '" + items[i] + "'";
            return false;
        }
    }
    return true;
}

// A UTC date as QEMU's -rtc base takes it, "2006-06-17T16:01:21" or
// "2006-06-17", as Unix ns; false if it is not one.
bool parse_rtc_date(const std::string& text, i64* unix_ns) {
    struct tm tm = {};
    const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    if (!end || *end) {
        tm = {};
        end = strptime(text.c_str(), "%Y-%m-%d", &tm);
        if (!end || *end) return false;
    }
    time_t t = timegm(&tm);
    if (t < 0) return false;
    *unix_ns = i64(t) * 1'000'000'000;
    return true;
}

// -rtc [base=utc|DATE][,clock=host|rt|vm][,driftfix=none|slew]: the RTCs start at
// the host's UTC time (or DATE) and then follow virtual time, which is
// clock=vm; host and rt are accepted as the same clock (the guest cannot tell
// them apart here).
bool parse_rtc(const std::string& v, MachineConfig* m, std::string* error) {
    for (const std::string& item : split(v, ',')) {
        std::string key, value;
        split_kv(item, &key, &value);
        if (key == "base" && value != "utc" && parse_rtc_date(value, &m->rtc_base_ns)) continue;
        bool ok = (key == "base" && value == "utc") ||
                  (key == "clock" && (value == "vm" || value == "host" || value == "rt")) ||
                  (key == "driftfix" && (value == "none" || value == "slew"));
        if (!ok) {
            *error = "-rtc " + v + ": '" + item +
                     "' is not supported (base=utc|YYYY-MM-DD[THH:MM:SS], clock=vm|host|rt, "
                     "driftfix=none|slew)";
            return false;
        }
    }
    return true;
}

// -device for the display, sound and USB devices; false for anything else
// (a NIC, handled with the network options).
bool parse_plain_device(const std::string& v, MachineConfig* m) {
    std::string type = split(v, ',')[0];
    if (type == "AC97") {
        m->sound_cards.push_back("ac97");
    } else if (type == "usb-kbd") {
        m->usb_devices.push_back("keyboard");
    } else if (type == "usb-tablet") {
        m->usb_devices.push_back("tablet");
    } else if (type == "usb-mouse") {
        m->usb_devices.push_back("mouse");
    } else if (type == "cirrus-vga") {
        m->vga = "cirrus";
    } else {
        return false;
    }
    return true;
}

}  // namespace

bool known_keyboard_layout(const std::string& name) {
    static const char* const kLayouts[] = {
        "ar", "bepo",  "cz",    "da",    "de",    "de-ch", "en-gb", "en-us", "es", "et", "fi", "fo",
        "fr", "fr-be", "fr-ca", "fr-ch", "hr",    "hu",    "is",    "it",    "ja", "lt", "lv", "mk",
        "nl", "no",    "pl",    "pt",    "pt-br", "ru",    "sl",    "sv",    "th", "tr",
    };
    for (const char* l : kLayouts) {
        if (name == l) return true;
    }
    return false;
}

bool wants_window(const Options& o, bool board_has_display) {
    if (o.nographic || o.display == DisplayKind::None) return false;
    return o.display == DisplayKind::Sdl || board_has_display;
}

bool parse_monitor(const std::string& text, bool qmp, MonitorSpec* out, std::string* error) {
    const char* opt = qmp ? "-qmp " : "-monitor ";
    MonitorSpec m;
    m.qmp = qmp;
    m.text = text;
    std::vector<std::string> parts;
    if (text == "stdio" || text == "mon:stdio") {
        m.kind = MonitorSpec::Kind::Stdio;
        *out = m;
        return true;
    }
    if (text.rfind("unix:", 0) == 0) {
        m.kind = MonitorSpec::Kind::Unix;
        parts = split(text.substr(5), ',');
        m.path = parts[0];
        if (m.path.empty()) {
            *error = opt + text + ": needs a socket path";
            return false;
        }
    } else if (text.rfind("telnet:", 0) == 0 || text.rfind("tcp:", 0) == 0) {
        bool telnet = text[1] == 'e';
        m.kind = telnet ? MonitorSpec::Kind::Telnet : MonitorSpec::Kind::Tcp;
        parts = split(text.substr(telnet ? 7 : 4), ',');
        if (!parse_host_port(parts[0], &m.host, &m.port) || m.port == 0) {
            *error = opt + text + ": expected HOST:PORT";
            return false;
        }
    } else {
        *error =
            opt + text +
            ": not supported (stdio, unix:PATH,server[,nowait], telnet:HOST:PORT,server[,nowait], "
            "tcp:..., none)";
        return false;
    }
    bool server = false;
    for (size_t i = 1; i < parts.size(); ++i) {
        std::string key, value;
        split_kv(parts[i], &key, &value);
        bool flag = true;
        if (!value.empty() && !parse_on_off(value, &flag)) key = "?";
        if (key == "server") {
            server = flag;
        } else if (key == "wait") {
            m.wait = flag;
        } else if (key == "nowait") {
            m.wait = false;
        } else if (key != "nodelay" && key != "telnet") {
            *error = opt + text + ": unknown parameter '" + parts[i] + "'";
            return false;
        }
    }
    if (!server) {
        *error = opt + text + ": only server mode is supported (add ,server)";
        return false;
    }
    *out = m;
    return true;
}

bool parse_ram_size(const std::string& text, u64* mib) {
    std::string s = text;
    if (s.rfind("size=", 0) == 0) s = s.substr(5);
    if (s.empty()) return false;
    u64 mult_kib = 1024;  // default unit: MiB
    char last = s.back();
    switch (last) {
        case 'k':
        case 'K':
            mult_kib = 1;
            s.pop_back();
            break;
        case 'm':
        case 'M':
            mult_kib = 1024;
            s.pop_back();
            break;
        case 'g':
        case 'G':
            mult_kib = 1024 * 1024;
            s.pop_back();
            break;
        default: break;
    }
    u64 n;
    if (!parse_decimal(s, &n) || n == 0 || n > (u64(1) << 32)) return false;
    u64 kib = n * mult_kib;
    if (kib % 1024) return false;  // whole MiB only
    *mib = kib / 1024;
    return true;
}

bool parse_serial(const std::string& text, SerialSpec* out, std::string* error) {
    SerialSpec s;
    if (text == "stdio") {
        s.kind = SerialSpec::Kind::Stdio;
    } else if (text == "mon:stdio") {
        s.kind = SerialSpec::Kind::Stdio;
        s.mux = true;
    } else if (text == "null") {
        s.kind = SerialSpec::Kind::Null;
    } else if (text == "none") {
        s.kind = SerialSpec::Kind::None;
    } else if (text.rfind("file:", 0) == 0) {
        s.kind = SerialSpec::Kind::File;
        s.path = text.substr(5);
        if (s.path.empty()) {
            *error = "-serial file: needs a path";
            return false;
        }
    } else if (text.rfind("telnet:", 0) == 0 || text.rfind("tcp:", 0) == 0) {
        bool telnet = text[0] == 't' && text[1] == 'e';
        s.kind = telnet ? SerialSpec::Kind::Telnet : SerialSpec::Kind::Tcp;
        std::vector<std::string> parts = split(text.substr(telnet ? 7 : 4), ',');
        const std::string& addr = parts[0];
        size_t colon = addr.rfind(':');
        if (colon == std::string::npos) {
            *error = "-serial " + text + ": expected HOST:PORT";
            return false;
        }
        s.host = addr.substr(0, colon);
        u64 port;
        if (!parse_decimal(addr.substr(colon + 1), &port) || port == 0 || port > 65535) {
            *error = "-serial " + text + ": bad port '" + addr.substr(colon + 1) + "'";
            return false;
        }
        s.port = u16(port);
        for (size_t i = 1; i < parts.size(); ++i) {
            const std::string& p = parts[i];
            std::string key = p, value = "on";
            size_t eq = p.find('=');
            if (eq != std::string::npos) {
                key = p.substr(0, eq);
                value = p.substr(eq + 1);
            }
            bool flag;
            if (key == "server" && parse_on_off(value, &flag)) {
                s.server = flag;
            } else if (key == "wait" && parse_on_off(value, &flag)) {
                s.wait = flag;
            } else if (key == "nowait" && eq == std::string::npos) {
                s.wait = false;
            } else if (key == "nodelay" || key == "telnet") {
                // Accepted for compatibility; Nagle is off and telnet follows the prefix.
            } else {
                *error = "-serial " + text + ": unknown parameter '" + p + "'";
                return false;
            }
        }
        if (!s.server) {
            *error = "-serial " + text + ": only server mode is supported (add ,server)";
            return false;
        }
    } else {
        *error = "-serial '" + text +
                 "' is not supported (use stdio, mon:stdio, file:PATH, "
                 "telnet:HOST:PORT,server[,nowait], tcp:..., null or none)";
        return false;
    }
    *out = s;
    return true;
}

bool parse_mac(const std::string& text, std::array<u8, 6>* mac) {
    std::vector<std::string> parts = split(text, ':');
    if (parts.size() != 6) return false;
    std::array<u8, 6> m{};
    for (size_t i = 0; i < 6; ++i) {
        const std::string& p = parts[i];
        if (p.size() != 2 || !std::isxdigit(u8(p[0])) || !std::isxdigit(u8(p[1]))) return false;
        m[i] = u8(std::strtoul(p.c_str(), nullptr, 16));
    }
    *mac = m;
    return true;
}

std::vector<SerialSpec> effective_serials(const Options& o) {
    if (!o.serials.empty()) {
        std::vector<SerialSpec> v = o.serials;
        // -nographic puts the escape on stdio, as QEMU's mon:stdio does.
        for (auto& s : v)
            if (s.kind == SerialSpec::Kind::Stdio && o.nographic) s.mux = true;
        return v;
    }
    // QEMU's default serial is a graphical console; natively we have none, so
    // UART0 goes to stdio with the Ctrl-A escape, as with -nographic.
    SerialSpec s;
    s.kind = SerialSpec::Kind::Stdio;
    s.mux = true;
    return {s};
}

bool parse_options(int argc, const char* const* argv, Options* out, std::string* error) {
    Options o;
    std::vector<std::string> netdev_ids;
    std::vector<bool> explicit_mac;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.size() < 2 || arg[0] != '-') {
            // QEMU takes a lone file name as -hda.
            if (!arg.empty() && arg[0] != '-' && o.machine.hda.empty()) {
                o.machine.hda = arg;
                continue;
            }
            *error = "unexpected argument '" + arg + "'";
            return false;
        }
        std::string name = arg;
        if (name.rfind("--", 0) == 0) name = name.substr(1);  // --kernel == -kernel
        auto value = [&](std::string* v) {
            if (i + 1 >= argc) {
                *error = "option '" + arg + "' needs an argument";
                return false;
            }
            *v = argv[++i];
            return true;
        };
        std::string v;
        if (name == "-h" || name == "-help") {
            o.help = true;
        } else if (name == "-version") {
            o.version = true;
        } else if (name == "-M" || name == "-machine") {
            if (!value(&v)) return false;
            // "-machine versatilepb,accel=tcg": the type comes first or as type=.
            std::string type = split(v, ',')[0];
            if (type.rfind("type=", 0) == 0) type = type.substr(5);
            if (type == "help" || type == "?") {
                o.machine_help = true;
            } else {
                o.machine.machine = type;
            }
        } else if (name == "-m") {
            if (!value(&v)) return false;
            if (!parse_ram_size(v, &o.machine.ram_mb)) {
                *error = "-m: bad RAM size '" + v + "' (e.g. 128, 128M, 1G)";
                return false;
            }
        } else if (name == "-kernel") {
            if (!value(&o.machine.kernel)) return false;
        } else if (name == "-dtb") {
            if (!value(&o.machine.dtb)) return false;
        } else if (name == "-initrd") {
            if (!value(&o.machine.initrd)) return false;
        } else if (name == "-append") {
            if (!value(&o.machine.append)) return false;
        } else if (name == "-bios") {
            if (!value(&o.machine.bios)) return false;
        } else if (name == "-hda") {
            if (!value(&o.machine.hda)) return false;
        } else if (name == "-nographic") {
            o.nographic = true;
        } else if (name == "-display") {
            if (!value(&v)) return false;
            if (!parse_display(v, &o, error)) return false;
        } else if (name == "-sdl") {
            o.display = DisplayKind::Sdl;
        } else if (name == "-full-screen") {
            o.full_screen = true;
        } else if (name == "-serial") {
            if (!value(&v)) return false;
            SerialSpec s;
            if (!parse_serial(v, &s, error)) return false;
            o.serials.push_back(s);
        } else if (name == "-monitor" || name == "-qmp") {
            if (!value(&v)) return false;
            if (v == "none" && name == "-monitor") {
                o.monitor_none = true;
                continue;
            }
            MonitorSpec m;
            if (!parse_monitor(v, name == "-qmp", &m, error)) return false;
            o.monitors.push_back(m);
        } else if (name == "-audiodev") {
            if (!value(&v)) return false;
            if (!parse_audiodev(v, &o.audio, error)) return false;
        } else if (name == "-soundhw") {
            if (!value(&v)) return false;
            for (const std::string& card : split(v, ',')) {
                std::string c = lower(card);
                if (c == "all") c = "ac97";
                if (c != "ac97") {
                    *error =
                        "-soundhw " + v + ": unknown sound card '" + card + "' (sound cards: ac97)";
                    return false;
                }
                o.machine.sound_cards.push_back(c);
            }
        } else if (name == "-usbdevice") {
            if (!value(&v)) return false;
            if (v != "keyboard" && v != "tablet" && v != "mouse") {
                *error = "-usbdevice " + v + ": unknown device (keyboard, tablet or mouse)";
                return false;
            }
            o.machine.usb_devices.push_back(v);
        } else if (name == "-usb") {
            // The boards' USB controllers are always present (malta's PIIX4 UHCI).
        } else if (name == "-vga") {
            if (!value(&v)) return false;
            o.machine.vga = v;
        } else if (name == "-k") {
            if (!value(&v)) return false;
            if (v == "gb" || v == "uk") v = "en-gb";  // the names people type for QEMU's en-gb
            if (!known_keyboard_layout(v)) {
                *error = "-k " + v + ": unknown keyboard layout";
                return false;
            }
            o.keyboard_layout = v;
        } else if (name == "-accel") {
            if (!value(&v)) return false;
            // QEMU's "tcg" (its only accelerator here) is our default.
            std::string accel = v.substr(0, v.find(','));
            if (accel == "tcg") accel = "blocks";
            if (accel != "interp" && accel != "blocks") {
                *error = "-accel " + v + ": unknown accelerator (interp, blocks or tcg)";
                return false;
            }
            o.machine.accel = accel;
        } else if (name == "-rtc") {
            if (!value(&v)) return false;
            if (!parse_rtc(v, &o.machine, error)) return false;
        } else if (name == "-d") {
            if (!value(&v)) return false;
            o.log_items = o.log_items.empty() ? v : o.log_items + "," + v;
        } else if (name == "-D") {
            if (!value(&o.log_file)) return false;
        } else if (name == "-icount") {
            if (!value(&v)) return false;
            if (!parse_icount(v, &o, error)) return false;
        } else if (name == "-no-reboot") {
            o.no_reboot = true;
        } else if (name == "-device" && !value(&v)) {
            return false;
        } else if (name == "-device" && parse_plain_device(v, &o.machine)) {
            // a display, sound or USB device
        } else if (name == "-net" || name == "-netdev" || name == "-nic" || name == "-device") {
            if (name != "-device" && !value(&v)) return false;
            if (!parse_net_option(name, v, &o, &netdev_ids, &explicit_mac, error)) return false;
        } else if (name == "-s" || name == "-S" || name == "-gdb") {
            *error = "option '" + arg + "': the gdb stub is not implemented yet";
            return false;
        } else {
            *error = "unknown option '" + arg + "'";
            return false;
        }
    }
    for (const NicConfig& nic : o.machine.nics) {
        bool found = nic.netdev.empty();
        for (const std::string& id : netdev_ids) found = found || id == nic.netdev;
        if (!found) {
            *error = "NIC " + (nic.model.empty() ? std::string("nic") : nic.model) +
                     ": no -netdev with id '" + nic.netdev + "'";
            return false;
        }
    }
    // QEMU gives NICs without a MAC 52:54:00:12:34:56, :57, ... in order.
    u8 next = 0x56;
    for (size_t i = 0; i < o.machine.nics.size(); ++i) {
        if (!explicit_mac[i]) o.machine.nics[i].mac[5] = next++;
    }
    *out = std::move(o);
    return true;
}

std::string not_emulated_notice(const Options& o) {
    if (o.not_emulated.empty()) return "";
    std::string list;
    for (const std::string& n : o.not_emulated) list += (list.empty() ? "" : "; ") + n;
    return "not emulated, ignored: " + list;
}

std::string usage_text() {
    return "usage: boardwalk [options]\n"
           "  -M, -machine NAME   board to emulate (-M help lists them)\n"
           "  -m SIZE             RAM in MiB, or with a suffix: 128M, 1G\n"
           "  -kernel FILE        ELF, uImage, zImage or raw kernel\n"
           "  -dtb FILE           device tree blob for the kernel\n"
           "  -initrd FILE        initial ram disk\n"
           "  -append STRING      kernel command line\n"
           "  -bios FILE          firmware image at the reset vector\n"
           "  -hda FILE           first disk image\n"
           "  -nographic          serial on stdio with Ctrl-A escape (Ctrl-A x quits)\n"
           "  -serial DEV         stdio, mon:stdio, file:PATH,\n"
           "                      telnet:HOST:PORT,server[,nowait], tcp:..., null, none\n"
           "  -monitor DEV, -qmp DEV  the QEMU monitor (HMP) or QMP on stdio,\n"
           "                      unix:PATH,server[,nowait], telnet:HOST:PORT,server[,nowait], "
           "tcp:...\n"
           "                      (-monitor none: no monitor; on a muxed stdio Ctrl-A c switches)\n"
           "  -display sdl|none   a window for the board's screen (default if it has one);\n"
           "                      Ctrl-Alt-G releases the grab, Ctrl-Alt-F full screen\n"
           "  -full-screen        start in full screen\n"
           "  -vga cirrus|none    malta's PCI display (default cirrus)\n"
           "  -soundhw ac97, -device AC97  malta's sound card\n"
           "  -audiodev none|sdl|wav,id=ID[,path=FILE]  where the guest's sound goes\n"
           "  -usbdevice keyboard|tablet|mouse, -device usb-kbd|usb-tablet|usb-mouse\n"
           "  -k LAYOUT           keyboard layout (keys are sent by position, as QEMU's SDL does)\n"
           "  -accel interp|blocks   decode every instruction, or each block once (default)\n"
           "  -rtc base=utc|DATE,clock=vm  the RTC follows virtual time from the host's UTC time\n"
           "  -d ITEMS            log guest_errors,unimp,info,exec\n"
           "  -D FILE             write the log to FILE\n"
           "  -icount shift=N[,sleep=on|off]  2^N ns per instruction\n"
           "  -no-reboot          exit instead of rebooting\n"
           "  -net nic[,model=M][,macaddr=MAC]  a NIC on hub 0\n"
           "  -net user[,tftp=DIR][,bootfile=F][,hostfwd=tcp::HP-:GP][,restrict=on]\n"
           "                      user-mode network (NAT, DHCP, DNS, TFTP) on hub 0\n"
           "  -netdev user,id=ID[,...]  -device MODEL,netdev=ID[,mac=MAC]\n"
           "  -nic user[,model=M][,mac=MAC][,tftp=DIR][,...]\n"
           "  -netdev socket,id=ID,connect=HOST:PORT|listen=HOST:PORT\n"
           "  -netdev stream,id=ID,server=on|off,addr.type=inet,addr.host=H,addr.port=P\n"
           "                      QEMU's stream framing (a real QEMU or boardwalk-netd)\n"
           "  -netdev tap,id=ID[,ifname=NAME][,script=PATH|no][,downscript=PATH|no]\n"
           "  -net socket,... / -net tap,...  the same on hub 0\n";
}

}  // namespace bw::cli
