// VFPv2 arithmetic on raw IEEE 754 bit patterns: ARM's rules (NaN selection, default NaN under
// FPSCR.DN, flush-to-zero of denormal inputs and outputs under FPSCR.FZ, the four FPSCR
// rounding modes, the cumulative exception flags) over the integer soft-float in
// core/cpu/softfloat, so results and flags are the same on every host and match QEMU 7.2's
// softfloat for the ARM926EJ-S: tininess is detected before rounding; under FZ a denormal operand
// reads as zero and sets IDC, and a result that is tiny before rounding becomes a signed zero
// and sets UFC alone (no IXC). Multiply-accumulate (FMAC and relatives) is two rounded
// operations in vfp.cpp, as in VFPv2 and QEMU.
// Not implemented: trapped exceptions (QEMU has none either).
#pragma once

#include "core/common/types.h"

namespace bw::arm::vfp {

// Bit positions as in FPSCR.
enum : u32 {
    FPSCR_IOC = 1u << 0,
    FPSCR_DZC = 1u << 1,
    FPSCR_OFC = 1u << 2,
    FPSCR_UFC = 1u << 3,
    FPSCR_IXC = 1u << 4,
    FPSCR_IDC = 1u << 7,
};

// FPSCR.RMode values.
enum RoundingMode : unsigned {
    kRoundNearest = 0,
    kRoundPlusInf = 1,
    kRoundMinusInf = 2,
    kRoundZero = 3
};

// The part of FPSCR an operation reads, and the flags it accumulates (FPSCR bit positions).
struct FpStatus {
    bool default_nan = false;
    bool flush_to_zero = false;
    unsigned rmode = kRoundNearest;
    u32 flags = 0;
};

constexpr u32 kDefaultNan32 = 0x7fc00000;
constexpr u64 kDefaultNan64 = 0x7ff8000000000000ull;

inline u32 f32_neg(u32 a) { return a ^ 0x80000000u; }
inline u32 f32_abs(u32 a) { return a & 0x7fffffffu; }
inline u64 f64_neg(u64 a) { return a ^ 0x8000000000000000ull; }
inline u64 f64_abs(u64 a) { return a & 0x7fffffffffffffffull; }

u32 f32_add(u32 a, u32 b, FpStatus& st);
u32 f32_sub(u32 a, u32 b, FpStatus& st);
u32 f32_mul(u32 a, u32 b, FpStatus& st);
u32 f32_div(u32 a, u32 b, FpStatus& st);
u32 f32_sqrt(u32 a, FpStatus& st);
u64 f64_add(u64 a, u64 b, FpStatus& st);
u64 f64_sub(u64 a, u64 b, FpStatus& st);
u64 f64_mul(u64 a, u64 b, FpStatus& st);
u64 f64_div(u64 a, u64 b, FpStatus& st);
u64 f64_sqrt(u64 a, FpStatus& st);

// Returns NZCV in bits 3..0: 0110 equal, 1000 less, 0010 greater, 0011 unordered. |signal_nan|
// (FCMPE) raises IOC for a quiet NaN too; FCMP raises it only for a signalling NaN.
u32 f32_compare(u32 a, u32 b, bool signal_nan, FpStatus& st);
u32 f64_compare(u64 a, u64 b, bool signal_nan, FpStatus& st);

u64 f32_to_f64(u32 a, FpStatus& st);
u32 f64_to_f32(u64 a, FpStatus& st);

u32 u32_to_f32(u32 a, FpStatus& st);
u32 i32_to_f32(u32 a, FpStatus& st);
u64 u32_to_f64(u32 a, FpStatus& st);
u64 i32_to_f64(u32 a, FpStatus& st);

// |round_zero| selects the FTO*IZ forms; otherwise FPSCR.RMode applies. Out of range values
// saturate and NaN gives 0, both with IOC.
u32 f32_to_u32(u32 a, bool round_zero, FpStatus& st);
u32 f32_to_i32(u32 a, bool round_zero, FpStatus& st);
u32 f64_to_u32(u64 a, bool round_zero, FpStatus& st);
u32 f64_to_i32(u64 a, bool round_zero, FpStatus& st);

}  // namespace bw::arm::vfp
