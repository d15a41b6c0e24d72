#include "core/dev/timer/i8254.h"

#include <cstdint>

namespace bw {

namespace {

constexpr u64 kNsPerSec = 1000000000;

u32 from_bcd16(u32 v) {
    return ((v >> 12) & 0xf) * 1000 + ((v >> 8) & 0xf) * 100 + ((v >> 4) & 0xf) * 10 + (v & 0xf);
}

u32 to_bcd16(u32 v) {
    v %= 10000;
    return ((v / 1000) << 12) | (((v / 100) % 10) << 8) | (((v / 10) % 10) << 4) | (v % 10);
}

}  // namespace

I8254::I8254(Scheduler& scheduler, u64 clock_hz)
    : sched_(scheduler), clock_hz_(clock_hz), timer_(scheduler, [this] {
          // Evaluate at the transition itself, not at a possibly later now():
          // a 1-tick mode 2 pulse must not be missed.
          update_irq(timer_.deadline());
      }) {
    reset();
}

void I8254::reset() {
    s_ = State{};
    u64 t = sched_.now();
    for (auto& c : s_.ch) c.load_ns = t;
    s_.ch[2].gate = false;
    update_irq(t);
}

u64 I8254::ticks_since_load(const Counter& c, u64 t) const {
    if (t <= c.load_ns) return 0;
    return u64((unsigned __int128)(t - c.load_ns) * clock_hz_ / kNsPerSec);
}

bool I8254::out_at(const Counter& c, u64 t) const {
    u64 d = ticks_since_load(c, t);
    switch (c.mode) {
        case 1: return d < c.count;
        case 2: return d != 0 && d % c.count == 0;
        case 3: return d % c.count < (c.count + 1) / 2;
        case 4:
        case 5: return d == c.count;
        default: return d >= c.count;  // mode 0
    }
}

u64 I8254::next_transition(const Counter& c, u64 t) const {
    u64 d = ticks_since_load(c, t);
    u64 next;
    switch (c.mode) {
        case 2: {
            // OUT pulses for one tick at each multiple of the count (QEMU's
            // polarity); a count of 1 stays high once started.
            bool high = d != 0 && d % c.count == 0;
            if (high && c.count == 1) return UINT64_MAX;
            next = high ? d + 1 : d - d % c.count + c.count;
            break;
        }
        case 3: {
            u64 base = d - d % c.count;
            u64 half = (c.count + 1) / 2;
            next = (d - base < half) ? base + half : base + c.count;
            break;
        }
        case 4:
        case 5:
            if (d < c.count)
                next = c.count;
            else if (d == c.count)
                next = c.count + 1;
            else
                return UINT64_MAX;
            break;
        default:  // 0, 1
            if (d >= c.count) return UINT64_MAX;
            next = c.count;
            break;
    }
    // The first nanosecond at which |next| ticks have elapsed (rounded up, so
    // ticks_since_load() at that time is exactly |next|).
    u64 ns = u64(((unsigned __int128)next * kNsPerSec + clock_hz_ - 1) / clock_hz_);
    u64 when = c.load_ns + ns;
    return when <= t ? t + 1 : when;
}

u32 I8254::count_at(const Counter& c, u64 t) const {
    u64 d = ticks_since_load(c, t);
    switch (c.mode) {
        case 0:
        case 1:
        case 4:
        case 5: return u32((c.count - d) & 0xffff);
        case 3: return u32(c.count - (2 * d) % c.count);  // counts down by two, as QEMU
        default: return u32(c.count - d % c.count);       // mode 2
    }
}

bool I8254::output(int n) const { return out_at(s_.ch[unsigned(n) % 3], sched_.now()); }

u32 I8254::count(int n) const { return count_at(s_.ch[unsigned(n) % 3], sched_.now()); }

void I8254::update_irq(u64 t) {
    const Counter& c = s_.ch[0];
    out0.set(out_at(c, t));
    u64 next = next_transition(c, t);
    if (next == UINT64_MAX)
        timer_.cancel();
    else
        timer_.arm_at(next);
}

void I8254::load(int n, u32 value) {
    Counter& c = s_.ch[n];
    value &= 0xffff;
    if (c.bcd) value = from_bcd16(value);
    c.count = value ? value : (c.bcd ? 10000 : 0x10000);
    c.load_ns = sched_.now();
    if (n == 0) update_irq(c.load_ns);
}

void I8254::latch_count(Counter& c) {
    if (c.count_latched) return;  // a second latch before the read is ignored
    u32 v = count_at(c, sched_.now());
    c.latched_count = u16(c.bcd ? to_bcd16(v) : v);
    c.count_latched = c.rw_mode;
}

void I8254::set_gate(int n, bool level) {
    if (n < 0 || n > 2) return;
    Counter& c = s_.ch[n];
    // Modes 1, 2, 3 and 5 restart on a rising gate edge.
    if (!c.gate && level && c.mode != 0 && c.mode != 4) {
        c.load_ns = sched_.now();
        if (n == 0) update_irq(c.load_ns);
    }
    c.gate = level;
}

u32 I8254::read(u32 offset, unsigned) {
    if (offset > 3) {
        bad_.bad_read(name(), offset);
        return 0xff;
    }
    if (offset == 3) return 0;  // control word is write-only; QEMU reads 0
    Counter& c = s_.ch[offset];
    if (c.status_latched) {
        c.status_latched = false;
        return c.status;
    }
    if (c.count_latched) {
        switch (c.count_latched) {
            case MSB: c.count_latched = 0; return c.latched_count >> 8;
            case WORD0: c.count_latched = MSB; return c.latched_count & 0xff;
            default: c.count_latched = 0; return c.latched_count & 0xff;  // LSB
        }
    }
    u32 v = count_at(c, sched_.now());
    if (c.bcd) v = to_bcd16(v);
    switch (c.read_state) {
        case MSB: return (v >> 8) & 0xff;
        case WORD0: c.read_state = WORD1; return v & 0xff;
        case WORD1: c.read_state = WORD0; return (v >> 8) & 0xff;
        default: return v & 0xff;  // LSB
    }
}

void I8254::write(u32 offset, u32 value, unsigned) {
    if (offset > 3) {
        bad_.bad_write(name(), offset);
        return;
    }
    u8 v = u8(value);
    if (offset == 3) {
        int sel = v >> 6;
        if (sel == 3) {  // read-back: bit 5 = !COUNT, bit 4 = !STATUS, bits 3..1 = counters
            for (int n = 0; n < 3; n++) {
                if (!(v & (2u << n))) continue;
                Counter& c = s_.ch[n];
                if (!(v & 0x20)) latch_count(c);
                if (!(v & 0x10) && !c.status_latched) {
                    c.status = u8((out_at(c, sched_.now()) ? 0x80 : 0) | (c.rw_mode << 4) |
                                  (c.mode << 1) | (c.bcd ? 1 : 0));
                    c.status_latched = true;
                }
            }
            return;
        }
        Counter& c = s_.ch[sel];
        u8 access = (v >> 4) & 3;
        if (access == 0) {  // counter latch command
            latch_count(c);
            return;
        }
        c.rw_mode = access;
        c.read_state = access;
        c.write_state = access;
        c.mode = (v >> 1) & 7;
        if (c.mode > 5) c.mode -= 4;  // 6 and 7 are aliases of 2 and 3
        c.bcd = v & 1;
        return;
    }
    Counter& c = s_.ch[offset];
    switch (c.write_state) {
        case MSB: load(int(offset), u32(v) << 8); break;
        case WORD0:
            c.write_latch = v;
            c.write_state = WORD1;
            break;
        case WORD1:
            load(int(offset), c.write_latch | (u32(v) << 8));
            c.write_state = WORD0;
            break;
        default: load(int(offset), v); break;  // LSB
    }
}

}  // namespace bw
