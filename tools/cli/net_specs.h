// Settings of the host network back ends (QEMU's `-net user`, `-netdev
// socket|stream|tap` parameters) and the user-mode parameter parser, shared by
// the native front end's options and boardwalk-netd's --user=OPTIONS.
// Pure C++ (the page parses options too).
#pragma once

#include <string>
#include <vector>

#include "core/common/types.h"

namespace bw::cli {

// One hostfwd= rule: [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT.
struct HostFwd {
    bool udp = false;
    std::string host_addr;  // "" = any host address
    u16 host_port = 0;
    std::string guest_addr;  // "" = the first DHCP address (10.0.2.15)
    u16 guest_port = 0;
};

// A user-mode (slirp) network back end: -net user, -netdev user, -nic user.
struct UserNetSpec {
    std::string id;           // the -netdev id; "" for -net user (hub 0)
    std::string tftp;         // tftp=DIR: root of the built-in TFTP server
    std::string bootfile;     // bootfile=FILE: DHCP boot file name
    std::string hostname;     // hostname=NAME: DHCP option 12
    bool restricted = false;  // restrict=on: the guest cannot reach the outside
    std::vector<HostFwd> hostfwd;
};

// -netdev socket,connect=|listen=, -netdev stream, -net socket: a TCP stream
// with QEMU's framing (core/net/stream_framing.h).
struct StreamSpec {
    std::string id;       // the -netdev id; "" for -net socket (hub 0)
    std::string option;   // how the user wrote it, for messages
    bool server = false;  // listen=/server=on: wait for a peer (one at a time)
    std::string host;     // "" = any address (listen) or localhost (connect)
    u16 port = 0;
};

// -netdev tap / -net tap: a host tap device (/dev/net/tun).
struct TapSpec {
    std::string id;  // "" for -net tap (hub 0)
    std::string option;
    std::string ifname;  // "" = the kernel picks tapN
    // Run with the interface name as the argument after creation and before
    // close, as QEMU does; "" or "no" = none.
    std::string script = "/etc/qemu-ifup";
    std::string downscript = "/etc/qemu-ifdown";
};

// A plain unsigned decimal ("8080"; no sign, no trailing characters).
bool parse_decimal(const std::string& text, u64* value);
// QEMU's boolean spellings: on/off, yes/no, true/false.
bool parse_on_off(const std::string& text, bool* value);

// How the user wrote |spec| for messages: "-net user", "-nic user" or
// "-netdev user,id=ID".
std::string user_net_name(const UserNetSpec& spec);

// One hostfwd= value ("tcp::5555-:22", "udp:127.0.0.1:6969-10.0.2.15:69").
bool parse_hostfwd(const std::string& text, HostFwd* out, std::string* error);

// One user-mode parameter KEY=VALUE of option |opt| (named in errors). False
// with a one-line |error| if the key is unknown or the value bad.
bool parse_user_param(const std::string& opt, const std::string& key, const std::string& value,
                      UserNetSpec* u, std::string* error);

// A whole parameter list "tftp=DIR,hostfwd=tcp::2222-:22,..." ("" is fine).
bool parse_user_params(const std::string& opt, const std::string& params, UserNetSpec* u,
                       std::string* error);

}  // namespace bw::cli
