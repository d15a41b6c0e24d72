@ Entry and exit of one VFP block (see gen.py). vfuzz_run saves the C caller's registers,
@ loads s0-s31, FPSCR and the CPSR flags from the block's record and jumps to the block,
@ which ends with "b vfuzz_save": that stores FPSCR, CPSR and s0-s31 in vfuzz_saved, clears
@ FPSCR and returns to the C caller.
        .arm
        .fpu    vfpv2
        .text
        .global vfuzz_enable, vfuzz_run, vfuzz_save, vfuzz_saved

@ void vfuzz_enable(void): FPEXC.EN (the ARM926EJ-S has no coprocessor access register).
vfuzz_enable:
        mov     r0, #0x40000000
        fmxr    fpexc, r0
        bx      lr

@ void vfuzz_run(const struct vfuzz_rec* r): r = {code, fpscr, cpsr flags, 0, s0..s31}
vfuzz_run:
        push    {r4-r12, lr}
        str     sp, harness_sp
        add     r1, r0, #16
        fldmias r1, {s0-s31}
        ldr     r1, [r0, #4]
        fmxr    fpscr, r1
        ldr     r1, [r0, #8]
        msr     cpsr_f, r1
        ldr     r0, [r0]
        bx      r0

vfuzz_save:
        ldr     r0, =vfuzz_saved
        fmrx    r1, fpscr
        str     r1, [r0]
        mrs     r1, cpsr
        str     r1, [r0, #4]
        add     r1, r0, #8
        fstmias r1, {s0-s31}
        mov     r1, #0
        fmxr    fpscr, r1
        ldr     sp, harness_sp
        pop     {r4-r12, pc}
        .ltorg

harness_sp:
        .word   0

        .data
        .align  3
@ FPSCR, CPSR, s0-s31 after the block
vfuzz_saved:
        .space  136
