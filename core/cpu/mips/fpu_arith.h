// MIPS FPU arithmetic on raw IEEE 754 bit patterns with the legacy (pre-2008) NaN rules of
// QEMU 7.2's 24Kf, over the integer soft-float in core/cpu/softfloat (so results and flags are the
// same on every host):
// - a NaN is signalling when its most significant fraction bit is 1;
// - every NaN result is the default NaN 0x7fbfffff / 0x7ff7ffffffffffff: QEMU runs legacy MIPS
//   with default_nan_mode, so even a quiet NaN operand is not propagated; Invalid is raised
//   for a signalling NaN operand and for an invalid operation;
// - float to integer conversions that are invalid or out of range give 0x7fffffff
//   (0x7fffffffffffffff) with Invalid alone;
// - tininess is detected after rounding (QEMU's default, which its MIPS target keeps);
// - FCSR.FS flushes results that are tiny before rounding to a zero of the same sign and raises
//   no flag at all (QEMU's output-denormal flag has no FCSR bit); denormal operands are used
//   as they are (QEMU sets no input flushing for the FPU, only for MSA).
// MADD/MSUB/NMADD/NMSUB are a rounded multiply then a rounded add (insn_fpu.cpp), as QEMU 7.2
// does for pre-R6 cores.
#pragma once

#include "core/common/types.h"

namespace bw::mips::fp {

// FCSR.RM values.
enum : unsigned { kRoundNearest = 0, kRoundZero = 1, kRoundPlusInf = 2, kRoundMinusInf = 3 };

// Exception bits in FCSR flag positions (see mips_cpu.h FP_*).
struct Status {
    unsigned rm = kRoundNearest;
    bool flush = false;  // FCSR.FS
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
