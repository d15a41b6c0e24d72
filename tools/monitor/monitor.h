// The QEMU monitor's commands, once, for every door: the human monitor (HMP:
// "(qemu) screendump x.ppm"), QMP's JSON ({"execute": "screendump", ...}) and
// the page's JavaScript all end up in Monitor::execute() with a QMP command
// name and a JSON argument object, and get a JSON result or an error back.
// HMP turns its command line into such arguments and the result into QEMU's
// text; sessions (HmpSession, QmpSession) add the byte-stream protocol of a
// terminal or a QMP socket. Nothing here touches the OS: files are written
// and the program is ended through the front end's MonitorHost.
//
// Run control: the front end runs the machine only while !paused(). Key
// presses from sendkey/send-key are spaced and released on virtual-time
// timers (QEMU's 10 ms between events, 100 ms default hold), so a guest sees
// the same timing on every host.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/machine.h"
#include "tools/monitor/json.h"

namespace bw::monitor {

class MonitorHost {
  public:
    virtual ~MonitorHost() = default;
    virtual bool write_file(const std::string& path, const std::vector<u8>& data,
                            std::string* error) = 0;
    // End the program (after the reply has been sent).
    virtual void quit() = 0;
    // Microseconds since the Unix epoch, for QMP event timestamps.
    virtual u64 wall_clock_us() = 0;
};

struct Reply {
    bool ok = true;
    Json value = Json::object();  // the result (ok) or unused
    std::string error_class;      // QMP's error class ("GenericError", ...)
    std::string error;            // one line
    static Reply fail(std::string message, std::string cls = "GenericError") {
        Reply r;
        r.ok = false;
        r.error = std::move(message);
        r.error_class = std::move(cls);
        return r;
    }
};

class Monitor {
  public:
    Monitor(Machine& machine, MonitorHost& host);
    ~Monitor();

    bool paused() const { return paused_; }
    const bool* paused_flag() const { return &paused_; }
    void set_paused(bool paused);  // as stop/cont (with their events)

    // A QMP command by name with its arguments (an object, possibly empty).
    Reply execute(const std::string& command, const Json& args);
    // One HMP command line; returns its output (lines end in "\n").
    std::string hmp(const std::string& line);

    // QMP events go to every listener (open QMP sessions). Front ends emit the
    // guest's own SHUTDOWN/RESET through emit_event too.
    void emit_event(const std::string& name, Json data = Json::object());
    int add_event_listener(std::function<void(const std::string&)> listener);
    void remove_event_listener(int id);

  private:
    struct KeyEvent {
        u16 code;
        bool down;
        u64 delay_ns;  // before this event
    };
    void queue_keys(const std::vector<u16>& codes, u64 hold_ns);
    void run_key_queue();

    Reply cmd_screendump(const Json& args);
    Reply cmd_send_key(const Json& args);
    Reply cmd_input_send_event(const Json& args);
    Reply cmd_system_reset();

    Machine& machine_;
    MonitorHost& host_;
    bool paused_ = false;
    std::deque<KeyEvent> keys_;
    Timer key_timer_;
    int abs_x_ = 0, abs_y_ = 0;
    u32 buttons_ = 0;
    std::vector<std::pair<int, std::function<void(const std::string&)>>> listeners_;
    int next_listener_ = 1;
};

// A human monitor on a byte stream: banner, "(qemu) " prompt, echo and simple
// line editing (backspace, Ctrl-U), CR or LF ends a line.
class HmpSession {
  public:
    HmpSession(Monitor& monitor, std::function<void(const std::string&)> output);
    void start();  // a client connected: banner and prompt
    void show_prompt();
    void feed(u8 byte);

  private:
    Monitor& monitor_;
    std::function<void(const std::string&)> out_;
    std::string line_;
    bool last_cr_ = false;
};

// A QMP connection: greeting, capabilities negotiation, then one JSON object
// per command (objects may span lines or share one), replies and events as
// lines of JSON.
class QmpSession {
  public:
    QmpSession(Monitor& monitor, std::function<void(const std::string&)> output);
    ~QmpSession();
    void start();  // a client connected: greeting, negotiation starts over
    void feed(u8 byte);

  private:
    void handle(const std::string& text);
    Monitor& monitor_;
    std::function<void(const std::string&)> out_;
    int listener_ = 0;
    bool negotiated_ = false;
    std::string buf_;
    int depth_ = 0;
    bool in_string_ = false, escape_ = false;
    char quote_ = 0;
};

}  // namespace bw::monitor
