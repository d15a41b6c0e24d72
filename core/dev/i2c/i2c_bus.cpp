#include "core/dev/i2c/i2c_bus.h"

namespace bw {

void I2cBus::attach(u8 address, I2cTarget* target) {
    if (current_ && current_ == targets_[address & 0x7f]) current_ = nullptr;
    targets_[address & 0x7f] = target;
}

void I2cBus::reset() {
    current_ = nullptr;
    for (I2cTarget* t : targets_)
        if (t) t->reset();
}

bool I2cBus::start(u8 address, bool read) {
    I2cTarget* next = targets_[address & 0x7f];
    // A repeated START to another address deselects the previous target.
    if (current_ && current_ != next) current_->stop();
    current_ = next;
    if (!current_) return false;
    if (!current_->start(read)) {
        current_->stop();
        current_ = nullptr;
        return false;
    }
    return true;
}

bool I2cBus::send(u8 byte) { return current_ ? current_->send(byte) : false; }

u8 I2cBus::recv() { return current_ ? current_->recv() : 0xff; }

void I2cBus::nack() {
    if (current_) current_->nack();
}

void I2cBus::stop() {
    if (current_) current_->stop();
    current_ = nullptr;
}

}  // namespace bw
