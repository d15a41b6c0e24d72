#include "tools/cli/serial_backend.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace bw::cli {

void SerialBackend::attach(CharChannel* channel) {
    channel_ = channel;
    channel->on_output = [this](u8 b) { write(b); };
}

namespace {

// Terminal state ----------------------------------------------------------------

bool g_tty_saved = false;
struct termios g_tty_orig;

void restore_on_signal(int sig) {
    if (g_tty_saved) tcsetattr(STDIN_FILENO, TCSANOW, &g_tty_orig);
    signal(sig, SIG_DFL);
    raise(sig);
}

void write_all(int fd, const u8* p, size_t n) {
    while (n) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) {
                struct pollfd pfd = {fd, POLLOUT, 0};
                poll(&pfd, 1, 100);
                continue;
            }
            return;  // host side gone (closed pipe); drop output
        }
        p += w;
        n -= size_t(w);
    }
}

// stdio ---------------------------------------------------------------------------

class StdioBackend : public SerialBackend {
  public:
    explicit StdioBackend(bool mux) : mux_(mux) {}
    void write(u8 b) override {
        out_.push_back(b);
        if (out_.size() >= 4096) flush();
    }
    void flush() override {
        if (out_.empty()) return;
        write_all(STDOUT_FILENO, out_.data(), out_.size());
        out_.clear();
    }
    int input_fd() const override { return eof_ ? -1 : STDIN_FILENO; }
    bool attach_second(CharChannel* second, std::function<void()> on_focus) override {
        if (!mux_) return false;
        second_ = second;
        second_focus_ = std::move(on_focus);
        second->on_output = [this](u8 b) { write(b); };
        return true;
    }
    // Who gets typed bytes: the serial port, or the monitor after Ctrl-A c.
    CharChannel* focus() const { return on_second_ ? second_ : channel_; }
    void service() override {
        u8 buf[256];
        ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n == 0) {
            eof_ = true;  // piped input ended: keep running, as QEMU does
            return;
        }
        if (n < 0) {
            if (errno != EINTR && errno != EAGAIN) eof_ = true;
            return;
        }
        for (ssize_t i = 0; i < n; ++i) input(buf[i]);
    }

  private:
    static constexpr u8 kEscape = 0x01;  // Ctrl-A

    void input(u8 b) {
        if (!mux_) {
            if (channel_) channel_->push_input(b);
            return;
        }
        if (!escaped_) {
            if (b == kEscape) {
                escaped_ = true;
            } else if (focus()) {
                focus()->push_input(b);
            }
            return;
        }
        escaped_ = false;
        switch (b) {
            case kEscape:
                if (focus()) focus()->push_input(b);
                break;
            case 'x':
                message("QEMU: Terminated\r\n");
                quit_ = true;
                break;
            case 'h':
            case '?':
                message(
                    "\r\nC-a h    print this help\r\n"
                    "C-a x    exit emulator\r\n"
                    "C-a c    switch between console and monitor\r\n"
                    "C-a C-a  sends C-a\r\n");
                break;
            case 'c':
                if (!second_) {
                    message(
                        "\r\nboardwalk: no monitor on this terminal (-monitor elsewhere or "
                        "none)\r\n");
                    break;
                }
                on_second_ = !on_second_;
                if (on_second_ && second_focus_) second_focus_();
                break;
            default: break;  // QEMU drops unknown escapes
        }
    }
    void message(const char* s) {
        flush();
        write_all(STDOUT_FILENO, reinterpret_cast<const u8*>(s), std::strlen(s));
    }

    bool mux_;
    CharChannel* second_ = nullptr;
    std::function<void()> second_focus_;
    bool on_second_ = false;
    bool escaped_ = false;
    bool eof_ = false;
    std::vector<u8> out_;
};

// file / null -------------------------------------------------------------------

class FileBackend : public SerialBackend {
  public:
    explicit FileBackend(FILE* f) : f_(f) {}
    ~FileBackend() override {
        if (f_) std::fclose(f_);
    }
    void write(u8 b) override { std::fputc(b, f_); }
    void flush() override { std::fflush(f_); }

  private:
    FILE* f_;
};

class NullBackend : public SerialBackend {
  public:
    void write(u8) override {}
};

// TCP / telnet server -------------------------------------------------------------

class SocketBackend : public SerialBackend {
  public:
    SocketBackend(int listen_fd, bool telnet) : listen_fd_(listen_fd), telnet_(telnet) {}
    ~SocketBackend() override {
        if (client_ >= 0) close(client_);
        close(listen_fd_);
    }
    void wait_for_client(const std::string& where) override {
        std::fprintf(stderr, "boardwalk: waiting for connection on %s\n", where.c_str());
        struct pollfd pfd = {listen_fd_, POLLIN, 0};
        while (client_ < 0) {
            if (poll(&pfd, 1, -1) > 0) accept_client();
        }
    }
    void write(u8 b) override {
        if (client_ < 0) return;                         // no client: output is dropped, as in QEMU
        if (telnet_ && b == 0xFF) out_.push_back(0xFF);  // IAC is doubled
        out_.push_back(b);
    }
    void flush() override {
        if (client_ < 0 || out_.empty()) return;
        size_t done = 0;
        while (done < out_.size()) {
            ssize_t w = send(client_, out_.data() + done, out_.size() - done, MSG_NOSIGNAL);
            if (w < 0 && errno == EINTR) continue;
            if (w < 0 && errno == EAGAIN) break;  // keep the rest for later
            if (w <= 0) {
                drop_client();
                return;
            }
            done += size_t(w);
        }
        out_.erase(out_.begin(), out_.begin() + long(done));
        if (out_.size() > (1u << 20)) out_.clear();  // a stalled client must not grow us
    }
    int input_fd() const override { return client_ >= 0 ? client_ : listen_fd_; }
    void service() override {
        if (client_ < 0) {
            accept_client();
            return;
        }
        u8 buf[512];
        ssize_t n = recv(client_, buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
            drop_client();
            return;
        }
        for (ssize_t i = 0; i < n; ++i) input(buf[i]);
    }

  private:
    enum class Telnet { Data, Iac, Option, Sub, SubIac, Cr };

    void accept_client() {
        int fd = accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) return;
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
                   sizeof one);  // fails harmlessly on Unix sockets
        client_ = fd;
        state_ = Telnet::Data;
        out_.clear();
        if (on_connect) on_connect();
        if (telnet_) {
            // Character mode: the server echoes, no go-ahead, no line mode.
            const u8 nego[] = {0xFF, 0xFB, 0x01, 0xFF, 0xFB, 0x03, 0xFF, 0xFE, 0x22};
            send(client_, nego, sizeof nego, MSG_NOSIGNAL);
        }
    }
    void drop_client() {
        close(client_);
        client_ = -1;
        out_.clear();
    }
    void input(u8 b) {
        if (!telnet_) {
            if (channel_) channel_->push_input(b);
            return;
        }
        // RFC 854: strip IAC commands and option negotiation, unescape IAC IAC,
        // and turn CR NUL / CR LF into CR.
        switch (state_) {
            case Telnet::Data:
                if (b == 0xFF) {
                    state_ = Telnet::Iac;
                } else {
                    if (channel_) channel_->push_input(b);
                    if (b == '\r') state_ = Telnet::Cr;
                }
                break;
            case Telnet::Cr:
                state_ = Telnet::Data;
                if (b == 0 || b == '\n') break;
                input(b);
                break;
            case Telnet::Iac:
                if (b == 0xFF) {
                    if (channel_) channel_->push_input(b);
                    state_ = Telnet::Data;
                } else if (b >= 0xFB && b <= 0xFE) {  // WILL/WONT/DO/DONT opt
                    state_ = Telnet::Option;
                } else if (b == 0xFA) {  // SB ... IAC SE
                    state_ = Telnet::Sub;
                } else {
                    state_ = Telnet::Data;
                }
                break;
            case Telnet::Option: state_ = Telnet::Data; break;
            case Telnet::Sub:
                if (b == 0xFF) state_ = Telnet::SubIac;
                break;
            case Telnet::SubIac: state_ = b == 0xF0 ? Telnet::Data : Telnet::Sub; break;
        }
    }

    int listen_fd_;
    int client_ = -1;
    bool telnet_;
    Telnet state_ = Telnet::Data;
    std::vector<u8> out_;
};

int open_listener(const SerialSpec& spec, std::string* error) {
    std::string where = spec.host + ":" + std::to_string(spec.port);
    struct addrinfo hints = {};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    struct addrinfo* res = nullptr;
    std::string port = std::to_string(spec.port);
    int rc =
        getaddrinfo(spec.host.empty() ? nullptr : spec.host.c_str(), port.c_str(), &hints, &res);
    if (rc != 0) {
        *error = "-serial: cannot resolve '" + spec.host + "': " + gai_strerror(rc);
        return -1;
    }
    int fd = -1;
    std::string why = "no address";
    for (auto* ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) {
            why = std::strerror(errno);
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1) == 0) break;
        why = std::strerror(errno);
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        *error = "-serial: cannot listen on " + where + ": " + why;
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

int open_unix_listener(const SerialSpec& spec, std::string* error) {
    struct sockaddr_un addr = {};
    addr.sun_family = AF_UNIX;
    if (spec.path.size() >= sizeof addr.sun_path) {
        *error = "unix:" + spec.path + ": socket path too long";
        return -1;
    }
    std::memcpy(addr.sun_path, spec.path.c_str(), spec.path.size() + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) {
        *error = "unix:" + spec.path + ": " + std::strerror(errno);
        return -1;
    }
    unlink(spec.path.c_str());  // a stale socket from an earlier run, as QEMU does
    if (bind(fd, reinterpret_cast<struct sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(fd, 1) != 0) {
        *error = "unix:" + spec.path + ": cannot listen: " + std::strerror(errno);
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

}  // namespace

std::unique_ptr<SerialBackend> make_serial_backend(const SerialSpec& spec, std::string* error) {
    switch (spec.kind) {
        case SerialSpec::Kind::Stdio: return std::make_unique<StdioBackend>(spec.mux);
        case SerialSpec::Kind::Null:
        case SerialSpec::Kind::None: return std::make_unique<NullBackend>();
        case SerialSpec::Kind::File: {
            FILE* f = std::fopen(spec.path.c_str(), "wb");
            if (!f) {
                *error = "-serial file:" + spec.path + ": " + std::strerror(errno);
                return nullptr;
            }
            return std::make_unique<FileBackend>(f);
        }
        case SerialSpec::Kind::Telnet:
        case SerialSpec::Kind::Tcp:
        case SerialSpec::Kind::Unix: {
            bool unix_socket = spec.kind == SerialSpec::Kind::Unix;
            int fd = unix_socket ? open_unix_listener(spec, error) : open_listener(spec, error);
            if (fd < 0) return nullptr;
            bool telnet = spec.kind == SerialSpec::Kind::Telnet;
            return std::make_unique<SocketBackend>(fd, telnet);
        }
    }
    *error = "-serial: unknown backend";
    return nullptr;
}

void stdio_restore() {
    if (g_tty_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &g_tty_orig);
        g_tty_saved = false;
    }
}

void stdio_raw_mode(bool keep_signals) {
    if (g_tty_saved || !isatty(STDIN_FILENO)) return;
    if (tcgetattr(STDIN_FILENO, &g_tty_orig) != 0) return;
    g_tty_saved = true;
    struct termios t = g_tty_orig;
    // Like QEMU's stdio chardev: raw input, but keep output processing so the
    // guest's "\n" still returns the carriage.
    t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t.c_oflag |= OPOST;
    t.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!keep_signals) t.c_lflag &= ~ISIG;
    t.c_cflag &= ~(CSIZE | PARENB);
    t.c_cflag |= CS8;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &t);
    std::atexit(stdio_restore);
    for (int sig : {SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS})
        signal(sig, restore_on_signal);
    if (keep_signals) signal(SIGINT, restore_on_signal);
}

}  // namespace bw::cli
