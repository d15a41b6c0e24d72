// PL011 output (UART0 at 0x101f1000) and default exception handlers.
#include <stdarg.h>

#include "bm.h"

#define UART0 0x101f1000u
#define UARTDR 0x00
#define UARTFR 0x18
#define FR_TXFF (1u << 5)

void uart_putc(char c) {
    if (c == '\n') uart_putc('\r');
    while (REG32(UART0 + UARTFR) & FR_TXFF) {
    }
    REG32(UART0 + UARTDR) = (u32)(unsigned char)c;
}

void uart_puts(const char* s) {
    while (*s) uart_putc(*s++);
}

static void put_hex(u32 v, int digits) {
    for (int i = digits - 1; i >= 0; i--) uart_putc("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

static void put_dec(u32 v) {
    char buf[11];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) uart_putc(buf[--n]);
}

void print(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            uart_putc(*fmt);
            continue;
        }
        switch (*++fmt) {
            case 'x': put_hex(va_arg(ap, u32), 8); break;
            case 'u': put_dec(va_arg(ap, u32)); break;
            case 's': uart_puts(va_arg(ap, const char*)); break;
            case 'c': uart_putc((char)va_arg(ap, int)); break;
            case '%': uart_putc('%'); break;
            default: uart_putc('?'); break;
        }
    }
    va_end(ap);
}

static void unexpected(const char* what, struct frame* f) {
    print("unexpected %s at %x spsr %x\n", what, f->pc, f->spsr);
    done();
}

__attribute__((weak)) void handle_undef(struct frame* f) { unexpected("undef", f); }
__attribute__((weak)) void handle_swi(struct frame* f) { unexpected("swi", f); }
__attribute__((weak)) void handle_pabt(struct frame* f) { unexpected("pabt", f); }
__attribute__((weak)) void handle_dabt(struct frame* f) { unexpected("dabt", f); }
__attribute__((weak)) void handle_irq(struct frame* f) { unexpected("irq", f); }
__attribute__((weak)) void handle_fiq(struct frame* f) { unexpected("fiq", f); }
