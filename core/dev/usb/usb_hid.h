// QEMU 7.2's USB HID devices (hw/usb/dev-hid.c with hw/input/hid.c): usb-kbd,
// usb-mouse and usb-tablet, presented as the full-speed USB 1.1 functions
// QEMU attaches to a UHCI port, so Linux enumerates the same devices.
//
// Descriptors as QEMU's: vendor 0627 product 0001, bcdUSB 2.00 (QEMU's
// Microsoft OS descriptor support raises it), bMaxPacketSize0 8, strings
// "QEMU" / "QEMU USB Keyboard|Mouse|Tablet" / "HID Keyboard|Mouse|Tablet",
// the serial "<68284|89126|28754>-<controller path>-<port path>" the board
// passes in, string 0xee "MSFT100Q"; one configuration (bus powered, remote
// wakeup, 100 mA) with one HID interface (keyboard: boot protocol 1, HID 1.11,
// 63-byte report descriptor; mouse: boot protocol 2, HID 0.01, 52 bytes;
// tablet: no boot protocol, HID 0.01, 74 bytes) and an interrupt IN endpoint 1
// (8, 4, 8 bytes, bInterval 10); the device qualifier of QEMU's high-speed
// variant.
// Class requests: GET_DESCRIPTOR(report), GET_REPORT, SET_REPORT (keyboard
// LEDs), GET/SET_PROTOCOL (keyboard, mouse; stored, the reports do not change),
// GET/SET_IDLE with the idle timer (idle * 4 ms of virtual time: a report
// repeats when it runs out). Endpoint 1 IN NAKs until there is an event.
// Keyboard: QEMU's 16-entry queue of key events, where an extended key (one
// PC scan code set 1 sends with an E0 prefix) takes two entries and Pause
// three, and each report consumes one entry; the 8-byte boot report
// (modifiers, 0, six usages, ErrorRollOver when more than six keys are down);
// Linux key codes map to HID usages as QEMU's key code -> scan code ->
// hid_usage_keys chain does (so the same quirks: KP comma is Right GUI).
// Mouse and tablet: QEMU's 16-entry event queue with motion compression
// (events with the same buttons merge), relative deltas clamped to +-127 per
// report, tablet positions 0..0x7fff little-endian, wheel inverted as QEMU.
// Input routing: a keyboard registers with the InputRouter and activates
// itself at creation; a mouse or tablet registers at creation and activates
// itself when the guest first polls it or sets its idle rate (QEMU's rules).
// Not implemented: the LED state reaching the host (stored only).
#pragma once

#include <array>
#include <string>

#include "core/dev/usb/usb_device.h"
#include "core/sched/scheduler.h"
#include "core/ui/input.h"

namespace bw {

class UsbHid : public UsbDevice, public KeyboardSink, public PointerSink {
  public:
    enum class Kind { Keyboard, Mouse, Tablet };
    static constexpr int kQueueLength = 16;

    // |serial_path| is appended to the serial prefix ("pci:0a.2-1" gives
    // "68284-pci:0a.2-1"); |input| (may be null) receives the registration.
    UsbHid(Kind kind, Scheduler& scheduler, InputRouter* input, const std::string& serial_path);
    const char* name() const override;
    Kind kind() const { return kind_; }

    // KeyboardSink (Linux key codes).
    void key_event(u16 code, bool down) override;
    // PointerSink.
    bool absolute() const override { return kind_ == Kind::Tablet; }
    void pointer_event(int x, int y, int wheel, u32 buttons) override;

    u8 leds() const { return leds_; }
    bool activated() const { return activated_; }
    // Events the guest has not read yet.
    int pending() const { return n_; }

  protected:
    const Descriptors& descriptors() const override { return desc_; }
    void handle_control(UsbPacket& p, u16 request, u16 value, u16 index, u16 length,
                        u8* data) override;
    void handle_data(UsbPacket& p) override;
    void handle_reset() override;

  private:
    struct PointerEvent {
        int xdx = 0, ydy = 0, dz = 0;
        u32 buttons = 0;
    };
    bool has_events() const { return n_ > 0 || idle_pending_; }
    void changed() { wakeup(); }
    void activate_pointer();
    void set_next_idle();
    void idle_expired();
    void pointer_sync();
    void keyboard_process_entry();
    size_t keyboard_poll(u8* buf, size_t len);
    size_t pointer_poll(u8* buf, size_t len);
    void build_descriptors(const std::string& serial_path);

    Kind kind_;
    Scheduler& scheduler_;
    InputRouter* input_;
    Descriptors desc_;
    Timer idle_timer_;
    bool activated_ = false;  // QEMU's mouse_grabbed: kept across resets

    // Guest-visible state (hid_reset() clears it, apart from the LEDs).
    int head_ = 0, n_ = 0;
    int protocol_ = 1;
    u8 idle_ = 0;
    bool idle_pending_ = false;
    std::array<u16, kQueueLength> keys_queue_{};  // usage | kRelease | kNoop
    u8 modifiers_ = 0;
    std::array<u8, 16> key_{};
    int keys_ = 0;
    u8 leds_ = 0;
    std::array<PointerEvent, kQueueLength> ptr_{};
};

}  // namespace bw
