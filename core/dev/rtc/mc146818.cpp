#include "core/dev/rtc/mc146818.h"

namespace bw {

namespace {

constexpr i64 kNsPerSec = 1000000000;
constexpr i64 kRefHz = 32768;

i64 floor_div(i64 a, i64 b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
i64 days_from_civil(i64 y, unsigned m, unsigned d) {
    y -= m <= 2;
    i64 era = floor_div(y, 400);
    unsigned yoe = unsigned(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + i64(doe) - 719468;
}

void civil_from_days(i64 z, i64& y, unsigned& m, unsigned& d) {
    z += 719468;
    i64 era = floor_div(z, 146097);
    unsigned doe = unsigned(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = i64(yoe) + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

}  // namespace

Mc146818::Mc146818(Scheduler& scheduler, std::function<i64()> host_unix_ns, int base_year)
    : sched_(scheduler),
      host_ns_(std::move(host_unix_ns)),
      base_year_(base_year),
      update_timer_(scheduler, [this] { on_update(); }),
      periodic_timer_(scheduler, [this] { on_periodic(); }) {
    reset();
}

void Mc146818::reset() {
    s_ = State{};
    s_.cmos[REG_A] = 0x26;  // 32.768 kHz time base, 1024 Hz periodic rate
    s_.cmos[REG_B] = REG_B_24H;
    s_.cmos[REG_D] = 0x80;  // VRT: the battery is fine
    s_.origin_ns = (host_ns_ ? host_ns_() : 0) - i64(sched_.now());
    s_.running = true;
    arm_update();
    arm_periodic();
    update_irq();
}

i64 Mc146818::unix_ns() const {
    return s_.running ? s_.origin_ns + i64(sched_.now()) : s_.frozen_ns;
}

bool Mc146818::divider_runs() const { return (s_.cmos[REG_A] & 0x70) == 0x20; }

u8 Mc146818::encode(int v) const {
    if (s_.cmos[REG_B] & REG_B_DM) return u8(v);
    return u8(((v / 10) << 4) | (v % 10));
}

int Mc146818::decode(u8 v) const {
    if (s_.cmos[REG_B] & REG_B_DM) return v;
    return (v >> 4) * 10 + (v & 0xf);
}

void Mc146818::latch_time() {
    i64 secs = floor_div(unix_ns(), kNsPerSec);
    i64 days = floor_div(secs, 86400);
    int sod = int(secs - days * 86400);
    i64 year;
    unsigned month, day;
    civil_from_days(days, year, month, day);
    int hour = sod / 3600;
    auto& c = s_.cmos;
    c[SECONDS] = encode(sod % 60);
    c[MINUTES] = encode((sod / 60) % 60);
    if (c[REG_B] & REG_B_24H) {
        c[HOURS] = encode(hour);
    } else {
        int h12 = hour % 12 == 0 ? 12 : hour % 12;
        c[HOURS] = u8(encode(h12) | (hour >= 12 ? 0x80 : 0));
    }
    c[DAY_OF_WEEK] = encode(int(((days + 4) % 7 + 7) % 7) + 1);  // 1 = Sunday
    c[DAY_OF_MONTH] = encode(int(day));
    c[MONTH] = encode(int(month));
    int yy = int(((year - base_year_) % 100 + 100) % 100);
    c[YEAR] = encode(yy);
    c[CENTURY] = encode(int(year / 100) % 100);
}

void Mc146818::take_time() {
    auto& c = s_.cmos;
    int hour;
    if (c[REG_B] & REG_B_24H) {
        hour = decode(c[HOURS]);
    } else {
        hour = decode(c[HOURS] & 0x7f) % 12 + ((c[HOURS] & 0x80) ? 12 : 0);
    }
    unsigned month = unsigned(decode(c[MONTH]));
    unsigned day = unsigned(decode(c[DAY_OF_MONTH]));
    if (month < 1 || month > 12) month = 1;
    if (day < 1 || day > 31) day = 1;
    i64 year = base_year_ + decode(c[YEAR]);
    i64 secs = days_from_civil(year, month, day) * 86400 + hour * 3600 + decode(c[MINUTES]) * 60 +
               decode(c[SECONDS]);
    // Keep the position within the second: the divider chain is not reset.
    i64 frac = unix_ns() - floor_div(unix_ns(), kNsPerSec) * kNsPerSec;
    i64 t = secs * kNsPerSec + frac;
    if (s_.running)
        s_.origin_ns = t - i64(sched_.now());
    else
        s_.frozen_ns = t;
}

void Mc146818::set_flags(u8 flags) {
    s_.cmos[REG_C] |= flags;
    if (s_.cmos[REG_C] & s_.cmos[REG_B] & 0x70) s_.cmos[REG_C] |= REG_C_IRQF;
    update_irq();
}

void Mc146818::update_irq() { irq.set(s_.cmos[REG_C] & REG_C_IRQF); }

void Mc146818::arm_update() {
    if (!s_.running) {
        update_timer_.cancel();
        return;
    }
    i64 next = (floor_div(unix_ns(), kNsPerSec) + 1) * kNsPerSec;
    update_timer_.arm_at(u64(next - s_.origin_ns));
}

void Mc146818::arm_periodic() {
    unsigned rate = s_.cmos[REG_A] & 0x0f;
    if (!s_.running || rate == 0 || !(s_.cmos[REG_B] & REG_B_PIE)) {
        periodic_timer_.cancel();
        return;
    }
    // Rates 1 and 2 are aliases of 8 and 9 with a 32.768 kHz time base.
    i64 cycles = i64(1) << (rate <= 2 ? rate + 6 : rate - 1);
    i64 cyc = i64((__int128)unix_ns() * kRefHz / kNsPerSec);
    i64 next = (cyc / cycles + 1) * cycles;
    i64 when = i64(((__int128)next * kNsPerSec + kRefHz - 1) / kRefHz);
    periodic_timer_.arm_at(u64(when - s_.origin_ns));
}

void Mc146818::on_update() {
    u8 flags = REG_C_UF;
    latch_time();
    const auto& c = s_.cmos;
    auto match = [&](u8 alarm, u8 now) { return (alarm & 0xc0) == 0xc0 || alarm == now; };
    if (match(c[SECONDS_ALARM], c[SECONDS]) && match(c[MINUTES_ALARM], c[MINUTES]) &&
        match(c[HOURS_ALARM], c[HOURS]))
        flags |= REG_C_AF;
    set_flags(flags);
    arm_update();
}

void Mc146818::on_periodic() {
    set_flags(REG_C_PF);
    arm_periodic();
}

u8 Mc146818::cmos_read(u8 index) {
    index &= 0x7f;
    switch (index) {
        case SECONDS:
        case MINUTES:
        case HOURS:
        case DAY_OF_WEEK:
        case DAY_OF_MONTH:
        case MONTH:
        case YEAR:
        case CENTURY:
            if (s_.running) latch_time();
            return s_.cmos[index];
        case REG_A: {
            u8 a = s_.cmos[REG_A] & 0x7f;
            if (s_.running) {
                i64 t = unix_ns();
                i64 frac = t - floor_div(t, kNsPerSec) * kNsPerSec;
                if (frac >= kNsPerSec - i64(kUipNs)) a |= REG_A_UIP;
            }
            return a;
        }
        case REG_C: {
            u8 c = s_.cmos[REG_C];
            s_.cmos[REG_C] = 0;
            update_irq();
            return c;
        }
        default: return s_.cmos[index];
    }
}

void Mc146818::cmos_write(u8 index, u8 value) {
    index &= 0x7f;
    switch (index) {
        case SECONDS:
        case MINUTES:
        case HOURS:
        case DAY_OF_WEEK:
        case DAY_OF_MONTH:
        case MONTH:
        case YEAR:
        case CENTURY:
            if (s_.running) {
                latch_time();
                s_.cmos[index] = value;
                take_time();
                arm_update();
                arm_periodic();
            } else {
                s_.cmos[index] = value;  // taken when SET clears
            }
            break;
        case REG_A: {
            bool was = s_.running;
            s_.cmos[REG_A] = value & 0x7f;  // UIP is read-only
            bool now_runs = divider_runs() && !(s_.cmos[REG_B] & REG_B_SET);
            if (was && !now_runs) {
                s_.frozen_ns = unix_ns();
                s_.running = false;
            } else if (!was && now_runs && !(s_.cmos[REG_B] & REG_B_SET)) {
                // Leaving divider reset: the first update comes 500 ms later.
                i64 whole = floor_div(s_.frozen_ns, kNsPerSec) * kNsPerSec;
                s_.origin_ns = whole + kNsPerSec / 2 - i64(sched_.now());
                s_.running = true;
            }
            arm_update();
            arm_periodic();
            break;
        }
        case REG_B: {
            bool set_before = s_.cmos[REG_B] & REG_B_SET;
            if (value & REG_B_SET) value &= ~REG_B_UIE;  // SET clears UIE
            if (!set_before && (value & REG_B_SET)) {
                if (s_.running) {
                    latch_time();
                    s_.frozen_ns = unix_ns();
                    s_.running = false;
                }
                s_.cmos[REG_B] = value;
            } else if (set_before && !(value & REG_B_SET)) {
                // Take the guest's time bytes in the old data format, then switch.
                take_time();
                s_.cmos[REG_B] = value;
                if (divider_runs()) {
                    s_.origin_ns = s_.frozen_ns - i64(sched_.now());
                    s_.running = true;
                }
            } else {
                s_.cmos[REG_B] = value;
            }
            if (s_.cmos[REG_C] & s_.cmos[REG_B] & 0x70)
                s_.cmos[REG_C] |= REG_C_IRQF;
            else
                s_.cmos[REG_C] &= ~REG_C_IRQF;
            update_irq();
            arm_update();
            arm_periodic();
            break;
        }
        case REG_C:
        case REG_D: break;  // read-only
        default: s_.cmos[index] = value; break;
    }
}

u32 Mc146818::read(u32 offset, unsigned) {
    switch (offset) {
        case 0: return 0xff;  // the index register is write-only
        case 1: return cmos_read(s_.index);
        default: return 0xff;
    }
}

void Mc146818::write(u32 offset, u32 value, unsigned) {
    switch (offset) {
        case 0: s_.index = u8(value) & 0x7f; break;
        case 1: cmos_write(s_.index, u8(value)); break;
        default: break;
    }
}

}  // namespace bw
