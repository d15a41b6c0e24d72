#include "core/dev/i2c/bitbang_i2c.h"

namespace bw {

// The bus (and its targets) is reset by its owner.
void BitbangI2c::reset() { s_ = State{}; }

void BitbangI2c::end_transfer() {
    bus_.stop();
    s_.phase = Phase::Idle;
    s_.addressed = false;
}

bool BitbangI2c::set_sda(bool level) {
    if (level == s_.sda) return sda();
    s_.sda = level;
    // Data changes while SCL is low are ordinary bit set-up.
    if (!s_.scl) return sda();
    if (!level) {
        // START or repeated START: the next byte is an address. A repeated
        // START keeps the target selected until the new address is decoded.
        s_.phase = Phase::Writing;
        s_.bits = 0;
        s_.addressed = false;
    } else {
        end_transfer();  // STOP
    }
    s_.target_sda = true;
    return sda();
}

bool BitbangI2c::set_scl(bool level) {
    if (level == s_.scl) return sda();
    s_.scl = level;
    if (level) {
        clock_rise();
    } else {
        s_.target_sda = true;  // the target lets go of SDA while the clock is low
    }
    return sda();
}

// Everything happens on the rising edge: the master's bit is sampled, and the
// target puts its ACK or data bit on the line for the high phase.
void BitbangI2c::clock_rise() {
    s_.target_sda = true;
    switch (s_.phase) {
        case Phase::Idle:
        case Phase::Nacked: break;
        case Phase::Writing:
            s_.shift = u8(s_.shift << 1 | (s_.sda ? 1 : 0));
            if (++s_.bits == 8) s_.phase = Phase::TargetAck;
            break;
        case Phase::TargetAck: {
            bool ack;
            if (!s_.addressed) {
                s_.addressed = true;
                s_.read = s_.shift & 1;
                ack = bus_.start(u8(s_.shift >> 1), s_.read);
            } else {
                ack = bus_.send(s_.shift);
            }
            if (!ack) {
                // No target (or it refused the byte): SDA stays high for the
                // NACK and the transfer is over, as after a STOP.
                end_transfer();
                break;
            }
            s_.target_sda = false;
            s_.phase = s_.read ? Phase::Reading : Phase::Writing;
            s_.bits = 0;
            break;
        }
        case Phase::Reading:
            if (s_.bits == 0) s_.shift = bus_.recv();
            s_.target_sda = (s_.shift & 0x80) != 0;
            s_.shift = u8(s_.shift << 1);
            if (++s_.bits == 8) s_.phase = Phase::MasterAck;
            break;
        case Phase::MasterAck:
            if (s_.sda) {
                bus_.nack();
                s_.phase = Phase::Nacked;
            } else {
                s_.phase = Phase::Reading;
                s_.bits = 0;
            }
            break;
    }
}

}  // namespace bw
