// Guest floating-point benchmark for versatilepb (ARM926EJ-S, VFPv2): enables the VFP, prints
// a start marker, runs the kernel of fp_kernel.h and prints its checksum. Built and timed by
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
    u32 fpexc = 1u << 30;  // EN
    __asm__ volatile("vmsr fpexc, %0" : : "r"(fpexc));
    return bench();
}
