#include "proxy/netd.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "tools/cli/net_user.h"
#include "tools/cli/tap_net.h"

namespace bw::netd {

namespace {

u64 mono_ns() {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return u64(ts.tv_sec) * 1'000'000'000u + u64(ts.tv_nsec);
}

__attribute__((format(printf, 1, 2))) void log_line(const char* fmt, ...) {
    std::fprintf(stderr, "boardwalk-netd: ");
    va_list ap;
    va_start(ap, fmt);
    std::vfprintf(stderr, fmt, ap);
    va_end(ap);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

std::string addr_text(const sockaddr_in& a) {
    char buf[INET_ADDRSTRLEN] = "?";
    inet_ntop(AF_INET, &a.sin_addr, buf, sizeof buf);
    return std::string(buf) + ":" + std::to_string(ntohs(a.sin_port));
}

// The most bytes read from one client per loop round: enough for a burst of
// jumbo frames, small enough that one flooding client cannot hog the loop.
constexpr size_t kReadChunk = 64u << 10;

}  // namespace

// A TCP client: its reassembly state and its output queue.
struct Netd::Client {
    LearningSwitch::PortId id;
    int fd;
    std::string peer;
    StreamDecoder decoder;
    std::vector<u8> out;  // encoded frames; out[out_pos..] not yet written
    size_t out_pos = 0;
    bool dead = false;
    size_t poll_index = SIZE_MAX;
    size_t queued() const { return out.size() - out_pos; }
};

// A tap or user-mode back end: a NetHub holding the back end and an uplink
// port through which frames enter and leave the switch.
struct Netd::HubPort : NetPort {
    Netd* netd;
    LearningSwitch::PortId id;
    std::string name;
    NetHub hub;
    std::unique_ptr<cli::HostNet> backend;
    size_t poll_begin = 0;

    // A frame from the back end (the host's side of the tap, slirp).
    void receive(const u8* frame, size_t len) override {
        // Only frames every client can parse enter the switch.
        if (len < kStreamFrameMin || len > kStreamFrameMax) return;
        netd->switch_frame(id, frame, len);
    }
};

Netd::Netd(const NetdConfig& config) : config_(config), switch_(config.aging_ns, config.max_macs) {
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* res = nullptr;
    const char* node = config.listen_host.empty() ? nullptr : config.listen_host.c_str();
    int rc = getaddrinfo(node, nullptr, &hints, &res);
    if (rc != 0 || !res) {
        error_ = "--listen: cannot resolve '" + config.listen_host + "': " + gai_strerror(rc);
        return;
    }
    sockaddr_in sa = *reinterpret_cast<sockaddr_in*>(res->ai_addr);
    freeaddrinfo(res);
    sa.sin_port = htons(config.listen_port);
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0 ||
        listen(listen_fd_, 64) < 0) {
        error_ = "--listen: cannot listen on " + addr_text(sa) + ": " + std::strerror(errno);
        return;
    }
    socklen_t sl = sizeof sa;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&sa), &sl);
    listen_port_ = ntohs(sa.sin_port);

    if (!config.tap.empty()) {
        auto p = std::make_unique<HubPort>();
        p->netd = this;
        p->id = next_id_++;
        p->name = "tap " + config.tap;
        p->hub.attach(p.get());
        cli::TapSpec spec;
        spec.option = "--tap " + config.tap;
        spec.ifname = config.tap;
        spec.script = spec.downscript = "no";  // the host bridges it (README)
        auto tap = std::make_unique<cli::TapNet>(&p->hub, spec, &error_);
        if (!tap->ok()) return;
        p->backend = std::move(tap);
        switch_.add_port(p->id);
        hub_ports_.push_back(std::move(p));
    }
    if (config.user) {
        auto p = std::make_unique<HubPort>();
        p->netd = this;
        p->id = next_id_++;
        p->name = "user-mode NAT";
        p->hub.attach(p.get());
        cli::UserNetSpec spec = config.user_spec;
        spec.id = "--user";
        auto user = std::make_unique<cli::UserNet>(&p->hub, spec, &error_);
        if (!user->ok()) return;
        p->backend = std::move(user);
        switch_.add_port(p->id);
        hub_ports_.push_back(std::move(p));
    }
}

Netd::~Netd() {
    for (auto& c : clients_) close(c->fd);
    hub_ports_.clear();
    if (listen_fd_ >= 0) close(listen_fd_);
}

void Netd::accept_clients() {
    for (int i = 0; i < 16; ++i) {
        sockaddr_in sa;
        socklen_t sl = sizeof sa;
        int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&sa), &sl,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;
        std::string peer = addr_text(sa);
        if (clients_.size() >= config_.max_clients) {
            log_line("client %s refused: already %zu clients", peer.c_str(), clients_.size());
            close(fd);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto c = std::make_unique<Client>();
        c->id = next_id_++;
        c->fd = fd;
        c->peer = peer;
        switch_.add_port(c->id);
        if (config_.verbose) log_line("client %s connected", peer.c_str());
        clients_.push_back(std::move(c));
    }
}

void Netd::drop_client(Client& c, const std::string& why) {
    if (c.dead) return;
    c.dead = true;
    log_line("client %s dropped: %s", c.peer.c_str(), why.c_str());
}

void Netd::read_client(Client& c) {
    u8 buf[kReadChunk];
    ssize_t n = recv(c.fd, buf, sizeof buf, 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
    if (n < 0 && errno != ECONNRESET) {
        drop_client(c, std::string("receive failed: ") + std::strerror(errno));
        return;
    }
    // A reset is how a peer closes with frames still unread: a disconnect.
    if (n <= 0) {
        if (!c.decoder.finish()) {
            drop_client(c, c.decoder.error_text());
        } else {
            c.dead = true;
            if (config_.verbose) log_line("client %s disconnected", c.peer.c_str());
        }
        return;
    }
    bool good = c.decoder.feed(buf, size_t(n),
                               [&](const u8* f, size_t len) { switch_frame(c.id, f, len); });
    if (!good) drop_client(c, c.decoder.error_text());
}

void Netd::flush_client(Client& c) {
    while (!c.dead && c.out_pos < c.out.size()) {
        ssize_t n = send(c.fd, c.out.data() + c.out_pos, c.out.size() - c.out_pos, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) break;
            if (errno == ECONNRESET || errno == EPIPE) {
                // The client closed with frames still on their way to it.
                c.dead = true;
                if (config_.verbose) log_line("client %s disconnected", c.peer.c_str());
            } else {
                drop_client(c, std::string("send failed: ") + std::strerror(errno));
            }
            return;
        }
        c.out_pos += size_t(n);
    }
    if (c.out_pos == c.out.size()) {
        c.out.clear();
        c.out_pos = 0;
    } else if (c.out_pos >= (256u << 10)) {
        c.out.erase(c.out.begin(), c.out.begin() + ptrdiff_t(c.out_pos));
        c.out_pos = 0;
    }
}

void Netd::switch_frame(LearningSwitch::PortId from, const u8* frame, size_t len) {
    // deliver() may re-enter (slirp answers an ARP inside its input call), so
    // the destination list is copied before use.
    std::vector<LearningSwitch::PortId> dest;
    const bool was_full = switch_.refused_learns();
    switch_.forward(from, frame, len, now_ns_, &dest);
    if (!was_full && switch_.refused_learns()) {
        log_line(
            "MAC table full (%zu addresses, --max-macs): new MACs are flooded to until "
            "entries age out",
            config_.max_macs);
    }
    for (LearningSwitch::PortId to : dest) deliver(to, frame, len);
}

void Netd::deliver(LearningSwitch::PortId to, const u8* frame, size_t len) {
    for (auto& c : clients_) {
        if (c->id != to) continue;
        if (c->dead) return;
        if (c->queued() + len + kStreamHeaderLen > config_.queue_limit) {
            drop_client(*c, "output queue over " + std::to_string(config_.queue_limit) +
                                " bytes (client not reading)");
            return;
        }
        stream_encode(frame, len, &c->out);
        return;
    }
    for (auto& p : hub_ports_) {
        if (p->id == to) {
            p->hub.send(p.get(), frame, len);
            return;
        }
    }
}

void Netd::remove_dead() {
    for (auto& c : clients_) {
        if (!c->dead) continue;
        switch_.remove_port(c->id);
        close(c->fd);
    }
    std::erase_if(clients_, [](const auto& c) { return c->dead; });
}

void Netd::run(const volatile std::sig_atomic_t* stop) {
    std::vector<pollfd> fds;
    while (!(stop && *stop)) {
        fds.clear();
        fds.push_back({listen_fd_, POLLIN, 0});
        for (auto& c : clients_) {
            c->poll_index = fds.size();
            fds.push_back({c->fd, short(POLLIN | (c->queued() ? POLLOUT : 0)), 0});
        }
        u64 timeout_ns = 1'000'000'000;
        for (auto& p : hub_ports_) {
            p->poll_begin = fds.size();
            p->backend->fill_pollfds(fds);
            timeout_ns = std::min(timeout_ns, p->backend->wait_ns());
        }
        int rc = poll(fds.data(), nfds_t(fds.size()), int((timeout_ns + 999'999) / 1'000'000));
        if (rc < 0) {
            if (errno == EINTR) continue;
            log_line("poll failed: %s", std::strerror(errno));
            return;
        }
        now_ns_ = mono_ns();
        // Clients accepted now are polled from the next round on.
        size_t polled = clients_.size();
        for (size_t i = 0; i < polled; ++i) {
            Client& c = *clients_[i];
            short ev = fds[c.poll_index].revents;
            if (!c.dead && (ev & (POLLIN | POLLHUP | POLLERR))) read_client(c);
        }
        for (auto& p : hub_ports_) {
            p->backend->handle_poll(fds);
            p->backend->run_timers();
        }
        // Everything queued this round goes out in as few writes as possible.
        for (auto& c : clients_) {
            if (!c->dead && c->queued()) flush_client(*c);
        }
        if (fds[0].revents & POLLIN) accept_clients();
        remove_dead();
    }
}

}  // namespace bw::netd
