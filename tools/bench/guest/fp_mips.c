// Guest floating-point benchmark for malta (24Kf FPU): sets Status.CU1, prints a start marker,
// runs the kernel of fp_kernel.h and prints its checksum. Built and timed by
// tools/bench/fp_guest_bench.py.
#include "common/bm.h"
#include "fp_kernel.h"

#ifndef FP_ROUNDS
#define FP_ROUNDS 20000
#endif

// Out of line, so main's prologue saves no FP registers before the FPU is on.
__attribute__((noinline)) static int bench(void) {
    fp_init();
    print("FPBENCH start\n");
    u32 sum = fp_run(FP_ROUNDS);
    print("FPBENCH end %x\n", sum);
    return 0;
}

int main(void) {
    u32 status;
    __asm__ volatile("mfc0 %0, $12" : "=r"(status));
    status |= 1u << 29;  // CU1
    __asm__ volatile("mtc0 %0, $12\n ehb" : : "r"(status));
    return bench();
}
