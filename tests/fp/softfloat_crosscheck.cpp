// Cross-check of core/cpu/softfloat against the x86-64 host FPU (SSE through <cfenv> and the
// SSE intrinsics), natively only: random and edge-biased operands for every operation in every
// rounding mode, comparing result bits and the five IEEE flags. SSE detects tininess after
// rounding and never flushes, so the soft-float runs with tininess after rounding and no flush.
//
// NaN results are compared as "both NaN" (SSE's default NaN is negative and its choice between
// two NaN operands depends on operand order in the instruction); float-to-integer results that
// are out of range are compared by the Invalid flag alone (SSE returns 0x80000000 there, the
// soft-float the saturated bound).
//
// Usage: softfloat_crosscheck [operations per op and mode, default 100000] [seed]
#include <immintrin.h>

#include <bit>
#include <cfenv>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "core/cpu/softfloat.h"

namespace {

using bw::i32;
using bw::i64;
using bw::u32;
using bw::u64;
namespace sf = bw::sf;

// The tested operations read operands from and write results to volatile variables, so GCC
// (which ignores FENV_ACCESS) cannot move them across fesetround/feclearexcept/fetestexcept.
struct Rng {
    u64 s;
    u64 next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
    u32 below(u32 n) { return u32(next() % n); }
};

template <typename B>
struct Fmt;
template <>
struct Fmt<u32> {
    using Float = float;
    static constexpr int kFrac = 23, kExpMax = 255, kBias = 127;
};
template <>
struct Fmt<u64> {
    using Float = double;
    static constexpr int kFrac = 52, kExpMax = 2047, kBias = 1023;
};

template <typename B>
B make(bool sign, int exp, B frac) {
    constexpr int kBits = sizeof(B) * 8;
    return (B(sign) << (kBits - 1)) | (B(exp) << Fmt<B>::kFrac) |
           (frac & ((B(1) << Fmt<B>::kFrac) - 1));
}

// A fraction pattern: random, all ones, sparse, with a random number of low bits cleared (ties
// and exact results), or with low bits all ones (near ties).
template <typename B>
B frac_pattern(Rng& r) {
    const B rnd = B(r.next());
    const int k = int(r.below(Fmt<B>::kFrac + 1));
    switch (r.below(6)) {
        case 0: return rnd;
        case 1: return ~B(0);
        case 2: return B(1) << r.below(Fmt<B>::kFrac);
        case 3: return k >= int(sizeof(B) * 8) ? 0 : B(rnd >> k << k);
        case 4: return rnd | ((B(1) << k) - 1);
        default: return B(r.below(4));
    }
}

template <typename B>
int exp_pattern(Rng& r) {
    constexpr int kMax = Fmt<B>::kExpMax, kBias = Fmt<B>::kBias;
    switch (r.below(5)) {
        case 0: return int(r.below(4));              // subnormal, smallest normals
        case 1: return kMax - 1 - int(r.below(3));   // largest
        case 2: return kMax * int(r.below(2));       // zero/subnormal or inf/NaN
        case 3: return kBias - 4 + int(r.below(9));  // around 1
        default: return 1 + int(r.below(kMax - 1));  // any normal
    }
}

template <typename B>
B operand(Rng& r) {
    if (r.below(4) == 0) return B(r.next());
    return make<B>(r.below(2), exp_pattern<B>(r), frac_pattern<B>(r));
}

// A second operand placed relative to the first: near it (cancellation in add/sub), or with an
// exponent that drives the result of mul/div to the subnormal or overflow boundary.
template <typename B>
B related(Rng& r, B a, int kind) {
    constexpr int kMax = Fmt<B>::kExpMax, kBias = Fmt<B>::kBias;
    const int ea = int((a >> Fmt<B>::kFrac) & kMax);
    int eb;
    const int target = r.below(2) ? int(r.below(4)) - 2 : kMax - 2 + int(r.below(4));
    switch (kind) {
        case 0: eb = ea + int(r.below(5)) - 2; break;  // add/sub
        case 1: eb = target - ea + kBias; break;       // mul
        default: eb = ea - target + kBias; break;      // div
    }
    if (eb < 0 || eb > kMax) eb = int(r.below(kMax));
    B frac = frac_pattern<B>(r);
    if (kind == 0 && r.below(2)) frac = (a + B(r.below(5)) - 2) & ((B(1) << Fmt<B>::kFrac) - 1);
    return make<B>(r.below(2), eb, frac);
}

const char* kModeNames[] = {"nearest", "zero", "up", "down"};
const int kHostModes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
const sf::Round kSoftModes[] = {sf::Round::NearestEven, sf::Round::TowardZero, sf::Round::Up,
                                sf::Round::Down};

u32 host_flags(int raised) {
    return (raised & FE_INVALID ? sf::kInvalid : 0) | (raised & FE_DIVBYZERO ? sf::kDivByZero : 0) |
           (raised & FE_OVERFLOW ? sf::kOverflow : 0) |
           (raised & FE_UNDERFLOW ? sf::kUnderflow : 0) | (raised & FE_INEXACT ? sf::kInexact : 0);
}

struct Outcome {
    u64 bits;
    u32 flags;
    bool nan;       // compare NaN-ness only
    bool no_value;  // compare flags only
};

struct Counter {
    std::string name;
    u64 checked = 0, failed = 0;
};

// Runs |host| under |mode| and returns its flags.
template <typename Fn>
u32 on_host(int mode, Fn&& host) {
    std::fesetround(kHostModes[mode]);
    std::feclearexcept(FE_ALL_EXCEPT);
    host();
    const int raised = std::fetestexcept(FE_ALL_EXCEPT);
    std::fesetround(FE_TONEAREST);
    return host_flags(raised);
}

void check(Counter& c, int mode, const char* what, u64 a, u64 b, const Outcome& want,
           const Outcome& got) {
    ++c.checked;
    const bool value_ok = want.no_value || (want.nan ? got.nan : want.bits == got.bits);
    if (value_ok && want.flags == got.flags) return;
    if (++c.failed <= 10)
        std::printf("MISMATCH %s %s a=%" PRIx64 " b=%" PRIx64 ": host %" PRIx64
                    " flags %02x, soft %" PRIx64 " flags %02x\n",
                    what, kModeNames[mode], a, b, want.bits, want.flags, got.bits, got.flags);
}

template <typename B>
bool is_nan(B x) {
    return (x & ~(B(1) << (sizeof(B) * 8 - 1))) > (B(Fmt<B>::kExpMax) << Fmt<B>::kFrac);
}

template <typename B>
using Binary = B (*)(B, B, sf::Status&);

enum class Op { Add, Sub, Mul, Div };

template <typename B>
void binary_ops(Rng& r, u64 count, std::vector<Counter>& out) {
    using Fl = typename Fmt<B>::Float;
    const char* tname = sizeof(B) == 4 ? "f32" : "f64";
    struct Entry {
        Op op;
        const char* name;
        Binary<B> soft;
    };
    std::vector<Entry> ops;
    if constexpr (sizeof(B) == 4)
        ops = {{Op::Add, "add", sf::f32_add},
               {Op::Sub, "sub", sf::f32_sub},
               {Op::Mul, "mul", sf::f32_mul},
               {Op::Div, "div", sf::f32_div}};
    else
        ops = {{Op::Add, "add", sf::f64_add},
               {Op::Sub, "sub", sf::f64_sub},
               {Op::Mul, "mul", sf::f64_mul},
               {Op::Div, "div", sf::f64_div}};
    for (const auto& op : ops) {
        Counter c{std::string(tname) + "_" + op.name};
        for (int mode = 0; mode < 4; ++mode) {
            for (u64 i = 0; i < count; ++i) {
                const B a = operand<B>(r);
                const int kind = op.op == Op::Mul ? 1 : op.op == Op::Div ? 2 : 0;
                const B b = r.below(2) ? operand<B>(r) : related<B>(r, a, kind);
                volatile Fl va = std::bit_cast<Fl>(a), vb = std::bit_cast<Fl>(b), vr = 0;
                const u32 hf = on_host(mode, [&] {
                    switch (op.op) {
                        case Op::Add: vr = va + vb; break;
                        case Op::Sub: vr = va - vb; break;
                        case Op::Mul: vr = va * vb; break;
                        case Op::Div: vr = va / vb; break;
                    }
                });
                const B hb = std::bit_cast<B>(Fl(vr));
                sf::Status st;
                st.round = kSoftModes[mode];
                const B sb = op.soft(a, b, st);
                check(c, mode, c.name.c_str(), a, b, {hb, hf, is_nan(hb), false},
                      {sb, st.flags, is_nan(sb), false});
            }
        }
        out.push_back(c);
    }
}

// Exact squares and their neighbours, plus edge-biased operands.
template <typename B>
B sqrt_operand(Rng& r) {
    using Fl = typename Fmt<B>::Float;
    if (r.below(2)) return operand<B>(r);
    // A root with at most half the significand bits squares exactly.
    const int half = (Fmt<B>::kFrac + 1) / 2;
    const B frac = B(r.next()) >> (sizeof(B) * 8 - half) << (Fmt<B>::kFrac - half);
    const int e = Fmt<B>::kBias - 60 + int(r.below(120));
    const Fl root = std::bit_cast<Fl>(make<B>(false, e, frac));
    const B sq = std::bit_cast<B>(Fl(root * root));
    return sq + B(r.below(3)) - 1;
}

template <typename B>
void sqrt_op(Rng& r, u64 count, std::vector<Counter>& out) {
    using Fl = typename Fmt<B>::Float;
    Counter c{sizeof(B) == 4 ? "f32_sqrt" : "f64_sqrt"};
    for (int mode = 0; mode < 4; ++mode) {
        for (u64 i = 0; i < count; ++i) {
            const B a = sqrt_operand<B>(r);
            volatile Fl va = std::bit_cast<Fl>(a), vr = 0;
            const u32 hf = on_host(mode, [&] { vr = std::sqrt(Fl(va)); });
            const B hb = std::bit_cast<B>(Fl(vr));
            sf::Status st;
            st.round = kSoftModes[mode];
            const B sb = sizeof(B) == 4 ? B(sf::f32_sqrt(u32(a), st)) : B(sf::f64_sqrt(a, st));
            check(c, mode, c.name.c_str(), a, 0, {hb, hf, is_nan(hb), false},
                  {sb, st.flags, is_nan(sb), false});
        }
    }
    out.push_back(c);
}

template <typename B>
void compare_op(Rng& r, u64 count, std::vector<Counter>& out) {
    Counter c{sizeof(B) == 4 ? "f32_compare" : "f64_compare"};
    for (u64 i = 0; i < count; ++i) {
        const B a = operand<B>(r);
        const B b = r.below(4) == 0 ? a ^ (B(r.below(2)) << (sizeof(B) * 8 - 1))
                                    : (r.below(2) ? operand<B>(r) : related<B>(r, a, 0));
        for (int signaling = 0; signaling < 2; ++signaling) {
            int rel;
            u32 hf;
            if constexpr (sizeof(B) == 4) {
                const __m128 x = _mm_set_ss(std::bit_cast<float>(a));
                const __m128 y = _mm_set_ss(std::bit_cast<float>(b));
                volatile int lt = 0, eq = 0, gt = 0;
                hf = on_host(0,
                             [&] { lt = signaling ? _mm_comilt_ss(x, y) : _mm_ucomilt_ss(x, y); });
                eq = _mm_ucomieq_ss(x, y);
                gt = _mm_ucomigt_ss(x, y);
                rel = is_nan(a) || is_nan(b) ? 3 : lt ? 0 : eq ? 1 : gt ? 2 : 3;
            } else {
                const __m128d x = _mm_set_sd(std::bit_cast<double>(a));
                const __m128d y = _mm_set_sd(std::bit_cast<double>(b));
                volatile int lt = 0, eq = 0, gt = 0;
                hf = on_host(0,
                             [&] { lt = signaling ? _mm_comilt_sd(x, y) : _mm_ucomilt_sd(x, y); });
                eq = _mm_ucomieq_sd(x, y);
                gt = _mm_ucomigt_sd(x, y);
                rel = is_nan(a) || is_nan(b) ? 3 : lt ? 0 : eq ? 1 : gt ? 2 : 3;
            }
            sf::Status st;
            const sf::Relation sr = sizeof(B) == 4 ? sf::f32_compare(u32(a), u32(b), signaling, st)
                                                   : sf::f64_compare(a, b, signaling, st);
            check(c, 0, c.name.c_str(), a, b, {u64(rel), hf, false, false},
                  {u64(sr), st.flags, false, false});
        }
    }
    out.push_back(c);
}

void convert_ops(Rng& r, u64 count, std::vector<Counter>& out) {
    Counter widen{"f32_to_f64"}, narrow{"f64_to_f32"};
    for (int mode = 0; mode < 4; ++mode) {
        for (u64 i = 0; i < count; ++i) {
            const u32 a = operand<u32>(r);
            volatile float va = std::bit_cast<float>(a);
            volatile double vr = 0;
            const u32 hf = on_host(mode, [&] { vr = double(float(va)); });
            const u64 hb = std::bit_cast<u64>(double(vr));
            sf::Status st;
            st.round = kSoftModes[mode];
            const u64 sb = sf::f32_to_f64(a, st);
            check(widen, mode, "f32_to_f64", a, 0, {hb, hf, is_nan(hb), false},
                  {sb, st.flags, is_nan(sb), false});

            // Doubles around the binary32 range: exponents near its subnormals and its limit.
            u64 d = operand<u64>(r);
            if (r.below(2)) {
                const int e = 1023 - 152 + int(r.below(30)) + (r.below(2) ? 0 : 250);
                d = make<u64>(r.below(2), e, frac_pattern<u64>(r));
            }
            volatile double vd = std::bit_cast<double>(d);
            volatile float vf = 0;
            const u32 hf2 = on_host(mode, [&] { vf = float(double(vd)); });
            const u32 hb2 = std::bit_cast<u32>(float(vf));
            sf::Status st2;
            st2.round = kSoftModes[mode];
            const u32 sb2 = sf::f64_to_f32(d, st2);
            check(narrow, mode, "f64_to_f32", d, 0, {hb2, hf2, is_nan(hb2), false},
                  {sb2, st2.flags, is_nan(sb2), false});
        }
    }
    out.push_back(widen);
    out.push_back(narrow);
}

// Integers with a random bit length (and the extremes), as 64-bit two's complement.
u64 int_operand(Rng& r) {
    switch (r.below(4)) {
        case 0: return r.next();
        case 1: {
            const u64 v = r.next() >> r.below(64);
            return r.below(2) ? 0 - v : v;
        }
        case 2: {
            const u64 edges[] = {0,
                                 1,
                                 ~0ull,
                                 0x7fffffff,
                                 0x80000000,
                                 0xffffffff,
                                 0x100000000,
                                 0x7fffffffffffffff,
                                 0x8000000000000000,
                                 0xffffff,
                                 0x1000001,
                                 0x20000000000001,
                                 0x1fffffffffffff};
            return edges[r.below(sizeof edges / sizeof edges[0])] + r.below(3) - 1;
        }
        default: return i64(i32(r.next()));
    }
}

void int_to_float_ops(Rng& r, u64 count, std::vector<Counter>& out) {
    Counter c{"int_to_float"};
    for (int mode = 0; mode < 4; ++mode) {
        for (u64 i = 0; i < count; ++i) {
            const u64 v = int_operand(r);
            volatile i64 vi = i64(v);
            // |host| converts vi on the host; |soft| is the soft-float conversion.
            auto one = [&](const char* name, auto host, auto soft) {
                using R = decltype(host());
                using Bits = std::conditional_t<sizeof(R) == 4, u32, u64>;
                volatile R vr = 0;
                const u32 hf = on_host(mode, [&] { vr = host(); });
                const Bits hb = std::bit_cast<Bits>(R(vr));
                sf::Status st;
                st.round = kSoftModes[mode];
                const Bits sb = soft(st);
                check(c, mode, name, v, 0, {hb, hf, false, false}, {sb, st.flags, false, false});
            };
            using S = sf::Status;
            one(
                "i32_to_f32", [&] { return float(i32(vi)); },
                [&](S& s) { return sf::i32_to_f32(i32(v), s); });
            one(
                "u32_to_f32", [&] { return float(u32(vi)); },
                [&](S& s) { return sf::u32_to_f32(u32(v), s); });
            one(
                "i64_to_f32", [&] { return float(i64(vi)); },
                [&](S& s) { return sf::i64_to_f32(i64(v), s); });
            one(
                "i32_to_f64", [&] { return double(i32(vi)); },
                [&](S& s) { return sf::i32_to_f64(i32(v), s); });
            one(
                "u32_to_f64", [&] { return double(u32(vi)); },
                [&](S& s) { return sf::u32_to_f64(u32(v), s); });
            one(
                "i64_to_f64", [&] { return double(i64(vi)); },
                [&](S& s) { return sf::i64_to_f64(i64(v), s); });
        }
    }
    out.push_back(c);
}

// Floats around integer boundaries: halves, 2^31, 2^32, 2^63 and their neighbours.
template <typename B>
B int_boundary_float(Rng& r) {
    using Fl = typename Fmt<B>::Float;
    switch (r.below(3)) {
        case 0: return operand<B>(r);
        case 1: {
            const Fl edges[] = {0.5,          1.5,          2.5,          2147483647.5,
                                2147483648.0, 4294967295.5, 4294967296.0, 9223372036854775808.0,
                                0.25,         0.75};
            const B e = std::bit_cast<B>(Fl(edges[r.below(10)]));
            return (e + B(r.below(5)) - 2) ^ (B(r.below(2)) << (sizeof(B) * 8 - 1));
        }
        default: {
            const int e = Fmt<B>::kBias - 2 + int(r.below(66));
            return make<B>(r.below(2), e, frac_pattern<B>(r));
        }
    }
}

template <typename B>
void float_to_int_ops(Rng& r, u64 count, std::vector<Counter>& out) {
    using Fl = typename Fmt<B>::Float;
    Counter c{sizeof(B) == 4 ? "f32_to_int" : "f64_to_int"};
    for (int mode = 0; mode < 4; ++mode) {
        for (u64 i = 0; i < count; ++i) {
            const B a = int_boundary_float<B>(r);
            const Fl x = std::bit_cast<Fl>(a);
            volatile i64 h32 = 0, h64 = 0;
            u32 hf32, hf64;
            if constexpr (sizeof(B) == 4) {
                hf32 = on_host(mode, [&] { h32 = _mm_cvtss_si32(_mm_set_ss(x)); });
                hf64 = on_host(mode, [&] { h64 = _mm_cvtss_si64(_mm_set_ss(x)); });
            } else {
                hf32 = on_host(mode, [&] { h32 = _mm_cvtsd_si32(_mm_set_sd(x)); });
                hf64 = on_host(mode, [&] { h64 = _mm_cvtsd_si64(_mm_set_sd(x)); });
            }
            sf::Status s1, s2, s3;
            const sf::Round rm = kSoftModes[mode];
            const i32 r32 =
                sizeof(B) == 4 ? sf::f32_to_i32(u32(a), rm, s1) : sf::f64_to_i32(a, rm, s1);
            const i64 r64 =
                sizeof(B) == 4 ? sf::f32_to_i64(u32(a), rm, s2) : sf::f64_to_i64(a, rm, s2);
            const u32 ru =
                sizeof(B) == 4 ? sf::f32_to_u32(u32(a), rm, s3) : sf::f64_to_u32(a, rm, s3);
            const bool inv32 = hf32 & sf::kInvalid, inv64 = hf64 & sf::kInvalid;
            check(c, mode, "to_i32", a, 0, {u64(i64(h32)), hf32, false, inv32},
                  {u64(i64(r32)), s1.flags, false, false});
            check(c, mode, "to_i64", a, 0, {u64(i64(h64)), hf64, false, inv64},
                  {u64(r64), s2.flags, false, false});
            // Unsigned 32: from the 64-bit conversion, out of range when outside [0, 2^32).
            const bool u_out = inv64 || h64 < 0 || h64 > 0xffffffffll;
            check(c, mode, "to_u32", a, 0,
                  {u64(h64) & 0xffffffffu, u_out ? sf::kInvalid : hf64, false, u_out},
                  {u64(ru), s3.flags, false, false});
        }
    }
    out.push_back(c);
}

}  // namespace

int main(int argc, char** argv) {
    const u64 count = argc > 1 ? std::strtoull(argv[1], nullptr, 0) : 100000;
    Rng r{argc > 2 ? std::strtoull(argv[2], nullptr, 0) : 0x9e3779b97f4a7c15ull};
    if (r.s == 0) r.s = 1;
    std::vector<Counter> results;
    binary_ops<u32>(r, count, results);
    binary_ops<u64>(r, count, results);
    sqrt_op<u32>(r, count, results);
    sqrt_op<u64>(r, count, results);
    compare_op<u32>(r, count, results);
    compare_op<u64>(r, count, results);
    convert_ops(r, count, results);
    int_to_float_ops(r, count, results);
    float_to_int_ops<u32>(r, count, results);
    float_to_int_ops<u64>(r, count, results);
    u64 total = 0, failed = 0;
    for (const Counter& c : results) {
        std::printf("%-14s %12" PRIu64 " compared, %" PRIu64 " mismatches\n", c.name.c_str(),
                    c.checked, c.failed);
        total += c.checked;
        failed += c.failed;
    }
    std::printf("total %" PRIu64 " compared, %" PRIu64 " mismatches\n", total, failed);
    return failed ? 1 : 0;
}
