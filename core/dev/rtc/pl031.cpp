#include "core/dev/rtc/pl031.h"

namespace bw {

namespace {

enum : u32 {
    RTCDR = 0x00,
    RTCMR = 0x04,
    RTCLR = 0x08,
    RTCCR = 0x0c,
    RTCIMSC = 0x10,
    RTCRIS = 0x14,
    RTCMIS = 0x18,
    RTCICR = 0x1c,
};

constexpr u64 kNsPerSecond = 1000000000;

const PrimeCellId kId{{0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1}};

}  // namespace

Pl031::Pl031(Scheduler& scheduler, std::function<u64()> initial_unix_time)
    : sched_(scheduler),
      initial_time_(std::move(initial_unix_time)),
      timer_(scheduler, [this] { alarm(); }) {
    reset();
}

void Pl031::reset() {
    timer_.cancel();
    s_ = State{};
    u64 start = initial_time_ ? initial_time_() : 0;
    s_.tick_offset = u32(start - sched_.now() / kNsPerSecond);
    update_irq();
}

u32 Pl031::count() const { return s_.tick_offset + u32(sched_.now() / kNsPerSecond); }

// Arm the match for the virtual instant the count next equals RTCMR (the count
// wraps, so an RTCMR behind the count matches after the wrap). A match right now
// interrupts at once.
void Pl031::set_alarm() {
    u32 seconds = s_.mr - count();
    if (seconds == 0) {
        timer_.cancel();
        alarm();
        return;
    }
    u64 now_s = sched_.now() / kNsPerSecond;
    timer_.arm_at((now_s + seconds) * kNsPerSecond);
}

void Pl031::alarm() {
    s_.ris = 1;
    update_irq();
}

void Pl031::update_irq() { irq.set((s_.ris & s_.imsc) != 0); }

u32 Pl031::read(u32 offset, unsigned) {
    if (PrimeCellId::contains(offset)) return kId.read(offset);
    switch (offset & ~3u) {
        case RTCDR: return count();
        case RTCMR: return s_.mr;
        case RTCLR: return s_.lr;
        case RTCCR: return 1;  // the counter is always enabled
        case RTCIMSC: return s_.imsc;
        case RTCRIS: return s_.ris;
        case RTCMIS: return s_.ris & s_.imsc;
        default: bad_.bad_read(name(), offset); return 0;  // includes write-only RTCICR
    }
}

void Pl031::write(u32 offset, u32 value, unsigned) {
    switch (offset & ~3u) {
        case RTCLR:
            s_.tick_offset += value - count();
            s_.lr = value;
            set_alarm();
            break;
        case RTCMR:
            s_.mr = value;
            set_alarm();
            break;
        case RTCCR: break;  // writes ignored: the counter cannot be stopped
        case RTCIMSC: s_.imsc = value & 1; break;
        case RTCICR: s_.ris &= ~value; break;
        default: bad_.bad_write(name(), offset); return;  // includes read-only RTCDR/RIS/MIS
    }
    update_irq();
}

}  // namespace bw
