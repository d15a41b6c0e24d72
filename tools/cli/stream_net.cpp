#include "tools/cli/stream_net.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/common/log.h"

namespace bw::cli {

namespace {

std::string addr_text(const sockaddr_in& a) {
    char buf[INET_ADDRSTRLEN] = "?";
    inet_ntop(AF_INET, &a.sin_addr, buf, sizeof buf);
    return std::string(buf) + ":" + std::to_string(ntohs(a.sin_port));
}

bool resolve(const std::string& host, u16 port, bool passive, sockaddr_in* out,
             std::string* error) {
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = passive ? AI_PASSIVE : 0;
    addrinfo* res = nullptr;
    const char* node = host.empty() ? (passive ? nullptr : "127.0.0.1") : host.c_str();
    int rc = getaddrinfo(node, nullptr, &hints, &res);
    if (rc != 0 || !res) {
        *error = "cannot resolve '" + host + "': " + gai_strerror(rc);
        return false;
    }
    *out = *reinterpret_cast<sockaddr_in*>(res->ai_addr);
    out->sin_port = htons(port);
    freeaddrinfo(res);
    return true;
}

void set_nonblocking(int fd) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace

StreamNet::StreamNet(NetHub* hub, const StreamSpec& spec, std::string* error)
    : hub_(hub), option_(spec.option) {
    sockaddr_in sa;
    if (!resolve(spec.host, spec.port, spec.server, &sa, error)) {
        *error = option_ + ": " + *error;
        return;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = option_ + ": socket: " + std::strerror(errno);
        return;
    }
    if (spec.server) {
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0 || listen(fd, 1) < 0) {
            *error = option_ + ": cannot listen on " + addr_text(sa) + ": " + std::strerror(errno);
            close(fd);
            return;
        }
        socklen_t sl = sizeof sa;
        getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &sl);
        local_port_ = ntohs(sa.sin_port);
        set_nonblocking(fd);
        listen_fd_ = fd;
    } else {
        if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0) {
            *error = option_ + ": cannot connect to " + addr_text(sa) + ": " + std::strerror(errno);
            close(fd);
            return;
        }
        set_nonblocking(fd);
        peer_ = fd;
        peer_name_ = addr_text(sa);
    }
    ok_ = true;
    hub_->attach(this);
}

StreamNet::~StreamNet() {
    if (!ok_) return;
    hub_->detach(this);
    if (peer_ >= 0) close(peer_);
    if (listen_fd_ >= 0) close(listen_fd_);
}

void StreamNet::receive(const u8* frame, size_t len) {
    // A frame the framing cannot carry (a runt, or over the jumbo maximum: an
    // e1000 builds frames up to 64 KiB) would make the peer drop the stream.
    if (len < kStreamFrameMin || len > kStreamFrameMax || peer_ < 0 ||
        out_.size() - out_pos_ > kMaxQueue) {
        ++dropped_;
        return;
    }
    ++frames_in_;
    stream_encode(frame, len, &out_);
    flush();
}

void StreamNet::flush() {
    while (peer_ >= 0 && out_pos_ < out_.size()) {
        ssize_t n = send(peer_, out_.data() + out_pos_, out_.size() - out_pos_, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) break;
            drop_peer(std::string("send failed: ") + std::strerror(errno));
            return;
        }
        out_pos_ += size_t(n);
    }
    if (out_pos_ == out_.size()) {
        out_.clear();
        out_pos_ = 0;
    } else if (out_pos_ > (64u << 10)) {
        out_.erase(out_.begin(), out_.begin() + ptrdiff_t(out_pos_));
        out_pos_ = 0;
    }
}

void StreamNet::drop_peer(const std::string& why) {
    log_message(LogCategory::Error, "%s: peer %s %s", option_.c_str(), peer_name_.c_str(),
                why.c_str());
    close(peer_);
    peer_ = -1;
    out_.clear();
    out_pos_ = 0;
    decoder_ = StreamDecoder();
}

void StreamNet::accept_peer() {
    sockaddr_in sa;
    socklen_t sl = sizeof sa;
    int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&sa), &sl, SOCK_CLOEXEC);
    if (fd < 0) return;
    set_nonblocking(fd);
    peer_ = fd;
    peer_name_ = addr_text(sa);
    decoder_ = StreamDecoder();
}

void StreamNet::read_peer() {
    u8 buf[65536];
    // A bounded amount per round so a flooding peer cannot starve the guest.
    for (int round = 0; round < 4 && peer_ >= 0; ++round) {
        ssize_t n = recv(peer_, buf, sizeof buf, 0);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
            drop_peer(std::string("receive failed: ") + std::strerror(errno));
            return;
        }
        if (n == 0) {
            drop_peer(decoder_.finish() ? "disconnected"
                                        : "disconnected: " + decoder_.error_text());
            return;
        }
        bool good = decoder_.feed(buf, size_t(n), [&](const u8* f, size_t len) {
            ++frames_out_;
            hub_->send(this, f, len);
        });
        if (!good) {
            drop_peer("dropped: " + decoder_.error_text());
            return;
        }
        if (size_t(n) < sizeof buf) return;
    }
}

void StreamNet::fill_pollfds(std::vector<pollfd>& fds) {
    listen_index_ = peer_index_ = SIZE_MAX;
    if (peer_ >= 0) {
        peer_index_ = fds.size();
        fds.push_back({peer_, short(POLLIN | (out_pos_ < out_.size() ? POLLOUT : 0)), 0});
    } else if (listen_fd_ >= 0) {
        listen_index_ = fds.size();
        fds.push_back({listen_fd_, POLLIN, 0});
    }
}

void StreamNet::handle_poll(const std::vector<pollfd>& fds) {
    if (listen_index_ < fds.size() && (fds[listen_index_].revents & POLLIN)) {
        accept_peer();
        return;
    }
    if (peer_index_ >= fds.size() || peer_ < 0) return;
    short ev = fds[peer_index_].revents;
    if (ev & POLLOUT) flush();
    if (peer_ >= 0 && (ev & (POLLIN | POLLHUP | POLLERR))) read_peer();
}

}  // namespace bw::cli
