#include "core/ui/input.h"

#include <cstring>

namespace bw {

void InputRouter::pointer_rel(int dx, int dy, int wheel, u32 buttons) {
    if (pointers_.empty()) return;
    PointerSink* p = pointers_.front();
    if (!p->absolute()) {
        p->pointer_event(dx, dy, wheel, buttons);
        return;
    }
    abs_x_ = std::clamp(abs_x_ + dx, 0, PointerSink::kAbsMax);
    abs_y_ = std::clamp(abs_y_ + dy, 0, PointerSink::kAbsMax);
    p->pointer_event(abs_x_, abs_y_, wheel, buttons);
}

void InputRouter::pointer_abs(int x, int y, int wheel, u32 buttons) {
    if (pointers_.empty()) return;
    x = std::clamp(x, 0, PointerSink::kAbsMax);
    y = std::clamp(y, 0, PointerSink::kAbsMax);
    PointerSink* p = pointers_.front();
    if (p->absolute()) {
        p->pointer_event(x, y, wheel, buttons);
    } else {
        p->pointer_event(x - abs_x_, y - abs_y_, wheel, buttons);
    }
    abs_x_ = x;
    abs_y_ = y;
}

namespace {

// QKeyCode names (qapi/ui.json) and the Linux key codes they stand for; where
// two names share a code the first is the one reported back.
struct NamedKey {
    u16 code;
    const char* name;
};
const NamedKey kKeys[] = {
    {1, "esc"}, {2, "1"}, {3, "2"}, {4, "3"}, {5, "4"}, {6, "5"}, {7, "6"}, {8, "7"},
    {9, "8"}, {10, "9"}, {11, "0"}, {12, "minus"}, {13, "equal"}, {14, "backspace"},
    {15, "tab"}, {16, "q"}, {17, "w"}, {18, "e"}, {19, "r"}, {20, "t"}, {21, "y"}, {22, "u"},
    {23, "i"}, {24, "o"}, {25, "p"}, {26, "bracket_left"}, {27, "bracket_right"}, {28, "ret"},
    {29, "ctrl"}, {30, "a"}, {31, "s"}, {32, "d"}, {33, "f"}, {34, "g"}, {35, "h"}, {36, "j"},
    {37, "k"}, {38, "l"}, {39, "semicolon"}, {40, "apostrophe"}, {41, "grave_accent"},
    {42, "shift"}, {43, "backslash"}, {44, "z"}, {45, "x"}, {46, "c"}, {47, "v"}, {48, "b"},
    {49, "n"}, {50, "m"}, {51, "comma"}, {52, "dot"}, {53, "slash"}, {54, "shift_r"},
    {55, "kp_multiply"}, {55, "asterisk"}, {56, "alt"}, {57, "spc"}, {58, "caps_lock"},
    {59, "f1"}, {60, "f2"}, {61, "f3"}, {62, "f4"}, {63, "f5"}, {64, "f6"}, {65, "f7"},
    {66, "f8"}, {67, "f9"}, {68, "f10"}, {69, "num_lock"}, {70, "scroll_lock"}, {71, "kp_7"},
    {72, "kp_8"}, {73, "kp_9"}, {74, "kp_subtract"}, {75, "kp_4"}, {76, "kp_5"}, {77, "kp_6"},
    {78, "kp_add"}, {79, "kp_1"}, {80, "kp_2"}, {81, "kp_3"}, {82, "kp_0"}, {83, "kp_decimal"},
    {86, "less"}, {87, "f11"}, {88, "f12"}, {89, "ro"}, {91, "hiragana"}, {92, "henkan"},
    {93, "katakanahiragana"}, {94, "muhenkan"}, {96, "kp_enter"}, {97, "ctrl_r"},
    {98, "kp_divide"}, {99, "sysrq"}, {99, "print"}, {100, "alt_r"}, {101, "lf"}, {102, "home"},
    {103, "up"}, {104, "pgup"}, {105, "left"}, {106, "right"}, {107, "end"}, {108, "down"},
    {109, "pgdn"}, {110, "insert"}, {111, "delete"}, {113, "audiomute"}, {114, "volumedown"},
    {115, "volumeup"}, {116, "power"}, {117, "kp_equals"}, {119, "pause"}, {121, "kp_comma"},
    {122, "lang1"}, {123, "lang2"}, {124, "yen"}, {125, "meta_l"}, {126, "meta_r"},
    {127, "compose"}, {128, "stop"}, {129, "again"}, {130, "props"}, {131, "undo"},
    {132, "front"}, {133, "copy"}, {134, "open"}, {135, "paste"}, {136, "find"}, {137, "cut"},
    {138, "help"}, {139, "menu"}, {140, "calculator"}, {142, "sleep"}, {143, "wake"},
    {155, "mail"}, {156, "ac_bookmarks"}, {157, "computer"}, {158, "ac_back"},
    {159, "ac_forward"}, {163, "audionext"}, {164, "audioplay"}, {165, "audioprev"},
    {166, "audiostop"}, {172, "ac_home"}, {173, "ac_refresh"}, {226, "mediaselect"},
};

}  // namespace

u16 key_code_by_qcode_name(const char* name) {
    for (const NamedKey& k : kKeys) {
        if (std::strcmp(k.name, name) == 0) return k.code;
    }
    return 0;
}

const char* qcode_name_of_key(u16 code) {
    for (const NamedKey& k : kKeys) {
        if (k.code == code) return k.name;
    }
    return nullptr;
}

}  // namespace bw
