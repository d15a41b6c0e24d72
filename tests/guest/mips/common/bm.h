// Small runtime for the malta bare-metal test programs: output on the 0x3f8 16550 (ttyS0,
// through the GT-64120 PCI I/O window the boot stub set up at 0x18000000), a minimal printf,
// CP0 accessors and the exception frame.
#pragma once
#include <stdint.h>

typedef uint32_t u32;
typedef uint8_t u8;

// Saved by the vector in start.S; a handler may change epc or any register.
struct frame {
    u32 r[32];
    u32 epc, cause, badvaddr, status;
};

#define REG32(a) (*(volatile u32*)(a))
#define REG8(a) (*(volatile u8*)(a))
#define ISA_IO 0xb8000000u  // kseg1 view of the PCI_0 I/O window

void uart_putc(char c);
void print(const char* fmt, ...);  // %x = 8 hex digits, %u, %s, %c
void done(void) __attribute__((noreturn));
// Default: prints the exception and stops. Programs override it.
void handle_exception(struct frame* f);

#define MFC0(reg, sel)                                                  \
    ({                                                                  \
        u32 v_;                                                         \
        asm volatile("mfc0 %0, $" #reg ", " #sel : "=r"(v_)::"memory"); \
        v_;                                                             \
    })
#define MTC0(reg, sel, val) \
    asm volatile("mtc0 %0, $" #reg ", " #sel "; ehb" ::"r"((u32)(val)) : "memory")
