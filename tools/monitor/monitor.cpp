#include "tools/monitor/monitor.h"

#include <cstdlib>
#include <sstream>

#include "core/ui/input.h"

namespace bw::monitor {

namespace {

constexpr u64 kMs = 1'000'000;
constexpr u64 kKeyEventSpacingNs = 10 * kMs;  // QEMU's kbd_default_delay_ms
constexpr u64 kDefaultHoldNs = 100 * kMs;     // send-key's default hold-time

// QEMU's "number" key values (XT scan codes, 0x80 set for the E0 prefix) to
// Linux key codes: the unprefixed ones are the same numbers.
u16 key_code_from_qnum(int qnum) {
    if (qnum > 0 && qnum < 0x59) return u16(qnum);
    static const std::pair<int, u16> kExtended[] = {
        {0x9c, 96},  {0x9d, 97},  {0xb5, 98},  {0xb7, 99},  {0xb8, 100}, {0xc7, 102},
        {0xc8, 103}, {0xc9, 104}, {0xcb, 105}, {0xcd, 106}, {0xcf, 107}, {0xd0, 108},
        {0xd1, 109}, {0xd2, 110}, {0xd3, 111}, {0xdb, 125}, {0xdc, 126}, {0xdd, 127},
    };
    for (auto [q, code] : kExtended) {
        if (q == qnum) return code;
    }
    return 0;
}

// A KeyValue ({"type": "qcode", "data": "a"} or {"type": "number", "data": 30}).
bool key_value(const Json& v, u16* code, std::string* error) {
    const std::string& type = v["type"].as_string();
    if (type == "qcode" && v["data"].is_string()) {
        *code = key_code_by_qcode_name(v["data"].as_string().c_str());
        if (!*code)
            *error = "Parameter 'data' does not accept value '" + v["data"].as_string() + "'";
    } else if (type == "number" && v["data"].is_number()) {
        *code = key_code_from_qnum(int(v["data"].as_number()));
        if (!*code) *error = "Invalid key number " + Json(v["data"]).dump();
    } else {
        *error = "Invalid parameter type for 'keys', expected: KeyValue";
    }
    return *code != 0;
}

Json qcode_key(const std::string& name) {
    Json k = Json::object();
    k.set("type", "qcode");
    k.set("data", name);
    return k;
}

std::vector<std::string> split_words(const std::string& line) {
    std::vector<std::string> words;
    std::istringstream in(line);
    std::string w;
    while (in >> w) words.push_back(w);
    return words;
}

bool parse_int(const std::string& s, long long* v) {
    if (s.empty()) return false;
    char* end = nullptr;
    *v = std::strtoll(s.c_str(), &end, 0);
    return *end == 0;
}

}  // namespace

// ---- Monitor -------------------------------------------------------------------------------

Monitor::Monitor(Machine& machine, MonitorHost& host)
    : machine_(machine), host_(host), key_timer_(machine.scheduler, [this] { run_key_queue(); }) {}

Monitor::~Monitor() = default;

void Monitor::set_paused(bool paused) {
    if (paused == paused_) return;
    paused_ = paused;
    emit_event(paused ? "STOP" : "RESUME");
}

void Monitor::emit_event(const std::string& name, Json data) {
    u64 us = host_.wall_clock_us();
    Json ts = Json::object();
    ts.set("seconds", (long long)(us / 1000000));
    ts.set("microseconds", (long long)(us % 1000000));
    Json e = Json::object();
    e.set("timestamp", ts);
    e.set("event", name);
    if (!data.members().empty()) e.set("data", std::move(data));
    std::string line = e.dump();
    for (auto& l : listeners_) l.second(line);
}

int Monitor::add_event_listener(std::function<void(const std::string&)> listener) {
    listeners_.emplace_back(next_listener_, std::move(listener));
    return next_listener_++;
}

void Monitor::remove_event_listener(int id) {
    for (auto it = listeners_.begin(); it != listeners_.end(); ++it) {
        if (it->first == id) {
            listeners_.erase(it);
            return;
        }
    }
}

void Monitor::queue_keys(const std::vector<u16>& codes, u64 hold_ns) {
    for (size_t i = 0; i < codes.size(); i++) keys_.push_back({codes[i], true, kKeyEventSpacingNs});
    for (size_t i = codes.size(); i-- > 0;) {
        keys_.push_back({codes[i], false, i + 1 == codes.size() ? hold_ns : kKeyEventSpacingNs});
    }
    if (!key_timer_.armed()) run_key_queue();
}

// Sends the events that are due; the first of a burst goes at once.
void Monitor::run_key_queue() {
    bool first = true;
    while (!keys_.empty()) {
        KeyEvent& e = keys_.front();
        if (!first && e.delay_ns) {
            key_timer_.arm_in(e.delay_ns);
            e.delay_ns = 0;
            return;
        }
        first = false;
        machine_.input.key(e.code, e.down);
        keys_.pop_front();
    }
}

Reply Monitor::cmd_screendump(const Json& args) {
    if (!args["filename"].is_string()) {
        return Reply::fail("Parameter 'filename' is missing");
    }
    std::string format = args.has("format") ? args["format"].as_string() : "ppm";
    if (format != "ppm" && format != "png") {
        return Reply::fail("Parameter 'format' does not accept value '" + format + "'");
    }
    DisplaySource* display = machine_.display();
    if (!display) return Reply::fail("There is no console to take a screendump from.");
    display->refresh();
    const Frame& frame = display->frame();
    if (frame.width <= 0 || frame.height <= 0) {
        return Reply::fail("The display has no picture yet (the guest has not set a mode)");
    }
    std::vector<u8> data = format == "png" ? encode_png(frame) : encode_ppm(frame);
    std::string error;
    if (!host_.write_file(args["filename"].as_string(), data, &error)) return Reply::fail(error);
    return Reply();
}

Reply Monitor::cmd_send_key(const Json& args) {
    if (!args["keys"].is_array() || args["keys"].items().empty()) {
        return Reply::fail("Parameter 'keys' is missing");
    }
    std::vector<u16> codes;
    for (const Json& k : args["keys"].items()) {
        u16 code = 0;
        std::string error;
        if (!key_value(k, &code, &error)) return Reply::fail(error);
        codes.push_back(code);
    }
    u64 hold = kDefaultHoldNs;
    if (args.has("hold-time")) hold = u64(std::max(0.0, args["hold-time"].as_number())) * kMs;
    queue_keys(codes, hold);
    return Reply();
}

Reply Monitor::cmd_input_send_event(const Json& args) {
    if (!args["events"].is_array()) return Reply::fail("Parameter 'events' is missing");
    int dx = 0, dy = 0, wheel = 0;
    bool rel = false, abs = false, buttons_only = false;
    for (const Json& e : args["events"].items()) {
        const std::string& type = e["type"].as_string();
        const Json& d = e["data"];
        if (type == "key") {
            u16 code = 0;
            std::string error;
            if (!key_value(d["key"], &code, &error)) return Reply::fail(error);
            machine_.input.key(code, d["down"].as_bool());
        } else if (type == "btn") {
            const std::string& b = d["button"].as_string();
            bool down = d["down"].as_bool();
            u32 bit = b == "left"     ? u32(PointerSink::kLeft)
                      : b == "right"  ? u32(PointerSink::kRight)
                      : b == "middle" ? u32(PointerSink::kMiddle)
                                      : 0;
            if (bit) {
                buttons_ = down ? buttons_ | bit : buttons_ & ~bit;
            } else if (b == "wheel-up" || b == "wheel-down") {
                if (down) wheel += b == "wheel-up" ? 1 : -1;
            } else {
                return Reply::fail("Parameter 'button' does not accept value '" + b + "'");
            }
            buttons_only = true;
        } else if (type == "rel" || type == "abs") {
            const std::string& axis = d["axis"].as_string();
            int v = int(d["value"].as_number());
            if (axis != "x" && axis != "y") {
                return Reply::fail("Parameter 'axis' does not accept value '" + axis + "'");
            }
            if (type == "rel") {
                (axis == "x" ? dx : dy) += v;
                rel = true;
            } else {
                (axis == "x" ? abs_x_ : abs_y_) = v;
                abs = true;
            }
        } else {
            return Reply::fail("Invalid parameter 'type': '" + type + "'");
        }
    }
    if (abs) {
        machine_.input.pointer_abs(abs_x_, abs_y_, wheel, buttons_);
    } else if (rel) {
        machine_.input.pointer_rel(dx, dy, wheel, buttons_);
    } else if (buttons_only) {
        machine_.input.pointer_buttons(wheel, buttons_);
    }
    return Reply();
}

Reply Monitor::cmd_system_reset() {
    Json data = Json::object();
    data.set("guest", false);
    data.set("reason", "host-qmp-system-reset");
    // A running machine resets at the end of its slice; a stopped one now, and stays stopped.
    if (paused_ && !machine_.no_reboot) {
        machine_.reset();
    } else {
        machine_.request_reset();
    }
    emit_event(machine_.no_reboot ? "SHUTDOWN" : "RESET", data);
    return Reply();
}

Reply Monitor::execute(const std::string& command, const Json& args) {
    if (!args.is_object() && !args.is_null()) {
        return Reply::fail("QMP input member 'arguments' must be an object");
    }
    if (command == "stop") {
        set_paused(true);
        return Reply();
    }
    if (command == "cont") {
        set_paused(false);
        return Reply();
    }
    if (command == "system_reset") return cmd_system_reset();
    if (command == "quit") {
        Json data = Json::object();
        data.set("guest", false);
        data.set("reason", "host-qmp-quit");
        emit_event("SHUTDOWN", data);
        host_.quit();
        return Reply();
    }
    if (command == "query-status") {
        Reply r;
        r.value.set("status", paused_ ? "paused" : "running");
        r.value.set("singlestep", false);
        r.value.set("running", !paused_);
        return r;
    }
    if (command == "query-version") {
        Reply r;
        Json q = Json::object();
        q.set("micro", 0);
        q.set("minor", 2);
        q.set("major", 7);
        r.value.set("qemu", q);
        r.value.set("package", "boardwalk");
        return r;
    }
    if (command == "query-commands") {
        Reply r;
        r.value = Json::array();
        for (const char* name :
             {"qmp_capabilities", "query-commands", "query-status", "query-version", "stop", "cont",
              "system_reset", "quit", "screendump", "send-key", "input-send-event"}) {
            Json c = Json::object();
            c.set("name", name);
            r.value.push(c);
        }
        return r;
    }
    if (command == "screendump") return cmd_screendump(args);
    if (command == "send-key") return cmd_send_key(args);
    if (command == "input-send-event") return cmd_input_send_event(args);
    return Reply::fail("The command " + command + " has not been found", "CommandNotFound");
}

// ---- HMP -----------------------------------------------------------------------------------

namespace {

struct HmpCommand {
    const char* names;  // "cont|c"
    const char* params;
    const char* help;
};
const HmpCommand kHmpCommands[] = {
    {"cont|c", "", "resume emulation"},
    {"help|?", "[cmd]", "show the help"},
    {"info", "[subcommand]", "show various information about the system state"},
    {"mouse_button", "state", "change mouse button state (1=L, 2=R, 4=M)"},
    {"mouse_move", "dx dy [dz]", "send mouse move events"},
    {"quit|q", "", "quit the emulator"},
    {"screendump", "[-f format] filename",
     "save screen from the display device into a PPM (or -f png) image"},
    {"sendkey", "keys [hold_ms]",
     "send keys to the VM (e.g. 'sendkey ctrl-alt-f1', default hold time=100 ms)"},
    {"stop", "", "stop emulation"},
    {"system_reset", "", "reset the system"},
};

// Whether |word| is one of the '|'-separated |names| ("cont|c").
bool names_match(const char* names, const std::string& word) {
    std::string padded = std::string("|") + names + "|";
    return !word.empty() && padded.find("|" + word + "|") != std::string::npos;
}

std::string help_text() {
    std::string out;
    for (const HmpCommand& c : kHmpCommands) {
        out += std::string(c.names) + (*c.params ? " " : "") + c.params + " -- " + c.help + "\n";
    }
    return out;
}

}  // namespace

std::string Monitor::hmp(const std::string& line) {
    std::vector<std::string> w = split_words(line);
    if (w.empty()) return "";
    const std::string& cmd = w[0];
    const HmpCommand* known = nullptr;
    for (const HmpCommand& c : kHmpCommands) {
        if (names_match(c.names, cmd)) known = &c;
    }
    if (!known) return "unknown command: '" + cmd + "'\n";
    auto result = [](const Reply& r) { return r.ok ? std::string() : "Error: " + r.error + "\n"; };
    Json args = Json::object();

    if (names_match("help|?", cmd)) return help_text();
    if (cmd == "info") {
        std::string what = w.size() > 1 ? w[1] : "";
        if (what == "status") {
            return std::string("VM status: ") + (paused_ ? "paused" : "running") + "\n";
        }
        if (what == "version") return "7.2.0 (boardwalk)\n";
        return "info status -- show the current VM status (running|paused)\n"
               "info version -- show the version of QEMU\n";
    }
    if (names_match("cont|c", cmd)) return result(execute("cont", args));
    if (cmd == "stop" || cmd == "system_reset") return result(execute(cmd, args));
    if (names_match("quit|q", cmd)) return result(execute("quit", args));
    if (cmd == "screendump") {
        size_t i = 1;
        if (i + 1 < w.size() && w[i] == "-f") {
            args.set("format", w[i + 1]);
            i += 2;
        }
        if (i >= w.size()) return "screendump: missing filename\n";
        args.set("filename", w[i]);
        return result(execute("screendump", args));
    }
    if (cmd == "sendkey") {
        if (w.size() < 2) return "sendkey: missing keys\n";
        Json keys = Json::array();
        std::string spec = w[1];
        size_t start = 0;
        while (start <= spec.size()) {
            size_t dash = spec.find('-', start);
            // A '-' as the first character of a key name is the minus key? QEMU
            // names it "minus"; an empty piece is an error as in QEMU.
            std::string name =
                spec.substr(start, dash == std::string::npos ? std::string::npos : dash - start);
            long long num;
            if (name.empty()) return "invalid parameter: " + spec + "\n";
            if (parse_int(name, &num) && name.size() > 1 && name[0] == '0') {
                Json k = Json::object();
                k.set("type", "number");
                k.set("data", num);
                keys.push(k);
            } else if (key_code_by_qcode_name(name.c_str())) {
                keys.push(qcode_key(name));
            } else {
                return "invalid parameter: " + name + "\n";
            }
            if (dash == std::string::npos) break;
            start = dash + 1;
        }
        args.set("keys", keys);
        if (w.size() > 2) {
            long long hold;
            if (!parse_int(w[2], &hold)) return "sendkey: invalid hold time '" + w[2] + "'\n";
            args.set("hold-time", hold);
        }
        return result(execute("send-key", args));
    }
    if (cmd == "mouse_move" || cmd == "mouse_button") {
        Json events = Json::array();
        auto event = [&](const char* type, Json data) {
            Json e = Json::object();
            e.set("type", type);
            e.set("data", std::move(data));
            events.push(std::move(e));
        };
        long long v[3] = {0, 0, 0};
        size_t need = cmd == "mouse_move" ? 2 : 1;
        if (w.size() < need + 1) return cmd + ": missing argument\n";
        for (size_t i = 1; i < w.size() && i <= 3; i++) {
            if (!parse_int(w[i], &v[i - 1])) return cmd + ": invalid number '" + w[i] + "'\n";
        }
        if (cmd == "mouse_move") {
            for (int axis = 0; axis < 2; axis++) {
                Json d = Json::object();
                d.set("axis", axis ? "y" : "x");
                d.set("value", v[axis]);
                event("rel", d);  // as QEMU: relative motion, to the first mouse
            }
            // One wheel step whatever |dz| is, up for a positive dz (QEMU's hmp_mouse_move).
            if (v[2] != 0) {
                Json d = Json::object();
                d.set("down", true);
                d.set("button", v[2] > 0 ? "wheel-up" : "wheel-down");
                event("btn", d);
            }
        } else {
            // QEMU's state bits: 1 left, 2 right, 4 middle (its help text says otherwise).
            static const std::pair<u32, const char*> kButtons[] = {
                {1, "left"}, {2, "right"}, {4, "middle"}};
            for (auto [bit, name] : kButtons) {
                Json d = Json::object();
                d.set("down", (v[0] & bit) != 0);
                d.set("button", name);
                event("btn", d);
            }
        }
        args.set("events", events);
        return result(execute("input-send-event", args));
    }
    return "unknown command: '" + cmd + "'\n";
}

// ---- Sessions ------------------------------------------------------------------------------

namespace {
// Terminals want CR LF.
std::string crlf(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}
}  // namespace

HmpSession::HmpSession(Monitor& monitor, std::function<void(const std::string&)> output)
    : monitor_(monitor), out_(std::move(output)) {}

void HmpSession::start() {
    line_.clear();
    out_("QEMU 7.2.0 monitor - type 'help' for more information\r\n(qemu) ");
}

void HmpSession::show_prompt() { out_("\r\n(qemu) " + line_); }

void HmpSession::feed(u8 b) {
    if (b == '\n' && last_cr_) {  // CR LF is one line end
        last_cr_ = false;
        return;
    }
    last_cr_ = b == '\r';
    if (b == '\r' || b == '\n') {
        out_("\r\n");
        std::string line = std::move(line_);
        line_.clear();
        out_(crlf(monitor_.hmp(line)) + "(qemu) ");
    } else if (b == 0x7f || b == 0x08) {
        if (!line_.empty()) {
            line_.pop_back();
            out_("\b \b");
        }
    } else if (b == 0x15) {  // Ctrl-U: kill the line
        for (size_t i = 0; i < line_.size(); i++) out_("\b \b");
        line_.clear();
    } else if (b >= 0x20 && b < 0x7f && line_.size() < 4096) {
        line_ += char(b);
        out_(std::string(1, char(b)));
    }
}

QmpSession::QmpSession(Monitor& monitor, std::function<void(const std::string&)> output)
    : monitor_(monitor), out_(std::move(output)) {
    listener_ = monitor_.add_event_listener([this](const std::string& event) {
        if (negotiated_) out_(event + "\r\n");
    });
}

QmpSession::~QmpSession() { monitor_.remove_event_listener(listener_); }

void QmpSession::start() {
    negotiated_ = false;
    buf_.clear();
    depth_ = 0;
    in_string_ = escape_ = false;
    out_(
        "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, "
        "\"package\": \"boardwalk\"}, \"capabilities\": [\"oob\"]}}\r\n");
}

// Splits the stream into top-level JSON values by bracket depth outside strings.
void QmpSession::feed(u8 b) {
    char c = char(b);
    if (depth_ == 0 && buf_.empty() && (c == ' ' || c == '\r' || c == '\n' || c == '\t')) return;
    buf_ += c;
    if (buf_.size() > (1u << 20)) {  // a runaway value: drop it
        buf_.clear();
        depth_ = 0;
        in_string_ = false;
        out_("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON input too large\"}}\r\n");
        return;
    }
    if (in_string_) {
        if (escape_) {
            escape_ = false;
        } else if (c == '\\') {
            escape_ = true;
        } else if (c == quote_) {
            in_string_ = false;
        }
        return;
    }
    if (c == '"' || c == '\'') {
        in_string_ = true;
        quote_ = c;
    } else if (c == '{' || c == '[') {
        depth_++;
    } else if (c == '}' || c == ']') {
        depth_--;
    }
    if (depth_ <= 0 && !in_string_ && (c == '}' || c == ']' || depth_ < 0)) {
        std::string text = std::move(buf_);
        buf_.clear();
        depth_ = 0;
        handle(text);
    } else if (c == '\n' || c == '\r') {
        // At a line end, a value that can no longer become valid is answered
        // with its error now rather than swallowing the commands after it.
        Json ignored;
        std::string error;
        bool incomplete = false;
        if (!Json::parse(buf_, &ignored, &error, &incomplete) && !incomplete) {
            buf_.clear();
            depth_ = 0;
            out_("{\"error\": {\"class\": \"GenericError\", \"desc\": " + Json(error).dump() +
                 "}}\r\n");
        }
    }
}

void QmpSession::handle(const std::string& text) {
    Json req, reply = Json::object();
    std::string error;
    auto send_error = [&](const std::string& cls, const std::string& desc) {
        Json e = Json::object();
        e.set("class", cls);
        e.set("desc", desc);
        reply.set("error", e);
        if (req.is_object() && req.has("id")) reply.set("id", req["id"]);
        out_(reply.dump() + "\r\n");
    };
    if (!Json::parse(text, &req, &error)) return send_error("GenericError", error);
    if (!req.is_object()) return send_error("GenericError", "QMP input must be a JSON object");
    if (!req["execute"].is_string()) {
        return send_error("GenericError", "QMP input lacks member 'execute'");
    }
    const std::string& command = req["execute"].as_string();
    if (command == "qmp_capabilities") {
        if (negotiated_) {
            return send_error("CommandNotFound",
                              "Capabilities negotiation is already complete, command ignored");
        }
        negotiated_ = true;
        reply.set("return", Json::object());
    } else if (!negotiated_) {
        return send_error("CommandNotFound",
                          "Expecting capabilities negotiation with 'qmp_capabilities'");
    } else {
        Reply r = monitor_.execute(command, req["arguments"]);
        if (!r.ok) return send_error(r.error_class, r.error);
        reply.set("return", r.value);
    }
    if (req.has("id")) reply.set("id", req["id"]);
    out_(reply.dump() + "\r\n");
}

}  // namespace bw::monitor
