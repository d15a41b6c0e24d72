#include "core/ui/input.h"

#include <cstring>
#include <utility>

namespace bw {

// As QEMU's qemu_input_find_handler: an event goes to the first pointer that
// takes its kind (relative motion to a mouse, positions to a tablet); only if
// there is none does the front pointer get it converted.
PointerSink* InputRouter::first_pointer(bool absolute) const {
    for (PointerSink* p : pointers_) {
        if (p->absolute() == absolute) return p;
    }
    return pointers_.empty() ? nullptr : pointers_.front();
}

void InputRouter::pointer_rel(int dx, int dy, int wheel, u32 buttons) {
    PointerSink* p = first_pointer(false);
    if (!p) return;
    if (!p->absolute()) {
        p->pointer_event(dx, dy, wheel, buttons);
        return;
    }
    abs_x_ = std::clamp(abs_x_ + dx, 0, PointerSink::kAbsMax);
    abs_y_ = std::clamp(abs_y_ + dy, 0, PointerSink::kAbsMax);
    p->pointer_event(abs_x_, abs_y_, wheel, buttons);
}

void InputRouter::pointer_buttons(int wheel, u32 buttons) {
    if (pointers_.empty()) return;
    PointerSink* p = pointers_.front();
    if (p->absolute()) {
        p->pointer_event(abs_x_, abs_y_, wheel, buttons);
    } else {
        p->pointer_event(0, 0, wheel, buttons);
    }
}

void InputRouter::pointer_abs(int x, int y, int wheel, u32 buttons) {
    PointerSink* p = first_pointer(true);
    if (!p) return;
    x = std::clamp(x, 0, PointerSink::kAbsMax);
    y = std::clamp(y, 0, PointerSink::kAbsMax);
    if (p->absolute()) {
        p->pointer_event(x, y, wheel, buttons);
    } else {
        p->pointer_event(x - abs_x_, y - abs_y_, wheel, buttons);
    }
    abs_x_ = x;
    abs_y_ = y;
}

namespace {

// QKeyCode names (qapi/ui.json) and the Linux key codes they stand for.
struct NamedKey {
    u16 code;
    const char* name;
};
const NamedKey kKeys[] = {
    {1, "esc"},
    {2, "1"},
    {3, "2"},
    {4, "3"},
    {5, "4"},
    {6, "5"},
    {7, "6"},
    {8, "7"},
    {9, "8"},
    {10, "9"},
    {11, "0"},
    {12, "minus"},
    {13, "equal"},
    {14, "backspace"},
    {15, "tab"},
    {16, "q"},
    {17, "w"},
    {18, "e"},
    {19, "r"},
    {20, "t"},
    {21, "y"},
    {22, "u"},
    {23, "i"},
    {24, "o"},
    {25, "p"},
    {26, "bracket_left"},
    {27, "bracket_right"},
    {28, "ret"},
    {29, "ctrl"},
    {30, "a"},
    {31, "s"},
    {32, "d"},
    {33, "f"},
    {34, "g"},
    {35, "h"},
    {36, "j"},
    {37, "k"},
    {38, "l"},
    {39, "semicolon"},
    {40, "apostrophe"},
    {41, "grave_accent"},
    {42, "shift"},
    {43, "backslash"},
    {44, "z"},
    {45, "x"},
    {46, "c"},
    {47, "v"},
    {48, "b"},
    {49, "n"},
    {50, "m"},
    {51, "comma"},
    {52, "dot"},
    {53, "slash"},
    {54, "shift_r"},
    {55, "kp_multiply"},
    {55, "asterisk"},
    {56, "alt"},
    {57, "spc"},
    {58, "caps_lock"},
    {59, "f1"},
    {60, "f2"},
    {61, "f3"},
    {62, "f4"},
    {63, "f5"},
    {64, "f6"},
    {65, "f7"},
    {66, "f8"},
    {67, "f9"},
    {68, "f10"},
    {69, "num_lock"},
    {70, "scroll_lock"},
    {71, "kp_7"},
    {72, "kp_8"},
    {73, "kp_9"},
    {74, "kp_subtract"},
    {75, "kp_4"},
    {76, "kp_5"},
    {77, "kp_6"},
    {78, "kp_add"},
    {79, "kp_1"},
    {80, "kp_2"},
    {81, "kp_3"},
    {82, "kp_0"},
    {83, "kp_decimal"},
    {86, "less"},
    {87, "f11"},
    {88, "f12"},
    {89, "ro"},
    {91, "hiragana"},
    {92, "henkan"},
    {93, "katakanahiragana"},
    {94, "muhenkan"},
    {96, "kp_enter"},
    {97, "ctrl_r"},
    {98, "kp_divide"},
    {99, "sysrq"},
    {99, "print"},
    {100, "alt_r"},
    {101, "lf"},
    {102, "home"},
    {103, "up"},
    {104, "pgup"},
    {105, "left"},
    {106, "right"},
    {107, "end"},
    {108, "down"},
    {109, "pgdn"},
    {110, "insert"},
    {111, "delete"},
    {113, "audiomute"},
    {114, "volumedown"},
    {115, "volumeup"},
    {116, "power"},
    {117, "kp_equals"},
    {119, "pause"},
    {121, "kp_comma"},
    {122, "lang1"},
    {123, "lang2"},
    {124, "yen"},
    {125, "meta_l"},
    {126, "meta_r"},
    {127, "compose"},
    {128, "stop"},
    {129, "again"},
    {130, "props"},
    {131, "undo"},
    {132, "front"},
    {133, "copy"},
    {134, "open"},
    {135, "paste"},
    {136, "find"},
    {137, "cut"},
    {138, "help"},
    {139, "menu"},
    {140, "calculator"},
    {142, "sleep"},
    {143, "wake"},
    {155, "mail"},
    {156, "ac_bookmarks"},
    {157, "computer"},
    {158, "ac_back"},
    {159, "ac_forward"},
    {163, "audionext"},
    {164, "audioplay"},
    {165, "audioprev"},
    {166, "audiostop"},
    {172, "ac_home"},
    {173, "ac_refresh"},
    {226, "mediaselect"},
};

// HID keyboard-page usage -> Linux key code (HUT 1.12 section 10), in usage
// order; 0x32 (non-US #) shares KEY_BACKSLASH with 0x31.
const std::pair<u8, u8> kHidKeys[] = {
    {0x04, 30},  {0x05, 48},  {0x06, 46},  {0x07, 32},  {0x08, 18},  {0x09, 33},  {0x0a, 34},
    {0x0b, 35},  {0x0c, 23},  {0x0d, 36},  {0x0e, 37},  {0x0f, 38},  {0x10, 50},  {0x11, 49},
    {0x12, 24},  {0x13, 25},  {0x14, 16},  {0x15, 19},  {0x16, 31},  {0x17, 20},  {0x18, 22},
    {0x19, 47},  {0x1a, 17},  {0x1b, 45},  {0x1c, 21},  {0x1d, 44},  {0x1e, 2},   {0x1f, 3},
    {0x20, 4},   {0x21, 5},   {0x22, 6},   {0x23, 7},   {0x24, 8},   {0x25, 9},   {0x26, 10},
    {0x27, 11},  {0x28, 28},  {0x29, 1},   {0x2a, 14},  {0x2b, 15},  {0x2c, 57},  {0x2d, 12},
    {0x2e, 13},  {0x2f, 26},  {0x30, 27},  {0x31, 43},  {0x32, 43},  {0x33, 39},  {0x34, 40},
    {0x35, 41},  {0x36, 51},  {0x37, 52},  {0x38, 53},  {0x39, 58},  {0x3a, 59},  {0x3b, 60},
    {0x3c, 61},  {0x3d, 62},  {0x3e, 63},  {0x3f, 64},  {0x40, 65},  {0x41, 66},  {0x42, 67},
    {0x43, 68},  {0x44, 87},  {0x45, 88},  {0x46, 99},  {0x47, 70},  {0x48, 119}, {0x49, 110},
    {0x4a, 102}, {0x4b, 104}, {0x4c, 111}, {0x4d, 107}, {0x4e, 109}, {0x4f, 106}, {0x50, 105},
    {0x51, 108}, {0x52, 103}, {0x53, 69},  {0x54, 98},  {0x55, 55},  {0x56, 74},  {0x57, 78},
    {0x58, 96},  {0x59, 79},  {0x5a, 80},  {0x5b, 81},  {0x5c, 75},  {0x5d, 76},  {0x5e, 77},
    {0x5f, 71},  {0x60, 72},  {0x61, 73},  {0x62, 82},  {0x63, 83},  {0x64, 86},  {0x65, 127},
    {0x66, 116}, {0x67, 117}, {0x68, 183}, {0x69, 184}, {0x6a, 185}, {0x6b, 186}, {0x6c, 187},
    {0x6d, 188}, {0x6e, 189}, {0x6f, 190}, {0x70, 191}, {0x71, 192}, {0x72, 193}, {0x73, 194},
    {0x74, 134}, {0x75, 138}, {0x76, 139}, {0x77, 132}, {0x78, 128}, {0x79, 129}, {0x7a, 131},
    {0x7b, 137}, {0x7c, 133}, {0x7d, 135}, {0x7e, 136}, {0x7f, 113}, {0x80, 115}, {0x81, 114},
    {0x85, 121}, {0x87, 89},  {0x88, 93},  {0x89, 124}, {0x8a, 92},  {0x8b, 94},  {0x8c, 95},
    {0x90, 122}, {0x91, 123}, {0x92, 90},  {0x93, 91},  {0x94, 85},  {0xb6, 179}, {0xb7, 180},
    {0xe0, 29},  {0xe1, 42},  {0xe2, 56},  {0xe3, 125}, {0xe4, 97},  {0xe5, 54},  {0xe6, 100},
    {0xe7, 126},
};

}  // namespace

u16 key_code_from_hid_usage(u16 usage) {
    for (auto [u, code] : kHidKeys) {
        if (u == usage) return code;
    }
    return 0;
}

u16 key_code_by_qcode_name(const char* name) {
    for (const NamedKey& k : kKeys) {
        if (std::strcmp(k.name, name) == 0) return k.code;
    }
    return 0;
}

}  // namespace bw
