#include "core/dev/usb/usb_hid.h"

#include <algorithm>
#include <cstring>

namespace bw {

namespace {

// HID class requests (HID 1.11 section 7.2), as bmRequestType << 8 | bRequest.
enum : u16 {
    HID_GET_REPORT = 0xa101,
    HID_GET_IDLE = 0xa102,
    HID_GET_PROTOCOL = 0xa103,
    HID_SET_REPORT = 0x2109,
    HID_SET_IDLE = 0x210a,
    HID_SET_PROTOCOL = 0x210b,
};
constexpr u8 kDtHid = 0x21, kDtReport = 0x22;
constexpr u8 kUsageErrorRollOver = 0x01;
// Key queue entries: the HID usage in the low byte.
constexpr u16 kRelease = 0x100;
constexpr u16 kNoop = 0x200;  // a scan code prefix byte: a report without change

// Report descriptors (QEMU's bytes; the HID descriptors announce these lengths).
const u8 kMouseReport[] = {
    0x05, 0x01, 0x09, 0x02, 0xa1, 0x01,              // Generic Desktop, Mouse, Application
    0x09, 0x01, 0xa1, 0x00,                          // Pointer, Physical
    0x05, 0x09, 0x19, 0x01, 0x29, 0x05,              // Buttons 1..5
    0x15, 0x00, 0x25, 0x01, 0x95, 0x05, 0x75, 0x01,  // 0..1, 5 x 1 bit
    0x81, 0x02,                                      // Input (Data, Var, Abs)
    0x95, 0x01, 0x75, 0x03, 0x81, 0x01,              // 3 bits padding
    0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x09, 0x38,  // X, Y, Wheel
    0x15, 0x81, 0x25, 0x7f, 0x75, 0x08, 0x95, 0x03,  // -127..127, 3 x 8 bits
    0x81, 0x06,                                      // Input (Data, Var, Rel)
    0xc0, 0xc0,
};
const u8 kTabletReport[] = {
    0x05, 0x01, 0x09, 0x02, 0xa1, 0x01,              // Generic Desktop, Mouse, Application
    0x09, 0x01, 0xa1, 0x00,                          // Pointer, Physical
    0x05, 0x09, 0x19, 0x01, 0x29, 0x03,              // Buttons 1..3
    0x15, 0x00, 0x25, 0x01, 0x95, 0x03, 0x75, 0x01,  // 0..1, 3 x 1 bit
    0x81, 0x02,                                      // Input (Data, Var, Abs)
    0x95, 0x01, 0x75, 0x05, 0x81, 0x01,              // 5 bits padding
    0x05, 0x01, 0x09, 0x30, 0x09, 0x31,              // X, Y
    0x15, 0x00, 0x26, 0xff, 0x7f,                    // logical 0..0x7fff
    0x35, 0x00, 0x46, 0xff, 0x7f,                    // physical 0..0x7fff
    0x75, 0x10, 0x95, 0x02, 0x81, 0x02,              // 2 x 16 bits, Input (Data, Var, Abs)
    0x05, 0x01, 0x09, 0x38,                          // Wheel
    0x15, 0x81, 0x25, 0x7f, 0x35, 0x00, 0x45, 0x00,  // -127..127
    0x75, 0x08, 0x95, 0x01, 0x81, 0x06,              // 1 x 8 bits, Input (Data, Var, Rel)
    0xc0, 0xc0,
};
const u8 kKeyboardReport[] = {
    0x05, 0x01, 0x09, 0x06, 0xa1, 0x01,              // Generic Desktop, Keyboard, Application
    0x75, 0x01, 0x95, 0x08,                          // 8 x 1 bit
    0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7,              // Key codes 224..231 (modifiers)
    0x15, 0x00, 0x25, 0x01, 0x81, 0x02,              // 0..1, Input (Data, Var, Abs)
    0x95, 0x01, 0x75, 0x08, 0x81, 0x01,              // reserved byte
    0x95, 0x05, 0x75, 0x01,                          // 5 x 1 bit
    0x05, 0x08, 0x19, 0x01, 0x29, 0x05, 0x91, 0x02,  // LEDs 1..5, Output
    0x95, 0x01, 0x75, 0x03, 0x91, 0x01,              // 3 bits padding
    0x95, 0x06, 0x75, 0x08, 0x15, 0x00, 0x25, 0xff,  // 6 x 8 bits, 0..255
    0x05, 0x07, 0x19, 0x00, 0x29, 0xff, 0x81, 0x00,  // Key codes 0..255, Input (Array)
    0xc0,
};
static_assert(sizeof(kMouseReport) == 52, "QEMU's mouse report descriptor is 52 bytes");
static_assert(sizeof(kTabletReport) == 74, "QEMU's tablet report descriptor is 74 bytes");
static_assert(sizeof(kKeyboardReport) == 63, "QEMU's keyboard report descriptor is 63 bytes");

// Linux key code -> HID usage as QEMU delivers it: the key's PC scan code (set 1)
// through hid_usage_keys[]. kExtended: the scan code has an E0 prefix, which
// takes a queue entry of its own; kPause: E1 1D 45, three entries.
enum : u8 { kExtended = 1, kPause = 2 };
struct KeyUsage {
    u16 code;
    u8 usage;
    u8 flags;
};
const KeyUsage kKeyUsages[] = {
    {1, 0x29, 0},           {2, 0x1e, 0},           {3, 0x1f, 0},           {4, 0x20, 0},
    {5, 0x21, 0},           {6, 0x22, 0},           {7, 0x23, 0},           {8, 0x24, 0},
    {9, 0x25, 0},           {10, 0x26, 0},          {11, 0x27, 0},          {12, 0x2d, 0},
    {13, 0x2e, 0},          {14, 0x2a, 0},          {15, 0x2b, 0},          {16, 0x14, 0},
    {17, 0x1a, 0},          {18, 0x08, 0},          {19, 0x15, 0},          {20, 0x17, 0},
    {21, 0x1c, 0},          {22, 0x18, 0},          {23, 0x0c, 0},          {24, 0x12, 0},
    {25, 0x13, 0},          {26, 0x2f, 0},          {27, 0x30, 0},          {28, 0x28, 0},
    {29, 0xe0, 0},          {30, 0x04, 0},          {31, 0x16, 0},          {32, 0x07, 0},
    {33, 0x09, 0},          {34, 0x0a, 0},          {35, 0x0b, 0},          {36, 0x0d, 0},
    {37, 0x0e, 0},          {38, 0x0f, 0},          {39, 0x33, 0},          {40, 0x34, 0},
    {41, 0x35, 0},          {42, 0xe1, 0},          {43, 0x31, 0},          {44, 0x1d, 0},
    {45, 0x1b, 0},          {46, 0x06, 0},          {47, 0x19, 0},          {48, 0x05, 0},
    {49, 0x11, 0},          {50, 0x10, 0},          {51, 0x36, 0},          {52, 0x37, 0},
    {53, 0x38, 0},          {54, 0xe5, 0},          {55, 0x55, 0},          {56, 0xe2, 0},
    {57, 0x2c, 0},          {58, 0x39, 0},          {59, 0x3a, 0},          {60, 0x3b, 0},
    {61, 0x3c, 0},          {62, 0x3d, 0},          {63, 0x3e, 0},          {64, 0x3f, 0},
    {65, 0x40, 0},          {66, 0x41, 0},          {67, 0x42, 0},          {68, 0x43, 0},
    {69, 0x53, 0},          {70, 0x47, 0},          {71, 0x5f, 0},          {72, 0x60, 0},
    {73, 0x61, 0},          {74, 0x56, 0},          {75, 0x5c, 0},          {76, 0x5d, 0},
    {77, 0x5e, 0},          {78, 0x57, 0},          {79, 0x59, 0},          {80, 0x5a, 0},
    {81, 0x5b, 0},          {82, 0x62, 0},          {83, 0x63, 0},          {86, 0x64, 0},
    {87, 0x44, 0},          {88, 0x45, 0},          {89, 0x87, 0},          {91, 0x00, 0},
    {92, 0x8a, 0},          {93, 0x88, 0},          {94, 0x8b, 0},          {96, 0x58, kExtended},
    {97, 0xe4, kExtended},  {98, 0x54, kExtended},  {99, 0x46, 0},          {100, 0xe6, kExtended},
    {101, 0x6a, 0},         {102, 0x4a, kExtended}, {103, 0x52, kExtended}, {104, 0x4b, kExtended},
    {105, 0x50, kExtended}, {106, 0x4f, kExtended}, {107, 0x4d, kExtended}, {108, 0x51, kExtended},
    {109, 0x4e, kExtended}, {110, 0x49, kExtended}, {111, 0x4c, kExtended}, {113, 0x7f, kExtended},
    {114, 0x81, kExtended}, {115, 0x80, kExtended}, {116, 0x66, kExtended}, {117, 0x68, 0},
    {119, 0x48, kPause},    {121, 0xe7, 0},         {122, 0x00, 0},         {123, 0x00, 0},
    {124, 0x89, 0},         {125, 0xe3, kExtended}, {126, 0xe7, kExtended}, {127, 0x65, kExtended},
    {128, 0x00, kExtended}, {129, 0x00, kExtended}, {130, 0x00, kExtended}, {131, 0x00, kExtended},
    {132, 0x00, kExtended}, {133, 0x00, kExtended}, {134, 0x73, 0},         {135, 0x00, 0},
    {136, 0x00, kExtended}, {137, 0x00, kExtended}, {138, 0x00, kExtended}, {139, 0x00, kExtended},
    {140, 0x00, kExtended}, {142, 0x00, kExtended}, {143, 0x00, kExtended}, {155, 0x00, kExtended},
    {156, 0x00, kExtended}, {157, 0x00, kExtended}, {158, 0x00, kExtended}, {159, 0x00, kExtended},
    {163, 0x00, kExtended}, {164, 0x00, kExtended}, {165, 0x00, kExtended}, {166, 0x00, kExtended},
    {172, 0x00, kExtended}, {173, 0x00, kExtended}, {226, 0x00, kExtended},
};

const KeyUsage* key_usage(u16 code) {
    for (const KeyUsage& k : kKeyUsages) {
        if (k.code == code) return &k;
    }
    return nullptr;
}

// QEMU's string table (dev-hid.c), by index.
enum {
    STR_MANUFACTURER = 1,
    STR_PRODUCT_MOUSE,
    STR_PRODUCT_TABLET,
    STR_PRODUCT_KEYBOARD,
    STR_SERIAL_COMPAT,
    STR_CONFIG_MOUSE,
    STR_CONFIG_TABLET,
    STR_CONFIG_KEYBOARD,
    STR_SERIAL_MOUSE,
    STR_SERIAL_TABLET,
    STR_SERIAL_KEYBOARD,
    STR_MSOS = 0xee,
};

}  // namespace

UsbHid::UsbHid(Kind kind, Scheduler& scheduler, InputRouter* input, const std::string& serial_path)
    : kind_(kind),
      scheduler_(scheduler),
      input_(input),
      idle_timer_(scheduler, [this] { idle_expired(); }) {
    build_descriptors(serial_path);
    if (!input_) return;
    if (kind_ == Kind::Keyboard) {
        input_->add_keyboard(this);
        input_->activate(static_cast<KeyboardSink*>(this));
    } else {
        input_->add_pointer(this);
    }
}

const char* UsbHid::name() const {
    switch (kind_) {
        case Kind::Keyboard: return "usb-kbd";
        case Kind::Mouse: return "usb-mouse";
        default: return "usb-tablet";
    }
}

void UsbHid::build_descriptors(const std::string& serial_path) {
    const bool kbd = kind_ == Kind::Keyboard, tablet = kind_ == Kind::Tablet;
    const u8 product = kbd ? STR_PRODUCT_KEYBOARD : tablet ? STR_PRODUCT_TABLET : STR_PRODUCT_MOUSE;
    const u8 serial = kbd ? STR_SERIAL_KEYBOARD : tablet ? STR_SERIAL_TABLET : STR_SERIAL_MOUSE;
    const u8 config_name = kbd      ? STR_CONFIG_KEYBOARD
                           : tablet ? STR_CONFIG_TABLET
                                    : STR_CONFIG_MOUSE;
    const u16 report_len = kbd      ? sizeof(kKeyboardReport)
                           : tablet ? sizeof(kTabletReport)
                                    : sizeof(kMouseReport);

    std::vector<u8>& d = desc_.device;
    d = {18, DT_DEVICE};
    usb_put16(d, 0x0200);             // bcdUSB: 1.00 raised to 2.00 for the MS OS descriptors
    d.insert(d.end(), {0, 0, 0, 8});  // class, subclass, protocol, bMaxPacketSize0
    usb_put16(d, 0x0627);             // idVendor
    usb_put16(d, 0x0001);             // idProduct
    usb_put16(d, 0x0000);             // bcdDevice
    d.insert(d.end(), {STR_MANUFACTURER, product, serial, 1});

    std::vector<u8>& c = desc_.config;
    c = {9, DT_CONFIG, 0, 0, 1, 1, config_name, 0xa0, 50};  // bus powered, remote wakeup
    c.insert(c.end(), {9, DT_INTERFACE, 0, 0, 1, 3});       // one endpoint, class HID
    c.push_back(kbd ? 1 : tablet ? 0 : 1);                  // subclass: boot interface
    c.push_back(kbd ? 1 : tablet ? 0 : 2);                  // protocol: keyboard, mouse
    c.push_back(0);
    c.insert(c.end(), {9, kDtHid});
    usb_put16(c, kbd ? 0x0111 : 0x0001);  // bcdHID (QEMU's pointers say 0.01)
    c.insert(c.end(), {0, 1, kDtReport});
    usb_put16(c, report_len);
    c.insert(c.end(), {7, DT_ENDPOINT, 0x81, 3});  // endpoint 1 IN, interrupt
    usb_put16(c, kind_ == Kind::Mouse ? 4 : 8);
    c.push_back(10);  // bInterval
    c[2] = u8(c.size());
    c[3] = u8(c.size() >> 8);

    desc_.qualifier = {10, DT_DEVICE_QUALIFIER};
    usb_put16(desc_.qualifier, 0x0200);
    desc_.qualifier.insert(desc_.qualifier.end(), {0, 0, 0, 64, 1, 0});

    desc_.strings.assign(STR_MSOS + 1, std::string());
    const char* strings[] = {
        "",      "QEMU",      "QEMU USB Mouse", "QEMU USB Tablet", "QEMU USB Keyboard",
        "42",    "HID Mouse", "HID Tablet",     "HID Keyboard",    "89126",
        "28754", "68284"};
    for (int i = 1; i <= STR_SERIAL_KEYBOARD; i++) desc_.strings[i] = strings[i];
    desc_.strings[serial] = std::string(strings[serial]) + "-" + serial_path;
    desc_.strings[STR_MSOS] = "MSFT100Q";
}

// ---- host input ----------------------------------------------------------------------------

void UsbHid::key_event(u16 code, bool down) {
    if (kind_ != Kind::Keyboard) return;
    const KeyUsage* k = key_usage(code);
    if (!k) return;  // no QEMU key code: QEMU could not send it either
    u16 entry = k->usage | (down ? 0 : kRelease);
    int count = k->flags & kPause ? 3 : k->flags & kExtended ? 2 : 1;
    if (n_ + count > kQueueLength) return;  // QEMU drops the whole key
    for (int i = 0; i < count; i++) {
        keys_queue_[(head_ + n_) & (kQueueLength - 1)] = i == count - 1 ? entry : kNoop;
        n_++;
    }
    changed();
}

void UsbHid::pointer_event(int x, int y, int wheel, u32 buttons) {
    if (kind_ == Kind::Keyboard) return;
    PointerEvent& e = ptr_[(head_ + n_) & (kQueueLength - 1)];
    if (kind_ == Kind::Mouse) {
        e.xdx += x;
        e.ydy += y;
    } else {
        e.xdx = std::clamp(x, 0, kAbsMax);
        e.ydy = std::clamp(y, 0, kAbsMax);
    }
    e.buttons = buttons & 0x1f;
    e.dz -= wheel;  // QEMU counts wheel-up as -1 and inverts it in the report
    pointer_sync();
}

// QEMU's hid_pointer_sync: an event with the same buttons as the previous
// unread one merges into it; otherwise it becomes visible to the guest.
void UsbHid::pointer_sync() {
    if (n_ == kQueueLength - 1) return;  // full: only the newest buttons are kept
    PointerEvent& prev = ptr_[(head_ + n_ - 1) & (kQueueLength - 1)];
    PointerEvent& curr = ptr_[(head_ + n_) & (kQueueLength - 1)];
    PointerEvent& next = ptr_[(head_ + n_ + 1) & (kQueueLength - 1)];
    const bool relative = kind_ == Kind::Mouse;
    if (n_ > 0 && curr.buttons == prev.buttons) {
        if (relative) {
            prev.xdx += curr.xdx;
            prev.ydy += curr.ydy;
            curr.xdx = curr.ydy = 0;
        } else {
            prev.xdx = curr.xdx;
            prev.ydy = curr.ydy;
        }
        prev.dz += curr.dz;
        curr.dz = 0;
        return;
    }
    next.xdx = relative ? 0 : curr.xdx;
    next.ydy = relative ? 0 : curr.ydy;
    next.dz = 0;
    next.buttons = curr.buttons;
    n_++;
    changed();
}

// ---- guest side ----------------------------------------------------------------------------

void UsbHid::activate_pointer() {
    if (activated_) return;
    activated_ = true;
    if (input_) input_->activate(static_cast<PointerSink*>(this));
}

void UsbHid::set_next_idle() {
    if (idle_)
        idle_timer_.arm_at(scheduler_.now() + u64(idle_) * 4000000);
    else
        idle_timer_.cancel();
}

void UsbHid::idle_expired() {
    idle_pending_ = true;
    changed();
}

// One key queue entry into the key state (QEMU's hid_keyboard_process_keycode).
void UsbHid::keyboard_process_entry() {
    if (n_ == 0) return;
    u16 entry = keys_queue_[head_];
    head_ = (head_ + 1) & (kQueueLength - 1);
    n_--;
    if (entry & kNoop) return;
    u8 usage = u8(entry);
    bool release = entry & kRelease;
    if (usage == 0) return;
    if (usage >= 0xe0 && usage <= 0xe7) {
        u8 bit = u8(1u << (usage & 7));
        modifiers_ = release ? u8(modifiers_ & ~bit) : u8(modifiers_ | bit);
        return;
    }
    int i = keys_ - 1;
    while (i >= 0 && key_[i] != usage) i--;
    if (release) {
        if (i < 0) return;
        key_[i] = key_[--keys_];
        key_[keys_] = 0;
    } else if (i < 0 && keys_ < int(key_.size())) {
        key_[keys_++] = usage;
    }
}

size_t UsbHid::keyboard_poll(u8* buf, size_t len) {
    idle_pending_ = false;
    if (len < 2) return 0;
    keyboard_process_entry();
    size_t n = std::min<size_t>(8, len);
    buf[0] = modifiers_;
    buf[1] = 0;
    if (keys_ > 6)
        std::memset(buf + 2, kUsageErrorRollOver, n - 2);
    else
        std::memcpy(buf + 2, key_.data(), n - 2);
    return n;
}

size_t UsbHid::pointer_poll(u8* buf, size_t len) {
    idle_pending_ = false;
    activate_pointer();
    // Nothing queued: the last event again, with no relative motion left.
    PointerEvent& e = ptr_[(n_ ? head_ : head_ - 1) & (kQueueLength - 1)];
    int dx, dy;
    if (kind_ == Kind::Mouse) {
        dx = std::clamp(e.xdx, -127, 127);
        dy = std::clamp(e.ydy, -127, 127);
        e.xdx -= dx;
        e.ydy -= dy;
    } else {
        dx = e.xdx;
        dy = e.ydy;
    }
    int dz = std::clamp(e.dz, -127, 127);
    e.dz -= dz;
    if (n_ && !e.dz && (kind_ == Kind::Tablet || (!e.xdx && !e.ydy))) {
        head_ = (head_ + 1) & (kQueueLength - 1);
        n_--;
    }
    dz = -dz;
    u8 report[6];
    size_t n = 0;
    report[n++] = u8(e.buttons);
    if (kind_ == Kind::Mouse) {
        report[n++] = u8(dx);
        report[n++] = u8(dy);
    } else {
        report[n++] = u8(dx);
        report[n++] = u8(dx >> 8);
        report[n++] = u8(dy);
        report[n++] = u8(dy >> 8);
    }
    report[n++] = u8(dz);
    n = std::min(n, len);
    std::memcpy(buf, report, n);
    return n;
}

void UsbHid::handle_control(UsbPacket& p, u16 request, u16 value, u16 index, u16 length, u8* data) {
    const bool kbd = kind_ == Kind::Keyboard;
    switch (request) {
        case InterfaceRequest | REQ_GET_DESCRIPTOR: {
            if ((value >> 8) != kDtReport) break;
            const u8* r = kbd                     ? kKeyboardReport
                          : kind_ == Kind::Tablet ? kTabletReport
                                                  : kMouseReport;
            size_t n = kbd                     ? sizeof(kKeyboardReport)
                       : kind_ == Kind::Tablet ? sizeof(kTabletReport)
                                               : sizeof(kMouseReport);
            std::memcpy(data, r, n);
            p.actual = n;
            return;
        }
        case HID_GET_REPORT:
            p.actual = kbd ? keyboard_poll(data, length) : pointer_poll(data, length);
            return;
        case HID_SET_REPORT:
            if (!kbd) break;
            if (length > 0) leds_ = data[0];
            p.actual = 0;
            return;
        case HID_GET_PROTOCOL:
            if (kind_ == Kind::Tablet) break;
            data[0] = u8(protocol_);
            p.actual = 1;
            return;
        case HID_SET_PROTOCOL:
            if (kind_ == Kind::Tablet) break;
            protocol_ = value;
            return;
        case HID_GET_IDLE:
            data[0] = idle_;
            p.actual = 1;
            return;
        case HID_SET_IDLE:
            idle_ = u8(value >> 8);
            set_next_idle();
            if (!kbd) activate_pointer();
            return;
        default: break;
    }
    p.status = UsbStatus::Stall;
}

void UsbHid::handle_data(UsbPacket& p) {
    if (p.pid != kPidIn || p.endpoint != 1) {
        p.status = UsbStatus::Stall;
        return;
    }
    if (kind_ != Kind::Keyboard) activate_pointer();
    if (!has_events()) {
        p.status = UsbStatus::Nak;
        return;
    }
    set_next_idle();
    p.actual =
        kind_ == Kind::Keyboard ? keyboard_poll(p.data, p.size) : pointer_poll(p.data, p.size);
}

void UsbHid::handle_reset() {
    keys_queue_.fill(0);
    key_.fill(0);
    keys_ = 0;
    modifiers_ = 0;
    ptr_.fill(PointerEvent{});
    head_ = n_ = 0;
    protocol_ = 1;
    idle_ = 0;
    idle_pending_ = false;
    idle_timer_.cancel();
}

}  // namespace bw
