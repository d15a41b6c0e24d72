// Small runtime for the boardwalk bare-metal test programs: PL011 output,
// a minimal printf, CP15 accessors and the exception frame.
#pragma once
#include <stdint.h>

typedef uint32_t u32;

// Saved by the trampolines in start.S; a handler may change pc (the return
// address) or any register.
struct frame {
    u32 spsr;
    u32 r[13];
    u32 pc;
};

void uart_putc(char c);
void uart_puts(const char* s);
void print(const char* fmt, ...);  // %x = 8 hex digits, %u, %s, %c
void done(void) __attribute__((noreturn));

// Weak defaults print the exception and stop.
void handle_undef(struct frame* f);
void handle_swi(struct frame* f);
void handle_pabt(struct frame* f);
void handle_dabt(struct frame* f);
void handle_irq(struct frame* f);
void handle_fiq(struct frame* f);

#define REG32(a) (*(volatile u32*)(a))

#define MRC(crn, op1, crm, op2)                                                        \
    ({                                                                                 \
        u32 v_;                                                                        \
        asm volatile("mrc p15, " #op1 ", %0, c" #crn ", c" #crm ", " #op2 : "=r"(v_)); \
        v_;                                                                            \
    })
// The clobber keeps memory accesses on the right side of MMU/cache changes.
#define MCR_ASM(text, val) asm volatile(text : : "r"((u32)(val)) : "memory")
#define MCR(crn, op1, crm, op2, val) \
    MCR_ASM("mcr p15, " #op1 ", %0, c" #crn ", c" #crm ", " #op2, val)

static inline u32 get_cpsr(void) {
    u32 v;
    asm volatile("mrs %0, cpsr" : "=r"(v));
    return v;
}
static inline void set_cpsr_c(u32 v) { asm volatile("msr cpsr_c, %0" ::"r"(v) : "memory", "cc"); }
static inline void irq_enable(void) {
    asm volatile("mrs r0, cpsr\n bic r0, r0, #0x80\n msr cpsr_c, r0" ::: "r0", "memory");
}
static inline void irq_disable(void) {
    asm volatile("mrs r0, cpsr\n orr r0, r0, #0xc0\n msr cpsr_c, r0" ::: "r0", "memory");
}
static inline void fiq_enable(void) {
    asm volatile("mrs r0, cpsr\n bic r0, r0, #0x40\n msr cpsr_c, r0" ::: "r0", "memory");
}
