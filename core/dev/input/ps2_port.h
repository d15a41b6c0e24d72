// What a PS/2 keyboard and a PS/2 mouse share, as QEMU 7.2's hw/input/ps2.c
// models it: the byte queue towards the host controller and its IRQ line.
//
// The queue holds up to 16 bytes of device data (scan codes, mouse packets:
// the PS/2 protocol's size; more is dropped, whole messages at a time) in a
// 256-byte ring. Keyboard command replies go in front of the data already
// queued (so a reply is read before older scan codes), and a new command
// drops the replies the host has not read yet. Reading an empty queue
// returns the last byte read again (some hosts read twice). The IRQ is high
// while bytes wait; every read lowers it and raises it again if more wait.
//
// Interface:
//   out   irq (data waiting; PL050 KMIRXINTR, or the i8042's input).
//   in    read_data() (the host controller takes one byte).
#pragma once

#include <array>
#include <initializer_list>

#include "core/common/types.h"
#include "core/irq.h"

namespace bw {

class Ps2Port {
  public:
    static constexpr int kBufferSize = 256;
    static constexpr int kQueueSize = 16;  // device data
    static constexpr int kIdle = -1;       // write_cmd: no command waiting for its argument

    struct Queue {
        std::array<u8, kBufferSize> data{};
        int rptr = 0, wptr = 0;
        int cwptr = -1;  // end of the command replies in front, -1 if none
        int count = 0;
    };

    virtual ~Ps2Port() = default;

    // One byte for the host; the last byte again if nothing waits.
    u8 read_data();
    bool queue_empty() const { return q_.count == 0; }
    int queue_count() const { return q_.count; }

    IrqLine irq;

  protected:
    // Device data: all |n| bytes or, without room for all, none.
    bool push(std::initializer_list<u8> bytes);
    // Command replies, in front of the queued data.
    void push_reply(std::initializer_list<u8> bytes);
    // Forget replies the host has not read (a new command supersedes them).
    void drop_replies();
    void clear_queue();
    int free_slots() const { return kQueueSize - q_.count; }

    Queue q_;
    int write_cmd_ = kIdle;
};

}  // namespace bw
