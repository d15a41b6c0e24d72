// IEEE 754 arithmetic on the host FPU for the guest FPUs (ARM VFP, MIPS CP1).
//
// run() performs a host operation under a guest rounding mode and reports which
// IEEE exceptions it raised; each guest maps the result onto its own status
// register. Hosts whose <cfenv> lacks a mode or a flag (WebAssembly has only
// round-to-nearest and no flags) round to nearest and report nothing for it:
// the guest code derives Invalid and Divide-by-zero itself where it can.
//
// Ordering: GCC ignores `#pragma STDC FENV_ACCESS`, so callers pass operands and
// results through volatile variables, which are not moved across the opaque
// fesetround/feclearexcept/fetestexcept calls.
#pragma once

#include <cfenv>

namespace bw::host_fpu {

enum class Rounding { Nearest, TowardZero, Up, Down };

enum Exception : unsigned {
    kInvalid = 1u << 0,
    kDivideByZero = 1u << 1,
    kOverflow = 1u << 2,
    kUnderflow = 1u << 3,
    kInexact = 1u << 4,
};

inline int host_mode(Rounding r) {
    switch (r) {
#if defined(FE_UPWARD) && defined(FE_DOWNWARD) && defined(FE_TOWARDZERO)
        case Rounding::TowardZero: return FE_TOWARDZERO;
        case Rounding::Up: return FE_UPWARD;
        case Rounding::Down: return FE_DOWNWARD;
#endif
        default: return FE_TONEAREST;
    }
}

inline unsigned exceptions_from_host(int raised) {
    unsigned e = 0;
#ifdef FE_INVALID
    if (raised & FE_INVALID) e |= kInvalid;
#endif
#ifdef FE_DIVBYZERO
    if (raised & FE_DIVBYZERO) e |= kDivideByZero;
#endif
#ifdef FE_OVERFLOW
    if (raised & FE_OVERFLOW) e |= kOverflow;
#endif
#ifdef FE_UNDERFLOW
    if (raised & FE_UNDERFLOW) e |= kUnderflow;
#endif
#ifdef FE_INEXACT
    if (raised & FE_INEXACT) e |= kInexact;
#endif
    return e;
}

// Runs |op| under |rounding| and returns the Exception bits it raised. The
// host's own rounding mode is restored afterwards.
template <typename Op>
unsigned run(Rounding rounding, Op&& op) {
    const int saved = std::fegetround();
    std::fesetround(host_mode(rounding));
    std::feclearexcept(FE_ALL_EXCEPT);
    op();
    const int raised = std::fetestexcept(FE_ALL_EXCEPT);
    std::fesetround(saved);
    return exceptions_from_host(raised);
}

}  // namespace bw::host_fpu
