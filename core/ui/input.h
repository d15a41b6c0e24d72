// Host keyboard and pointer input on its way to the guest's input devices.
//
// Keys are named by Linux input event codes (KEY_A = 30, KEY_UP = 103, ...:
// linux/input-event-codes.h), the one numbering every front end can map to
// (SDL scancodes, a browser's KeyboardEvent.code, QEMU's sendkey names) and
// every device can map from (PS/2 scan code sets, USB HID usages).
//
// Routing follows QEMU's ui/input.c: events go to the first handler in the
// list that takes them (keys to a keyboard; relative motion to a mouse,
// positions to a tablet); devices register at the end and a device that
// activates itself moves to the front (a USB keyboard when it is created, a
// USB mouse or tablet when the guest first polls it). A pointer is absolute (a tablet: positions
// 0..kAbsMax on both axes) or relative (a mouse: deltas); front ends ask
// pointer_absolute() to choose between a free cursor and a grabbed one.
#pragma once

#include <algorithm>
#include <vector>

#include "core/common/types.h"

namespace bw {

class KeyboardSink {
  public:
    virtual ~KeyboardSink() = default;
    virtual void key_event(u16 code, bool down) = 0;
};

class PointerSink {
  public:
    enum Button : u32 { kLeft = 1, kRight = 2, kMiddle = 4 };
    static constexpr int kAbsMax = 0x7fff;  // QEMU's INPUT_EVENT_ABS_MAX
    virtual ~PointerSink() = default;
    virtual bool absolute() const = 0;
    // One event: the motion (relative deltas or absolute position, by
    // absolute()), the wheel (positive = up) and the buttons now held.
    virtual void pointer_event(int x, int y, int wheel, u32 buttons) = 0;
};

class InputRouter {
  public:
    void add_keyboard(KeyboardSink* k) { keyboards_.push_back(k); }
    void add_pointer(PointerSink* p) { pointers_.push_back(p); }
    void activate(KeyboardSink* k) { to_front(keyboards_, k); }
    void activate(PointerSink* p) { to_front(pointers_, p); }

    // Host side -------------------------------------------------------------
    void key(u16 code, bool down) {
        if (!keyboards_.empty()) keyboards_.front()->key_event(code, down);
    }
    bool has_pointer() const { return !pointers_.empty(); }
    bool pointer_absolute() const { return has_pointer() && pointers_.front()->absolute(); }
    // A relative motion; an absolute pointer gets it added to its last position.
    void pointer_rel(int dx, int dy, int wheel, u32 buttons);
    // An absolute position (0..kAbsMax); a relative pointer gets the difference.
    void pointer_abs(int x, int y, int wheel, u32 buttons);
    // Buttons or the wheel without motion: the front pointer, whatever its kind.
    void pointer_buttons(int wheel, u32 buttons);

  private:
    PointerSink* first_pointer(bool absolute) const;
    template <class T>
    static void to_front(std::vector<T*>& v, T* x) {
        auto it = std::find(v.begin(), v.end(), x);
        if (it != v.end()) std::rotate(v.begin(), it, it + 1);
    }
    std::vector<KeyboardSink*> keyboards_;
    std::vector<PointerSink*> pointers_;
    int abs_x_ = 0, abs_y_ = 0;  // the last absolute position sent
};

// Linux key codes by QEMU's key names ("a", "ret", "ctrl", "up", "f1", ...: the
// QKeyCode names HMP's sendkey and QMP's send-key take). 0 if unknown.
u16 key_code_by_qcode_name(const char* name);
// The Linux key code of a USB HID keyboard-page usage (which is what SDL's
// scancodes are); 0 where there is none.
u16 key_code_from_hid_usage(u16 usage);

}  // namespace bw
