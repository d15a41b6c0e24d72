#include "tools/cli/monitor_doors.h"

#include <sys/time.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace bw::cli {

bool NativeMonitorHost::write_file(const std::string& path, const std::vector<u8>& data,
                                   std::string* error) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        *error = "failed to open file '" + path + "': " + std::strerror(errno);
        return false;
    }
    bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
    ok = std::fclose(f) == 0 && ok;
    if (!ok) *error = "failed to write file '" + path + "': " + std::strerror(errno);
    return ok;
}

u64 NativeMonitorHost::wall_clock_us() {
    struct timeval tv;
    gettimeofday(&tv, nullptr);
    return u64(tv.tv_sec) * 1000000u + u64(tv.tv_usec);
}

MonitorDoor::MonitorDoor(monitor::Monitor& monitor, bool qmp) {
    auto out = [this](const std::string& s) {
        for (char c : s) channel_.send(u8(c));
    };
    if (qmp) {
        qmp_ = std::make_unique<monitor::QmpSession>(monitor, out);
    } else {
        hmp_ = std::make_unique<monitor::HmpSession>(monitor, out);
    }
    channel_.on_input_ready = [this] {
        while (channel_.has_input()) {
            u8 b = channel_.take_input();
            if (qmp_) {
                qmp_->feed(b);
            } else {
                hmp_->feed(b);
            }
        }
    };
}

void MonitorDoor::start() {
    if (qmp_) {
        qmp_->start();
    } else {
        hmp_->start();
    }
}

void MonitorDoor::open_on(SerialBackend& backend) {
    backend.attach(&channel_);
    backend.on_connect = [this] { start(); };
}

bool MonitorDoor::open_on_mux(SerialBackend& stdio_mux) {
    // The first switch shows the banner, later ones a fresh prompt.
    return stdio_mux.attach_second(&channel_, [this] {
        if (focused_before_ && hmp_) {
            hmp_->show_prompt();
        } else {
            start();
        }
        focused_before_ = true;
    });
}

SerialSpec monitor_transport(const MonitorSpec& m) {
    SerialSpec s;
    s.server = true;
    s.wait = m.wait;
    s.host = m.host;
    s.port = m.port;
    s.path = m.path;
    switch (m.kind) {
        case MonitorSpec::Kind::Stdio: s.kind = SerialSpec::Kind::Stdio; break;
        case MonitorSpec::Kind::Unix: s.kind = SerialSpec::Kind::Unix; break;
        case MonitorSpec::Kind::Telnet: s.kind = SerialSpec::Kind::Telnet; break;
        case MonitorSpec::Kind::Tcp: s.kind = SerialSpec::Kind::Tcp; break;
    }
    return s;
}

}  // namespace bw::cli
