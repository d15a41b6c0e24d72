#include "tools/cli/options.h"

#include <cerrno>
#include <cstdlib>

namespace bw::cli {

namespace {

bool parse_uint(const std::string& s, u64* v) {
    if (s.empty() || s[0] == '-' || s[0] == '+') return false;
    errno = 0;
    char* end = nullptr;
    unsigned long long x = std::strtoull(s.c_str(), &end, 10);
    if (errno || *end) return false;
    *v = x;
    return true;
}

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

bool parse_on_off(const std::string& v, bool* out) {
    if (v == "on" || v == "yes" || v == "true") {
        *out = true;
    } else if (v == "off" || v == "no" || v == "false") {
        *out = false;
    } else {
        return false;
    }
    return true;
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
            if (!parse_uint(value, &n) || n > 10) {
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

}  // namespace

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
    if (!parse_uint(s, &n) || n == 0 || n > (u64(1) << 32)) return false;
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
        if (!parse_uint(addr.substr(colon + 1), &port) || port == 0 || port > 65535) {
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
            if (split(v, ',')[0] != "none") {
                *error = "-display " + v + ": only 'none' is supported";
                return false;
            }
            o.display_none = true;
        } else if (name == "-serial") {
            if (!value(&v)) return false;
            SerialSpec s;
            if (!parse_serial(v, &s, error)) return false;
            o.serials.push_back(s);
        } else if (name == "-monitor") {
            if (!value(&v)) return false;
            if (v != "none" && v != "stdio") {
                *error = "-monitor " + v + ": only 'none' and 'stdio' are supported";
                return false;
            }
            o.monitor = v;
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
        } else if (name == "-sdl" || name == "-soundhw" || name == "-usbdevice" || name == "-k" ||
                   name == "-rtc" || name == "-net") {
            // Later devices (display, sound, USB, keyboard layout, RTC options, network): the
            // boot goes on without them; main() names them once.
            std::string item = name;
            if (name != "-sdl") {
                if (!value(&v)) return false;
            }
            bool seen = false;
            for (std::string& n : o.not_emulated) {
                if (n == name || n.rfind(name + " ", 0) == 0) {
                    if (name != "-sdl") n += " " + v;
                    seen = true;
                }
            }
            if (!seen) o.not_emulated.push_back(name == "-sdl" ? name : name + " " + v);
        } else if (name == "-s" || name == "-S" || name == "-gdb") {
            *error = "option '" + arg + "': the gdb stub is not implemented yet";
            return false;
        } else {
            *error = "unknown option '" + arg + "'";
            return false;
        }
    }
    *out = std::move(o);
    return true;
}

std::string not_emulated_notice(const Options& o) {
    if (o.not_emulated.empty()) return "";
    std::string list;
    for (const std::string& n : o.not_emulated) list += (list.empty() ? "" : "; ") + n;
    return "not emulated yet, ignored: " + list;
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
           "  -monitor none|stdio\n"
           "  -display none\n"
           "  -d ITEMS            log guest_errors,unimp,info,exec\n"
           "  -D FILE             write the log to FILE\n"
           "  -icount shift=N[,sleep=on|off]  2^N ns per instruction\n"
           "  -no-reboot          exit instead of rebooting\n"
           "  -sdl, -soundhw, -usbdevice, -k, -rtc, -net: accepted, not emulated yet\n";
}

}  // namespace bw::cli
