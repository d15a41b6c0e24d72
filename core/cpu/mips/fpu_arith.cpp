// MIPS legacy-NaN floating point over host IEEE arithmetic. See fpu_arith.h.
//
// Ordering against <cfenv>: GCC ignores `#pragma STDC FENV_ACCESS`, so host operations read
// operands from and write results to volatile variables, which are not moved across the opaque
// fesetround/feclearexcept/fetestexcept calls.
#include "core/cpu/mips/fpu_arith.h"

#include <bit>
#include <cmath>
#include <utility>

#include "core/cpu/host_fpu.h"
#include "core/cpu/mips/mips_cpu.h"

#ifdef __clang__
#pragma STDC FENV_ACCESS ON
#endif

namespace bw::mips::fp {
namespace {

template <typename F>
struct Fmt;
template <>
struct Fmt<float> {
    using Bits = u32;
    static constexpr Bits kSign = 0x80000000u;
    static constexpr Bits kExp = 0x7f800000u;
    static constexpr Bits kFrac = 0x007fffffu;
    static constexpr Bits kQuietBit = 0x00400000u;  // set = signalling in legacy MIPS
    static constexpr Bits kDefaultNan = kDefaultNan32;
    static constexpr int kFracBits = 23;
};
template <>
struct Fmt<double> {
    using Bits = u64;
    static constexpr Bits kSign = 0x8000000000000000ull;
    static constexpr Bits kExp = 0x7ff0000000000000ull;
    static constexpr Bits kFrac = 0x000fffffffffffffull;
    static constexpr Bits kQuietBit = 0x0008000000000000ull;
    static constexpr Bits kDefaultNan = kDefaultNan64;
    static constexpr int kFracBits = 52;
};
template <typename F>
using Bits = typename Fmt<F>::Bits;

template <typename F>
bool is_nan(Bits<F> a) {
    return (a & ~Fmt<F>::kSign) > Fmt<F>::kExp;
}
template <typename F>
bool is_snan(Bits<F> a) {
    return is_nan<F>(a) && (a & Fmt<F>::kQuietBit);
}

// The FCSR RM field as a host rounding mode.
host_fpu::Rounding rounding(unsigned rm) {
    switch (rm & 3) {
        case kRoundZero: return host_fpu::Rounding::TowardZero;
        case kRoundPlusInf: return host_fpu::Rounding::Up;
        case kRoundMinusInf: return host_fpu::Rounding::Down;
        default: return host_fpu::Rounding::Nearest;
    }
}

// Runs |op| on the host FPU under |rm|; returns the FCSR cause bits it raised.
template <typename Op>
u32 run_host(unsigned rm, Op&& op) {
    const unsigned ex = host_fpu::run(rounding(rm), std::forward<Op>(op));
    return (ex & host_fpu::kInvalid ? FP_V : 0) | (ex & host_fpu::kDivideByZero ? FP_Z : 0) |
           (ex & host_fpu::kOverflow ? FP_O : 0) | (ex & host_fpu::kUnderflow ? FP_U : 0) |
           (ex & host_fpu::kInexact ? FP_I : 0);
}

// One or two NaN operands: a signalling NaN gives the default NaN and Invalid; otherwise the
// first quiet NaN propagates unchanged.
template <typename F>
Bits<F> propagate_nan(Bits<F> a, Bits<F> b, bool binary, Status& st) {
    if (is_snan<F>(a) || (binary && is_snan<F>(b))) {
        st.exc |= FP_V;
        return Fmt<F>::kDefaultNan;
    }
    return is_nan<F>(a) ? a : b;
}

enum class Op { Add, Sub, Mul, Div, Sqrt };

template <typename F>
Bits<F> arith(Op op, Bits<F> a, Bits<F> b, Status& st) {
    const bool binary = op != Op::Sqrt;
    if (is_nan<F>(a) || (binary && is_nan<F>(b))) return propagate_nan<F>(a, b, binary, st);
    volatile F x = std::bit_cast<F>(a);
    volatile F y = std::bit_cast<F>(b);
    volatile F r;
    u32 exc = run_host(st.rm, [&] {
        switch (op) {
            case Op::Add: r = x + y; break;
            case Op::Sub: r = x - y; break;
            case Op::Mul: r = x * y; break;
            case Op::Div: r = x / y; break;
            case Op::Sqrt: r = std::sqrt(F(x)); break;
        }
    });
    F res = r;
    Bits<F> rb = std::bit_cast<Bits<F>>(res);
    // Hosts without flags (wasm): derive Invalid and Divide-by-zero.
    if (is_nan<F>(rb)) {
        exc |= FP_V;
        rb = Fmt<F>::kDefaultNan;
    }
    if (op == Op::Div && std::isinf(res) && std::isfinite(F(x)) && F(y) == 0) exc |= FP_Z;
    st.exc |= exc;
    return rb;
}

template <typename F>
bool compare(Bits<F> a, Bits<F> b, unsigned cond, Status& st) {
    const bool unordered = is_nan<F>(a) || is_nan<F>(b);
    if (is_snan<F>(a) || is_snan<F>(b) || (unordered && (cond & 8))) st.exc |= FP_V;
    if (unordered) return cond & 1;
    F x = std::bit_cast<F>(a), y = std::bit_cast<F>(b);
    return ((cond & 2) && x == y) || ((cond & 4) && x < y);
}

// Round |v| (an exact double or long double value) to an integer in the range [lo, hi] under
// |rm|; out of range or NaN gives |overflow| and Invalid.
template <typename F, typename I>
I to_int(Bits<F> a, unsigned rm, I overflow, Status& st) {
    if (is_nan<F>(a)) {
        st.exc |= FP_V;
        return overflow;
    }
    F v = std::bit_cast<F>(a);
    F r;
    switch (rm & 3) {
        case kRoundZero: r = std::trunc(v); break;
        case kRoundPlusInf: r = std::ceil(v); break;
        case kRoundMinusInf: r = std::floor(v); break;
        default: {
            // Ties to even without depending on the host mode.
            r = std::floor(v);
            F diff = v - r;
            if (diff > F(0.5) || (diff == F(0.5) && std::fmod(r, F(2)) != 0)) r += 1;
            break;
        }
    }
    constexpr F lim = F(I(1) << (sizeof(I) * 8 - 2)) * 2;  // 2^31 or 2^63, exact
    if (!(r >= -lim && r < lim)) {
        st.exc |= FP_V;
        return overflow;
    }
    if (r != v) st.exc |= FP_I;
    return I(r);
}

template <typename From, typename To>
Bits<To> convert_nan(Bits<From> a, Status& st) {
    if (is_snan<From>(a)) {
        st.exc |= FP_V;
        return Fmt<To>::kDefaultNan;
    }
    Bits<To> sign = (a & Fmt<From>::kSign) ? Fmt<To>::kSign : 0;
    Bits<From> frac = a & Fmt<From>::kFrac;
    Bits<To> f;
    if constexpr (Fmt<From>::kFracBits > Fmt<To>::kFracBits)
        f = Bits<To>(frac >> (Fmt<From>::kFracBits - Fmt<To>::kFracBits));
    else
        f = Bits<To>(frac) << (Fmt<To>::kFracBits - Fmt<From>::kFracBits);
    if (f == 0) return Fmt<To>::kDefaultNan;
    return sign | Fmt<To>::kExp | f;
}

template <typename To, typename T>
Bits<To> from_host(T v, Status& st) {
    volatile T x = v;
    volatile To r;
    st.exc |= run_host(st.rm, [&] { r = To(x); });
    To res = r;
    return std::bit_cast<Bits<To>>(res);
}

}  // namespace

u32 add32(u32 a, u32 b, Status& st) { return arith<float>(Op::Add, a, b, st); }
u32 sub32(u32 a, u32 b, Status& st) { return arith<float>(Op::Sub, a, b, st); }
u32 mul32(u32 a, u32 b, Status& st) { return arith<float>(Op::Mul, a, b, st); }
u32 div32(u32 a, u32 b, Status& st) { return arith<float>(Op::Div, a, b, st); }
u32 sqrt32(u32 a, Status& st) { return arith<float>(Op::Sqrt, a, 0, st); }
u64 add64(u64 a, u64 b, Status& st) { return arith<double>(Op::Add, a, b, st); }
u64 sub64(u64 a, u64 b, Status& st) { return arith<double>(Op::Sub, a, b, st); }
u64 mul64(u64 a, u64 b, Status& st) { return arith<double>(Op::Mul, a, b, st); }
u64 div64(u64 a, u64 b, Status& st) { return arith<double>(Op::Div, a, b, st); }
u64 sqrt64(u64 a, Status& st) { return arith<double>(Op::Sqrt, a, 0, st); }

u64 f32_to_f64(u32 a, Status& st) {
    if (is_nan<float>(a)) return convert_nan<float, double>(a, st);
    return std::bit_cast<u64>(double(std::bit_cast<float>(a)));
}

u32 f64_to_f32(u64 a, Status& st) {
    if (is_nan<double>(a)) return convert_nan<double, float>(a, st);
    return from_host<float>(std::bit_cast<double>(a), st);
}

u32 i32_to_f32(u32 a, Status& st) { return from_host<float>(i32(a), st); }
u64 i32_to_f64(u32 a, Status& st) { return from_host<double>(i32(a), st); }
u32 i64_to_f32(u64 a, Status& st) { return from_host<float>(i64(a), st); }
u64 i64_to_f64(u64 a, Status& st) { return from_host<double>(i64(a), st); }

u32 f32_to_i32(u32 a, unsigned rm, Status& st) {
    // Widen first: every float is exact as a double.
    u64 d = std::bit_cast<u64>(double(std::bit_cast<float>(a)));
    if (is_nan<float>(a)) d = kDefaultNan64;
    return u32(to_int<double, i32>(d, rm, 0x7fffffff, st));
}
u32 f64_to_i32(u64 a, unsigned rm, Status& st) {
    return u32(to_int<double, i32>(a, rm, 0x7fffffff, st));
}
u64 f32_to_i64(u32 a, unsigned rm, Status& st) {
    u64 d = std::bit_cast<u64>(double(std::bit_cast<float>(a)));
    if (is_nan<float>(a)) d = kDefaultNan64;
    return u64(to_int<double, i64>(d, rm, INT64_MAX, st));
}
u64 f64_to_i64(u64 a, unsigned rm, Status& st) {
    return u64(to_int<double, i64>(a, rm, INT64_MAX, st));
}

bool compare32(u32 a, u32 b, unsigned cond, Status& st) { return compare<float>(a, b, cond, st); }
bool compare64(u64 a, u64 b, unsigned cond, Status& st) { return compare<double>(a, b, cond, st); }

}  // namespace bw::mips::fp
