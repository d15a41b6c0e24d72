// The floating-point work of the guest FP benchmark (fp_arm.c, fp_mips.c): a fixed mix of
// single and double additions, multiplications, divisions, square roots, comparisons and
// conversions over small arrays, repeated |rounds| times. The arrays are volatile so every
// operation is a load, an FP instruction and a store. Returns a checksum of the final bit
// patterns, printed so boardwalk's run can be checked against QEMU's.
#pragma once

#define FP_N 16

static volatile float fs_a[FP_N], fs_b[FP_N];
static volatile double fd_a[FP_N], fd_b[FP_N];
static volatile int fi[FP_N];

static void fp_init(void) {
    for (int i = 0; i < FP_N; i++) {
        fs_a[i] = 1.0f + (float)i / 16.0f;
        fs_b[i] = 0.5f - (float)i / 64.0f;
        fd_a[i] = 1.0 + (double)i / 7.0;
        fd_b[i] = 0.25 + (double)i / 3.0;
        fi[i] = i * 1000 - 7000;
    }
}

// Per round and element: 3 single ops, 6 double ops, one compare, two conversions.
static u32 fp_run(u32 rounds) {
    for (u32 r = 0; r < rounds; r++) {
        for (int i = 0; i < FP_N; i++) {
            float s = fs_a[i] * fs_b[i] + 0.75f;
            fs_a[i] = s / (fs_b[i] + 2.0f) + 1.0f;
            double d = fd_a[i] * fd_b[i] - 0.125;
            d = d / (fd_b[i] + 1.5) + __builtin_sqrt(fd_a[i]);
            fd_a[i] = d > 4.0 ? d * 0.25 : d + 0.5;
            fd_b[i] = fd_b[i] + (double)fi[i] * 1e-9;
            fi[i] = (int)(fd_a[i] * 1000.0);
        }
    }
    u32 sum = 0;
    for (int i = 0; i < FP_N; i++) {
        union {
            float f;
            u32 u;
        } cs = {fs_a[i]};
        union {
            double d;
            u32 u[2];
        } cd = {fd_a[i]};
        sum = sum * 31 + cs.u + cd.u[0] + cd.u[1] + (u32)fi[i];
    }
    return sum;
}
