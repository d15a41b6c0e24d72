// IEEE 754 binary32/binary64 arithmetic in integer code, for the guest FPUs (ARM VFP in
// core/cpu/arm/vfp_arith, MIPS CP1 in core/cpu/mips/fpu_arith).
//
// Why not the host FPU: WebAssembly has one rounding mode and no exception flags, and x86 detects
// tininess after rounding where ARM detects it before. Everything here is integer arithmetic on
// the raw bit patterns, so a result and its flags are the same on every host and equal to QEMU
// 7.2's softfloat (the reference for both guests): operands are unpacked to a 63-bit significand
// (leading one at bit 62) and an unbiased exponent, and one rounding routine packs every result.
// Products of 64-bit significands use a 64x64->128 multiply (two halves of 32 bits on hosts without
// a native 128-bit type, such as wasm32); binary64 division uses a 128/64 long division in two
// 32-bit quotient digits. Square roots start from the host's sqrt of the value as a double, an
// estimate only: one integer Newton step and an exact integer check (r*r against the radicand)
// make the root exact whatever the host's rounding mode.
// No fast path through native float arithmetic: it could only be used where exactness and the
// flags can be proved, and the integer code is already cheap. tools/bench/fp_bench.sh measured
// (per VFP/FPU operation, on a loaded 2-core x86-64): 13-34 ns natively against ~200 ns for the
// former host-FPU path (fesetround/feclearexcept/fetestexcept around every operation), and 20-64
// ns as WebAssembly under node, where the host path took 6-12 ns but ignored rounding modes and
// flags.
//
// The caller owns NaN rules. An operation with a NaN operand returns the first NaN operand made
// quiet (IEEE 754-2008 encoding: fraction MSB set = quiet) and raises Invalid for a signalling
// one; an invalid operation (inf - inf, 0 * inf, 0/0, inf/inf, sqrt of a negative number) returns
// kDefaultNan32/64 with Invalid. Both guest layers test their operands first and replace NaN
// results by their own (ARM: first signalling NaN, default NaN under FPSCR.DN; MIPS legacy:
// inverted quiet bit, always the default NaN).
#pragma once

#include "core/common/types.h"

namespace bw::sf {

enum class Round : u8 { NearestEven, TowardZero, Up, Down };

// Exception flags, accumulated into Status::flags.
constexpr u32 kInvalid = 1u << 0;
constexpr u32 kDivByZero = 1u << 1;
constexpr u32 kOverflow = 1u << 2;
constexpr u32 kUnderflow = 1u << 3;  // tiny and inexact (IEEE default handling)
constexpr u32 kInexact = 1u << 4;
constexpr u32 kInputDenormal = 1u << 5;   // a subnormal operand read as zero (flush_inputs)
constexpr u32 kOutputDenormal = 1u << 6;  // a tiny result replaced by zero (flush_outputs)

struct Status {
    Round round = Round::NearestEven;
    // Tiny: nonzero and below the smallest normal number, judged on the exact result
    // (before rounding, ARM) or on the result rounded to the format's precision with an
    // unbounded exponent (after rounding, x86 and QEMU's MIPS).
    bool tininess_before_rounding = false;
    // Subnormal operands read as zeros of the same sign and raise kInputDenormal.
    bool flush_inputs = false;
    // A result that is tiny before rounding becomes a zero of the same sign and raises
    // kOutputDenormal alone (no Underflow, no Inexact), as in QEMU.
    bool flush_outputs = false;
    u32 flags = 0;
};

enum class Relation : u8 { Less, Equal, Greater, Unordered };

constexpr u32 kDefaultNan32 = 0x7fc00000u;
constexpr u64 kDefaultNan64 = 0x7ff8000000000000ull;

// The fields of a format by its bit type (u32: binary32, u64: binary64), for the guest
// layers' NaN rules. kFracMsb is the bit whose meaning (quiet or signalling) each guest picks.
template <typename B>
struct Format;
template <>
struct Format<u32> {
    static constexpr u32 kSign = 0x80000000u, kExp = 0x7f800000u, kFracMsb = 0x00400000u;
};
template <>
struct Format<u64> {
    static constexpr u64 kSign = 0x8000000000000000ull, kExp = 0x7ff0000000000000ull,
                         kFracMsb = 0x0008000000000000ull;
};
template <typename B>
constexpr bool is_nan(B a) {
    return (a & ~Format<B>::kSign) > Format<B>::kExp;
}

u32 f32_add(u32 a, u32 b, Status& s);
u32 f32_sub(u32 a, u32 b, Status& s);
u32 f32_mul(u32 a, u32 b, Status& s);
u32 f32_div(u32 a, u32 b, Status& s);
u32 f32_sqrt(u32 a, Status& s);
u64 f64_add(u64 a, u64 b, Status& s);
u64 f64_sub(u64 a, u64 b, Status& s);
u64 f64_mul(u64 a, u64 b, Status& s);
u64 f64_div(u64 a, u64 b, Status& s);
u64 f64_sqrt(u64 a, Status& s);

// |signaling|: any NaN raises Invalid (IEEE compareSignaling); otherwise only a signalling one.
Relation f32_compare(u32 a, u32 b, bool signaling, Status& s);
Relation f64_compare(u64 a, u64 b, bool signaling, Status& s);

u64 f32_to_f64(u32 a, Status& s);
u32 f64_to_f32(u64 a, Status& s);

u32 i32_to_f32(i32 a, Status& s);
u32 u32_to_f32(u32 a, Status& s);
u32 i64_to_f32(i64 a, Status& s);
u64 i32_to_f64(i32 a, Status& s);
u64 u32_to_f64(u32 a, Status& s);
u64 i64_to_f64(i64 a, Status& s);

// Conversions to integers round with |r| (not Status::round). A NaN, an infinity or a value
// out of range after rounding raises Invalid alone and gives the nearest bound of the type (NaN:
// the largest value); otherwise a lost fraction raises Inexact.
i32 f32_to_i32(u32 a, Round r, Status& s);
u32 f32_to_u32(u32 a, Round r, Status& s);
i64 f32_to_i64(u32 a, Round r, Status& s);
i32 f64_to_i32(u64 a, Round r, Status& s);
u32 f64_to_u32(u64 a, Round r, Status& s);
i64 f64_to_i64(u64 a, Round r, Status& s);

// Wide integer helpers, public for the unit tests.
namespace detail {

// The full product a * b as hi:lo, in 32-bit halves (what wasm32 runs).
inline void mul_64x64_portable(u64 a, u64 b, u64& hi, u64& lo) {
    const u64 a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    const u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    const u64 mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    lo = (mid << 32) | (p00 & 0xffffffffu);
    hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

inline void mul_64x64(u64 a, u64 b, u64& hi, u64& lo) {
#if defined(__SIZEOF_INT128__) && !defined(__EMSCRIPTEN__)
    const unsigned __int128 p = static_cast<unsigned __int128>(a) * b;
    hi = static_cast<u64>(p >> 64);
    lo = static_cast<u64>(p);
#else
    mul_64x64_portable(a, b, hi, lo);
#endif
}

// (hi:lo) / d for a divisor with bit 63 set and hi < d (so the quotient fits in 64 bits).
u64 div_128x64(u64 hi, u64 lo, u64 d, u64& rem);

}  // namespace detail

}  // namespace bw::sf
