// Output on the 0x3f8 16550 and the default exception handler.
#include <stdarg.h>

#include "bm.h"

#define UART (ISA_IO + 0x3f8)
#define LSR 5
#define LSR_THRE 0x20

void uart_putc(char c) {
    if (c == '\n') uart_putc('\r');
    while (!(REG8(UART + LSR) & LSR_THRE)) {
    }
    REG8(UART) = (u8)c;
}

static void put_hex(u32 v) {
    for (int i = 7; i >= 0; i--) uart_putc("0123456789abcdef"[(v >> (4 * i)) & 15]);
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
            case 'x': put_hex(va_arg(ap, u32)); break;
            case 'u': put_dec(va_arg(ap, u32)); break;
            case 'c': uart_putc((char)va_arg(ap, int)); break;
            case 's': {
                const char* s = va_arg(ap, const char*);
                while (*s) uart_putc(*s++);
                break;
            }
            default: uart_putc(*fmt); break;
        }
    }
    va_end(ap);
}

void done(void) {
    print("DONE\n");
    for (;;) asm volatile("wait");
}

__attribute__((weak)) void handle_exception(struct frame* f) {
    print("unexpected exception: cause %x epc %x badvaddr %x\n", f->cause, f->epc, f->badvaddr);
    done();
}
