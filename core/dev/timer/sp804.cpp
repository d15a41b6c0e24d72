#include "core/dev/timer/sp804.h"

#include <cstdint>

#include "core/common/log.h"

namespace bw {

namespace {

// Per-channel register offsets (DDI0271 table 3-1), relative to the channel.
enum : u32 {
    TimerLoad = 0x00,
    TimerValue = 0x04,
    TimerControl = 0x08,
    TimerIntClr = 0x0c,
    TimerRIS = 0x10,
    TimerMIS = 0x14,
    TimerBGLoad = 0x18,
};
constexpr u32 TimerITCR = 0xf00;
constexpr u32 TimerITOP = 0xf04;
constexpr u32 kChannelStride = 0x20;

// TimerXControl bits.
constexpr u32 OneShot = 1u << 0;
constexpr u32 TimerSize = 1u << 1;  // 1 = 32-bit
constexpr u32 TimerPre = 3u << 2;
constexpr u32 IntEnable = 1u << 5;
constexpr u32 TimerMode = 1u << 6;  // 1 = periodic
constexpr u32 TimerEn = 1u << 7;

constexpr u64 kNsPerSecond = 1000000000;

const PrimeCellId kId{{0x04, 0x18, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1}};

u32 width_mask(u32 control) { return (control & TimerSize) ? ~0u : 0xffffu; }

}  // namespace

Sp804::Sp804(Scheduler& scheduler, u64 clock_hz)
    : sched_(scheduler),
      clock_hz_(clock_hz ? clock_hz : 1),
      timers_{{Timer(scheduler, [this] { expire(0); }), Timer(scheduler, [this] { expire(1); })}} {
    reset();
}

void Sp804::reset() {
    for (auto& t : timers_) t.cancel();
    s_ = State{};
    update_irq();
}

bool Sp804::running(int n) const {
    const Channel& c = s_.ch[n];
    return (c.control & TimerEn) && !c.halted;
}

u32 Sp804::prescale(int n) const {
    switch ((s_.ch[n].control & TimerPre) >> 2) {
        case 1: return 16;
        case 2: return 256;
        default: return 1;  // 0b11 is undefined; QEMU also counts undivided
    }
}

// Elapsed ticks in |ns| and the time |ticks| take, exact for any clock rate.
namespace {
u64 ns_to_ticks(u64 ns, u64 hz, u32 div) {
    return u64((unsigned __int128)ns * hz / ((unsigned __int128)kNsPerSecond * div));
}
u64 ticks_to_ns(u64 ticks, u64 hz, u32 div) {
    unsigned __int128 ns = ((unsigned __int128)ticks * kNsPerSecond * div + hz - 1) / hz;
    // Only absurdly slow clocks get here; such an expiry never comes.
    return ns > (UINT64_MAX >> 1) ? (UINT64_MAX >> 1) : u64(ns);
}
}  // namespace

u32 Sp804::count_now(int n) const {
    const Channel& c = s_.ch[n];
    if (!running(n)) return c.counter;
    u64 now = sched_.now();
    u64 ticks = now > c.anchor_ns ? ns_to_ticks(now - c.anchor_ns, clock_hz_, prescale(n)) : 0;
    return ticks >= c.counter ? 0 : u32(c.counter - ticks);
}

// Fold the ticks elapsed so far into |counter|, anchored at the last tick.
void Sp804::freeze(int n) {
    Channel& c = s_.ch[n];
    if (!running(n)) return;
    u64 now = sched_.now();
    u64 ticks = now > c.anchor_ns ? ns_to_ticks(now - c.anchor_ns, clock_hz_, prescale(n)) : 0;
    if (ticks > c.counter) ticks = c.counter;
    c.anchor_ns += ticks_to_ns(ticks, clock_hz_, prescale(n));
    c.counter -= u32(ticks);
}

void Sp804::schedule(int n) {
    const Channel& c = s_.ch[n];
    if (running(n))
        timers_[n].arm_at(c.anchor_ns + ticks_to_ns(c.counter, clock_hz_, prescale(n)));
    else
        timers_[n].cancel();
}

// The counter reached zero at exactly the timer's deadline.
void Sp804::expire(int n) {
    Channel& c = s_.ch[n];
    u64 when = timers_[n].deadline();
    c.int_level = true;
    c.anchor_ns = when;
    if (c.control & OneShot) {
        c.counter = 0;
        c.halted = true;
    } else if (c.control & TimerMode) {
        c.counter = c.load & width_mask(c.control);
        // A zero period would expire forever at one instant: stop instead.
        if (c.counter == 0) c.halted = true;
    } else {
        c.counter = width_mask(c.control);
    }
    schedule(n);
    update_irq();
}

void Sp804::update_irq() {
    bool level = false;
    for (const Channel& c : s_.ch) level |= c.int_level && (c.control & IntEnable);
    irq.set(level);
}

u32 Sp804::read_channel(int n, u32 offset) {
    const Channel& c = s_.ch[n];
    switch (offset) {
        case TimerLoad:
        case TimerBGLoad: return c.load;
        case TimerValue: return count_now(n);
        case TimerControl: return c.control;
        case TimerRIS: return c.int_level;
        case TimerMIS: return c.int_level && (c.control & IntEnable);
        default: bad_.bad_read(name(), offset + n * kChannelStride); return 0;
    }
}

void Sp804::write_channel(int n, u32 offset, u32 value) {
    Channel& c = s_.ch[n];
    switch (offset) {
        case TimerLoad:
            c.load = value;
            c.counter = value & width_mask(c.control);
            c.anchor_ns = sched_.now();
            c.halted = false;
            break;
        case TimerValue:
            // Read-only, but Linux writes it at init; ignore.
            return;
        case TimerControl: {
            bool was_running = running(n);
            u32 old_prescale = prescale(n);
            freeze(n);
            u32 old = c.control;
            c.control = value & 0xff;
            c.counter &= width_mask(c.control);
            // A halted one-shot restarts when its mode is reprogrammed.
            if ((old ^ c.control) & (OneShot | TimerMode)) c.halted = false;
            if (running(n) && (!was_running || prescale(n) != old_prescale))
                c.anchor_ns = sched_.now();
            break;
        }
        case TimerIntClr: c.int_level = false; break;
        case TimerBGLoad: c.load = value; break;
        default: bad_.bad_write(name(), offset + n * kChannelStride); return;
    }
    schedule(n);
    update_irq();
}

u32 Sp804::read(u32 offset, unsigned) {
    offset &= ~3u;
    if (offset < 2 * kChannelStride)
        return read_channel(offset / kChannelStride, offset % kChannelStride);
    if (PrimeCellId::contains(offset)) return kId.read(offset);
    if (offset == TimerITCR || offset == TimerITOP) {
        log_message(LogCategory::Unimplemented, "sp804: integration test registers not modelled");
        return 0;
    }
    bad_.bad_read(name(), offset);
    return 0;
}

void Sp804::write(u32 offset, u32 value, unsigned) {
    offset &= ~3u;
    if (offset < 2 * kChannelStride) {
        write_channel(offset / kChannelStride, offset % kChannelStride, value);
        return;
    }
    if (offset == TimerITCR || offset == TimerITOP) {
        log_message(LogCategory::Unimplemented, "sp804: integration test registers not modelled");
        return;
    }
    bad_.bad_write(name(), offset);
}

}  // namespace bw
