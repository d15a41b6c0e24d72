// MIPS FPU arithmetic on raw IEEE 754 bit patterns with the legacy (pre-2008) MIPS NaN rules of
// QEMU's 24Kf: a NaN is signalling when its most significant fraction bit is 1; an invalid
// operation gives the default NaN 0x7fbfffff / 0x7ff7ffffffffffff; a signalling NaN operand gives
// the default NaN, a quiet one propagates (first operand first); float to integer conversions
// that are invalid or out of range give 0x7fffffff (0x7fffffffffffffff) with Invalid.
//
// The host FPU rounds and raises flags through <cfenv> (as core/cpu/arm/vfp_arith does). Known
// differences from QEMU's softfloat: tininess is detected after rounding on x86 hosts, FCSR.FS
// (flush to zero) is ignored, and WebAssembly has no rounding modes or host flags (there every
// mode is round-to-nearest and only Invalid and Divide-by-zero, derived here, are reported).
#pragma once

#include "core/common/types.h"

namespace bw::mips::fp {

// FCSR.RM values.
enum : unsigned { kRoundNearest = 0, kRoundZero = 1, kRoundPlusInf = 2, kRoundMinusInf = 3 };

// Exception bits in FCSR flag positions (see mips_cpu.h FP_*).
struct Status {
    unsigned rm = kRoundNearest;
    u32 exc = 0;
};

constexpr u32 kDefaultNan32 = 0x7fbfffff;
constexpr u64 kDefaultNan64 = 0x7ff7ffffffffffffull;

u32 add32(u32 a, u32 b, Status& st);
u32 sub32(u32 a, u32 b, Status& st);
u32 mul32(u32 a, u32 b, Status& st);
u32 div32(u32 a, u32 b, Status& st);
u32 sqrt32(u32 a, Status& st);
u64 add64(u64 a, u64 b, Status& st);
u64 sub64(u64 a, u64 b, Status& st);
u64 mul64(u64 a, u64 b, Status& st);
u64 div64(u64 a, u64 b, Status& st);
u64 sqrt64(u64 a, Status& st);

u64 f32_to_f64(u32 a, Status& st);
u32 f64_to_f32(u64 a, Status& st);
u32 i32_to_f32(u32 a, Status& st);
u64 i32_to_f64(u32 a, Status& st);
u32 i64_to_f32(u64 a, Status& st);
u64 i64_to_f64(u64 a, Status& st);
// Conversions to integer with an explicit rounding mode (kRound*).
u32 f32_to_i32(u32 a, unsigned rm, Status& st);
u32 f64_to_i32(u64 a, unsigned rm, Status& st);
u64 f32_to_i64(u32 a, unsigned rm, Status& st);
u64 f64_to_i64(u64 a, unsigned rm, Status& st);

// C.cond: |cond| is the 4-bit condition field. Returns the condition result.
bool compare32(u32 a, u32 b, unsigned cond, Status& st);
bool compare64(u64 a, u64 b, unsigned cond, Status& st);

}  // namespace bw::mips::fp
