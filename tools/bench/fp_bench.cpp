// Guest floating point, per operation: nanoseconds per call of the ARM VFP layer
// (core/cpu/arm/vfp_arith) and the MIPS FPU layer (core/cpu/mips/fpu_arith) on random normal
// operands in round-to-nearest. Plain C++ timing (no benchmark library) so the same source runs
// natively and under node as WebAssembly; tools/bench/fp_bench.sh builds it against the current
// tree and against another revision of those layers for a before/after table. Prints numbers,
// never fails.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/cpu/arm/vfp_arith.h"
#include "core/cpu/mips/fpu_arith.h"

namespace {

using bw::u32;
using bw::u64;
namespace vfp = bw::arm::vfp;
namespace fp = bw::mips::fp;

constexpr unsigned kOperands = 1024;
u32 f32_a[kOperands], f32_b[kOperands];
u64 f64_a[kOperands], f64_b[kOperands];

u64 rng_state = 0x243f6a8885a308d3ull;
u64 next() {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

// Normal numbers with exponents within 2^-20..2^20 and random signs and fractions.
void make_operands() {
    for (unsigned i = 0; i < kOperands; ++i) {
        auto f32 = [] { return u32(next() & 0x807fffff) | u32(127 - 20 + next() % 41) << 23; };
        auto f64 = [] {
            return (next() & 0x800fffffffffffffull) | u64(1023 - 20 + next() % 41) << 52;
        };
        f32_a[i] = f32();
        f32_b[i] = f32();
        f64_a[i] = f64();
        f64_b[i] = f64();
    }
}

volatile u64 sink;

template <typename Fn>
void time_op(const char* name, u64 iterations, Fn&& fn) {
    const auto start = std::chrono::steady_clock::now();
    u64 acc = 0;
    for (u64 i = 0; i < iterations; ++i) acc += fn(unsigned(i) & (kOperands - 1));
    const auto end = std::chrono::steady_clock::now();
    sink = acc;
    const double ns = std::chrono::duration<double, std::nano>(end - start).count();
    std::printf("%-22s %7.2f ns/op\n", name, ns / double(iterations));
}

}  // namespace

int main(int argc, char** argv) {
    const u64 n = argc > 1 ? std::strtoull(argv[1], nullptr, 0) : 4000000;
    make_operands();
    vfp::FpStatus as;
    time_op("arm f32 add", n, [&](unsigned i) { return vfp::f32_add(f32_a[i], f32_b[i], as); });
    time_op("arm f32 mul", n, [&](unsigned i) { return vfp::f32_mul(f32_a[i], f32_b[i], as); });
    time_op("arm f32 div", n, [&](unsigned i) { return vfp::f32_div(f32_a[i], f32_b[i], as); });
    time_op("arm f32 sqrt", n,
            [&](unsigned i) { return vfp::f32_sqrt(f32_a[i] & 0x7fffffff, as); });
    time_op("arm f64 add", n, [&](unsigned i) { return vfp::f64_add(f64_a[i], f64_b[i], as); });
    time_op("arm f64 mul", n, [&](unsigned i) { return vfp::f64_mul(f64_a[i], f64_b[i], as); });
    time_op("arm f64 div", n, [&](unsigned i) { return vfp::f64_div(f64_a[i], f64_b[i], as); });
    time_op("arm f64 sqrt", n,
            [&](unsigned i) { return vfp::f64_sqrt(f64_a[i] & ~(1ull << 63), as); });
    time_op("arm f64 compare", n,
            [&](unsigned i) { return vfp::f64_compare(f64_a[i], f64_b[i], false, as); });
    time_op("arm f64->f32", n, [&](unsigned i) { return vfp::f64_to_f32(f64_a[i], as); });
    time_op("arm f32->i32", n, [&](unsigned i) { return vfp::f32_to_i32(f32_a[i], false, as); });
    time_op("arm i32->f64", n, [&](unsigned i) { return vfp::i32_to_f64(f32_a[i], as); });
    fp::Status ms{};
    time_op("mips add.s", n, [&](unsigned i) { return fp::add32(f32_a[i], f32_b[i], ms); });
    time_op("mips mul.d", n, [&](unsigned i) { return fp::mul64(f64_a[i], f64_b[i], ms); });
    time_op("mips div.d", n, [&](unsigned i) { return fp::div64(f64_a[i], f64_b[i], ms); });
    time_op("mips sqrt.d", n, [&](unsigned i) { return fp::sqrt64(f64_a[i] & ~(1ull << 63), ms); });
    time_op("mips c.lt.d", n,
            [&](unsigned i) { return u64(fp::compare64(f64_a[i], f64_b[i], 0xc, ms)); });
    time_op("mips cvt.w.d", n, [&](unsigned i) { return fp::f64_to_i32(f64_a[i], 0, ms); });
    return 0;
}
