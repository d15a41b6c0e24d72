#include "tools/monitor/monitor.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace bw::monitor {
namespace {

// A 2x1 screen: red, blue.
class TwoPixels : public DisplaySource {
  public:
    TwoPixels() {
        frame_.resize(2, 1);
        frame_.put(0, 0, 255, 0, 0);
        frame_.put(1, 0, 0, 0, 255);
    }
    Rect refresh() override { return {}; }
};

class TestMachine : public Machine {
  public:
    DisplaySource* display() override { return with_display ? &screen : nullptr; }
    bool with_display = true;
    TwoPixels screen;
};

class Host : public MonitorHost {
  public:
    bool write_file(const std::string& path, const std::vector<u8>& data, std::string*) override {
        files[path] = data;
        return true;
    }
    void quit() override { quit_called = true; }
    u64 wall_clock_us() override { return 1'500'000; }
    std::map<std::string, std::vector<u8>> files;
    bool quit_called = false;
};

class Keys : public KeyboardSink {
  public:
    explicit Keys(Scheduler& s) : sched(s) {}
    void key_event(u16 code, bool down) override { events.push_back({code, down, sched.now()}); }
    struct Event {
        u16 code;
        bool down;
        u64 at;
    };
    Scheduler& sched;
    std::vector<Event> events;
};

// Lets virtual time pass, firing the monitor's key timers on the way.
void run_for(Machine& m, u64 ns) {
    u64 end = m.scheduler.now() + ns;
    while (m.scheduler.skip_to_next_event(end)) {
    }
}

TEST(MonitorTest, HmpRunControlAndErrors) {
    TestMachine m;
    Host host;
    Monitor mon(m, host);
    EXPECT_EQ(mon.hmp("info status"), "VM status: running\n");
    EXPECT_EQ(mon.hmp("stop"), "");
    EXPECT_TRUE(mon.paused());
    EXPECT_EQ(mon.hmp("info status"), "VM status: paused\n");
    EXPECT_EQ(mon.hmp("c"), "");
    EXPECT_FALSE(mon.paused());
    EXPECT_EQ(mon.hmp("frobnicate now"), "unknown command: 'frobnicate'\n");
    EXPECT_EQ(mon.hmp("sendkey ctrl-nosuchkey"), "invalid parameter: nosuchkey\n");
    EXPECT_EQ(mon.hmp("screendump"), "screendump: missing filename\n");
    EXPECT_EQ(mon.hmp("screendump -f gif x"),
              "Error: Parameter 'format' does not accept value 'gif'\n");
    m.with_display = false;
    EXPECT_EQ(mon.hmp("screendump x.ppm"),
              "Error: There is no console to take a screendump from.\n");
    EXPECT_FALSE(host.quit_called);
    EXPECT_EQ(mon.hmp("q"), "");
    EXPECT_TRUE(host.quit_called);
}

TEST(MonitorTest, ScreendumpWritesPpmAndPng) {
    TestMachine m;
    Host host;
    Monitor mon(m, host);
    EXPECT_EQ(mon.hmp("screendump /tmp/a.ppm"), "");
    const std::string header = "P6\n2 1\n255\n";
    std::vector<u8> want(header.begin(), header.end());
    want.insert(want.end(), {255, 0, 0, 0, 0, 255});
    EXPECT_EQ(host.files["/tmp/a.ppm"], want);

    EXPECT_EQ(mon.hmp("screendump -f png /tmp/a.png"), "");
    const std::vector<u8>& png = host.files["/tmp/a.png"];
    ASSERT_GT(png.size(), 8u + 25 + 12);
    EXPECT_EQ(std::vector<u8>(png.begin(), png.begin() + 8),
              (std::vector<u8>{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}));
    // IHDR: 2x1, 8-bit RGB; the raw scanline (filter 0 + 6 bytes) is stored as is.
    EXPECT_EQ(std::string(png.begin() + 12, png.begin() + 16), "IHDR");
    EXPECT_EQ(png[19], 2);
    EXPECT_EQ(png[23], 1);
    const std::vector<u8> scanline = {0, 255, 0, 0, 0, 0, 255};
    EXPECT_NE(std::search(png.begin(), png.end(), scanline.begin(), scanline.end()), png.end());
}

TEST(MonitorTest, SendKeyPressesInOrderAndReleasesAfterTheHoldTime) {
    TestMachine m;
    Host host;
    Monitor mon(m, host);
    Keys keys(m.scheduler);
    m.input.add_keyboard(&keys);
    EXPECT_EQ(mon.hmp("sendkey ctrl-alt-f1 50"), "");
    run_for(m, 1'000'000'000);
    ASSERT_EQ(keys.events.size(), 6u);
    const u16 ctrl = 29, alt = 56, f1 = 59;
    const u64 ms = 1'000'000;
    EXPECT_EQ(keys.events[0].code, ctrl);
    EXPECT_TRUE(keys.events[0].down);
    EXPECT_EQ(keys.events[1].code, alt);
    EXPECT_EQ(keys.events[1].at - keys.events[0].at, 10 * ms);
    EXPECT_EQ(keys.events[2].code, f1);
    EXPECT_EQ(keys.events[3].code, f1);
    EXPECT_FALSE(keys.events[3].down);
    EXPECT_EQ(keys.events[3].at - keys.events[2].at, 50 * ms);
    EXPECT_EQ(keys.events[4].code, alt);
    EXPECT_EQ(keys.events[5].code, ctrl);
    EXPECT_FALSE(keys.events[5].down);

    // Raw XT numbers as QEMU's HMP takes them: 0x1e is 'a', 0xc8 the up arrow.
    keys.events.clear();
    EXPECT_EQ(mon.hmp("sendkey 0x1e-0xc8"), "");
    run_for(m, 1'000'000'000);
    ASSERT_EQ(keys.events.size(), 4u);
    EXPECT_EQ(keys.events[0].code, 30);
    EXPECT_EQ(keys.events[1].code, 103);
}

TEST(MonitorTest, QmpNegotiationCommandsEventsAndBadInput) {
    TestMachine m;
    Host host;
    Monitor mon(m, host);
    std::string out;
    QmpSession qmp(mon, [&](const std::string& s) { out += s; });
    auto send = [&](const std::string& text) {
        out.clear();
        for (char c : text) qmp.feed(u8(c));
        return out;
    };
    qmp.start();
    EXPECT_EQ(
        out.rfind("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}",
                  0),
        0u);
    EXPECT_EQ(send("{\"execute\": \"query-status\"}\n"),
              "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Expecting capabilities "
              "negotiation with 'qmp_capabilities'\"}}\r\n");
    EXPECT_EQ(send("{\"execute\": \"qmp_capabilities\", \"id\": 7}"),
              "{\"return\": {}, \"id\": 7}\r\n");
    // Two commands in one write; the event comes before the reply, as in QEMU.
    EXPECT_EQ(
        send("{\"execute\":\"stop\"}{\"execute\":\"query-status\"}"),
        "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 500000}, \"event\": \"STOP\"}\r\n"
        "{\"return\": {}}\r\n"
        "{\"return\": {\"status\": \"paused\", \"singlestep\": false, \"running\": false}}\r\n");
    EXPECT_EQ(send("{\"execute\": \"nope\"}"),
              "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command nope has not "
              "been found\"}}\r\n");
    // A broken object is answered at the end of its line; the next command still works.
    std::string r = send("{bad\n");
    EXPECT_EQ(r.rfind("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error", 0),
              0u)
        << r;
    EXPECT_EQ(
        send("{\"execute\": \"cont\"}"),
        "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 500000}, \"event\": \"RESUME\"}\r\n"
        "{\"return\": {}}\r\n");
    EXPECT_EQ(send("{\"execute\": \"screendump\", \"arguments\": {\"filename\": \"/tmp/q.png\", "
                   "\"format\": \"png\"}}"),
              "{\"return\": {}}\r\n");
    EXPECT_EQ(host.files.count("/tmp/q.png"), 1u);
    EXPECT_EQ(send("{\"execute\": \"send-key\", \"arguments\": {\"keys\": [{\"type\": \"qcode\", "
                   "\"data\": \"bogus\"}]}}"),
              "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'data' does not "
              "accept value 'bogus'\"}}\r\n");
}

TEST(MonitorTest, InputSendEventMovesAnAbsolutePointer) {
    struct Tablet : PointerSink {
        bool absolute() const override { return true; }
        void pointer_event(int x_, int y_, int w, u32 b) override {
            x = x_, y = y_, wheel = w, buttons = b, count++;
        }
        int x = -1, y = -1, wheel = 0, count = 0;
        u32 buttons = 0;
    } tablet;
    TestMachine m;
    Host host;
    Monitor mon(m, host);
    m.input.add_pointer(&tablet);
    Json args;
    std::string err;
    ASSERT_TRUE(Json::parse(R"({"events": [{"type": "abs", "data": {"axis": "x", "value": 16384}},
        {"type": "abs", "data": {"axis": "y", "value": 100}},
        {"type": "btn", "data": {"down": true, "button": "left"}}]})",
                            &args, &err))
        << err;
    Reply r = mon.execute("input-send-event", args);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(tablet.count, 1);
    EXPECT_EQ(tablet.x, 16384);
    EXPECT_EQ(tablet.y, 100);
    EXPECT_EQ(tablet.buttons, u32(PointerSink::kLeft));
}

TEST(MonitorTest, HmpMouseCommandsUseQemusButtonBitsAndWheelSign) {
    struct Mouse : PointerSink {
        bool absolute() const override { return false; }
        void pointer_event(int x, int y, int w, u32 b) override { events.push_back({x, y, w, b}); }
        struct E {
            int x, y, wheel;
            u32 buttons;
        };
        std::vector<E> events;
    } mouse;
    TestMachine m;
    Host host;
    Monitor mon(m, host);
    m.input.add_pointer(&mouse);
    EXPECT_EQ(mon.hmp("mouse_move 5 -3 1"), "");
    ASSERT_EQ(mouse.events.size(), 1u);
    EXPECT_EQ(mouse.events[0].x, 5);
    EXPECT_EQ(mouse.events[0].y, -3);
    EXPECT_EQ(mouse.events[0].wheel, 1);  // dz > 0 is the wheel turned up
    EXPECT_EQ(mon.hmp("mouse_move 0 0 -4"), "");
    EXPECT_EQ(mouse.events.back().wheel, -1);
    EXPECT_EQ(mon.hmp("mouse_button 2"), "");  // QEMU: 2 is the right button
    EXPECT_EQ(mouse.events.back().buttons, u32(PointerSink::kRight));
    EXPECT_EQ(mon.hmp("mouse_button 4"), "");
    EXPECT_EQ(mouse.events.back().buttons, u32(PointerSink::kMiddle));
}

TEST(MonitorTest, RelativeMotionGoesToAMouseAndPositionsToATabletAsInQemu) {
    struct Pointer : PointerSink {
        explicit Pointer(bool abs) : abs_(abs) {}
        bool absolute() const override { return abs_; }
        void pointer_event(int x_, int y_, int, u32) override { x = x_, y = y_, count++; }
        bool abs_;
        int x = 0, y = 0, count = 0;
    } mouse(false), tablet(true);
    TestMachine m;
    Host host;
    Monitor mon(m, host);
    m.input.add_pointer(&mouse);
    m.input.add_pointer(&tablet);
    m.input.activate(&tablet);  // a USB tablet the guest polls goes first
    EXPECT_TRUE(m.input.pointer_absolute());
    EXPECT_EQ(mon.hmp("mouse_move 7 -2"), "");  // HMP's motion is relative: the mouse's
    EXPECT_EQ(mouse.count, 1);
    EXPECT_EQ(mouse.x, 7);
    EXPECT_EQ(mouse.y, -2);
    EXPECT_EQ(tablet.count, 0);
    Json args;
    std::string err;
    ASSERT_TRUE(Json::parse(R"({"events": [{"type": "abs", "data": {"axis": "x", "value": 300}}]})",
                            &args, &err));
    ASSERT_TRUE(mon.execute("input-send-event", args).ok);
    EXPECT_EQ(tablet.count, 1);
    EXPECT_EQ(tablet.x, 300);
    EXPECT_EQ(mouse.count, 1);
}

}  // namespace
}  // namespace bw::monitor
