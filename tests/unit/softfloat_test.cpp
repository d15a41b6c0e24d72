// core/cpu/softfloat with exact bit patterns: rounding modes on ties and near-ties, subnormal
// results, tininess before and after rounding, flush of inputs and outputs, overflow per mode,
// square roots of exact and near squares, integer conversions at their bounds, signed zeros, and
// the wide-integer helpers. Runs natively and in wasm (it is the point of the soft-float).
#include "core/cpu/softfloat.h"

#include <gtest/gtest.h>

namespace bw::sf {
namespace {

constexpr Round kNearest = Round::NearestEven, kZero = Round::TowardZero, kUp = Round::Up,
                kDown = Round::Down;

Status mode(Round r, bool before = false) {
    Status s;
    s.round = r;
    s.tininess_before_rounding = before;
    return s;
}

struct Case32 {
    Round round;
    u32 a, b, result, flags;
};

void check_add32(const Case32& c) {
    Status s = mode(c.round);
    EXPECT_EQ(f32_add(c.a, c.b, s), c.result) << std::hex << c.a << " + " << c.b;
    EXPECT_EQ(s.flags, c.flags) << std::hex << c.a << " + " << c.b;
}

TEST(SoftFloatTest, AddTiesInEveryMode) {
    const u32 one = 0x3f800000, half_ulp = 0x33800000;  // 1.0, 2^-24
    const Case32 cases[] = {
        // 1 + 2^-24: an exact tie, even last bit stays.
        {kNearest, one, half_ulp, 0x3f800000, kInexact},
        {kZero, one, half_ulp, 0x3f800000, kInexact},
        {kUp, one, half_ulp, 0x3f800001, kInexact},
        {kDown, one, half_ulp, 0x3f800000, kInexact},
        // The same, negative.
        {kNearest, 0xbf800000, 0xb3800000, 0xbf800000, kInexact},
        {kZero, 0xbf800000, 0xb3800000, 0xbf800000, kInexact},
        {kUp, 0xbf800000, 0xb3800000, 0xbf800000, kInexact},
        {kDown, 0xbf800000, 0xb3800000, 0xbf800001, kInexact},
        // Odd last bit: the tie rounds up to even.
        {kNearest, 0x3f800001, half_ulp, 0x3f800002, kInexact},
        {kZero, 0x3f800001, half_ulp, 0x3f800001, kInexact},
        // Just above and just below the tie.
        {kNearest, one, 0x33800001, 0x3f800001, kInexact},
        {kNearest, one, 0x337fffff, 0x3f800000, kInexact},
        {kUp, one, 0x337fffff, 0x3f800001, kInexact},
        // Exact.
        {kNearest, one, one, 0x40000000, 0},
    };
    for (const Case32& c : cases) check_add32(c);
}

TEST(SoftFloatTest, SignedZeroResults) {
    const Case32 cases[] = {
        {kNearest, 0x3fc00000, 0xbfc00000, 0x00000000, 0},  // 1.5 + -1.5
        {kZero, 0x3fc00000, 0xbfc00000, 0x00000000, 0},
        {kUp, 0x3fc00000, 0xbfc00000, 0x00000000, 0},
        {kDown, 0x3fc00000, 0xbfc00000, 0x80000000, 0},
        {kNearest, 0x80000000, 0x80000000, 0x80000000, 0},  // -0 + -0
        {kNearest, 0x00000000, 0x80000000, 0x00000000, 0},  // +0 + -0
        {kDown, 0x00000000, 0x80000000, 0x80000000, 0},
    };
    for (const Case32& c : cases) check_add32(c);
    Status s = mode(kDown);
    EXPECT_EQ(f64_sub(0x4008000000000000, 0x4008000000000000, s), 0x8000000000000000u);  // 3 - 3
    s = mode(kNearest);
    EXPECT_EQ(f64_sub(0x4008000000000000, 0x4008000000000000, s), 0u);
    EXPECT_EQ(f32_mul(0x80000000, 0x3f800000, s), 0x80000000u);  // -0 * 1
    EXPECT_EQ(f32_sqrt(0x80000000, s), 0x80000000u);             // sqrt(-0) = -0
    EXPECT_EQ(s.flags, 0u);
}

TEST(SoftFloatTest, OverflowDependsOnModeAndSign) {
    const u32 max = 0x7f7fffff, two = 0x40000000;
    struct {
        Round round;
        u32 pos, neg;
    } cases[] = {
        {kNearest, 0x7f800000, 0xff800000},
        {kZero, 0x7f7fffff, 0xff7fffff},
        {kUp, 0x7f800000, 0xff7fffff},
        {kDown, 0x7f7fffff, 0xff800000},
    };
    for (const auto& c : cases) {
        Status s = mode(c.round);
        EXPECT_EQ(f32_mul(max, two, s), c.pos);
        EXPECT_EQ(f32_mul(max | 0x80000000, two, s), c.neg);
        EXPECT_EQ(s.flags, kOverflow | kInexact);
    }
    Status s = mode(kNearest);
    EXPECT_EQ(f64_add(0x7fefffffffffffff, 0x7ca0000000000000, s), 0x7ff0000000000000u);  // +1 ulp
    EXPECT_EQ(s.flags, kOverflow | kInexact);
    // Half an ulp below the overflow threshold rounds down to max finite.
    s = mode(kNearest);
    EXPECT_EQ(f64_add(0x7fefffffffffffff, 0x7c8fffffffffffff, s), 0x7fefffffffffffffu);
    EXPECT_EQ(s.flags, kInexact);
}

TEST(SoftFloatTest, SubnormalResults) {
    Status s = mode(kNearest);
    EXPECT_EQ(f32_mul(0x00800000, 0x3f000000, s), 0x00400000u);  // 2^-126 / 2, exact
    EXPECT_EQ(s.flags, 0u);
    EXPECT_EQ(f32_mul(0x00000003, 0x3f000000, s), 0x00000002u);  // 1.5 units: tie to even
    EXPECT_EQ(s.flags, kUnderflow | kInexact);
    s = mode(kUp);
    EXPECT_EQ(f32_mul(0x00000001, 0x3f000000, s), 0x00000001u);  // half the smallest, up
    s = mode(kNearest);
    EXPECT_EQ(f32_mul(0x00000001, 0x3f000000, s), 0x00000000u);  // tie to even zero
    EXPECT_EQ(s.flags, kUnderflow | kInexact);
    // Subnormal operands are normalised: smallest subnormal times 2^23 is 2^-126.
    s = mode(kNearest);
    EXPECT_EQ(f32_mul(0x00000001, 0x4b000000, s), 0x00800000u);
    EXPECT_EQ(f64_add(0x000fffffffffffff, 0x0000000000000001, s), 0x0010000000000000u);
    EXPECT_EQ(s.flags, 0u);
}

TEST(SoftFloatTest, TininessBeforeAndAfterRounding) {
    // (1 - 2^-25) * 2^-126 as a double: rounds to the smallest normal float. Tiny before
    // rounding; not tiny after (at 24 bits with an unbounded exponent it is 2^-126 as well).
    const u64 d = 0x380ffffff0000000;
    Status after = mode(kNearest, false), before = mode(kNearest, true);
    EXPECT_EQ(f64_to_f32(d, after), 0x00800000u);
    EXPECT_EQ(after.flags, kInexact);
    EXPECT_EQ(f64_to_f32(d, before), 0x00800000u);
    EXPECT_EQ(before.flags, kUnderflow | kInexact);
    // The same in binary64: (1 + 2^-52) * 2^-1022 * (1 - 2^-52) = (1 - 2^-104) * 2^-1022.
    after = mode(kNearest, false);
    before = mode(kNearest, true);
    EXPECT_EQ(f64_mul(0x0010000000000001, 0x3feffffffffffffe, after), 0x0010000000000000u);
    EXPECT_EQ(after.flags, kInexact);
    EXPECT_EQ(f64_mul(0x0010000000000001, 0x3feffffffffffffe, before), 0x0010000000000000u);
    EXPECT_EQ(before.flags, kUnderflow | kInexact);
    // Toward zero the same value stays subnormal: tiny either way.
    after = mode(kZero, false);
    EXPECT_EQ(f64_to_f32(d, after), 0x007fffffu);
    EXPECT_EQ(after.flags, kUnderflow | kInexact);
}

TEST(SoftFloatTest, FlushInputsAndOutputs) {
    Status s;
    s.flush_outputs = true;
    // Tiny before rounding, even though it would round to the smallest normal: flushed, with
    // the output-denormal flag alone.
    EXPECT_EQ(f64_to_f32(0xb80ffffff0000000, s), 0x80000000u);
    EXPECT_EQ(s.flags, kOutputDenormal);
    s.flags = 0;
    EXPECT_EQ(f32_mul(0x00000001, 0x3f800000, s), 0x00000000u);  // exact subnormal, flushed too
    EXPECT_EQ(s.flags, kOutputDenormal);
    s.flags = 0;
    EXPECT_EQ(f32_add(0x00000001, 0x00000000, s), 0x00000000u);  // x + 0 is still rounded
    EXPECT_EQ(s.flags, kOutputDenormal);
    s = Status{};
    s.flush_inputs = true;
    EXPECT_EQ(f32_mul(0x807fffff, 0x4b000000, s), 0x80000000u);  // -denormal reads as -0
    EXPECT_EQ(s.flags, kInputDenormal);
    s.flags = 0;
    EXPECT_EQ(f64_compare(0x0000000000000001, 0x8000000000000000, false, s), Relation::Equal);
    EXPECT_EQ(s.flags, kInputDenormal);
}

TEST(SoftFloatTest, InvalidAndDivideByZero) {
    Status s;
    EXPECT_EQ(f32_add(0x7f800000, 0xff800000, s), kDefaultNan32);  // inf - inf
    EXPECT_EQ(s.flags, kInvalid);
    s.flags = 0;
    EXPECT_EQ(f64_mul(0x7ff0000000000000, 0, s), kDefaultNan64);  // inf * 0
    EXPECT_EQ(s.flags, kInvalid);
    s.flags = 0;
    EXPECT_EQ(f32_div(0, 0x80000000, s), kDefaultNan32);  // 0 / -0
    EXPECT_EQ(s.flags, kInvalid);
    s.flags = 0;
    EXPECT_EQ(f32_div(0xbf800000, 0, s), 0xff800000u);  // -1 / +0
    EXPECT_EQ(s.flags, kDivByZero);
    s.flags = 0;
    EXPECT_EQ(f32_div(0x7f800000, 0, s), 0x7f800000u);  // inf / 0: no flag
    EXPECT_EQ(f64_sqrt(0xbff0000000000000, s), kDefaultNan64);
    EXPECT_EQ(s.flags, kInvalid);
    // NaN operands: the first NaN, quietened; Invalid only for a signalling one.
    s.flags = 0;
    EXPECT_EQ(f32_add(0x7fc00001, 0x7f800001, s), 0x7fc00001u);
    EXPECT_EQ(s.flags, kInvalid);
    s.flags = 0;
    EXPECT_EQ(f32_mul(0x3f800000, 0xffc00002, s), 0xffc00002u);
    EXPECT_EQ(s.flags, 0u);
}

TEST(SoftFloatTest, SquareRoots) {
    struct {
        Round round;
        u64 a, result;
        u32 flags;
    } cases64[] = {
        {kNearest, 0x4010000000000000, 0x4000000000000000, 0},         // sqrt 4 = 2
        {kNearest, 0x4000000000000000, 0x3ff6a09e667f3bcd, kInexact},  // sqrt 2 rounds up
        {kZero, 0x4000000000000000, 0x3ff6a09e667f3bcc, kInexact},
        {kDown, 0x4000000000000000, 0x3ff6a09e667f3bcc, kInexact},
        {kUp, 0x4000000000000000, 0x3ff6a09e667f3bcd, kInexact},
        {kNearest, 0x0000000000000001, 0x1e60000000000000, 0},  // sqrt 2^-1074 = 2^-537
        {kNearest, 0x7ff0000000000000, 0x7ff0000000000000, 0},
    };
    for (const auto& c : cases64) {
        Status s = mode(c.round);
        EXPECT_EQ(f64_sqrt(c.a, s), c.result) << std::hex << c.a;
        EXPECT_EQ(s.flags, c.flags) << std::hex << c.a;
    }
    struct {
        Round round;
        u32 a, result, flags;
    } cases32[] = {
        {kNearest, 0x40100000, 0x3fc00000, 0},  // sqrt 2.25 = 1.5
        // 1 + 2^-23 is just above a square: its root, 1 + 2^-24 - 2^-49..., is below the tie.
        {kNearest, 0x3f800001, 0x3f800000, kInexact},
        {kUp, 0x3f800001, 0x3f800001, kInexact},
        // (1 + 2^-23)^2 = 1 + 2^-22 + 2^-46 rounds to 0x3f800002; its root is just below
        // 1 + 2^-23 + 2^-46...: nearest gives 0x3f800001.
        {kNearest, 0x3f800002, 0x3f800001, kInexact},
        {kDown, 0x3f800002, 0x3f800000, kInexact},
        {kNearest, 0x3f7fffff, 0x3f7fffff, kInexact},  // sqrt(1 - 2^-24)
    };
    for (const auto& c : cases32) {
        Status s = mode(c.round);
        EXPECT_EQ(f32_sqrt(c.a, s), c.result) << std::hex << c.a;
        EXPECT_EQ(s.flags, c.flags) << std::hex << c.a;
    }
}

TEST(SoftFloatTest, FloatToIntegerBounds) {
    struct {
        u64 a;
        Round round;
        i64 i32_result;
        u32 i32_flags;
        u32 u32_result;
        u32 u32_flags;
    } cases[] = {
        // 2^31 - 0.5: a tie, even is 2^31 (out of range for i32).
        {0x41dfffffffe00000, kNearest, 0x7fffffff, kInvalid, 0x80000000, kInexact},
        {0x41dfffffffe00000, kZero, 0x7fffffff, kInexact, 0x7fffffff, kInexact},
        {0x41dfffffffe00000, kUp, 0x7fffffff, kInvalid, 0x80000000, kInexact},
        // -2^31 - 0.5: the tie goes to -2^31 (even).
        {0xc1e0000000100000, kNearest, -2147483648ll, kInexact, 0, kInvalid},
        {0xc1e0000000100000, kDown, -2147483648ll, kInvalid, 0, kInvalid},
        // -2^31 - 1.
        {0xc1e0000000200000, kZero, -2147483648ll, kInvalid, 0, kInvalid},
        // 2^32 - 0.5 and 2^32.
        {0x41effffffff00000, kZero, 0x7fffffff, kInvalid, 0xffffffff, kInexact},
        {0x41effffffff00000, kNearest, 0x7fffffff, kInvalid, 0xffffffff, kInvalid},
        {0x41f0000000000000, kZero, 0x7fffffff, kInvalid, 0xffffffff, kInvalid},
        // -0.5 and -1 for unsigned: a fraction rounding to zero is only inexact.
        {0xbfe0000000000000, kNearest, 0, kInexact, 0, kInexact},
        {0xbfe0000000000000, kDown, -1, kInexact, 0, kInvalid},
        {0xbff0000000000000, kZero, -1, 0, 0, kInvalid},
        // NaN, infinities.
        {0x7ff8000000000000, kZero, 0x7fffffff, kInvalid, 0xffffffff, kInvalid},
        {0x7ff0000000000000, kZero, 0x7fffffff, kInvalid, 0xffffffff, kInvalid},
        {0xfff0000000000000, kZero, -2147483648ll, kInvalid, 0, kInvalid},
        // 2.5 rounds to even; 3.5 to even in the other direction.
        {0x4004000000000000, kNearest, 2, kInexact, 2, kInexact},
        {0x400c000000000000, kNearest, 4, kInexact, 4, kInexact},
        {0x0000000000000001, kUp, 1, kInexact, 1, kInexact},
    };
    for (const auto& c : cases) {
        Status s;
        EXPECT_EQ(f64_to_i32(c.a, c.round, s), c.i32_result) << std::hex << c.a;
        EXPECT_EQ(s.flags, c.i32_flags) << std::hex << c.a;
        s.flags = 0;
        EXPECT_EQ(f64_to_u32(c.a, c.round, s), c.u32_result) << std::hex << c.a;
        EXPECT_EQ(s.flags, c.u32_flags) << std::hex << c.a;
    }
    Status s;
    EXPECT_EQ(f32_to_i64(0xdf000000, kZero, s), INT64_MIN);  // -2^63 fits
    EXPECT_EQ(s.flags, 0u);
    EXPECT_EQ(f32_to_i64(0x5f000000, kZero, s), INT64_MAX);  // 2^63 does not
    EXPECT_EQ(s.flags, kInvalid);
    s.flags = 0;
    EXPECT_EQ(f64_to_i64(0x43dfffffffffffff, kZero, s), 0x7ffffffffffffc00);
    EXPECT_EQ(s.flags, 0u);
}

TEST(SoftFloatTest, IntegerToFloat) {
    Status s = mode(kNearest);
    EXPECT_EQ(i32_to_f32(0x7fffffff, s), 0x4f000000u);  // rounds up to 2^31
    EXPECT_EQ(s.flags, kInexact);
    s = mode(kZero);
    EXPECT_EQ(i32_to_f32(0x7fffffff, s), 0x4effffffu);
    s = mode(kNearest);
    EXPECT_EQ(u32_to_f32(0xffffffff, s), 0x4f800000u);
    EXPECT_EQ(i64_to_f64(INT64_MIN, s), 0xc3e0000000000000u);  // exact
    EXPECT_EQ(i32_to_f64(-1, s), 0xbff0000000000000u);
    EXPECT_EQ(i32_to_f32(0, s), 0u);
    s = mode(kDown);
    EXPECT_EQ(i64_to_f32(-0x1000001, s), 0xcb800001u);  // -(2^24 + 1): away from zero
    s = mode(kUp);
    EXPECT_EQ(i64_to_f32(-0x1000001, s), 0xcb800000u);
}

TEST(SoftFloatTest, NarrowingToSubnormal) {
    Status s = mode(kNearest);
    EXPECT_EQ(f64_to_f32(0x36a8000000000000, s), 0x00000002u);  // 1.5 * 2^-149: tie to even
    EXPECT_EQ(s.flags, kUnderflow | kInexact);
    s = mode(kNearest);
    EXPECT_EQ(f64_to_f32(0x3690000000000000, s), 0x00000000u);  // 2^-150: tie to zero
    EXPECT_EQ(f64_to_f32(0x3690000000000001, s), 0x00000001u);  // just above the tie
    // Toward zero: just below 2^128 truncates to max float without overflowing; 2^128 overflows.
    s = mode(kZero);
    EXPECT_EQ(f64_to_f32(0x47efffffffffffff, s), 0x7f7fffffu);
    EXPECT_EQ(s.flags, kInexact);
    s = mode(kZero);
    EXPECT_EQ(f64_to_f32(0x47f0000000000000, s), 0x7f7fffffu);
    EXPECT_EQ(s.flags, kOverflow | kInexact);
    s = mode(kNearest);
    EXPECT_EQ(f32_to_f64(0x00000001, s), 0x36a0000000000000u);  // widening is exact
    EXPECT_EQ(s.flags, 0u);
}

TEST(SoftFloatTest, Compare) {
    Status s;
    EXPECT_EQ(f32_compare(0x80000000, 0x00000000, true, s), Relation::Equal);
    EXPECT_EQ(f32_compare(0xbf800000, 0xbf000000, true, s), Relation::Less);
    EXPECT_EQ(f64_compare(0x0000000000000002, 0x0000000000000001, true, s), Relation::Greater);
    EXPECT_EQ(f64_compare(0xfff0000000000000, 0x8000000000000001, true, s), Relation::Less);
    EXPECT_EQ(s.flags, 0u);
    EXPECT_EQ(f32_compare(0x7fc00000, 0, false, s), Relation::Unordered);
    EXPECT_EQ(s.flags, 0u);
    EXPECT_EQ(f32_compare(0x7fc00000, 0, true, s), Relation::Unordered);
    EXPECT_EQ(s.flags, kInvalid);
    s.flags = 0;
    EXPECT_EQ(f32_compare(0, 0x7f800001, false, s), Relation::Unordered);
    EXPECT_EQ(s.flags, kInvalid);
}

TEST(SoftFloatTest, WideIntegerHelpers) {
    u64 hi, lo;
    detail::mul_64x64_portable(~0ull, ~0ull, hi, lo);
    EXPECT_EQ(hi, 0xfffffffffffffffeu);
    EXPECT_EQ(lo, 1u);
    detail::mul_64x64_portable(0x123456789abcdef0, 0xfedcba9876543210, hi, lo);
    EXPECT_EQ(hi, 0x121fa00ad77d7422u);
    EXPECT_EQ(lo, 0x236d88fe5618cf00u);
    // 128/64 division: quotient and remainder reproduce the dividend.
    const u64 divisors[] = {0x8000000000000000, 0xffffffffffffffff, 0x8000000000000001,
                            0xc90fdaa22168c234, 0x80000000ffffffff};
    for (u64 d : divisors) {
        for (u64 nh : {u64(0), d - 1, d >> 1, u64(0x0123456789abcdefull % d)}) {
            for (u64 nl : {u64(0), ~u64(0), u64(0x5555555555555555ull)}) {
                u64 rem;
                const u64 q = detail::div_128x64(nh, nl, d, rem);
                EXPECT_LT(rem, d);
                u64 ph, pl;
                detail::mul_64x64_portable(q, d, ph, pl);
                const u64 sum_lo = pl + rem;
                EXPECT_EQ(sum_lo, nl) << std::hex << nh << ":" << nl << " / " << d;
                EXPECT_EQ(ph + (sum_lo < pl), nh) << std::hex << nh << ":" << nl << " / " << d;
            }
        }
    }
}

}  // namespace
}  // namespace bw::sf
