@ Entry and exit of one random-instruction case (see gen.py). fuzz_run
@ saves the C caller's registers, sets the user-bank r8-r14, the mode, SPSR,
@ NZCVQ and all of r0-r14 from the case record, and jumps (interworking
@ LDR pc) to the case's code. The code ends in ARM state with
@ "b fuzz_save", which stores r0-r14, CPSR, SPSR and the user bank in
@ fuzz_saved and returns to the C caller in supervisor mode. Nothing here may touch a register before it
@ is saved, so the slots are PC-relative words in this (writable) section.
        .syntax unified
        .arm
        .text
        .global fuzz_run, fuzz_save, fuzz_saved

@ void fuzz_run(const struct fuzz_case* c):
@ c = {flags, r0..r14, code, mode, spsr, usr r8..r14}
fuzz_run:
        push    {r4-r12, lr}
        str     sp, harness_sp
        ldr     r1, [r0, #64]
        str     r1, go_slot
        @ The user bank first (system mode shares it), then the case's mode,
        @ its SPSR (none in system mode), flags and registers.
        msr     cpsr_c, #0xdf
        add     r1, r0, #76
        ldmia   r1, {r8-r14}
        ldr     r1, [r0, #68]
        msr     cpsr_c, r1
        and     r1, r1, #0x1f
        cmp     r1, #0x1f
        ldrne   r1, [r0, #72]
        msrne   spsr_fsxc, r1
        ldr     r1, [r0], #4
        msr     cpsr_f, r1
        ldmia   r0, {r0-r14}
        ldr     pc, go_slot

fuzz_save:
        str     r0, fuzz_saved
        mrs     r0, cpsr
        str     r0, fuzz_saved + 60
        adr     r0, fuzz_saved + 4
        stmia   r0, {r1-r14}
        mrs     r1, cpsr
        and     r1, r1, #0x1f
        cmp     r1, #0x1f
        mrsne   r1, spsr
        moveq   r1, #0
        str     r1, fuzz_saved + 64
        msr     cpsr_c, #0xdf
        adr     r0, fuzz_saved + 68
        stmia   r0, {r8-r14}
        msr     cpsr_c, #0xd3
        ldr     sp, harness_sp
        pop     {r4-r12, pc}

harness_sp:
        .word   0
go_slot:
        .word   0
@ r0-r14, CPSR, SPSR (0 in system mode), user r8-r14
fuzz_saved:
        .space  96
