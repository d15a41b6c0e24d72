// The host side of a serial port: bytes the guest sends, bytes the host types.
//
// The UART model calls send() for each byte the guest transmits and pulls typed
// bytes with has_input()/take_input() when its receive FIFO has room; the host
// front end calls push_input() and sets on_output. push_input() notifies the
// UART through on_input_ready so it can fill its FIFO and raise its interrupt.
#pragma once

#include <deque>
#include <functional>

#include "core/common/types.h"

namespace bw {

class CharChannel {
  public:
    // Host side ---------------------------------------------------------------
    std::function<void(u8)> on_output;
    void push_input(u8 byte) {
        input_.push_back(byte);
        if (on_input_ready) on_input_ready();
    }

    // Device side -------------------------------------------------------------
    std::function<void()> on_input_ready;
    void send(u8 byte) {
        if (on_output) on_output(byte);
    }
    bool has_input() const { return !input_.empty(); }
    u8 take_input() {
        u8 b = input_.front();
        input_.pop_front();
        return b;
    }

  private:
    std::deque<u8> input_;
};

}  // namespace bw
