// An interrupt wire between a device output and a controller input.
//
// A device owns IrqLine objects for its outputs and only calls set(); the board
// connects each line to a sink (a controller input, a CPU pin). Setting the same
// level twice is a no-op, so devices can simply call set(level) from update_irq().
#pragma once

#include <functional>

namespace bw {

class IrqLine {
  public:
    using Sink = std::function<void(bool level)>;

    void connect(Sink sink) {
        sink_ = std::move(sink);
        if (sink_) sink_(level_);
    }
    void set(bool level) {
        if (level == level_) return;
        level_ = level;
        if (sink_) sink_(level_);
    }
    void raise() { set(true); }
    void lower() { set(false); }
    bool level() const { return level_; }

  private:
    Sink sink_;
    bool level_ = false;
};

}  // namespace bw
