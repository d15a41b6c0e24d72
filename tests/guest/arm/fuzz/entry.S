@ Entry and exit of one random-instruction case (see gen.py). fuzz_run
@ saves the C caller's registers, sets NZCVQ and all of r0-r14 from the case
@ record, and jumps (interworking LDR pc) to the case's code. The code ends in
@ ARM state with "b fuzz_save", which stores r0-r14 and CPSR in fuzz_saved
@ and returns to the C caller. Nothing here may touch a register before it
@ is saved, so the slots are PC-relative words in this (writable) section.
        .syntax unified
        .arm
        .text
        .global fuzz_run, fuzz_save, fuzz_saved

@ void fuzz_run(const struct fuzz_case* c): c = {flags, r0..r14, code}
fuzz_run:
        push    {r4-r12, lr}
        str     sp, harness_sp
        ldr     r1, [r0, #64]
        str     r1, go_slot
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
        ldr     sp, harness_sp
        pop     {r4-r12, pc}

harness_sp:
        .word   0
go_slot:
        .word   0
@ r0-r14, CPSR
fuzz_saved:
        .space  64
