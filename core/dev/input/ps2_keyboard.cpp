#include "core/dev/input/ps2_keyboard.h"

#include "core/common/log.h"

namespace bw {

namespace {

enum : u8 {
    KBD_CMD_SET_LEDS = 0xed,
    KBD_CMD_ECHO = 0xee,
    KBD_CMD_SCANCODE = 0xf0,
    KBD_CMD_GET_ID = 0xf2,
    KBD_CMD_SET_RATE = 0xf3,
    KBD_CMD_ENABLE = 0xf4,
    KBD_CMD_RESET_DISABLE = 0xf5,
    KBD_CMD_RESET_ENABLE = 0xf6,
    KBD_CMD_SET_TYPEMATIC = 0xfa,
    KBD_CMD_SET_MAKE_BREAK = 0xfc,
    KBD_CMD_RESET = 0xff,
    KBD_REPLY_POR = 0xaa,
    KBD_REPLY_ID = 0xab,
    KBD_REPLY_ACK = 0xfa,
    KBD_REPLY_RESEND = 0xfe,
};

// Linux key codes of the keys with special handling or modifier state.
enum : u16 {
    KEY_LEFTCTRL = 29,
    KEY_LEFTSHIFT = 42,
    KEY_RIGHTSHIFT = 54,
    KEY_LEFTALT = 56,
    KEY_RIGHTCTRL = 97,
    KEY_SYSRQ = 99,  // Print Screen
    KEY_RIGHTALT = 100,
    KEY_PAUSE = 119,
};

enum : u8 {
    kModCtrlL = 1 << 0,
    kModShiftL = 1 << 1,
    kModAltL = 1 << 2,
    kModCtrlR = 1 << 3,
    kModShiftR = 1 << 4,
    kModAltR = 1 << 5,
};

u8 modifier_bit(u16 key) {
    switch (key) {
        case KEY_LEFTCTRL: return kModCtrlL;
        case KEY_RIGHTCTRL: return kModCtrlR;
        case KEY_LEFTSHIFT: return kModShiftL;
        case KEY_RIGHTSHIFT: return kModShiftR;
        case KEY_LEFTALT: return kModAltL;
        case KEY_RIGHTALT: return kModAltR;
        default: return 0;
    }
}

// The i8042's set 2 -> set 1 translation (the IBM PC/AT keyboard controller's
// table); codes from 0x80 up pass unchanged except 0x83 (F7) and 0x84 (SysRq).
const u8 kTranslate[128] = {
    0xff, 0x43, 0x41, 0x3f, 0x3d, 0x3b, 0x3c, 0x58, 0x64, 0x44, 0x42, 0x40, 0x3e, 0x0f, 0x29, 0x59,
    0x65, 0x38, 0x2a, 0x70, 0x1d, 0x10, 0x02, 0x5a, 0x66, 0x71, 0x2c, 0x1f, 0x1e, 0x11, 0x03, 0x5b,
    0x67, 0x2e, 0x2d, 0x20, 0x12, 0x05, 0x04, 0x5c, 0x68, 0x39, 0x2f, 0x21, 0x14, 0x13, 0x06, 0x5d,
    0x69, 0x31, 0x30, 0x23, 0x22, 0x15, 0x07, 0x5e, 0x6a, 0x72, 0x32, 0x24, 0x16, 0x08, 0x09, 0x5f,
    0x6b, 0x33, 0x25, 0x17, 0x18, 0x0b, 0x0a, 0x60, 0x6c, 0x34, 0x35, 0x26, 0x27, 0x19, 0x0c, 0x61,
    0x6d, 0x73, 0x28, 0x74, 0x1a, 0x0d, 0x62, 0x6e, 0x3a, 0x36, 0x1c, 0x1b, 0x75, 0x2b, 0x63, 0x76,
    0x55, 0x56, 0x77, 0x78, 0x79, 0x7a, 0x0e, 0x7b, 0x7c, 0x4f, 0x7d, 0x4b, 0x47, 0x7e, 0x7f, 0x6f,
    0x52, 0x53, 0x50, 0x4c, 0x4d, 0x48, 0x01, 0x45, 0x57, 0x4e, 0x51, 0x4a, 0x37, 0x49, 0x46, 0x54,
};

u8 translate(u8 code) {
    if (code < 0x80) return kTranslate[code];
    if (code == 0x83) return 0x41;
    if (code == 0x84) return 0x54;
    return code;
}

// Scan codes per Linux key code for the keys QEMU has a name for (its
// keycodemapdb columns): set 1 and set 2 with an E0 prefix in bits 15..8, set 3.
struct KeyCodes {
    u16 key;
    u16 set1, set2;
    u8 set3;
};

const KeyCodes kKeys[] = {
    {1, 0x0001, 0x0076, 0x08},    // KEY_ESC
    {2, 0x0002, 0x0016, 0x16},    // KEY_1
    {3, 0x0003, 0x001e, 0x1e},    // KEY_2
    {4, 0x0004, 0x0026, 0x26},    // KEY_3
    {5, 0x0005, 0x0025, 0x25},    // KEY_4
    {6, 0x0006, 0x002e, 0x2e},    // KEY_5
    {7, 0x0007, 0x0036, 0x36},    // KEY_6
    {8, 0x0008, 0x003d, 0x3d},    // KEY_7
    {9, 0x0009, 0x003e, 0x3e},    // KEY_8
    {10, 0x000a, 0x0046, 0x46},   // KEY_9
    {11, 0x000b, 0x0045, 0x45},   // KEY_0
    {12, 0x000c, 0x004e, 0x4e},   // KEY_MINUS
    {13, 0x000d, 0x0055, 0x55},   // KEY_EQUAL
    {14, 0x000e, 0x0066, 0x66},   // KEY_BACKSPACE
    {15, 0x000f, 0x000d, 0x0d},   // KEY_TAB
    {16, 0x0010, 0x0015, 0x15},   // KEY_Q
    {17, 0x0011, 0x001d, 0x1d},   // KEY_W
    {18, 0x0012, 0x0024, 0x24},   // KEY_E
    {19, 0x0013, 0x002d, 0x2d},   // KEY_R
    {20, 0x0014, 0x002c, 0x2c},   // KEY_T
    {21, 0x0015, 0x0035, 0x35},   // KEY_Y
    {22, 0x0016, 0x003c, 0x3c},   // KEY_U
    {23, 0x0017, 0x0043, 0x43},   // KEY_I
    {24, 0x0018, 0x0044, 0x44},   // KEY_O
    {25, 0x0019, 0x004d, 0x4d},   // KEY_P
    {26, 0x001a, 0x0054, 0x54},   // KEY_LEFTBRACE
    {27, 0x001b, 0x005b, 0x5b},   // KEY_RIGHTBRACE
    {28, 0x001c, 0x005a, 0x5a},   // KEY_ENTER
    {29, 0x001d, 0x0014, 0x11},   // KEY_LEFTCTRL
    {30, 0x001e, 0x001c, 0x1c},   // KEY_A
    {31, 0x001f, 0x001b, 0x1b},   // KEY_S
    {32, 0x0020, 0x0023, 0x23},   // KEY_D
    {33, 0x0021, 0x002b, 0x2b},   // KEY_F
    {34, 0x0022, 0x0034, 0x34},   // KEY_G
    {35, 0x0023, 0x0033, 0x33},   // KEY_H
    {36, 0x0024, 0x003b, 0x3b},   // KEY_J
    {37, 0x0025, 0x0042, 0x42},   // KEY_K
    {38, 0x0026, 0x004b, 0x4b},   // KEY_L
    {39, 0x0027, 0x004c, 0x4c},   // KEY_SEMICOLON
    {40, 0x0028, 0x0052, 0x52},   // KEY_APOSTROPHE
    {41, 0x0029, 0x000e, 0x0e},   // KEY_GRAVE
    {42, 0x002a, 0x0012, 0x12},   // KEY_SHIFT
    {43, 0x002b, 0x005d, 0x5c},   // KEY_BACKSLASH
    {44, 0x002c, 0x001a, 0x1a},   // KEY_Z
    {45, 0x002d, 0x0022, 0x22},   // KEY_X
    {46, 0x002e, 0x0021, 0x21},   // KEY_C
    {47, 0x002f, 0x002a, 0x2a},   // KEY_V
    {48, 0x0030, 0x0032, 0x32},   // KEY_B
    {49, 0x0031, 0x0031, 0x31},   // KEY_N
    {50, 0x0032, 0x003a, 0x3a},   // KEY_M
    {51, 0x0033, 0x0041, 0x41},   // KEY_COMMA
    {52, 0x0034, 0x0049, 0x49},   // KEY_DOT
    {53, 0x0035, 0x004a, 0x4a},   // KEY_SLASH
    {54, 0x0036, 0x0059, 0x59},   // KEY_RIGHTSHIFT
    {55, 0x0037, 0x007c, 0x7e},   // KEY_KPASTERISK
    {56, 0x0038, 0x0011, 0x19},   // KEY_LEFTALT
    {57, 0x0039, 0x0029, 0x29},   // KEY_SPACE
    {58, 0x003a, 0x0058, 0x14},   // KEY_CAPSLOCK
    {59, 0x003b, 0x0005, 0x07},   // KEY_F1
    {60, 0x003c, 0x0006, 0x0f},   // KEY_F2
    {61, 0x003d, 0x0004, 0x17},   // KEY_F3
    {62, 0x003e, 0x000c, 0x1f},   // KEY_F4
    {63, 0x003f, 0x0003, 0x27},   // KEY_F5
    {64, 0x0040, 0x000b, 0x2f},   // KEY_F6
    {65, 0x0041, 0x0083, 0x37},   // KEY_F7
    {66, 0x0042, 0x000a, 0x3f},   // KEY_F8
    {67, 0x0043, 0x0001, 0x47},   // KEY_F9
    {68, 0x0044, 0x0009, 0x4f},   // KEY_F10
    {69, 0x0045, 0x0077, 0x76},   // KEY_NUMLOCK
    {70, 0x0046, 0x007e, 0x5f},   // KEY_SCROLLLOCK
    {71, 0x0047, 0x006c, 0x6c},   // KEY_KP7
    {72, 0x0048, 0x0075, 0x75},   // KEY_KP8
    {73, 0x0049, 0x007d, 0x7d},   // KEY_KP9
    {74, 0x004a, 0x007b, 0x4e},   // KEY_KPMINUS
    {75, 0x004b, 0x006b, 0x6b},   // KEY_KP4
    {76, 0x004c, 0x0073, 0x73},   // KEY_KP5
    {77, 0x004d, 0x0074, 0x74},   // KEY_KP6
    {78, 0x004e, 0x0079, 0x7c},   // KEY_KPPLUS
    {79, 0x004f, 0x0069, 0x69},   // KEY_KP1
    {80, 0x0050, 0x0072, 0x72},   // KEY_KP2
    {81, 0x0051, 0x007a, 0x7a},   // KEY_KP3
    {82, 0x0052, 0x0070, 0x70},   // KEY_KP0
    {83, 0x0053, 0x0071, 0x71},   // KEY_KPDOT
    {86, 0x0056, 0x0061, 0x13},   // KEY_102ND
    {87, 0x0057, 0x0078, 0x56},   // KEY_F11
    {88, 0x0058, 0x0007, 0x5e},   // KEY_F12
    {89, 0x0073, 0x0051, 0x00},   // KEY_RO
    {91, 0x0077, 0x0062, 0x87},   // KEY_HIRAGANA
    {92, 0x0079, 0x0064, 0x86},   // KEY_HENKAN
    {93, 0x0070, 0x0013, 0x87},   // KEY_KATAKANAHIRAGANA
    {94, 0x007b, 0x0067, 0x85},   // KEY_MUHENKAN
    {96, 0xe01c, 0xe05a, 0x79},   // KEY_KPENTER
    {97, 0xe01d, 0xe014, 0x58},   // KEY_RIGHTCTRL
    {98, 0xe035, 0xe04a, 0x4a},   // KEY_KPSLASH
    {99, 0x0054, 0x007f, 0x57},   // KEY_SYSRQ
    {100, 0xe038, 0xe011, 0x39},  // KEY_RIGHTALT
    {101, 0x005b, 0x0000, 0x00},  // KEY_LINEFEED
    {102, 0xe047, 0xe06c, 0x6e},  // KEY_HOME
    {103, 0xe048, 0xe075, 0x63},  // KEY_UP
    {104, 0xe049, 0xe07d, 0x6f},  // KEY_PAGEUP
    {105, 0xe04b, 0xe06b, 0x61},  // KEY_LEFT
    {106, 0xe04d, 0xe074, 0x6a},  // KEY_RIGHT
    {107, 0xe04f, 0xe069, 0x65},  // KEY_END
    {108, 0xe050, 0xe072, 0x60},  // KEY_DOWN
    {109, 0xe051, 0xe07a, 0x6d},  // KEY_PAGEDOWN
    {110, 0xe052, 0xe070, 0x67},  // KEY_INSERT
    {111, 0xe053, 0xe071, 0x64},  // KEY_DELETE
    {113, 0xe020, 0xe023, 0x9c},  // KEY_MUTE
    {114, 0xe02e, 0xe021, 0x9d},  // KEY_VOLUMEDOWN
    {115, 0xe030, 0xe032, 0x95},  // KEY_VOLUMEUP
    {116, 0xe05e, 0xe037, 0x00},  // KEY_POWER
    {117, 0x0059, 0x000f, 0x00},  // KEY_KPEQUAL
    {119, 0xe046, 0xe077, 0x62},  // KEY_PAUSE
    {121, 0x007e, 0x006d, 0x00},  // KEY_KPCOMMA
    {122, 0x0072, 0x0000, 0x00},  // KEY_HANGEUL
    {123, 0x0071, 0x0000, 0x00},  // KEY_HANJA
    {124, 0x007d, 0x006a, 0x5d},  // KEY_YEN
    {125, 0xe05b, 0xe01f, 0x8b},  // KEY_LEFTMETA
    {126, 0xe05c, 0xe027, 0x8c},  // KEY_RIGHTMETA
    {127, 0xe05d, 0xe02f, 0x8d},  // KEY_COMPOSE
    {128, 0xe068, 0xe028, 0x0a},  // KEY_STOP
    {129, 0xe005, 0x0000, 0x0b},  // KEY_AGAIN
    {130, 0xe006, 0x0000, 0x0c},  // KEY_PROPS
    {131, 0xe007, 0x0000, 0x10},  // KEY_UNDO
    {132, 0xe00c, 0x0000, 0x00},  // KEY_FRONT
    {133, 0xe078, 0x0000, 0x18},  // KEY_COPY
    {134, 0x0064, 0x0000, 0x20},  // KEY_OPEN
    {135, 0x0065, 0x0000, 0x28},  // KEY_PASTE
    {136, 0xe041, 0x0000, 0x30},  // KEY_FIND
    {137, 0xe03c, 0x0000, 0x38},  // KEY_CUT
    {138, 0xe075, 0x0000, 0x09},  // KEY_HELP
    {139, 0xe01e, 0x0000, 0x91},  // KEY_MENU
    {140, 0xe021, 0xe02b, 0xa3},  // KEY_CALC
    {142, 0xe05f, 0xe03f, 0x00},  // KEY_SLEEP
    {143, 0xe063, 0xe05e, 0x00},  // KEY_WAKEUP
    {155, 0xe06c, 0xe048, 0x00},  // KEY_MAIL
    {156, 0xe066, 0xe018, 0x00},  // KEY_BOOKMARKS
    {157, 0xe06b, 0xe040, 0x00},  // KEY_COMPUTER
    {158, 0xe06a, 0xe038, 0x00},  // KEY_BACK
    {159, 0xe069, 0xe030, 0x00},  // KEY_FORWARD
    {163, 0xe019, 0xe04d, 0x93},  // KEY_NEXTSONG
    {164, 0xe022, 0xe034, 0x00},  // KEY_PLAYPAUSE
    {165, 0xe010, 0xe015, 0x94},  // KEY_PREVIOUSSONG
    {166, 0xe024, 0xe03b, 0x98},  // KEY_STOPCD
    {172, 0xe032, 0xe03a, 0x97},  // KEY_HOMEPAGE
    {173, 0xe067, 0xe020, 0x00},  // KEY_REFRESH
    {226, 0xe06d, 0xe050, 0x00},  // KEY_MEDIA
};

}  // namespace

u16 Ps2Keyboard::scancode(u16 key, int set) {
    size_t lo = 0, hi = sizeof kKeys / sizeof kKeys[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (kKeys[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == sizeof kKeys / sizeof kKeys[0] || kKeys[lo].key != key) return 0;
    switch (set) {
        case 1: return kKeys[lo].set1;
        case 2: return kKeys[lo].set2;
        case 3: return kKeys[lo].set3;
        default: return 0;
    }
}

void Ps2Keyboard::reset() {
    clear_queue();
    write_cmd_ = kIdle;
    s_ = State{};
    irq.lower();
}

// |code| is in the selected set; the controller's translation applies here.
void Ps2Keyboard::put_code(u8 code) {
    if (!s_.translate) {
        push({code});
    } else if (code == 0xf0) {
        s_.need_high_bit = true;
    } else if (s_.need_high_bit) {
        push({u8(translate(code) | 0x80)});
        s_.need_high_bit = false;
    } else {
        push({translate(code)});
    }
}

void Ps2Keyboard::put_codes(std::initializer_list<u8> codes) {
    for (u8 c : codes) put_code(c);
}

// Pause has no break code; with Ctrl held it is Break.
void Ps2Keyboard::pause_key(bool down) {
    if (!down) return;
    bool ctrl = s_.modifiers & (kModCtrlL | kModCtrlR);
    if (s_.scancode_set == 1) {
        if (ctrl)
            put_codes({0xe0, 0x46, 0xe0, 0xc6});
        else
            put_codes({0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5});
    } else {
        if (ctrl)
            put_codes({0xe0, 0x7e, 0xe0, 0xf0, 0x7e});
        else
            put_codes({0xe1, 0x14, 0x77, 0xe1, 0xf0, 0x14, 0xf0, 0x77});
    }
}

// Print Screen: SysRq with Alt held, a bare E0 code with Ctrl or Shift held,
// else a fake-shifted E0 code (QEMU's sequences, which also undo the Alt).
void Ps2Keyboard::print_key(bool down) {
    u8 m = s_.modifiers;
    if (s_.scancode_set == 1) {
        if (m & kModAltL) {
            if (down)
                put_codes({0xb8, 0x38, 0x54});
            else
                put_codes({0xd4, 0xb8, 0x38});
        } else if (m & kModAltR) {
            if (down)
                put_codes({0xe0, 0xb8, 0xe0, 0x38, 0x54});
            else
                put_codes({0xd4, 0xe0, 0xb8, 0xe0, 0x38});
        } else if (m & (kModShiftL | kModShiftR | kModCtrlL | kModCtrlR)) {
            if (down)
                put_codes({0xe0, 0x37});
            else
                put_codes({0xe0, 0xb7});
        } else {
            if (down)
                put_codes({0xe0, 0x2a, 0xe0, 0x37});
            else
                put_codes({0xe0, 0xb7, 0xe0, 0xaa});
        }
    } else {
        if (m & kModAltL) {
            if (down)
                put_codes({0xf0, 0x11, 0x11, 0x84});
            else
                put_codes({0xf0, 0x84, 0xf0, 0x11, 0x11});
        } else if (m & kModAltR) {
            if (down)
                put_codes({0xe0, 0xf0, 0x11, 0xe0, 0x11, 0x84});
            else
                put_codes({0xf0, 0x84, 0xe0, 0xf0, 0x11, 0xe0, 0x11});
        } else if (m & (kModShiftL | kModShiftR | kModCtrlL | kModCtrlR)) {
            if (down)
                put_codes({0xe0, 0x7c});
            else
                put_codes({0xe0, 0xf0, 0x7c});
        } else {
            if (down)
                put_codes({0xe0, 0x12, 0xe0, 0x7c});
            else
                put_codes({0xe0, 0xf0, 0x7c, 0xe0, 0xf0, 0x12});
        }
    }
}

void Ps2Keyboard::key_event(u16 code, bool down) {
    // Nothing is queued while scanning is off, so the stream stays whole.
    if (!s_.scan_enabled) return;
    u8 mod = modifier_bit(code);
    if (down)
        s_.modifiers |= mod;
    else
        s_.modifiers &= u8(~mod);

    int set = s_.scancode_set;
    // QEMU gives Pause and Print Screen their sequences in sets 1 and 2 only.
    if (set != 3 && code == KEY_PAUSE) return pause_key(down);
    if (set != 3 && code == KEY_SYSRQ) return print_key(down);
    u16 sc = scancode(code, set);
    if (!sc) {
        log_message(LogCategory::Unimplemented, "ps2: no set %d scan code for key %u", set, code);
        return;
    }
    if (set == 3) {
        if (!down) put_code(0xf0);
        put_code(u8(sc));
        return;
    }
    if (sc & 0xff00) put_code(u8(sc >> 8));
    if (set == 1) {
        put_code(u8(down ? sc : (sc | 0x80)));
    } else {
        if (!down) put_code(0xf0);
        put_code(u8(sc));
    }
}

void Ps2Keyboard::reset_keyboard() {
    s_.scan_enabled = true;
    s_.scancode_set = 2;
    clear_queue();
    s_.leds = 0;
    if (on_leds) on_leds(0);
}

void Ps2Keyboard::write(u8 value) {
    drop_replies();
    int cmd = write_cmd_;
    write_cmd_ = kIdle;
    switch (cmd) {
        case KBD_CMD_SET_MAKE_BREAK:
        case KBD_CMD_SET_RATE: push_reply({KBD_REPLY_ACK}); return;
        case KBD_CMD_SCANCODE:
            if (value == 0) {
                u8 set = u8(s_.scancode_set);
                push_reply({KBD_REPLY_ACK, s_.translate ? translate(set) : set});
            } else if (value <= 3) {
                s_.scancode_set = value;
                push_reply({KBD_REPLY_ACK});
            } else {
                push_reply({KBD_REPLY_RESEND});
            }
            return;
        case KBD_CMD_SET_LEDS:
            s_.leds = value;
            if (on_leds) on_leds(value);
            push_reply({KBD_REPLY_ACK});
            return;
        default: command(value); return;
    }
}

void Ps2Keyboard::command(u8 value) {
    switch (value) {
        case 0x00: push_reply({KBD_REPLY_ACK}); break;
        case 0x05: push_reply({KBD_REPLY_RESEND}); break;
        case KBD_CMD_GET_ID:
            // An MF2 keyboard; its second ID byte as the translating
            // controller would pass it on.
            push_reply({KBD_REPLY_ACK, KBD_REPLY_ID, u8(s_.translate ? 0x41 : 0x83)});
            break;
        case KBD_CMD_ECHO: push_reply({KBD_CMD_ECHO}); break;
        case KBD_CMD_ENABLE:
            s_.scan_enabled = true;
            push_reply({KBD_REPLY_ACK});
            break;
        case KBD_CMD_SCANCODE:
        case KBD_CMD_SET_LEDS:
        case KBD_CMD_SET_RATE:
        case KBD_CMD_SET_MAKE_BREAK:
            write_cmd_ = value;
            push_reply({KBD_REPLY_ACK});
            break;
        case KBD_CMD_RESET_DISABLE:
            reset_keyboard();
            s_.scan_enabled = false;
            push_reply({KBD_REPLY_ACK});
            break;
        case KBD_CMD_RESET_ENABLE:
            reset_keyboard();
            push_reply({KBD_REPLY_ACK});
            break;
        case KBD_CMD_RESET:
            reset_keyboard();
            push_reply({KBD_REPLY_ACK, KBD_REPLY_POR});
            break;
        case KBD_CMD_SET_TYPEMATIC: push_reply({KBD_REPLY_ACK}); break;
        default: push_reply({KBD_REPLY_RESEND}); break;
    }
}

}  // namespace bw
