// MIPS legacy-NaN floating point over core/cpu/softfloat. See fpu_arith.h.
#include "core/cpu/mips/fpu_arith.h"

#include "core/cpu/mips/mips_cpu.h"
#include "core/cpu/softfloat.h"

namespace bw::mips::fp {
namespace {

using sf::is_nan;
// Legacy MIPS: the fraction's top bit set means signalling.
template <typename B>
bool is_snan(B a) {
    return is_nan(a) && (a & sf::Format<B>::kFracMsb);
}
template <typename B>
constexpr B default_nan() {
    if constexpr (sizeof(B) == 4)
        return kDefaultNan32;
    else
        return kDefaultNan64;
}

constexpr sf::Round kModes[4] = {sf::Round::NearestEven, sf::Round::TowardZero, sf::Round::Up,
                                 sf::Round::Down};

sf::Status soft_status(const Status& st) {
    sf::Status s;
    s.round = kModes[st.rm & 3];
    s.flush_outputs = st.flush;
    return s;
}

// Soft-float flags as FCSR cause bits; the output-denormal flag of a flushed result has none.
void accumulate(Status& st, const sf::Status& s) {
    const u32 f = s.flags;
    st.exc |= (f & sf::kInvalid ? u32(FP_V) : 0u) | (f & sf::kDivByZero ? u32(FP_Z) : 0u) |
              (f & sf::kOverflow ? u32(FP_O) : 0u) | (f & sf::kUnderflow ? u32(FP_U) : 0u) |
              (f & sf::kInexact ? u32(FP_I) : 0u);
}

// A NaN operand gives the default NaN, with Invalid when one is signalling. The soft-float is
// not asked: its signalling test is the IEEE 754-2008 one, the inverse of legacy MIPS.
template <typename B>
bool nan_operand(B a, B b, bool binary, Status& st, B& result) {
    if (!is_nan(a) && !(binary && is_nan(b))) [[likely]]
        return false;
    if (is_snan(a) || (binary && is_snan(b))) st.exc |= FP_V;
    result = default_nan<B>();
    return true;
}

template <typename B, typename Op>
B binary(B a, B b, Status& st, Op op) {
    B r;
    if (nan_operand(a, b, true, st, r)) return r;
    sf::Status s = soft_status(st);
    r = op(a, b, s);
    if (is_nan(r)) r = default_nan<B>();  // an invalid operation
    accumulate(st, s);
    return r;
}

template <typename B, typename Op>
B unary(B a, Status& st, Op op) {
    B r;
    if (nan_operand(a, a, false, st, r)) return r;
    sf::Status s = soft_status(st);
    r = op(a, s);
    if (is_nan(r)) r = default_nan<B>();
    accumulate(st, s);
    return r;
}

// Conversions to an integer round with |rm|; Invalid (NaN, infinity, out of range) gives
// |overflow| whatever the sign.
template <typename B, typename I, typename Op>
I to_int(B a, unsigned rm, I overflow, Status& st, Op op) {
    sf::Status s = soft_status(st);
    I r = op(a, kModes[rm & 3], s);
    if (s.flags & sf::kInvalid) r = overflow;
    accumulate(st, s);
    return r;
}

template <typename B>
bool compare(B a, B b, unsigned cond, Status& st, sf::Relation (*soft)(B, B, bool, sf::Status&)) {
    const bool unordered = is_nan(a) || is_nan(b);
    if (is_snan(a) || is_snan(b) || (unordered && (cond & 8))) st.exc |= FP_V;
    if (unordered) return cond & 1;
    sf::Status s = soft_status(st);
    const sf::Relation r = soft(a, b, false, s);
    return ((cond & 2) && r == sf::Relation::Equal) || ((cond & 4) && r == sf::Relation::Less);
}

}  // namespace

u32 add32(u32 a, u32 b, Status& st) { return binary(a, b, st, sf::f32_add); }
u32 sub32(u32 a, u32 b, Status& st) { return binary(a, b, st, sf::f32_sub); }
u32 mul32(u32 a, u32 b, Status& st) { return binary(a, b, st, sf::f32_mul); }
u32 div32(u32 a, u32 b, Status& st) { return binary(a, b, st, sf::f32_div); }
u32 sqrt32(u32 a, Status& st) { return unary(a, st, sf::f32_sqrt); }
u64 add64(u64 a, u64 b, Status& st) { return binary(a, b, st, sf::f64_add); }
u64 sub64(u64 a, u64 b, Status& st) { return binary(a, b, st, sf::f64_sub); }
u64 mul64(u64 a, u64 b, Status& st) { return binary(a, b, st, sf::f64_mul); }
u64 div64(u64 a, u64 b, Status& st) { return binary(a, b, st, sf::f64_div); }
u64 sqrt64(u64 a, Status& st) { return unary(a, st, sf::f64_sqrt); }

u64 f32_to_f64(u32 a, Status& st) {
    u32 r;
    if (nan_operand(a, a, false, st, r)) return kDefaultNan64;
    sf::Status s = soft_status(st);
    const u64 f = sf::f32_to_f64(a, s);
    accumulate(st, s);
    return f;
}
u32 f64_to_f32(u64 a, Status& st) {
    u64 r;
    if (nan_operand(a, a, false, st, r)) return kDefaultNan32;
    sf::Status s = soft_status(st);
    const u32 f = sf::f64_to_f32(a, s);
    accumulate(st, s);
    return f;
}

u32 i32_to_f32(u32 a, Status& st) {
    sf::Status s = soft_status(st);
    const u32 r = sf::i32_to_f32(i32(a), s);
    accumulate(st, s);
    return r;
}
u64 i32_to_f64(u32 a, Status& st) {
    sf::Status s = soft_status(st);
    const u64 r = sf::i32_to_f64(i32(a), s);
    accumulate(st, s);
    return r;
}
u32 i64_to_f32(u64 a, Status& st) {
    sf::Status s = soft_status(st);
    const u32 r = sf::i64_to_f32(i64(a), s);
    accumulate(st, s);
    return r;
}
u64 i64_to_f64(u64 a, Status& st) {
    sf::Status s = soft_status(st);
    const u64 r = sf::i64_to_f64(i64(a), s);
    accumulate(st, s);
    return r;
}

u32 f32_to_i32(u32 a, unsigned rm, Status& st) {
    return u32(to_int<u32, i32>(a, rm, 0x7fffffff, st, sf::f32_to_i32));
}
u32 f64_to_i32(u64 a, unsigned rm, Status& st) {
    return u32(to_int<u64, i32>(a, rm, 0x7fffffff, st, sf::f64_to_i32));
}
u64 f32_to_i64(u32 a, unsigned rm, Status& st) {
    return u64(to_int<u32, i64>(a, rm, INT64_MAX, st, sf::f32_to_i64));
}
u64 f64_to_i64(u64 a, unsigned rm, Status& st) {
    return u64(to_int<u64, i64>(a, rm, INT64_MAX, st, sf::f64_to_i64));
}

bool compare32(u32 a, u32 b, unsigned cond, Status& st) {
    return compare<u32>(a, b, cond, st, sf::f32_compare);
}
bool compare64(u64 a, u64 b, unsigned cond, Status& st) {
    return compare<u64>(a, b, cond, st, sf::f64_compare);
}

}  // namespace bw::mips::fp
