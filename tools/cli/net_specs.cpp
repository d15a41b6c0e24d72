#include "tools/cli/net_specs.h"

#include <cerrno>
#include <cstdlib>

namespace bw::cli {

bool parse_decimal(const std::string& s, u64* v) {
    if (s.empty() || s[0] == '-' || s[0] == '+') return false;
    errno = 0;
    char* end = nullptr;
    unsigned long long x = std::strtoull(s.c_str(), &end, 10);
    if (errno || *end) return false;
    *v = x;
    return true;
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

std::string user_net_name(const UserNetSpec& spec) {
    if (spec.id.empty()) return "-net user";
    if (spec.id.rfind("_nic", 0) == 0) return "-nic user";
    return "-netdev user,id=" + spec.id;
}

bool parse_user_param(const std::string& opt, const std::string& key, const std::string& value,
                      UserNetSpec* u, std::string* error) {
    if (key == "tftp") {
        u->tftp = value;
    } else if (key == "bootfile") {
        u->bootfile = value;
    } else if (key == "hostname") {
        u->hostname = value;
    } else if (key == "restrict") {
        if (!parse_on_off(value, &u->restricted)) {
            *error = opt + ": bad restrict value '" + value + "' (expected on or off)";
            return false;
        }
    } else if (key == "hostfwd") {
        HostFwd f;
        if (!parse_hostfwd(value, &f, error)) {
            *error = opt + ": " + *error;
            return false;
        }
        u->hostfwd.push_back(f);
    } else if (key == "ipv4" || key == "ipv6") {
        // IPv4 is always on; IPv6 is not offered to the guest.
    } else {
        *error = opt + ": unknown parameter '" + key + "'";
        return false;
    }
    return true;
}

bool parse_user_params(const std::string& opt, const std::string& params, UserNetSpec* u,
                       std::string* error) {
    size_t i = 0;
    while (i < params.size()) {
        size_t j = params.find(',', i);
        if (j == std::string::npos) j = params.size();
        std::string item = params.substr(i, j - i);
        i = j + 1;
        if (item.empty()) continue;
        size_t eq = item.find('=');
        std::string key = item.substr(0, eq);
        std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
        if (!parse_user_param(opt, key, value, u, error)) return false;
    }
    return true;
}

bool parse_hostfwd(const std::string& text, HostFwd* out, std::string* error) {
    HostFwd f;
    // [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT
    auto bad = [&](const std::string& why) {
        *error = "hostfwd=" + text + ": " + why;
        return false;
    };
    size_t c1 = text.find(':');
    if (c1 == std::string::npos) return bad("expected [tcp|udp]:[HOSTADDR]:PORT-[GUESTADDR]:PORT");
    std::string proto = text.substr(0, c1);
    if (proto == "udp") {
        f.udp = true;
    } else if (proto != "tcp" && !proto.empty()) {
        return bad("protocol must be tcp or udp");
    }
    std::string rest = text.substr(c1 + 1);
    size_t dash = rest.find('-');
    if (dash == std::string::npos) return bad("expected HOST-GUEST");
    auto addr_port = [&](const std::string& s, std::string* addr, u16* port, bool allow_zero) {
        size_t c = s.rfind(':');
        if (c == std::string::npos) return false;
        *addr = s.substr(0, c);
        u64 n;
        if (!parse_decimal(s.substr(c + 1), &n) || n > 65535 || (n == 0 && !allow_zero))
            return false;
        *port = u16(n);
        return true;
    };
    // QEMU: host port 0 lets the host pick one.
    if (!addr_port(rest.substr(0, dash), &f.host_addr, &f.host_port, true)) {
        return bad("bad host part '" + rest.substr(0, dash) + "'");
    }
    if (!addr_port(rest.substr(dash + 1), &f.guest_addr, &f.guest_port, false)) {
        return bad("bad guest part '" + rest.substr(dash + 1) + "'");
    }
    *out = f;
    return true;
}

}  // namespace bw::cli
