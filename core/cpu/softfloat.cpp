// IEEE 754 binary32/binary64 in integer arithmetic. See softfloat.h for the design.
//
// Internal form of a finite nonzero value: sign, unbiased exponent |exp| and a 64-bit
// significand |sig| with the leading one at bit 62, value = sig * 2^(exp - 62). Bits below a
// format's precision are rounding bits; bit 0 doubles as the sticky bit (set when anything
// nonzero was shifted out), which is enough for correct rounding as long as a format keeps at
// least three rounding bits (binary64 keeps 10, binary32 39).
#include "core/cpu/softfloat.h"

#include <bit>
#include <cmath>
#include <utility>

namespace bw::sf {
namespace detail {

u64 div_128x64(u64 hi, u64 lo, u64 d, u64& rem) {
    // Long division in base 2^32 with two-digit estimates (Knuth, TAOCP 4.3.1 algorithm D): each
    // quotient digit is estimated from the top 64 bits of the running remainder over the top
    // 32 bits of d, then lowered at most twice.
    constexpr u64 kB = 1ull << 32;
    const u64 dh = d >> 32, dl = d & (kB - 1);
    auto digit = [&](u64 top, u64 next) {
        // top:next (next < 2^32) divided by d, top < d: one quotient digit below kB.
        u64 q = top / dh, r = top - q * dh;
        while (q >= kB || q * dl > ((r << 32) | next)) {
            --q;
            r += dh;
            if (r >= kB) break;
        }
        return q;
    };
    const u64 q1 = digit(hi, lo >> 32);
    const u64 r1 = ((hi << 32) | (lo >> 32)) - q1 * d;
    const u64 q0 = digit(r1, lo & (kB - 1));
    rem = ((r1 << 32) | (lo & (kB - 1))) - q0 * d;
    return (q1 << 32) | q0;
}

}  // namespace detail

namespace {

template <typename B>
struct Fmt;
template <>
struct Fmt<u32> {
    static constexpr int kFracBits = 23;
    static constexpr int kBias = 127;
    static constexpr int kExpMax = 0xff;
};
template <>
struct Fmt<u64> {
    static constexpr int kFracBits = 52;
    static constexpr int kBias = 1023;
    static constexpr int kExpMax = 0x7ff;
};

template <typename B>
struct F : Fmt<B> {
    using Fmt<B>::kFracBits;
    using Fmt<B>::kExpMax;
    static constexpr int kBits = sizeof(B) * 8;
    static constexpr B kSign = B(1) << (kBits - 1);
    static constexpr B kFrac = (B(1) << kFracBits) - 1;
    static constexpr B kInf = B(kExpMax) << kFracBits;
    static constexpr B kQuiet = B(1) << (kFracBits - 1);
    static constexpr B kMaxFinite = kInf - 1;
    static constexpr B kDefaultNan = kInf | kQuiet;
    // Rounding bits of the internal significand.
    static constexpr int kShift = 62 - kFracBits;
    static constexpr u64 kRoundMask = (1ull << kShift) - 1;
    static constexpr u64 kHalf = 1ull << (kShift - 1);
    static constexpr u64 kLsb = 1ull << kShift;
};

enum class Kind : u8 { Zero, Finite, Inf, Nan };

struct Val {
    bool sign;
    int exp;
    u64 sig;
};

// Splits |a| into v. A subnormal is normalised (or, with flush_inputs, read as a zero).
template <typename B>
inline Kind unpack(B a, Status& s, Val& v) {
    using T = F<B>;
    v.sign = (a & T::kSign) != 0;
    const int e = int((a >> T::kFracBits) & T::kExpMax);
    const B frac = a & T::kFrac;
    if (e == T::kExpMax) [[unlikely]]
        return frac ? Kind::Nan : Kind::Inf;
    if (e == 0) [[unlikely]] {
        if (frac == 0) return Kind::Zero;
        if (s.flush_inputs) {
            s.flags |= kInputDenormal;
            return Kind::Zero;
        }
        const int k = std::countl_zero(u64(frac)) - 1;
        v.sig = u64(frac) << k;
        v.exp = 63 - T::kBias - T::kFracBits - k;
        return Kind::Finite;
    }
    v.sig = (u64(frac) | (1ull << T::kFracBits)) << T::kShift;
    v.exp = e - T::kBias;
    return Kind::Finite;
}

template <typename B>
constexpr B sign_bit(bool sign) {
    return sign ? F<B>::kSign : B(0);
}

// Rounds sign * sig * 2^(exp - 62) (sig in [2^62, 2^63), sticky in bit 0) to format B under
// s.round, with overflow, underflow, flush-to-zero and the flags.
template <typename B>
B round_pack(bool sign, int exp, u64 sig, Status& s) {
    using T = F<B>;
    u64 inc;
    bool overflow_to_max;
    switch (s.round) {
        case Round::NearestEven:
            // Half an ulp, except on an exact tie with an even last bit.
            inc = (sig & (T::kRoundMask | T::kLsb)) != T::kHalf ? T::kHalf : 0;
            overflow_to_max = false;
            break;
        case Round::TowardZero:
            inc = 0;
            overflow_to_max = true;
            break;
        case Round::Up:
            inc = sign ? 0 : T::kRoundMask;
            overflow_to_max = sign;
            break;
        default:
            inc = sign ? T::kRoundMask : 0;
            overflow_to_max = !sign;
            break;
    }
    int e = exp + T::kBias;
    if (e > 0) [[likely]] {
        u32 flags = 0;
        if (sig & T::kRoundMask) {
            flags = kInexact;
            sig += inc;
            if (sig >> 63) {
                // Rounded up to the next power of two: the kept bits are all zero.
                sig >>= 1;
                ++e;
            }
            sig &= ~T::kRoundMask;
        }
        if (e >= T::kExpMax) [[unlikely]] {
            s.flags |= kOverflow | kInexact;
            return sign_bit<B>(sign) | (overflow_to_max ? T::kMaxFinite : T::kInf);
        }
        s.flags |= flags;
        // The leading one lands on the exponent's low bit, hence e - 1.
        return sign_bit<B>(sign) | ((B(e - 1) << T::kFracBits) + B(sig >> T::kShift));
    }
    // Tiny before rounding.
    if (s.flush_outputs) {
        s.flags |= kOutputDenormal;
        return sign_bit<B>(sign);
    }
    // After rounding: only a value in [2^(emin-1), 2^emin) that rounds (at full precision) up to
    // 2^emin escapes.
    const bool tiny = s.tininess_before_rounding || e < 0 || ((sig + inc) >> 63) == 0;
    const int shift = 1 - e;
    if (shift < 63)
        sig = (sig >> shift) | ((sig << (64 - shift)) != 0);
    else
        sig = sig != 0;
    if (s.round == Round::NearestEven)
        inc = (sig & (T::kRoundMask | T::kLsb)) != T::kHalf ? T::kHalf : 0;
    if (sig & T::kRoundMask) {
        s.flags |= kInexact | (tiny ? kUnderflow : 0);
        sig = (sig + inc) & ~T::kRoundMask;
    }
    // A carry into bit 62 gives exponent field 1: the smallest normal number.
    return sign_bit<B>(sign) | B(sig >> T::kShift);
}

// The first NaN operand, quiet; Invalid when either is signalling.
template <typename B>
B propagate_nan(B a, B b, Status& s) {
    using T = F<B>;
    auto is_nan = [](B x) { return (x & ~T::kSign) > T::kInf; };
    if ((is_nan(a) && !(a & T::kQuiet)) || (is_nan(b) && !(b & T::kQuiet))) s.flags |= kInvalid;
    return (is_nan(a) ? a : b) | T::kQuiet;
}

template <typename B>
B invalid(Status& s) {
    s.flags |= kInvalid;
    return F<B>::kDefaultNan;
}

inline u64 shift_right_jam(u64 x, int n) {
    if (n == 0) return x;
    if (n >= 63) return x != 0;
    return (x >> n) | ((x << (64 - n)) != 0);
}

template <typename B>
B add(B a, B b, bool subtract, Status& s) {
    Val x, y;
    const Kind ka = unpack(a, s, x);
    const Kind kb = unpack(b, s, y);
    y.sign ^= subtract;
    if (ka == Kind::Finite && kb == Kind::Finite) [[likely]] {
        if (x.exp < y.exp || (x.exp == y.exp && x.sig < y.sig)) std::swap(x, y);
        // |x| >= |y|. Operands come straight from unpack, so their low kShift bits are zero
        // and an alignment by one bit is exact: only a shift of two or more (where the
        // difference loses at most one leading bit) can discard bits into the sticky bit.
        const u64 ys = shift_right_jam(y.sig, x.exp - y.exp);
        if (x.sign == y.sign) {
            u64 sig = x.sig + ys;
            int exp = x.exp;
            if (sig >> 63) {
                sig = (sig >> 1) | (sig & 1);
                ++exp;
            }
            return round_pack<B>(x.sign, exp, sig, s);
        }
        u64 sig = x.sig - ys;
        if (sig == 0) return sign_bit<B>(s.round == Round::Down);
        const int k = std::countl_zero(sig) - 1;
        return round_pack<B>(x.sign, x.exp - k, sig << k, s);
    }
    if (ka == Kind::Nan || kb == Kind::Nan) return propagate_nan(a, b, s);
    if (ka == Kind::Inf) {
        if (kb == Kind::Inf && x.sign != y.sign) return invalid<B>(s);
        return sign_bit<B>(x.sign) | F<B>::kInf;
    }
    if (kb == Kind::Inf) return sign_bit<B>(y.sign) | F<B>::kInf;
    if (ka == Kind::Zero && kb == Kind::Zero) {
        // x + (-x) and (+0) + (-0) give +0, or -0 when rounding down.
        return sign_bit<B>(x.sign == y.sign ? x.sign : s.round == Round::Down);
    }
    // One zero: the other operand, still rounded (a subnormal may be flushed).
    const Val& v = ka == Kind::Zero ? y : x;
    return round_pack<B>(v.sign, v.exp, v.sig, s);
}

template <typename B>
B mul(B a, B b, Status& s) {
    Val x, y;
    const Kind ka = unpack(a, s, x);
    const Kind kb = unpack(b, s, y);
    const bool sign = x.sign != y.sign;
    if (ka == Kind::Finite && kb == Kind::Finite) [[likely]] {
        if constexpr (sizeof(B) == 4) {
            // 24 x 24 bits: exact in 64.
            const u64 p = (x.sig >> F<B>::kShift) * (y.sig >> F<B>::kShift);  // [2^46, 2^48)
            if (p >> 47) return round_pack<B>(sign, x.exp + y.exp + 1, p << 15, s);
            return round_pack<B>(sign, x.exp + y.exp, p << 16, s);
        } else {
            u64 hi, lo;
            detail::mul_64x64(x.sig, y.sig, hi, lo);  // [2^124, 2^126)
            if (hi >> 61)
                return round_pack<B>(sign, x.exp + y.exp + 1,
                                     (hi << 1) | (lo >> 63) | ((lo << 1) != 0), s);
            return round_pack<B>(sign, x.exp + y.exp, (hi << 2) | (lo >> 62) | ((lo << 2) != 0), s);
        }
    }
    if (ka == Kind::Nan || kb == Kind::Nan) return propagate_nan(a, b, s);
    if ((ka == Kind::Inf && kb == Kind::Zero) || (ka == Kind::Zero && kb == Kind::Inf))
        return invalid<B>(s);
    if (ka == Kind::Inf || kb == Kind::Inf) return sign_bit<B>(sign) | F<B>::kInf;
    return sign_bit<B>(sign);
}

template <typename B>
B div(B a, B b, Status& s) {
    Val x, y;
    const Kind ka = unpack(a, s, x);
    const Kind kb = unpack(b, s, y);
    const bool sign = x.sign != y.sign;
    if (ka == Kind::Finite && kb == Kind::Finite) [[likely]] {
        if constexpr (sizeof(B) == 4) {
            const u64 n = (x.sig >> F<B>::kShift) << 40;
            const u64 d = y.sig >> F<B>::kShift;
            const u64 q = n / d;  // (2^39, 2^41)
            const u64 sticky = (n - q * d) != 0;
            const int top = 63 - std::countl_zero(q);
            return round_pack<B>(sign, x.exp - y.exp + top - 40, (q << (62 - top)) | sticky, s);
        } else {
            // x.sig * 2^64 / (2 * y.sig) = x/y * 2^63, in (2^62, 2^64).
            u64 rem;
            const u64 q = detail::div_128x64(x.sig, 0, y.sig << 1, rem);
            const u64 sticky = rem != 0;
            if (q >> 63) return round_pack<B>(sign, x.exp - y.exp, (q >> 1) | (q & 1) | sticky, s);
            return round_pack<B>(sign, x.exp - y.exp - 1, q | sticky, s);
        }
    }
    if (ka == Kind::Nan || kb == Kind::Nan) return propagate_nan(a, b, s);
    if (ka == kb) return invalid<B>(s);  // 0/0, inf/inf
    if (ka == Kind::Inf || kb == Kind::Zero) {
        if (kb == Kind::Zero && ka == Kind::Finite) s.flags |= kDivByZero;
        return sign_bit<B>(sign) | F<B>::kInf;
    }
    return sign_bit<B>(sign);  // 0/x, x/inf
}

template <typename B>
B square_root(B a, Status& s) {
    Val x;
    const Kind k = unpack(a, s, x);
    if (k == Kind::Nan) return propagate_nan(a, a, s);
    if (k == Kind::Zero) return sign_bit<B>(x.sign);
    if (x.sign) return invalid<B>(s);
    if (k == Kind::Inf) return F<B>::kInf;
    // Radicand N with sqrt(N) in [2^(w-2), 2^(w-1)) and an even exponent left over.
    const int odd = x.exp & 1;
    const int exp = x.exp >> 1;  // floor, also for negative exponents
    if constexpr (sizeof(B) == 4) {
        const u64 n = (x.sig >> F<B>::kShift) << (37 + odd);  // [2^60, 2^62)
        u64 r = u64(std::sqrt(double(n)));
        while (r * r > n) --r;
        while ((r + 1) * (r + 1) <= n) ++r;
        return round_pack<B>(false, exp, (r << 32) | (r * r != n), s);
    } else {
        // N = sig * 2^(62 + odd) as hi:lo, in [2^124, 2^126); root in [2^62, 2^63).
        const u64 hi = x.sig >> (2 - odd), lo = x.sig << (62 + odd);
        u64 r = u64(std::sqrt(double(hi) * 0x1p64 + double(lo)));
        // One Newton step, r' = (r + N/r) / 2, on normalised operands for the 128/64 division.
        // It lands on floor(sqrt(N)) or just above (AM-GM keeps it from below).
        const int z = std::countl_zero(r);
        u64 rem;
        const u64 q =
            detail::div_128x64((hi << z) | (z ? lo >> (64 - z) : 0), lo << z, r << z, rem);
        r = (r >> 1) + (q >> 1) + (r & q & 1);
        auto square_above = [&](u64 v) {  // v*v > N
            u64 ph, pl;
            detail::mul_64x64(v, v, ph, pl);
            return ph > hi || (ph == hi && pl > lo);
        };
        while (square_above(r)) --r;
        while (!square_above(r + 1)) ++r;
        u64 ph, pl;
        detail::mul_64x64(r, r, ph, pl);
        return round_pack<B>(false, exp, r | (ph != hi || pl != lo), s);
    }
}

// On the bit patterns, without unpacking: sign-magnitude order is integer order.
template <typename B>
Relation compare(B a, B b, bool signaling, Status& s) {
    using T = F<B>;
    if (s.flush_inputs) {
        // Both operands first, as unpack would: a NaN beside a subnormal still sets the flag.
        auto flush = [&](B& x) {
            if ((x & T::kInf) == 0 && (x & T::kFrac) != 0) {
                s.flags |= kInputDenormal;
                x &= T::kSign;
            }
        };
        flush(a);
        flush(b);
    }
    const B ma = a & ~T::kSign, mb = b & ~T::kSign;
    if (ma > T::kInf || mb > T::kInf) [[unlikely]] {
        const bool snan = (ma > T::kInf && !(a & T::kQuiet)) || (mb > T::kInf && !(b & T::kQuiet));
        if (signaling || snan) s.flags |= kInvalid;
        return Relation::Unordered;
    }
    if ((ma | mb) == 0 || a == b) return Relation::Equal;  // +0 == -0
    const bool sa = (a & T::kSign) != 0;
    if (sa != ((b & T::kSign) != 0)) return sa ? Relation::Less : Relation::Greater;
    return (ma < mb) != sa ? Relation::Less : Relation::Greater;
}

// A nonzero integer magnitude as a float.
template <typename B>
B from_int(bool sign, u64 mag, Status& s) {
    if (mag == 0) return 0;
    const int top = 63 - std::countl_zero(mag);
    if (top == 63) return round_pack<B>(sign, 63, (mag >> 1) | (mag & 1), s);
    return round_pack<B>(sign, top, mag << (62 - top), s);
}

// Rounds to an integer and checks it against [-min_mag, max]; returns its two's complement bits.
template <typename B>
u64 to_int(B a, Round r, bool is_signed, int bits, Status& s) {
    const u64 max =
        is_signed ? (1ull << (bits - 1)) - 1 : (bits == 64 ? ~0ull : (1ull << bits) - 1);
    const u64 min_mag = is_signed ? 1ull << (bits - 1) : 0;
    Val x;
    switch (unpack(a, s, x)) {
        case Kind::Zero: return 0;
        case Kind::Nan: s.flags |= kInvalid; return max;
        case Kind::Inf: s.flags |= kInvalid; return x.sign ? (is_signed ? ~max : 0) : max;
        case Kind::Finite: break;
    }
    u64 mag;
    bool inexact;
    if (x.exp < 0) {
        // |a| < 1.
        inexact = true;
        switch (r) {
            case Round::NearestEven: mag = x.exp == -1 && x.sig > (1ull << 62); break;
            case Round::Up: mag = !x.sign; break;
            case Round::Down: mag = x.sign; break;
            default: mag = 0; break;
        }
    } else if (x.exp >= 64) {
        s.flags |= kInvalid;
        return x.sign ? (is_signed ? ~max : 0) : max;
    } else if (x.exp == 63) {
        mag = x.sig << 1;
        inexact = false;
    } else {
        const int shift = 62 - x.exp;
        mag = x.sig >> shift;
        const u64 frac = shift ? x.sig & ((1ull << shift) - 1) : 0;
        inexact = frac != 0;
        if (inexact) {
            const u64 half = 1ull << (shift - 1);
            switch (r) {
                case Round::NearestEven: mag += frac > half || (frac == half && (mag & 1)); break;
                case Round::Up: mag += !x.sign; break;
                case Round::Down: mag += x.sign; break;
                default: break;
            }
        }
    }
    if (x.sign ? mag > min_mag : mag > max) {
        s.flags |= kInvalid;
        return x.sign ? (is_signed ? ~max : 0) : max;
    }
    if (inexact) s.flags |= kInexact;
    return x.sign ? u64(0) - mag : mag;
}

}  // namespace

u32 f32_add(u32 a, u32 b, Status& s) { return add<u32>(a, b, false, s); }
u32 f32_sub(u32 a, u32 b, Status& s) { return add<u32>(a, b, true, s); }
u32 f32_mul(u32 a, u32 b, Status& s) { return mul<u32>(a, b, s); }
u32 f32_div(u32 a, u32 b, Status& s) { return div<u32>(a, b, s); }
u32 f32_sqrt(u32 a, Status& s) { return square_root<u32>(a, s); }
u64 f64_add(u64 a, u64 b, Status& s) { return add<u64>(a, b, false, s); }
u64 f64_sub(u64 a, u64 b, Status& s) { return add<u64>(a, b, true, s); }
u64 f64_mul(u64 a, u64 b, Status& s) { return mul<u64>(a, b, s); }
u64 f64_div(u64 a, u64 b, Status& s) { return div<u64>(a, b, s); }
u64 f64_sqrt(u64 a, Status& s) { return square_root<u64>(a, s); }

Relation f32_compare(u32 a, u32 b, bool signaling, Status& s) {
    return compare<u32>(a, b, signaling, s);
}
Relation f64_compare(u64 a, u64 b, bool signaling, Status& s) {
    return compare<u64>(a, b, signaling, s);
}

u64 f32_to_f64(u32 a, Status& s) {
    Val x;
    switch (unpack(a, s, x)) {
        case Kind::Zero: return u64(a & F<u32>::kSign) << 32;
        case Kind::Inf: return sign_bit<u64>(x.sign) | F<u64>::kInf;
        case Kind::Nan:
            if (!(a & F<u32>::kQuiet)) s.flags |= kInvalid;
            // The payload moves to the top of the wider fraction.
            return sign_bit<u64>(x.sign) | F<u64>::kInf | F<u64>::kQuiet |
                   (u64(a & F<u32>::kFrac) << 29);
        case Kind::Finite: break;
    }
    return round_pack<u64>(x.sign, x.exp, x.sig, s);
}

u32 f64_to_f32(u64 a, Status& s) {
    Val x;
    switch (unpack(a, s, x)) {
        case Kind::Zero: return u32(a >> 32) & F<u32>::kSign;
        case Kind::Inf: return sign_bit<u32>(x.sign) | F<u32>::kInf;
        case Kind::Nan:
            if (!(a & F<u64>::kQuiet)) s.flags |= kInvalid;
            return sign_bit<u32>(x.sign) | F<u32>::kInf | F<u32>::kQuiet |
                   u32((a & F<u64>::kFrac) >> 29);
        case Kind::Finite: break;
    }
    return round_pack<u32>(x.sign, x.exp, x.sig, s);
}

u32 i32_to_f32(i32 a, Status& s) { return from_int<u32>(a < 0, a < 0 ? 0 - u64(a) : u64(a), s); }
u32 u32_to_f32(u32 a, Status& s) { return from_int<u32>(false, a, s); }
u32 i64_to_f32(i64 a, Status& s) { return from_int<u32>(a < 0, a < 0 ? 0 - u64(a) : u64(a), s); }
u64 i32_to_f64(i32 a, Status& s) { return from_int<u64>(a < 0, a < 0 ? 0 - u64(a) : u64(a), s); }
u64 u32_to_f64(u32 a, Status& s) { return from_int<u64>(false, a, s); }
u64 i64_to_f64(i64 a, Status& s) { return from_int<u64>(a < 0, a < 0 ? 0 - u64(a) : u64(a), s); }

i32 f32_to_i32(u32 a, Round r, Status& s) { return i32(to_int<u32>(a, r, true, 32, s)); }
u32 f32_to_u32(u32 a, Round r, Status& s) { return u32(to_int<u32>(a, r, false, 32, s)); }
i64 f32_to_i64(u32 a, Round r, Status& s) { return i64(to_int<u32>(a, r, true, 64, s)); }
i32 f64_to_i32(u64 a, Round r, Status& s) { return i32(to_int<u64>(a, r, true, 32, s)); }
u32 f64_to_u32(u64 a, Round r, Status& s) { return u32(to_int<u64>(a, r, false, 32, s)); }
i64 f64_to_i64(u64 a, Round r, Status& s) { return i64(to_int<u64>(a, r, true, 64, s)); }

}  // namespace bw::sf
