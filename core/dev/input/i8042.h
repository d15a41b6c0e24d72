// Intel 8042 PS/2 keyboard controller with a PS/2 keyboard and mouse behind
// it, as QEMU 7.2's hw/input/pckbd.c models the ISA "i8042" (with its default
// extended state: controller bytes have their own output slot).
//
// Implemented: the status register (OBF, the mouse-OBF bit, SYS from the
// self test, the command/unlocked bits as QEMU sets them at reset), the
// command byte (0x20 read, 0x60 write: interrupt enables, interface disables,
// translation to set 1), the controller commands 0xAA self test (0x55), 0xAB
// and 0xA9 port tests (0x00), 0xAD/0xAE and 0xA7/0xA8 port disable/enable,
// 0xA1 (no reply), 0xC0 input port (0x80), 0xD0/0xD1 output port read/write
// (bit 0 clear resets the machine), 0xD2/0xD3 write the keyboard/mouse
// output buffer, 0xD4 the next data byte to the mouse, 0xDD/0xDF A20 (stored
// in the output port only: no address line on a MIPS board), 0xF0-0xFF pulse
// the output port (bit 0 = reset), 0xFE reset. Data bytes go to the keyboard
// (and re-enable its interface). Output: a controller reply first, then
// keyboard, then mouse bytes; a port disabled in the command byte holds its
// bytes back. IRQ 1 rises while a keyboard (or controller) byte waits with
// its interrupt enabled, IRQ 12 for mouse bytes.
// Not implemented: the keyboard throttle timer (QEMU's kbd-throttle, off by
// default), the password commands, the 0xA1 version byte (QEMU ignores it).
//
// Interface:
//   I/O   data_port() at 0x60 and command_port() at 0x64 (one byte each); the
//         controller itself answers offsets 0 (data) and 4 (status/command).
//   out   irq_kbd (ISA IRQ 1), irq_mouse (ISA IRQ 12), on_reset_request().
//   in    keyboard() and mouse(): the InputRouter's sinks.
#pragma once

#include <functional>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/input/ps2_keyboard.h"
#include "core/dev/input/ps2_mouse.h"
#include "core/irq.h"

namespace bw {

class I8042 : public Device {
  public:
    // Status register bits.
    static constexpr u8 STAT_OBF = 0x01;
    static constexpr u8 STAT_IBF = 0x02;
    static constexpr u8 STAT_SELFTEST = 0x04;
    static constexpr u8 STAT_CMD = 0x08;
    static constexpr u8 STAT_UNLOCKED = 0x10;
    static constexpr u8 STAT_MOUSE_OBF = 0x20;
    // Command byte bits.
    static constexpr u8 MODE_KBD_INT = 0x01;
    static constexpr u8 MODE_MOUSE_INT = 0x02;
    static constexpr u8 MODE_SYS = 0x04;
    static constexpr u8 MODE_DISABLE_KBD = 0x10;
    static constexpr u8 MODE_DISABLE_MOUSE = 0x20;
    static constexpr u8 MODE_KCC = 0x40;  // translate to set 1
    // Output port bits.
    static constexpr u8 OUT_RESET = 0x01;  // 0 = hold the CPU in reset
    static constexpr u8 OUT_A20 = 0x02;
    static constexpr u8 OUT_OBF = 0x10;
    static constexpr u8 OUT_MOUSE_OBF = 0x20;
    static constexpr u8 OUT_ONES = 0xcc;

    struct State {
        u8 mode = MODE_KBD_INT | MODE_MOUSE_INT;
        u8 status = STAT_CMD | STAT_UNLOCKED;
        u8 outport = OUT_RESET | OUT_A20 | OUT_ONES;
        u8 pending = 0;    // kPending* sources with a byte waiting
        u8 obsrc = 0;      // where the byte in the output buffer comes from
        u8 obdata = 0;     // the byte the data port returns
        u8 cbdata = 0;     // the controller's own reply
        u8 write_cmd = 0;  // the command the next data byte is for (0: keyboard)
    };

    I8042();

    const char* name() const override { return "i8042"; }
    void reset() override;
    // Offset 0: data; offset 4: status (read) and command (write).
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    Device& data_port() { return data_port_; }
    Device& command_port() { return command_port_; }
    Ps2Keyboard& keyboard() { return kbd_; }
    Ps2Mouse& mouse() { return mouse_; }
    const State& state() const { return s_; }

    IrqLine irq_kbd;
    IrqLine irq_mouse;
    std::function<void()> on_reset_request;

  private:
    // One of the controller's two ports as its own I/O range.
    class Port : public Device {
      public:
        Port(I8042& c, u32 offset, const char* name) : c_(c), offset_(offset), name_(name) {}
        const char* name() const override { return name_; }
        void reset() override {}
        u32 read(u32, unsigned size) override { return c_.read(offset_, size); }
        void write(u32, u32 value, unsigned size) override { c_.write(offset_, value, size); }

      private:
        I8042& c_;
        u32 offset_;
        const char* name_;
    };

    u8 pending() const;
    void update_irq_lines();
    void update_irq();
    void safe_update_irq();
    void set_pending(u8 bit, bool level);
    void queue(u8 value, bool aux);
    u8 read_data();
    void write_data(u8 value);
    void write_command(u8 value);
    void write_outport(u8 value);

    Ps2Keyboard kbd_;
    Ps2Mouse mouse_;
    Port data_port_{*this, 0, "i8042-data"};
    Port command_port_{*this, 4, "i8042-cmd"};
    State s_;
};

}  // namespace bw
