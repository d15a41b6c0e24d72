// The native doors of the QEMU monitor: every -monitor/-qmp becomes a byte
// stream (a Unix or TCP/telnet socket, or stdio, alone or behind the Ctrl-A
// mux) carrying a human (HMP) or QMP session of the one Monitor.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/chardev.h"
#include "tools/cli/options.h"
#include "tools/cli/serial_backend.h"
#include "tools/monitor/monitor.h"

namespace bw::cli {

// Files, quitting and the wall clock for the monitor, natively.
class NativeMonitorHost : public monitor::MonitorHost {
  public:
    bool write_file(const std::string& path, const std::vector<u8>& data,
                    std::string* error) override;
    void quit() override { quit_requested = true; }
    u64 wall_clock_us() override;
    bool quit_requested = false;
};

class MonitorDoor {
  public:
    MonitorDoor(monitor::Monitor& monitor, bool qmp);
    // Connects to a backend of its own (sockets, stdio alone) or as the second
    // channel of the muxed stdio.
    void open_on(SerialBackend& backend);
    bool open_on_mux(SerialBackend& stdio_mux);

  private:
    CharChannel channel_;
    std::unique_ptr<monitor::HmpSession> hmp_;
    std::unique_ptr<monitor::QmpSession> qmp_;
    void start();
    bool focused_before_ = false;
};

// The SerialSpec that carries a monitor spec.
SerialSpec monitor_transport(const MonitorSpec& spec);

}  // namespace bw::cli
