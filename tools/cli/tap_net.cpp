#include "tools/cli/tap_net.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/common/log.h"

namespace bw::cli {

int tap_open(std::string* ifname, std::string* error) {
    if (ifname->size() >= IFNAMSIZ) {
        *error = "interface name '" + *ifname + "' is too long";
        return -1;
    }
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *error = std::string("cannot open /dev/net/tun: ") + std::strerror(errno);
        return -1;
    }
    struct ifreq ifr;
    std::memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    std::memcpy(ifr.ifr_name, ifname->data(), ifname->size());
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        *error = "cannot create tap device" + (ifname->empty() ? "" : " '" + *ifname + "'") + ": " +
                 std::strerror(errno);
        close(fd);
        return -1;
    }
    *ifname = std::string(ifr.ifr_name, strnlen(ifr.ifr_name, IFNAMSIZ));
    return fd;
}

bool run_net_script(const std::string& script, const std::string& ifname, std::string* error) {
    if (script.empty() || script == "no") return true;
    pid_t pid = fork();
    if (pid < 0) {
        *error = "cannot run network script " + script + ": " + std::strerror(errno);
        return false;
    }
    if (pid == 0) {
        const char* argv[] = {script.c_str(), ifname.c_str(), nullptr};
        execv(script.c_str(), const_cast<char* const*>(argv));
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            *error = "network script " + script + ": " + std::strerror(errno);
            return false;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        *error = "cannot run network script " + script;
    } else {
        *error = "network script " + script + " failed with status " + std::to_string(status);
    }
    return false;
}

TapNet::TapNet(NetHub* hub, const TapSpec& spec, std::string* error)
    : hub_(hub), ifname_(spec.ifname) {
    int fd = tap_open(&ifname_, error);
    if (fd < 0) {
        *error = spec.option + ": " + *error;
        return;
    }
    if (!run_net_script(spec.script, ifname_, error)) {
        *error = spec.option + ": " + *error;
        close(fd);
        return;
    }
    fd_ = fd;
    downscript_ = spec.downscript;
    hub_->attach(this);
}

TapNet::~TapNet() {
    if (fd_ < 0) return;
    hub_->detach(this);
    std::string error;
    if (!run_net_script(downscript_, ifname_, &error)) {
        log_message(LogCategory::Error, "tap %s: %s", ifname_.c_str(), error.c_str());
    }
    close(fd_);
}

void TapNet::receive(const u8* frame, size_t len) {
    ++frames_in_;
    // One write is one frame; a full kernel queue drops it, as a busy link would.
    if (write(fd_, frame, len) != ssize_t(len)) ++dropped_;
}

void TapNet::fill_pollfds(std::vector<pollfd>& fds) {
    poll_index_ = fds.size();
    fds.push_back({fd_, POLLIN, 0});
}

void TapNet::handle_poll(const std::vector<pollfd>& fds) {
    if (poll_index_ >= fds.size() || !(fds[poll_index_].revents & POLLIN)) return;
    // A bounded batch per round so a busy host cannot starve the guest.
    u8 buf[65536];
    for (int i = 0; i < 64; ++i) {
        ssize_t n = read(fd_, buf, sizeof buf);
        if (n <= 0) break;
        ++frames_out_;
        hub_->send(this, buf, size_t(n));
    }
}

}  // namespace bw::cli
