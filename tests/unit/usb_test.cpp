// The PIIX4 UHCI with QEMU's HID devices and hub behind it, through a PciBus with RAM:
// registers and ports, schedules built in RAM (frame list, QH, TD chains) doing real
// control and interrupt transfers, the HID reports, the hub, hostile schedules, and the
// malta board's USB configuration.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "boards/malta/malta.h"
#include "core/common/log.h"
#include "core/dev/pci/piix4.h"
#include "core/dev/usb/uhci.h"
#include "core/dev/usb/usb_hid.h"
#include "core/dev/usb/usb_hub.h"
#include "core/mem/bus.h"
#include "tests/unit/malta_test_util.h"

namespace bw {
namespace {

using U = Uhci;
constexpr u8 kDevfn = 10 << 3 | 2;
constexpr u32 kIo = 0x1040;
constexpr u32 kFrameList = 0x10000, kQh = 0x11000, kTds = 0x12000, kData = 0x14000;
constexpr u32 kTdActive = U::TD_ACTIVE | 3u << U::TD_CERR_SHIFT;

class UsbTest : public ::testing::Test {
  public:
    UsbTest() : ram(1 << 20), hc(sched) {
        memory.map_ram(0, u32(ram.size()), ram.data());
        pci.set_dma_memory(&memory);
        pci.irq_route = [](u8, int pin) { return pin; };
        pci.set_irq_line = [this](int line, bool level) {
            if (line == 3) irq = level;  // INTD#
        };
        pci.attach(kDevfn, &hc);
        pci.config_write(kDevfn, PciDevice::BAR0 + 16, kIo, 4);
        pci.config_write(kDevfn, PciDevice::COMMAND, 5, 2);  // I/O, bus master
    }
    u32 rd(u32 off, unsigned size = 2) {
        u32 v = 0xdeadbeef;
        EXPECT_TRUE(pci.io_read(kIo + off, size, &v));
        return v;
    }
    void wr(u32 off, u32 v, unsigned size = 2) { EXPECT_TRUE(pci.io_write(kIo + off, v, size)); }
    void put32(u32 a, u32 v) {
        for (int i = 0; i < 4; i++) ram[a + i] = u8(v >> (8 * i));
    }
    u32 get32(u32 a) const {
        return u32(ram[a]) | u32(ram[a + 1]) << 8 | u32(ram[a + 2]) << 16 | u32(ram[a + 3]) << 24;
    }
    // Every frame list entry points at the one QH; FRBASEADD set; port |port| reset and enabled.
    void start(int port = 0) {
        for (u32 i = 0; i < 1024; i++) put32(kFrameList + 4 * i, kQh | U::LINK_QH);
        put32(kQh, U::LINK_TERMINATE);
        put32(kQh + 4, U::LINK_TERMINATE);
        wr(U::FRBASEADD, kFrameList, 4);
        u32 sc = U::PORTSC1 + 2 * port;
        wr(sc, U::PORT_PR);
        wr(sc, 0);
        wr(sc, U::PORT_PE | U::PORT_CSC);
    }
    static u32 token(u8 pid, u8 addr, u8 ep, size_t len, int toggle) {
        return u32((len - 1) & 0x7ff) << 21 | u32(toggle) << 19 | u32(ep) << 15 | u32(addr) << 8 |
               pid;
    }
    // TD |i| of the chain at kTds (16 bytes each), linked depth first to the next one.
    void td(int i, u32 ctrl, u32 tok, u32 buffer, bool last) {
        u32 a = kTds + 16 * i;
        put32(a, last ? U::LINK_TERMINATE : (a + 16) | U::LINK_DEPTH);
        put32(a + 4, ctrl);
        put32(a + 8, tok);
        put32(a + 12, buffer);
    }
    void queue_tds() { put32(kQh + 4, kTds); }
    // A control transfer to |addr| through the schedule: SETUP, |len| bytes IN (device to
    // host) or OUT from |out|, status. Returns the IN data (empty when it did not finish).
    // No short packet detection: a short IN completes and the rest read zero bytes.
    std::vector<u8> control(u8 addr, u8 type, u8 request, u16 value, u16 index, u16 len,
                            const std::vector<u8>& out = {}) {
        u8 setup[8] = {type,      request,        u8(value), u8(value >> 8),
                       u8(index), u8(index >> 8), u8(len),   u8(len >> 8)};
        std::memcpy(&ram[kData], setup, 8);
        bool in = type & 0x80;
        int n = 0;
        td(n++, kTdActive, token(kPidSetup, addr, 0, 8, 0), kData, false);
        int toggle = 1;
        for (u16 done = 0; done < len; done += 8) {
            size_t chunk = std::min<size_t>(8, len - done);
            if (!in) std::memcpy(&ram[kData + 0x100 + done], out.data() + done, chunk);
            td(n++, kTdActive, token(in ? kPidIn : kPidOut, addr, 0, chunk, toggle),
               kData + 0x100 + done, false);
            toggle ^= 1;
        }
        td(n++, kTdActive | U::TD_IOC, token(in ? kPidOut : kPidIn, addr, 0, 0, 1), 0, true);
        queue_tds();
        for (int f = 0; f < 64 && (get32(kTds + 16 * (n - 1) + 4) & U::TD_ACTIVE); f++)
            hc.run_frame();
        // The status bits of the whole chain, ORed.
        last_status = 0;
        for (int i = 0; i < n; i++) last_status |= get32(kTds + 16 * i + 4);
        if (last_status & U::TD_ACTIVE) return {};
        std::vector<u8> data(len);
        if (in) {
            // Actual lengths of the data TDs (a short packet ends the data early).
            size_t got = 0;
            for (int i = 1; i < n - 1; i++) {
                u32 ctrl = get32(kTds + 16 * i + 4);
                got += ((ctrl & 0x7ff) + 1) & 0x7ff;
            }
            data.assign(&ram[kData + 0x100], &ram[kData + 0x100] + got);
        }
        return data;
    }
    // Address |dev| (at address 0) as |addr| and configure it.
    void enumerate(u8 addr) {
        ASSERT_EQ(control(0, 0x00, 5, addr, 0, 0).size(), 0u);
        ASSERT_FALSE(last_status & U::TD_ACTIVE);
        control(addr, 0x00, 9, 1, 0, 0);
        ASSERT_FALSE(last_status & (U::TD_ACTIVE | U::TD_STALL));
    }
    // One interrupt IN transfer of up to |max| bytes from endpoint 1: the bytes, or
    // nothing on NAK (the TD stays active).
    std::vector<u8> interrupt_in(u8 addr, size_t max, int toggle = 0) {
        td(0, kTdActive | U::TD_IOC, token(kPidIn, addr, 1, max, toggle), kData, true);
        queue_tds();
        hc.run_frame();
        u32 ctrl = get32(kTds + 4);
        last_status = ctrl;
        if (ctrl & U::TD_ACTIVE) return {};
        size_t got = ((ctrl & 0x7ff) + 1) & 0x7ff;
        return std::vector<u8>(&ram[kData], &ram[kData] + got);
    }

    std::vector<u8> ram;
    Bus memory;
    PciBus pci;
    Scheduler sched;
    Piix4Usb hc;
    InputRouter input;
    bool irq = false;
    u32 last_status = 0;
};

TEST_F(UsbTest, ConfigSpaceIsQemusPiix4Uhci) {
    EXPECT_EQ(pci.config_read(kDevfn, 0, 4), 0x71128086u);
    EXPECT_EQ(pci.config_read(kDevfn, 8, 4), 0x0c030001u);
    EXPECT_EQ(pci.config_read(kDevfn, PciDevice::INTERRUPT_PIN, 1), 4u);  // INTD#
    EXPECT_EQ(pci.config_read(kDevfn, 0x60, 1), 0x10u);                   // SBRNUM
    EXPECT_EQ(pci.config_read(kDevfn, 0x6a, 1), 0x01u);
    pci.config_write(kDevfn, PciDevice::BAR0 + 16, 0xffffffff, 4);
    EXPECT_EQ(pci.config_read(kDevfn, PciDevice::BAR0 + 16, 4), 0xffffffe1u);  // 32 bytes of I/O
}

TEST_F(UsbTest, RegisterResetValues) {
    EXPECT_EQ(rd(U::USBCMD), 0u);
    EXPECT_EQ(rd(U::USBSTS), U::STS_HCHALTED);
    EXPECT_EQ(rd(U::USBINTR), 0u);
    EXPECT_EQ(rd(U::FRNUM), 0u);
    EXPECT_EQ(rd(U::SOFMOD), 64u);
    EXPECT_EQ(rd(U::PORTSC1), 0x0080u);
    EXPECT_EQ(rd(U::PORTSC2), 0x0080u);
    EXPECT_EQ(rd(0x14), 0xff7fu);  // no third port: Linux counts ports this way
    EXPECT_EQ(rd(0x0e), 0xff7fu);
    EXPECT_EQ(rd(U::USBCMD, 4), u32(U::STS_HCHALTED) << 16);  // two 16-bit registers
    EXPECT_FALSE(irq);
}

TEST_F(UsbTest, FrameListBaseAndFrameNumber) {
    wr(U::FRBASEADD, 0x12345fff, 4);
    EXPECT_EQ(rd(U::FRBASEADD, 4), 0x12345000u);
    wr(U::FRNUM, 0xffff);
    EXPECT_EQ(rd(U::FRNUM), 0x7ffu);
    wr(U::SOFMOD, 0x1234);
    EXPECT_EQ(rd(U::SOFMOD), 0x34u);
    wr(U::FRNUM, 5);
    wr(U::USBCMD, U::CMD_RS);
    EXPECT_EQ(rd(U::USBSTS), 0u);
    wr(U::FRNUM, 100);  // only while halted
    EXPECT_EQ(rd(U::FRNUM), 5u);
    wr(U::USBCMD, 0);
    EXPECT_EQ(rd(U::USBSTS), U::STS_HCHALTED);
}

TEST_F(UsbTest, PortConnectResetEnable) {
    UsbHid kbd(UsbHid::Kind::Keyboard, sched, nullptr, "pci:0a.2-1");
    hc.attach(0, &kbd);
    EXPECT_EQ(rd(U::PORTSC1), 0x0083u);  // CCS, CSC, bit 7
    wr(U::PORTSC1, U::PORT_CSC);         // write 1 to clear
    EXPECT_EQ(rd(U::PORTSC1), 0x0081u);
    wr(U::PORTSC2, U::PORT_PE);  // nothing connected: cannot be enabled
    EXPECT_EQ(rd(U::PORTSC2), 0x0080u);
    // Not reset yet: the device does not answer address 0.
    put32(kFrameList, kQh | U::LINK_QH);
    wr(U::PORTSC1, U::PORT_PE);
    wr(U::PORTSC1, U::PORT_PR);
    EXPECT_EQ(rd(U::PORTSC1), 0x0081u | U::PORT_PR);  // PE is a plain read/write bit
    wr(U::PORTSC1, U::PORT_PE);
    EXPECT_EQ(rd(U::PORTSC1), 0x0085u);
    EXPECT_EQ(kbd.address(), 0u);
    // HCRESET: registers back to reset values, the port reconnects.
    wr(U::USBCMD, U::CMD_HCRESET);
    EXPECT_EQ(rd(U::PORTSC1), 0x0083u);
    EXPECT_EQ(rd(U::USBSTS), U::STS_HCHALTED);
}

TEST_F(UsbTest, GetDeviceDescriptorThroughQhAndTds) {
    UsbHid kbd(UsbHid::Kind::Keyboard, sched, nullptr, "pci:0a.2-1");
    hc.attach(0, &kbd);
    start();
    wr(U::USBINTR, U::INTR_IOC);
    std::vector<u8> d = control(0, 0x80, 6, 0x0100, 0, 18);
    const std::vector<u8> want = {18,   1,    0x00, 0x02, 0, 0, 0, 8,  0x27,
                                  0x06, 0x01, 0,    0,    0, 1, 4, 11, 1};
    EXPECT_EQ(d, want);
    // The QH's element pointer followed the completed TDs to the end.
    EXPECT_EQ(get32(kQh + 4), u32(U::LINK_TERMINATE));
    // IOC of the status TD: USBINT after the frame timer's completion; run_frame() only
    // collects it, the timer raises it.
    wr(U::USBCMD, U::CMD_RS);
    queue_tds();
    td(0, kTdActive | U::TD_IOC, token(kPidSetup, 0, 0, 8, 0), kData, true);
    std::memcpy(&ram[kData], "\x80\x06\x00\x01\x00\x00\x12\x00", 8);
    sched.skip_to_next_event(UINT64_MAX);
    EXPECT_EQ(rd(U::USBSTS) & U::STS_USBINT, U::STS_USBINT);
    EXPECT_TRUE(irq);
    wr(U::USBSTS, U::STS_USBINT);
    EXPECT_FALSE(irq);
}

TEST_F(UsbTest, StringsConfigAndReportDescriptors) {
    UsbHid tablet(UsbHid::Kind::Tablet, sched, nullptr, "pci:0a.2-2.1");
    hc.attach(1, &tablet);
    start(1);
    enumerate(2);
    EXPECT_EQ(tablet.address(), 2u);
    EXPECT_EQ(tablet.configuration(), 1u);
    std::vector<u8> cfg = control(2, 0x80, 6, 0x0200, 0, 255);
    ASSERT_EQ(cfg.size(), 34u);
    EXPECT_EQ(cfg[2], 34);
    EXPECT_EQ(cfg[7], 0xa0);     // bus powered, remote wakeup
    EXPECT_EQ(cfg[9 + 5], 3);    // HID class
    EXPECT_EQ(cfg[18 + 7], 74);  // report descriptor length
    EXPECT_EQ(cfg[27 + 2], 0x81);
    std::vector<u8> s = control(2, 0x80, 6, 0x030a, 0x0409, 255);
    std::string serial;
    for (size_t i = 2; i < s.size(); i += 2) serial += char(s[i]);
    EXPECT_EQ(serial, "28754-pci:0a.2-2.1");
    EXPECT_EQ(control(2, 0x80, 6, 0x0300, 0, 255), (std::vector<u8>{4, 3, 0x09, 0x04}));
    std::vector<u8> report = control(2, 0x81, 6, 0x2200, 0, 255);
    ASSERT_EQ(report.size(), 74u);
    EXPECT_EQ(report[0], 0x05);
    EXPECT_EQ(report[73], 0xc0);
    // A request nobody takes stalls the pipe.
    control(2, 0x80, 6, 0x0f00, 0, 8);
    EXPECT_TRUE(last_status & U::TD_STALL);
}

TEST_F(UsbTest, KeyboardReportsPressedKeyAndNaksWhenIdle) {
    UsbHid kbd(UsbHid::Kind::Keyboard, sched, &input, "pci:0a.2-1");
    hc.attach(0, &kbd);
    start();
    enumerate(1);
    EXPECT_TRUE(interrupt_in(1, 8).empty());
    EXPECT_TRUE(last_status & U::TD_NAK);
    input.key(30, true);  // KEY_A
    EXPECT_EQ(interrupt_in(1, 8), (std::vector<u8>{0, 0, 0x04, 0, 0, 0, 0, 0}));
    input.key(42, true);  // KEY_LEFTSHIFT
    EXPECT_EQ(interrupt_in(1, 8), (std::vector<u8>{0x02, 0, 0x04, 0, 0, 0, 0, 0}));
    input.key(30, false);
    input.key(42, false);
    EXPECT_EQ(interrupt_in(1, 8), (std::vector<u8>{0x02, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(interrupt_in(1, 8), (std::vector<u8>{0, 0, 0, 0, 0, 0, 0, 0}));
    // An extended key (E0 prefix) takes two reports: the prefix changes nothing.
    input.key(103, true);  // KEY_UP
    EXPECT_EQ(interrupt_in(1, 8), (std::vector<u8>{0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(interrupt_in(1, 8), (std::vector<u8>{0, 0, 0x52, 0, 0, 0, 0, 0}));
    EXPECT_TRUE(interrupt_in(1, 8).empty());
    // LEDs through SET_REPORT.
    control(1, 0x21, 0x09, 0x0200, 0, 1, {0x02});
    EXPECT_EQ(kbd.leds(), 0x02);
    // Seven keys down: ErrorRollOver.
    for (u16 k : {16, 17, 18, 19, 20, 21, 22}) input.key(k, true);
    std::vector<u8> r;
    for (int i = 0; i < 7; i++) r = interrupt_in(1, 8);
    EXPECT_EQ(r, (std::vector<u8>{0, 0, 1, 1, 1, 1, 1, 1}));
}

TEST_F(UsbTest, KeyboardQueueDropsKeysBeyondSixteenEntries) {
    UsbHid kbd(UsbHid::Kind::Keyboard, sched, &input, "pci:0a.2-1");
    for (int i = 0; i < 20; i++) input.key(30, i % 2 == 0);
    EXPECT_EQ(kbd.pending(), 16);
    input.key(103, true);  // two entries: no room, dropped whole
    EXPECT_EQ(kbd.pending(), 16);
}

TEST_F(UsbTest, KeyboardIdleRateRepeatsTheReport) {
    UsbHid kbd(UsbHid::Kind::Keyboard, sched, &input, "pci:0a.2-1");
    hc.attach(0, &kbd);
    start();
    enumerate(1);
    control(1, 0x21, 0x0a, 0x0100, 0, 0);  // SET_IDLE 4 ms
    EXPECT_TRUE(interrupt_in(1, 8).empty());
    EXPECT_TRUE(sched.skip_to_next_event(UINT64_MAX));
    EXPECT_EQ(sched.now(), 4000000u);
    EXPECT_EQ(interrupt_in(1, 8).size(), 8u);
    EXPECT_TRUE(interrupt_in(1, 8).empty());
}

TEST_F(UsbTest, TabletReportsAbsoluteCoordinatesAndActivatesOnPoll) {
    UsbHid mouse(UsbHid::Kind::Mouse, sched, &input, "pci:0a.2-1");
    UsbHid tablet(UsbHid::Kind::Tablet, sched, &input, "pci:0a.2-2");
    EXPECT_FALSE(input.pointer_absolute());  // the mouse registered first
    hc.attach(1, &tablet);
    start(1);
    enumerate(3);
    EXPECT_TRUE(interrupt_in(3, 8).empty());  // the first poll activates it
    EXPECT_TRUE(tablet.activated());
    EXPECT_TRUE(input.pointer_absolute());
    input.pointer_abs(0x1234, 0x4321, 0, PointerSink::kLeft);
    EXPECT_EQ(interrupt_in(3, 8), (std::vector<u8>{1, 0x34, 0x12, 0x21, 0x43, 0}));
    input.pointer_abs(0x7fff, 0, 1, 0);  // wheel up, button released
    EXPECT_EQ(interrupt_in(3, 8), (std::vector<u8>{0, 0xff, 0x7f, 0, 0, 1}));
    // Motion with the same buttons merges into the unread event.
    input.pointer_abs(10, 10, 0, PointerSink::kRight);
    input.pointer_abs(20, 30, 0, PointerSink::kRight);
    EXPECT_EQ(interrupt_in(3, 8), (std::vector<u8>{2, 20, 0, 30, 0, 0}));
    EXPECT_TRUE(interrupt_in(3, 8).empty());
}

TEST_F(UsbTest, MouseDeltasAreClampedAndCarried) {
    UsbHid mouse(UsbHid::Kind::Mouse, sched, &input, "pci:0a.2-1");
    hc.attach(0, &mouse);
    start();
    enumerate(1);
    mouse.pointer_event(200, -5, 0, 0);
    EXPECT_EQ(interrupt_in(1, 4), (std::vector<u8>{0, 127, 0xfb, 0}));
    EXPECT_EQ(interrupt_in(1, 4), (std::vector<u8>{0, 73, 0, 0}));
    EXPECT_TRUE(interrupt_in(1, 4).empty());
}

TEST_F(UsbTest, NoDeviceAtAddressIsATimeoutWithErrorInterrupt) {
    start();
    wr(U::USBINTR, U::INTR_TIMEOUT_CRC);
    td(0, kTdActive, token(kPidIn, 9, 1, 8, 0), kData, true);
    queue_tds();
    hc.run_frame();
    u32 ctrl = get32(kTds + 4);
    EXPECT_FALSE(ctrl & U::TD_ACTIVE);
    EXPECT_TRUE(ctrl & U::TD_TIMEOUT);
    EXPECT_EQ(rd(U::USBSTS) & U::STS_ERROR, U::STS_ERROR);
    EXPECT_TRUE(irq);
}

TEST_F(UsbTest, InvalidPidHaltsWithProcessError) {
    start();
    wr(U::USBCMD, U::CMD_RS);
    td(0, kTdActive, token(0x55, 0, 0, 8, 0), kData, true);
    queue_tds();
    hc.run_frame();
    EXPECT_EQ(rd(U::USBCMD) & U::CMD_RS, 0u);
    EXPECT_TRUE(rd(U::USBSTS) & U::STS_HCPE);
    EXPECT_TRUE(irq);  // HCPE interrupts regardless of USBINTR
}

TEST_F(UsbTest, HostileSchedulesTerminate) {
    UsbHid kbd(UsbHid::Kind::Keyboard, sched, &input, "pci:0a.2-1");
    hc.attach(0, &kbd);
    start();
    enumerate(1);
    // A QH whose horizontal link points at itself, with an element TD that NAKs forever.
    put32(kQh, kQh | U::LINK_QH);
    td(0, kTdActive, token(kPidIn, 1, 1, 8, 0), kData, true);
    queue_tds();
    hc.run_frame();
    // A TD ring (depth first through a QH) that keeps completing: bounded by the
    // per-frame link and bandwidth limits.
    put32(kQh, U::LINK_TERMINATE);
    for (int i = 0; i < 4; i++) {
        u32 a = kTds + 16 * i;
        put32(a, (kTds + 16 * ((i + 1) % 4)) | U::LINK_DEPTH);
        put32(a + 4, 0);  // inactive: skipped, IOC never set
        put32(a + 8, token(kPidIn, 1, 1, 8, 0));
    }
    put32(kFrameList, kTds);  // the frame list entry is the TD ring itself
    wr(U::FRNUM, 0);
    hc.run_frame();
    // Two QHs pointing at each other with empty elements: stopped by the loop detection.
    put32(kFrameList + 4, kQh | U::LINK_QH);
    put32(kQh, (kQh + 0x100) | U::LINK_QH);
    put32(kQh + 4, U::LINK_TERMINATE);
    put32(kQh + 0x100, kQh | U::LINK_QH);
    put32(kQh + 0x104, U::LINK_TERMINATE);
    hc.run_frame();
    // A schedule outside RAM.
    wr(U::FRBASEADD, 0xfffff000, 4);
    hc.run_frame();
    // The timer catching up after a long pause runs at most 16 frames per tick.
    wr(U::FRBASEADD, kFrameList, 4);
    put32(kFrameList + 4 * 3, kQh | U::LINK_QH);
    wr(U::USBCMD, U::CMD_RS);
    u32 before = rd(U::FRNUM);
    sched.skip_to_next_event(UINT64_MAX);
    EXPECT_EQ(rd(U::FRNUM), (before + 1) & 0x7ff);
    SUCCEED();
}

TEST_F(UsbTest, HubEnumeratesTheDeviceBehindIt) {
    UsbHub hub("pci:0a.2-2");
    UsbHid tablet(UsbHid::Kind::Tablet, sched, &input, "pci:0a.2-2.1");
    hub.attach_downstream(0, &tablet);
    hc.attach(1, &hub);
    start(1);
    std::vector<u8> d = control(0, 0x80, 6, 0x0100, 0, 18);
    ASSERT_EQ(d.size(), 18u);
    EXPECT_EQ(d[4], 9);  // hub class
    EXPECT_EQ(d[8] | d[9] << 8, 0x0409);
    EXPECT_EQ(d[10] | d[11] << 8, 0x55aa);
    enumerate(2);
    std::vector<u8> hd = control(2, 0xa0, 6, 0x2900, 0, 255);
    EXPECT_EQ(hd, (std::vector<u8>{10, 0x29, 8, 0x0a, 0, 1, 0, 0, 0, 0xff}));
    // Port 1: powered and connected, change: connection.
    EXPECT_EQ(control(2, 0xa3, 0, 0, 1, 4), (std::vector<u8>{0x01, 0x01, 0x01, 0x00}));
    EXPECT_EQ(interrupt_in(2, 2), (std::vector<u8>{0x02, 0x00}));  // port 1 changed
    control(2, 0x23, 3, 4, 1, 0);                                  // SET_FEATURE(PORT_RESET)
    EXPECT_EQ(control(2, 0xa3, 0, 0, 1, 4), (std::vector<u8>{0x03, 0x01, 0x13, 0x00}));
    control(2, 0x23, 1, 16, 1, 0);  // CLEAR_FEATURE(C_PORT_CONNECTION)
    control(2, 0x23, 1, 20, 1, 0);  // C_PORT_RESET
    control(2, 0x23, 1, 17, 1, 0);  // C_PORT_ENABLE
    EXPECT_TRUE(interrupt_in(2, 2).empty());
    // The tablet answers at address 0 behind the hub.
    enumerate(3);
    EXPECT_EQ(tablet.address(), 3u);
    EXPECT_TRUE(interrupt_in(2, 1).empty());
    control(2, 0xa3, 0, 0, 9, 4);  // no port 9
    EXPECT_TRUE(last_status & U::TD_STALL);
}

// Random schedules (links mostly pointing back into a 64 KB window, random tokens and
// control words) under random register writes, with a keyboard, a hub and a tablet
// attached: every frame ends, nothing reads or writes outside the buffers (run this
// under the sanitizers).
TEST_F(UsbTest, RandomSchedulesAndRegistersStayBounded) {
    UsbHub hub("pci:0a.2-2");
    UsbHid kbd(UsbHid::Kind::Keyboard, sched, &input, "pci:0a.2-1");
    UsbHid tablet(UsbHid::Kind::Tablet, sched, &input, "pci:0a.2-2.1");
    hub.attach_downstream(0, &tablet);
    hc.attach(0, &kbd);
    hc.attach(1, &hub);
    u64 x = 0x2545f4914f6cdd1dull;
    auto rnd = [&x] {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        return u32((x * 0x2545f4914f6cdd1dull) >> 32);
    };
    const u32 base = 0x20000, window = 0x10000;
    for (int round = 0; round < 300; round++) {
        for (u32 a = base; a < base + window; a += 4) {
            u32 r = rnd();
            switch (r & 3) {
                case 0: put32(a, base + (rnd() % window) | (r >> 8 & 7)); break;  // a link
                case 1: put32(a, (r & 0xffe07fff) | (rnd() & 0x7f) << 8); break;  // a token
                case 2: put32(a, r | U::TD_ACTIVE); break;                        // active ctrl
                default: put32(a, r); break;
            }
        }
        wr(U::FRBASEADD, base + (rnd() % window), 4);
        for (int i = 0; i < 8; i++) {
            u32 r = rnd();
            u32 off = (r & 0x1e);
            if (off == U::USBCMD) r &= ~u32(U::CMD_GRESET | U::CMD_HCRESET) | (r >> 20 & 1);
            wr(off, r >> 8, 1 + (r >> 30 & 1));
        }
        wr(U::PORTSC1, U::PORT_PE);
        wr(U::PORTSC2, U::PORT_PE);
        for (int f = 0; f < 8; f++) hc.run_frame();
        if (round % 16 == 0) input.key(u16(rnd() % 130), rnd() & 1);
        if (round % 16 == 8)
            input.pointer_abs(int(rnd() % 40000), int(rnd() % 40000), 0, rnd() & 7);
    }
    SUCCEED();
}

TEST(UsbMalta, BoardRefusesUnknownUsbDevice) {
    MachineConfig c;
    c.machine = "malta";
    c.ram_mb = 64;
    c.bios = "/nonexistent";
    c.usb_devices = {"keyboard", "joystick"};
    std::string err;
    EXPECT_EQ(Malta::create(c, &err), nullptr);
    EXPECT_NE(err.find("'joystick'"), std::string::npos) << err;
    EXPECT_NE(err.find("keyboard, tablet, mouse"), std::string::npos) << err;
}

TEST(UsbMalta, KeyboardAndTabletRegisterAsInput) {
    MachineConfig c;
    c.usb_devices = {"keyboard", "tablet"};
    std::string err;
    std::unique_ptr<Malta> m = create_spinning_malta(c, &err);
    ASSERT_NE(m, nullptr) << err;
    // The PS/2 mouse registered first; the tablet takes over only when the guest polls it.
    EXPECT_TRUE(m->input.has_pointer());
    EXPECT_FALSE(m->input.pointer_absolute());
    auto* malta = static_cast<Malta*>(m.get());
    // 00:0a.2 has its I/O BAR and INTD#.
    EXPECT_EQ(malta->pci().config_read(10 << 3 | 2, PciDevice::INTERRUPT_PIN, 1), 4u);
    EXPECT_EQ(Piix4Isa::malta_slot_pirq(10, 3), 3);  // PIRQD -> IRQ 11 by PIRQRC[D]
}

}  // namespace
}  // namespace bw
