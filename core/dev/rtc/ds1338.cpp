#include "core/dev/rtc/ds1338.h"

namespace bw {

namespace {

enum : u8 {
    SECONDS = 0x00,
    MINUTES = 0x01,
    HOURS = 0x02,
    DAY = 0x03,
    DATE = 0x04,
    MONTH = 0x05,
    YEAR = 0x06,
    CONTROL = 0x07,
};

// HOURS bits.
constexpr u8 HOURS_12 = 0x40;  // 12-hour mode
constexpr u8 HOURS_PM = 0x20;  // PM, in 12-hour mode
// CONTROL bits.
constexpr u8 CONTROL_OSF = 0x20;       // oscillator stop flag: write 0 to clear
constexpr u8 CONTROL_WRITABLE = 0xb3;  // OUT, OSF, SQWE, RS1, RS0

constexpr u64 kNsPerSecond = 1000000000;
constexpr i64 kSecondsPerDay = 86400;

u8 to_bcd(int v) { return u8((v / 10) << 4 | v % 10); }
int from_bcd(u8 v) { return (v >> 4) * 10 + (v & 0x0f); }

i64 floor_div(i64 a, i64 b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Broken-down UTC time; month 1-12, weekday 0 = Sunday.
struct Civil {
    i64 year;
    int month, day, hour, minute, second, weekday;
};

// Days since 1970-01-01 of a proleptic Gregorian date. Linear in |day|, and
// months outside 1-12 carry into the year, so out-of-range fields written by
// the guest roll over the way mktime would.
i64 days_from_civil(i64 year, i64 month, i64 day) {
    year += floor_div(month - 1, 12);
    month -= 12 * floor_div(month - 1, 12);
    // Count years from March so the leap day is the last day of the year.
    if (month <= 2) year--;
    i64 era = floor_div(year, 400);
    i64 year_of_era = year - era * 400;                              // 0..399
    i64 day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;  // from March 1
    i64 day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;  // 719468 = days from 0000-03-01 to 1970-01-01
}

Civil civil_from_unix(i64 t) {
    i64 days = floor_div(t, kSecondsPerDay);
    i64 secs = t - days * kSecondsPerDay;
    Civil c{};
    c.hour = int(secs / 3600);
    c.minute = int(secs / 60 % 60);
    c.second = int(secs % 60);
    c.weekday = int(days + 4 - 7 * floor_div(days + 4, 7));  // 1970-01-01 was a Thursday
    i64 z = days + 719468;
    i64 era = floor_div(z, 146097);
    i64 day_of_era = z - era * 146097;  // 0..146096
    i64 year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    i64 day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    i64 month_from_march = (5 * day_of_year + 2) / 153;
    c.day = int(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    c.month = int(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
    c.year = year_of_era + era * 400 + (c.month <= 2 ? 1 : 0);
    return c;
}

i64 unix_from_civil(const Civil& c) {
    return days_from_civil(c.year, c.month, c.day) * kSecondsPerDay + i64(c.hour) * 3600 +
           i64(c.minute) * 60 + c.second;
}

}  // namespace

Ds1338::Ds1338(Scheduler& scheduler, std::function<u64()> initial_unix_time)
    : sched_(scheduler), initial_time_(std::move(initial_unix_time)) {
    reset();
}

void Ds1338::reset() {
    s_ = State{};
    i64 start = initial_time_ ? i64(initial_time_()) : 0;
    base_ = start - i64(sched_.now() / kNsPerSecond);
}

i64 Ds1338::unix_time() const { return base_ + i64(sched_.now() / kNsPerSecond) + s_.offset; }

// Copy the running clock into the registers a read returns.
void Ds1338::capture() {
    Civil c = civil_from_unix(unix_time());
    s_.regs[SECONDS] = to_bcd(c.second);
    s_.regs[MINUTES] = to_bcd(c.minute);
    if (s_.regs[HOURS] & HOURS_12) {
        int h = c.hour % 12 == 0 ? 12 : c.hour % 12;
        s_.regs[HOURS] = HOURS_12 | (c.hour >= 12 ? HOURS_PM : 0) | to_bcd(h);
    } else {
        s_.regs[HOURS] = to_bcd(c.hour);
    }
    s_.regs[DAY] = u8((c.weekday + s_.wday_offset) % 7 + 1);
    s_.regs[DATE] = to_bcd(c.day);
    s_.regs[MONTH] = to_bcd(c.month);
    s_.regs[YEAR] = to_bcd(int(((c.year - 2000) % 100 + 100) % 100));
}

// The pointer wraps after the last NVRAM byte, and the wrap re-captures the
// time so a long sequential read sees a fresh clock.
void Ds1338::advance_pointer() {
    s_.ptr = (s_.ptr + 1) % kRegisters;
    if (s_.ptr == 0) capture();
}

void Ds1338::write_time_register(u8 reg, u8 value) {
    i64 now = unix_time();
    Civil c = civil_from_unix(now);
    switch (reg) {
        case SECONDS: c.second = from_bcd(value & 0x7f); break;  // bit 7 (CH) ignored
        case MINUTES: c.minute = from_bcd(value & 0x7f); break;
        case HOURS:
            if (value & HOURS_12) {
                // 12 AM is hour 0, 12 PM is hour 12.
                int h = from_bcd(value & 0x1f) % 12;
                c.hour = h + ((value & HOURS_PM) ? 12 : 0);
            } else {
                c.hour = from_bcd(value & 0x3f);
            }
            s_.regs[HOURS] = u8((s_.regs[HOURS] & ~HOURS_12) | (value & HOURS_12));
            break;
        case DAY:
            // The weekday counts independently of the date: keep the difference.
            // Values outside 1-7 are undefined on the chip.
            s_.wday_offset = u8(((value & 7) - 1 - c.weekday + 14) % 7);
            return;
        case DATE: c.day = from_bcd(value & 0x3f); break;
        case MONTH: c.month = from_bcd(value & 0x1f); break;
        case YEAR: c.year = 2000 + from_bcd(value); break;
        default: return;
    }
    i64 next = unix_from_civil(c);
    // The day-of-week counter only steps at midnight: moving the date keeps it.
    int shown_day = (c.weekday + s_.wday_offset) % 7;
    int next_weekday = civil_from_unix(next).weekday;
    s_.wday_offset = u8((shown_day - next_weekday + 7) % 7);
    s_.offset += next - now;
}

bool Ds1338::start(bool read) {
    // The chip latches the time at every START; only a read can observe it.
    if (read) {
        capture();
    } else {
        s_.addr_byte = true;
    }
    return true;
}

bool Ds1338::send(u8 byte) {
    if (s_.addr_byte) {
        s_.ptr = byte % kRegisters;
        s_.addr_byte = false;
        return true;
    }
    if (s_.ptr < CONTROL) {
        write_time_register(s_.ptr, byte);
    } else if (s_.ptr == CONTROL) {
        u8 v = byte & CONTROL_WRITABLE;
        // OSF can be cleared but not set.
        v = u8((v & ~CONTROL_OSF) | (v & s_.regs[CONTROL] & CONTROL_OSF));
        s_.regs[CONTROL] = v;
    } else {
        s_.regs[s_.ptr] = byte;
    }
    advance_pointer();
    return true;
}

u8 Ds1338::recv() {
    u8 v = s_.regs[s_.ptr];
    advance_pointer();
    return v;
}

}  // namespace bw
