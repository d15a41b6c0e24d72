// Arithmetic helpers shared by the ARM and Thumb instruction handlers.
#pragma once

#include "core/common/types.h"

namespace bw::arm {

inline u32 ror32(u32 v, unsigned n) {
    n &= 31;
    return n ? (v >> n) | (v << (32 - n)) : v;
}

// a + b + carry_in, with carry-out and overflow.
inline u32 add_flags(u32 a, u32 b, u32 carry_in, u32* c, u32* v) {
    u64 sum = u64(a) + b + carry_in;
    u32 res = u32(sum);
    *c = u32(sum >> 32);
    *v = (~(a ^ b) & (a ^ res)) >> 31;
    return res;
}

// a - b - !carry_in (carry = NOT borrow), with carry-out and overflow.
inline u32 sub_flags(u32 a, u32 b, u32 carry_in, u32* c, u32* v) {
    u64 sum = u64(a) + u64(~b) + carry_in;
    u32 res = u32(sum);
    *c = u32(sum >> 32);
    *v = ((a ^ b) & (a ^ res)) >> 31;
    return res;
}

// Register-specified shift (type 0 LSL, 1 LSR, 2 ASR, 3 ROR) by the bottom byte
// of Rs, with the ARM ARM carry-out for amounts 0, 1-31, 32 and above.
inline u32 shift_by_reg(unsigned type, u32 rm, u32 amount, u32 carry_in, u32* carry) {
    if (amount == 0) {
        *carry = carry_in;
        return rm;
    }
    switch (type) {
        case 0:
            if (amount < 32) {
                *carry = (rm >> (32 - amount)) & 1;
                return rm << amount;
            }
            *carry = amount == 32 ? rm & 1 : 0;
            return 0;
        case 1:
            if (amount < 32) {
                *carry = (rm >> (amount - 1)) & 1;
                return rm >> amount;
            }
            *carry = amount == 32 ? rm >> 31 : 0;
            return 0;
        case 2:
            if (amount < 32) {
                *carry = (rm >> (amount - 1)) & 1;
                return u32(i32(rm) >> amount);
            }
            *carry = rm >> 31;
            return u32(i32(rm) >> 31);
        default: {
            unsigned r = amount & 31;
            if (r == 0) {
                *carry = rm >> 31;
                return rm;
            }
            *carry = (rm >> (r - 1)) & 1;
            return ror32(rm, r);
        }
    }
}

}  // namespace bw::arm
