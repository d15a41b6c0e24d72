# Entry and exit of one random-instruction block (see gen.py). fuzz_run saves the C caller's
# registers, loads the FPU state (FPU blocks: the 32 FPRs, then FCSR), HI, LO and every GPR
# but k0 and sp from the block's record, points sp at the block's exception stack and jumps
# to the block through k0. The block ends with "j fuzz_save", which stores the GPRs, HI, LO
# (and FCSR and the FPRs) in fuzz_saved and returns to the C caller.
#
# Record: code, flags (bit 0 FPU block, bit 1 Status.FR=1), HI, LO, r0-r31, FCSR, 0,
# 64 FPR words (FR=1: f0-f31 as doubles, low word first; FR=0: f0-f31 in words 0-31).
# fuzz_saved: r0-r31, HI, LO, FCSR, 0, 64 FPR words (same layout).
        .set noreorder
        .set noat
        .text
        .globl fuzz_run, fuzz_save

fuzz_run:
        la      $t0, harness_regs
        .irp    n, 16,17,18,19,20,21,22,23,28,29,30,31
        sw      $\n, (4*(\n-16))($t0)
        .endr
        lw      $t1, 4($a0)
        sw      $t1, (4*16)($t0)        # the flags, for fuzz_save
        andi    $t2, $t1, 1
        beqz    $t2, 3f
        andi    $t2, $t1, 2
        beqz    $t2, 1f
        nop
        .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        ldc1    $f\n, (152+8*\n)($a0)
        .endr
        b       2f
        nop
1:
        .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        lwc1    $f\n, (152+4*\n)($a0)
        .endr
2:      lw      $t0, 144($a0)
        ctc1    $t0, $31
3:      lw      $k0, 0($a0)
        lw      $t0, 8($a0)
        mthi    $t0
        lw      $t0, 12($a0)
        mtlo    $t0
        .irp    n, 1,2,3,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,27,28,30,31
        lw      $\n, (16+4*\n)($a0)
        .endr
        la      $sp, fuzz_stack + 4096
        jr      $k0
        lw      $a0, (16+4*4)($a0)

fuzz_save:
        lui     $k0, %hi(fuzz_saved)
        addiu   $k0, $k0, %lo(fuzz_saved)
        .irp    n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,27,28,29,30,31
        sw      $\n, (4*\n)($k0)
        .endr
        mfhi    $t0
        sw      $t0, 128($k0)
        mflo    $t0
        sw      $t0, 132($k0)
        la      $t0, harness_regs
        lw      $t1, (4*16)($t0)
        andi    $t2, $t1, 1
        beqz    $t2, 3f
        andi    $t2, $t1, 2
        cfc1    $t0, $31
        beqz    $t2, 1f
        sw      $t0, 136($k0)
        .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        sdc1    $f\n, (144+8*\n)($k0)
        .endr
        b       3f
        nop
1:
        .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        swc1    $f\n, (144+4*\n)($k0)
        .endr
3:      la      $t0, harness_regs
        .irp    n, 16,17,18,19,20,21,22,23,28,29,30,31
        lw      $\n, (4*(\n-16))($t0)
        .endr
        jr      $ra
        nop

        .data
        .align  3
harness_regs:
        .space  68
        .globl  fuzz_saved
        .align  3
fuzz_saved:
        .space  400
        .bss
        .align  3
fuzz_stack:
        .space  4096
