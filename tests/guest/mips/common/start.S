# Entry and exception vector of the malta bare-metal test programs.
# _start: called by the boot stub with a0 = argc, a1 = argv, a2 = envp, a3 = memsize
# (YAMON convention); clears .bss, leaves BEV/ERL, calls main(a0..a3), then done().
# The vector saves every register in a struct frame on the stack, calls
# handle_exception(frame) and returns with ERET to frame->epc.
        .set noreorder
        .set noat
        .section .text.start, "ax"
        .globl _start
_start:
        la      $sp, 0x80400000
        move    $s0, $a0
        move    $s1, $a1
        move    $s2, $a2
        move    $s3, $a3
        la      $t0, __bss_start
        la      $t1, __bss_end
1:      beq     $t0, $t1, 2f
        nop
        sw      $zero, 0($t0)
        b       1b
        addiu   $t0, $t0, 4
2:      mtc0    $zero, $15, 1           # EBase = 0x80000000
        li      $t0, 0x10000000         # Status: CU0, kernel mode, BEV/ERL/EXL clear, IE off
        mtc0    $t0, $12
        ehb
        move    $a0, $s0
        move    $a1, $s1
        move    $a2, $s2
        jal     main
        move    $a3, $s3
        jal     done
        nop

        .section .text.vector, "ax"
vector:
        addiu   $sp, $sp, -160
        .irp    n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,30,31
        sw      $\n, (\n*4)($sp)
        .endr
        addiu   $k0, $sp, 160
        sw      $k0, (29*4)($sp)
        mfc0    $k0, $14
        sw      $k0, 128($sp)           # epc
        mfc0    $k0, $13
        sw      $k0, 132($sp)           # cause
        mfc0    $k0, $8
        sw      $k0, 136($sp)           # badvaddr
        mfc0    $k0, $12
        sw      $k0, 140($sp)           # status
        la      $k0, handle_exception
        jalr    $k0
        move    $a0, $sp
        lw      $k0, 128($sp)
        mtc0    $k0, $14
        .irp    n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,31
        lw      $\n, (\n*4)($sp)
        .endr
        lw      $sp, (29*4)($sp)
        eret
