// VFPv2 arithmetic on bit patterns: ARM's NaN and flag rules over core/cpu/softfloat. See
// vfp_arith.h.
#include "core/cpu/arm/vfp_arith.h"

#include "core/cpu/softfloat.h"

namespace bw::arm::vfp {
namespace {

using sf::is_nan;
// Quiet NaNs have the fraction's top bit set (IEEE 754-2008).
template <typename B>
bool is_snan(B a) {
    return is_nan(a) && !(a & sf::Format<B>::kFracMsb);
}
template <typename B>
constexpr B default_nan() {
    if constexpr (sizeof(B) == 4)
        return kDefaultNan32;
    else
        return kDefaultNan64;
}

// The soft-float status for the FPSCR fields an operation reads. ARM (and QEMU for ARM) detect
// tininess before rounding; FZ flushes both operands and results.
sf::Status soft_status(const FpStatus& st) {
    static constexpr sf::Round kModes[4] = {sf::Round::NearestEven, sf::Round::Up, sf::Round::Down,
                                            sf::Round::TowardZero};
    sf::Status s;
    s.round = kModes[st.rmode & 3];
    s.tininess_before_rounding = true;
    s.flush_inputs = st.flush_to_zero;
    s.flush_outputs = st.flush_to_zero;
    return s;
}

// Soft-float flags as FPSCR cumulative flags: a flushed result counts as underflow, a flushed
// operand sets IDC.
void accumulate(FpStatus& st, const sf::Status& s) {
    const u32 f = s.flags;
    st.flags |=
        (f & sf::kInvalid ? u32(FPSCR_IOC) : 0u) | (f & sf::kDivByZero ? u32(FPSCR_DZC) : 0u) |
        (f & sf::kOverflow ? u32(FPSCR_OFC) : 0u) |
        (f & (sf::kUnderflow | sf::kOutputDenormal) ? u32(FPSCR_UFC) : 0u) |
        (f & sf::kInexact ? u32(FPSCR_IXC) : 0u) | (f & sf::kInputDenormal ? u32(FPSCR_IDC) : 0u);
}

// At least one operand is a NaN. ARM picks the first signalling NaN, else the first quiet one,
// and returns it quietened; with DN set the default NaN instead. (The soft-float has already
// raised Invalid for a signalling NaN: its quiet bit has ARM's meaning.)
template <typename B>
B arm_nan(B a, B b, const FpStatus& st) {
    if (st.default_nan) return default_nan<B>();
    B pick;
    if (is_snan(a))
        pick = a;
    else if (is_snan(b))
        pick = b;
    else if (is_nan(a))
        pick = a;
    else
        pick = b;
    return pick | sf::Format<B>::kFracMsb;
}

// Runs a soft-float operation and applies ARM's NaN rule to its result. An invalid operation on
// non-NaN operands already gives the default NaN, which is ARM's.
template <typename B, typename Op>
B binary(B a, B b, FpStatus& st, Op op) {
    sf::Status s = soft_status(st);
    B r = op(a, b, s);
    if (is_nan(a) || is_nan(b)) [[unlikely]]
        r = arm_nan(a, b, st);
    accumulate(st, s);
    return r;
}

template <typename B, typename Op>
B unary(B a, FpStatus& st, Op op) {
    return binary<B>(a, a, st, [&](B x, B, sf::Status& s) { return op(x, s); });
}

u32 nzcv(sf::Relation r) {
    switch (r) {
        case sf::Relation::Equal: return 0x6;
        case sf::Relation::Less: return 0x8;
        case sf::Relation::Greater: return 0x2;
        default: return 0x3;
    }
}

// Float to 32-bit integer: NaN gives 0 with IOC (QEMU's vfp_tosi/vfp_toui), otherwise the
// soft-float saturates out of range values with IOC alone.
template <typename B, typename Op>
u32 to_int(B a, bool round_zero, FpStatus& st, Op op) {
    if (is_nan(a)) {
        st.flags |= FPSCR_IOC;
        return 0;
    }
    sf::Status s = soft_status(st);
    const u32 r = u32(op(a, round_zero ? sf::Round::TowardZero : s.round, s));
    accumulate(st, s);
    return r;
}

template <typename R, typename Op>
R from_int(FpStatus& st, Op op) {
    sf::Status s = soft_status(st);
    const R r = op(s);
    accumulate(st, s);
    return r;
}

}  // namespace

u32 f32_add(u32 a, u32 b, FpStatus& st) { return binary<u32>(a, b, st, sf::f32_add); }
u32 f32_sub(u32 a, u32 b, FpStatus& st) { return binary<u32>(a, b, st, sf::f32_sub); }
u32 f32_mul(u32 a, u32 b, FpStatus& st) { return binary<u32>(a, b, st, sf::f32_mul); }
u32 f32_div(u32 a, u32 b, FpStatus& st) { return binary<u32>(a, b, st, sf::f32_div); }
u32 f32_sqrt(u32 a, FpStatus& st) { return unary<u32>(a, st, sf::f32_sqrt); }
u64 f64_add(u64 a, u64 b, FpStatus& st) { return binary<u64>(a, b, st, sf::f64_add); }
u64 f64_sub(u64 a, u64 b, FpStatus& st) { return binary<u64>(a, b, st, sf::f64_sub); }
u64 f64_mul(u64 a, u64 b, FpStatus& st) { return binary<u64>(a, b, st, sf::f64_mul); }
u64 f64_div(u64 a, u64 b, FpStatus& st) { return binary<u64>(a, b, st, sf::f64_div); }
u64 f64_sqrt(u64 a, FpStatus& st) { return unary<u64>(a, st, sf::f64_sqrt); }

// FCMP raises IOC for a signalling NaN, FCMPE for any NaN; under FZ denormals compare as zeros.
u32 f32_compare(u32 a, u32 b, bool signal_nan, FpStatus& st) {
    sf::Status s = soft_status(st);
    const u32 r = nzcv(sf::f32_compare(a, b, signal_nan, s));
    accumulate(st, s);
    return r;
}
u32 f64_compare(u64 a, u64 b, bool signal_nan, FpStatus& st) {
    sf::Status s = soft_status(st);
    const u32 r = nzcv(sf::f64_compare(a, b, signal_nan, s));
    accumulate(st, s);
    return r;
}

// A NaN keeps the top of its payload (the soft-float's conversion), quietened, unless DN is set.
u64 f32_to_f64(u32 a, FpStatus& st) {
    sf::Status s = soft_status(st);
    u64 r = sf::f32_to_f64(a, s);
    if (is_nan(a) && st.default_nan) r = kDefaultNan64;
    accumulate(st, s);
    return r;
}
u32 f64_to_f32(u64 a, FpStatus& st) {
    sf::Status s = soft_status(st);
    u32 r = sf::f64_to_f32(a, s);
    if (is_nan(a) && st.default_nan) r = kDefaultNan32;
    accumulate(st, s);
    return r;
}

u32 u32_to_f32(u32 a, FpStatus& st) {
    return from_int<u32>(st, [&](sf::Status& s) { return sf::u32_to_f32(a, s); });
}
u32 i32_to_f32(u32 a, FpStatus& st) {
    return from_int<u32>(st, [&](sf::Status& s) { return sf::i32_to_f32(i32(a), s); });
}
u64 u32_to_f64(u32 a, FpStatus& st) {
    return from_int<u64>(st, [&](sf::Status& s) { return sf::u32_to_f64(a, s); });
}
u64 i32_to_f64(u32 a, FpStatus& st) {
    return from_int<u64>(st, [&](sf::Status& s) { return sf::i32_to_f64(i32(a), s); });
}

u32 f32_to_u32(u32 a, bool round_zero, FpStatus& st) {
    return to_int(a, round_zero, st, sf::f32_to_u32);
}
u32 f32_to_i32(u32 a, bool round_zero, FpStatus& st) {
    return to_int(a, round_zero, st, sf::f32_to_i32);
}
u32 f64_to_u32(u64 a, bool round_zero, FpStatus& st) {
    return to_int(a, round_zero, st, sf::f64_to_u32);
}
u32 f64_to_i32(u64 a, bool round_zero, FpStatus& st) {
    return to_int(a, round_zero, st, sf::f64_to_i32);
}

}  // namespace bw::arm::vfp
