#include "tools/cli/net_user.h"

#include <slirp/libslirp.h>
#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <climits>
#include <cstdint>

#include "core/common/log.h"

namespace bw::cli {

namespace {

i64 host_ns() {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return i64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

i64 host_ms() { return host_ns() / 1'000'000; }

int to_slirp_events(short e) {
    int s = 0;
    if (e & POLLIN) s |= SLIRP_POLL_IN;
    if (e & POLLOUT) s |= SLIRP_POLL_OUT;
    if (e & POLLPRI) s |= SLIRP_POLL_PRI;
    if (e & POLLERR) s |= SLIRP_POLL_ERR;
    if (e & POLLHUP) s |= SLIRP_POLL_HUP;
    return s;
}

short from_slirp_events(int s) {
    short e = 0;
    if (s & SLIRP_POLL_IN) e |= POLLIN;
    if (s & SLIRP_POLL_OUT) e |= POLLOUT;
    if (s & SLIRP_POLL_PRI) e |= POLLPRI;
    return e;
}

bool parse_addr(const std::string& text, in_addr* out) {
    return inet_pton(AF_INET, text.c_str(), out) == 1;
}

in_addr addr(u32 host_order) {
    in_addr a;
    a.s_addr = htonl(host_order);
    return a;
}

}  // namespace

// One slirp timer: a callback and its expiry in host milliseconds (-1: stopped).
struct UserNet::Timer {
    SlirpTimerCb cb;
    void* cb_opaque;
    i64 expire_ms = -1;
};

// The C callbacks slirp calls, with the UserNet as opaque.
struct UserNetCallbacks {
    static UserNet* self(void* opaque) { return static_cast<UserNet*>(opaque); }

    static ssize_t send_packet(const void* buf, size_t len, void* opaque) {
        UserNet* u = self(opaque);
        ++u->frames_out_;
        u->hub_->send(u, static_cast<const u8*>(buf), len);
        return ssize_t(len);
    }
    static void guest_error(const char* msg, void*) {
        log_message(LogCategory::GuestError, "slirp: %s", msg);
    }
    static int64_t clock_get_ns(void*) { return host_ns(); }
    static void* timer_new(SlirpTimerCb cb, void* cb_opaque, void* opaque) {
        auto t = std::make_unique<UserNet::Timer>();
        t->cb = cb;
        t->cb_opaque = cb_opaque;
        UserNet::Timer* raw = t.get();
        self(opaque)->timers_.push_back(std::move(t));
        return raw;
    }
    static void timer_free(void* timer, void* opaque) {
        auto& v = self(opaque)->timers_;
        v.erase(std::remove_if(v.begin(), v.end(), [&](auto& t) { return t.get() == timer; }),
                v.end());
    }
    static void timer_mod(void* timer, int64_t expire_ms, void*) {
        static_cast<UserNet::Timer*>(timer)->expire_ms = expire_ms;
    }
    // The main loop asks for slirp's fds on every poll; nothing to register.
    static void register_poll_fd(int, void*) {}
    static void unregister_poll_fd(int, void*) {}
    static void notify(void*) {}

    static int add_poll(int fd, int events, void* opaque) {
        auto* fds = static_cast<std::vector<pollfd>*>(opaque);
        fds->push_back({fd, from_slirp_events(events), 0});
        return int(fds->size() - 1);
    }
    static int get_revents(int idx, void* opaque) {
        auto* fds = static_cast<const std::vector<pollfd>*>(opaque);
        if (idx < 0 || size_t(idx) >= fds->size()) return 0;
        return to_slirp_events((*fds)[size_t(idx)].revents);
    }
};

namespace {

const SlirpCb kCallbacks = {
    .send_packet = UserNetCallbacks::send_packet,
    .guest_error = UserNetCallbacks::guest_error,
    .clock_get_ns = UserNetCallbacks::clock_get_ns,
    .timer_new = UserNetCallbacks::timer_new,
    .timer_free = UserNetCallbacks::timer_free,
    .timer_mod = UserNetCallbacks::timer_mod,
    .register_poll_fd = UserNetCallbacks::register_poll_fd,
    .unregister_poll_fd = UserNetCallbacks::unregister_poll_fd,
    .notify = UserNetCallbacks::notify,
};

}  // namespace

UserNet::UserNet(NetHub* hub, const UserNetSpec& spec, std::string* error)
    : hub_(hub), hostname_(spec.hostname), tftp_(spec.tftp), bootfile_(spec.bootfile) {
    std::string what = user_net_name(spec);
    if (!tftp_.empty()) {
        struct stat st;
        if (stat(tftp_.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
            *error = what + ": tftp=" + tftp_ + " is not a directory";
            return;
        }
    }
    SlirpConfig cfg{};
    cfg.version = 1;
    cfg.restricted = spec.restricted;
    cfg.in_enabled = true;
    // QEMU's defaults: 10.0.2.0/24, host 10.0.2.2, DNS 10.0.2.3, DHCP from 10.0.2.15.
    cfg.vnetwork = addr(0x0a000200);
    cfg.vnetmask = addr(0xffffff00);
    cfg.vhost = addr(0x0a000202);
    cfg.vnameserver = addr(0x0a000203);
    cfg.vdhcp_start = addr(0x0a00020f);
    cfg.in6_enabled = false;
    cfg.vhostname = hostname_.empty() ? nullptr : hostname_.c_str();
    cfg.tftp_path = tftp_.empty() ? nullptr : tftp_.c_str();
    cfg.bootfile = bootfile_.empty() ? nullptr : bootfile_.c_str();
    Slirp* s = slirp_new(&cfg, &kCallbacks, this);
    if (!s) {
        *error = what + ": slirp could not start";
        return;
    }
    for (const HostFwd& f : spec.hostfwd) {
        in_addr host{}, guest = cfg.vdhcp_start;
        host.s_addr = INADDR_ANY;
        if (!f.host_addr.empty() && !parse_addr(f.host_addr, &host)) {
            *error = what + ": hostfwd: bad host address '" + f.host_addr + "'";
        } else if (!f.guest_addr.empty() && !parse_addr(f.guest_addr, &guest)) {
            *error = what + ": hostfwd: bad guest address '" + f.guest_addr + "'";
        } else if (slirp_add_hostfwd(s, f.udp, host, f.host_port, guest, f.guest_port) < 0) {
            *error = what + ": could not set up hostfwd " + std::string(f.udp ? "udp" : "tcp") +
                     " port " + std::to_string(f.host_port) + " (port in use?)";
        } else {
            continue;
        }
        slirp_cleanup(s);
        return;
    }
    slirp_ = s;
    hub_->attach(this);
}

UserNet::~UserNet() {
    if (!slirp_) return;
    hub_->detach(this);
    slirp_cleanup(slirp_);
}

void UserNet::receive(const u8* frame, size_t len) {
    if (len > INT_MAX) return;
    ++frames_in_;
    slirp_input(slirp_, frame, int(len));
}

void UserNet::fill_pollfds(std::vector<pollfd>& fds) {
    u32 timeout = 0xffff;
    slirp_pollfds_fill(slirp_, &timeout, UserNetCallbacks::add_poll, &fds);
    poll_timeout_ms_ = timeout;
}

void UserNet::handle_poll(const std::vector<pollfd>& fds) {
    // slirp_pollfds_poll also runs slirp's TCP timers, so it is called every
    // time, with or without ready sockets.
    slirp_pollfds_poll(slirp_, 0, UserNetCallbacks::get_revents,
                       const_cast<std::vector<pollfd>*>(&fds));
}

void UserNet::run_timers() {
    i64 now = host_ms();
    // A callback may modify or free timers: find one due timer at a time.
    for (;;) {
        Timer* due = nullptr;
        for (auto& t : timers_) {
            if (t->expire_ms >= 0 && t->expire_ms <= now) {
                due = t.get();
                break;
            }
        }
        if (!due) return;
        due->expire_ms = -1;
        due->cb(due->cb_opaque);
    }
}

u64 UserNet::wait_ns() const {
    i64 now = host_ms();
    i64 wait_ms = poll_timeout_ms_;
    for (const auto& t : timers_) {
        if (t->expire_ms >= 0) wait_ms = std::min(wait_ms, std::max<i64>(0, t->expire_ms - now));
    }
    return u64(wait_ms) * 1'000'000u;
}

}  // namespace bw::cli
