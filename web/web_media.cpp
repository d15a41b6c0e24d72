// The page's screen, keys, mouse, sound and QEMU monitor: C functions the
// page's JavaScript calls (web/screen.js, web/sound.js, app.js).
//
// The screen goes to a canvas directly: the machine's Frame is RGBA in wasm
// memory, the layout of a canvas ImageData, so the page wraps it without a
// copy and uploads only the rectangle refresh() reports (putImageData's dirty
// rectangle). Sound leaves as S16 stereo frames the page hands to an
// AudioWorklet. The monitor is the native one (tools/monitor): HMP lines and
// QMP commands in, text or JSON out; screendump files land in the page's
// in-memory file system for the page to read.
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <memory>
#include <string>
#include <vector>

#include "tools/monitor/monitor.h"
#include "web/web_state.h"

namespace bw::web {
namespace {

class PageMonitorHost : public monitor::MonitorHost {
  public:
    bool write_file(const std::string& path, const std::vector<u8>& data,
                    std::string* error) override {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        if (!f) {
            *error = "failed to open file '" + path + "'";
            return false;
        }
        std::fwrite(data.data(), 1, data.size(), f);
        std::fclose(f);
        return true;
    }
    void quit() override { quit_requested = true; }
    u64 wall_clock_us() override { return u64(emscripten_date_now() * 1000); }
    bool quit_requested = false;
};

struct Media {
    Machine* machine = nullptr;  // the machine the pieces below belong to
    PageMonitorHost host;
    std::unique_ptr<monitor::Monitor> monitor;
    Rect dirty;
    std::vector<i16> audio;
    std::string reply;
};
Media media;

// The monitor belongs to one machine: a reset rebuilds both.
monitor::Monitor* current_monitor() {
    Machine* m = machine();
    if (!m) return nullptr;
    if (media.machine != m) {
        media.monitor = std::make_unique<monitor::Monitor>(*m, media.host);
        media.machine = m;
        media.dirty = {};
    }
    return media.monitor.get();
}

DisplaySource* display() {
    Machine* m = machine();
    return m ? m->display() : nullptr;
}

}  // namespace

bool monitor_paused() {
    monitor::Monitor* mon = current_monitor();
    return mon && mon->paused();
}

}  // namespace bw::web

using namespace bw;
using namespace bw::web;

extern "C" {

// Screen --------------------------------------------------------------------
// 1 if the board has a display.
EMSCRIPTEN_KEEPALIVE int bw_display_present() { return display() ? 1 : 0; }
// Brings the frame up to date; 1 if anything changed (bw_display_rect gives
// what), 0 if not.
EMSCRIPTEN_KEEPALIVE int bw_display_refresh() {
    DisplaySource* d = display();
    if (!d) return 0;
    media.dirty = d->refresh();
    return media.dirty.empty() ? 0 : 1;
}
// The changed rectangle: 0 x, 1 y, 2 width, 3 height.
EMSCRIPTEN_KEEPALIVE int bw_display_rect(int i) {
    const Rect& r = media.dirty;
    return i == 0 ? r.x : i == 1 ? r.y : i == 2 ? r.w : r.h;
}
EMSCRIPTEN_KEEPALIVE int bw_display_width() { return display() ? display()->frame().width : 0; }
EMSCRIPTEN_KEEPALIVE int bw_display_height() { return display() ? display()->frame().height : 0; }
// RGBA pixels, width * height * 4 bytes; valid until the next refresh.
EMSCRIPTEN_KEEPALIVE const u8* bw_display_pixels() {
    return display() ? display()->frame().rgba.data() : nullptr;
}
EMSCRIPTEN_KEEPALIVE double bw_display_hz() { return display() ? display()->refresh_hz() : 0; }

// Keys and pointer ----------------------------------------------------------
// A Linux key code pressed (1) or released (0).
EMSCRIPTEN_KEEPALIVE void bw_key(int code, int down) {
    if (Machine* m = machine()) m->input.key(u16(code), down != 0);
}
// 1 if the guest's pointer is absolute (a tablet: give positions 0..0x7fff).
EMSCRIPTEN_KEEPALIVE int bw_pointer_absolute() {
    Machine* m = machine();
    return m && m->input.pointer_absolute() ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE int bw_pointer_present() {
    Machine* m = machine();
    return m && m->input.has_pointer() ? 1 : 0;
}
// Pointer motion: positions (absolute) or deltas, the wheel (+1 up) and the
// buttons held (1 left, 2 right, 4 middle).
EMSCRIPTEN_KEEPALIVE void bw_pointer(int x, int y, int wheel, int buttons, int absolute) {
    Machine* m = machine();
    if (!m) return;
    if (absolute) {
        m->input.pointer_abs(x, y, wheel, u32(buttons));
    } else {
        m->input.pointer_rel(x, y, wheel, u32(buttons));
    }
}

// Sound ---------------------------------------------------------------------
// The page plays sound from now on (the guest's frames are kept for it).
EMSCRIPTEN_KEEPALIVE void bw_audio_enable() {
    if (Machine* m = machine()) m->audio.connect();
}
EMSCRIPTEN_KEEPALIVE int bw_audio_rate() {
    Machine* m = machine();
    return m ? int(m->audio.rate()) : 0;
}
// Moves up to |max_frames| queued frames to bw_audio_data(); returns how many.
EMSCRIPTEN_KEEPALIVE int bw_audio_take(int max_frames) {
    Machine* m = machine();
    if (!m || max_frames <= 0) return 0;
    media.audio.resize(size_t(max_frames) * 2);
    return int(m->audio.pop(media.audio.data(), size_t(max_frames)));
}
EMSCRIPTEN_KEEPALIVE const i16* bw_audio_data() { return media.audio.data(); }
EMSCRIPTEN_KEEPALIVE double bw_audio_dropped() {
    Machine* m = machine();
    return m ? double(m->audio.frames_dropped()) : 0;
}

// Monitor -------------------------------------------------------------------
// One HMP command line; returns its output.
EMSCRIPTEN_KEEPALIVE const char* bw_monitor(const char* line) {
    monitor::Monitor* mon = current_monitor();
    media.reply = mon ? mon->hmp(line ? line : "") : "no machine\n";
    return media.reply.c_str();
}
// One QMP command ({"execute": ..., "arguments": ...}); returns the reply as
// JSON ({"return": ...} or {"error": {...}}); no capabilities negotiation.
EMSCRIPTEN_KEEPALIVE const char* bw_qmp(const char* json) {
    using monitor::Json;
    monitor::Monitor* mon = current_monitor();
    Json req, reply = Json::object();
    std::string error;
    auto fail = [&](const std::string& cls, const std::string& desc) {
        Json e = Json::object();
        e.set("class", cls);
        e.set("desc", desc);
        reply.set("error", e);
    };
    if (!mon) {
        fail("GenericError", "no machine");
    } else if (!Json::parse(json ? json : "", &req, &error)) {
        fail("GenericError", error);
    } else if (!req["execute"].is_string()) {
        fail("GenericError", "QMP input lacks member 'execute'");
    } else {
        monitor::Reply r = mon->execute(req["execute"].as_string(), req["arguments"]);
        if (r.ok) {
            reply.set("return", r.value);
        } else {
            fail(r.error_class, r.error);
        }
    }
    media.reply = reply.dump();
    return media.reply.c_str();
}
// 1 once the monitor was told to quit (the page stops the machine).
EMSCRIPTEN_KEEPALIVE int bw_monitor_quit() {
    bool q = media.host.quit_requested;
    media.host.quit_requested = false;
    return q ? 1 : 0;
}

}  // extern "C"
