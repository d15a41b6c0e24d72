@ Start-up for the boardwalk bare-metal test programs (versatilepb, ARM926EJ-S).
@ Linked at 0x10000 so the same program runs as an ELF (entry _start) and as a
@ raw image (QEMU loads those at 0x10000 behind its Linux boot stub). Copies the
@ vector table to 0x0, sets a stack per mode, clears .bss, calls main(), prints
@ DONE and spins with interrupts masked (no semihosting).

        .syntax unified
        .arm
        .section .text.start, "ax"
        .global _start
_start:
vectors:
        ldr     pc, v_reset
        ldr     pc, v_undef
        ldr     pc, v_swi
        ldr     pc, v_pabt
        ldr     pc, v_dabt
        nop
        ldr     pc, v_irq
        ldr     pc, v_fiq
v_reset: .word  reset
v_undef: .word  undef_entry
v_swi:   .word  swi_entry
v_pabt:  .word  pabt_entry
v_dabt:  .word  dabt_entry
        .word   0
v_irq:   .word  irq_entry
v_fiq:   .word  fiq_entry

reset:
        @ Every mode gets its own stack below 1 MiB (the image is at 0x10000).
        msr     cpsr_c, #0xd1           @ FIQ, I+F masked
        ldr     sp, =0x000d0000
        msr     cpsr_c, #0xd2           @ IRQ
        ldr     sp, =0x000e0000
        msr     cpsr_c, #0xd7           @ abort
        ldr     sp, =0x000c0000
        msr     cpsr_c, #0xdb           @ undefined
        ldr     sp, =0x000b0000
        msr     cpsr_c, #0xdf           @ system (shares user sp)
        ldr     sp, =0x000a0000
        msr     cpsr_c, #0xd3           @ supervisor
        ldr     sp, =0x000f0000

        @ Vector table and its literal pool (16 words) to 0x0.
        adr     r0, vectors
        mov     r1, #0
        ldmia   r0!, {r2-r9}
        stmia   r1!, {r2-r9}
        ldmia   r0!, {r2-r9}
        stmia   r1!, {r2-r9}

        ldr     r0, =__bss_start
        ldr     r1, =__bss_end
        mov     r2, #0
1:      cmp     r0, r1
        strlo   r2, [r0], #4
        blo     1b

        bl      main
        bl      done
        .ltorg

        .global done
done:
        msr     cpsr_c, #0xd3
        adr     r0, done_msg
        bl      uart_puts
1:      b       1b
done_msg: .asciz "DONE\n"
        .align 2

@ Exception trampolines: build a struct frame {spsr, r0-r12, pc} on the mode's
@ stack with pc = the address the handler's C code should return to, call
@ handle_<kind>(frame), then return to frame->pc restoring CPSR from spsr.
@ The default return address is the instruction after a SWI/undefined one, and
@ the interrupted/faulting instruction for IRQ, FIQ and aborts.
        .macro  trampoline kind, adjust
\kind\()_entry:
        .if \adjust
        sub     lr, lr, #\adjust
        .endif
        stmfd   sp!, {r0-r12, lr}
        mrs     r0, spsr
        stmfd   sp!, {r0}
        mov     r0, sp
        bl      handle_\kind
        ldmfd   sp!, {r0}
        msr     spsr_cxsf, r0
        ldmfd   sp!, {r0-r12, pc}^
        .endm

        trampoline undef, 0
        trampoline swi, 0
        trampoline pabt, 4
        trampoline dabt, 8
        trampoline irq, 4
        trampoline fiq, 4
