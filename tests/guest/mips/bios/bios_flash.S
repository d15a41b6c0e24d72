# A -bios flash image for malta: runs from the reset vector (0xbfc00000) with the GT-64120
# as it comes out of reset (I/O window at 0x10000000), prints over the 0x3f8 16550: PRId,
# Status and Config0 at reset, the revision word QEMU patches over offset 0x10 of the boot
# copy, the unpatched word at the same offset of the flash at 0x1e000000, and a checksum of
# the first 1 KB of the flash (proves the 32-bit word order of the whole image). Built
# with its words byte-swapped, as a bi-endian YAMON image is stored for a little-endian
# board.
        .set noreorder
        .set noat
        .text
        .globl _start
_start:
        b       start
        nop
        .org    0x10
        .word   0x5a5a1234              # replaced by the revision in the 0x1fc00000 copy
        .org    0x20
start:
        li      $s0, 0xb00003f8         # ttyS0 through the reset PCI_0 I/O window
        la      $a0, banner
        bal     puts
        nop
        mfc0    $a0, $15, 0
        bal     hexline
        nop
        mfc0    $a0, $12, 0
        bal     hexline
        nop
        mfc0    $a0, $16, 0
        bal     hexline
        nop
        li      $t0, 0xbfc00010
        lw      $a0, 0($t0)
        bal     hexline
        nop
        li      $t0, 0xbe000010
        lw      $a0, 0($t0)
        bal     hexline
        nop
        li      $t0, 0xbe000000         # checksum: sum of word * (index + 1)
        li      $t1, 0
        li      $t2, 0
        li      $t3, 256
1:      lw      $t4, 0($t0)
        addiu   $t2, $t2, 1
        mul     $t4, $t4, $t2
        addu    $t1, $t1, $t4
        bne     $t2, $t3, 1b
        addiu   $t0, $t0, 4
        move    $a0, $t1
        bal     hexline
        nop
        la      $a0, done
        bal     puts
        nop
2:      wait
        b       2b
        nop

# putc: a0 = character; clobbers t8, t9.
putc:
        lbu     $t9, 5($s0)
        andi    $t9, $t9, 0x20
        beqz    $t9, putc
        nop
        jr      $ra
        sb      $a0, 0($s0)

# puts: a0 = string; clobbers a0, a1, t7-t9.
puts:
        move    $t7, $ra
        move    $a1, $a0
1:      lbu     $a0, 0($a1)
        beqz    $a0, 2f
        nop
        bal     putc
        addiu   $a1, $a1, 1
        b       1b
        nop
2:      jr      $t7
        nop

# hexline: a0 = value, printed as 8 hex digits and a newline; clobbers a0-a3, t5-t9.
hexline:
        move    $t6, $ra
        move    $a2, $a0
        li      $a3, 28
1:      srlv    $a0, $a2, $a3
        andi    $a0, $a0, 15
        la      $t5, digits
        addu    $t5, $t5, $a0
        bal     putc
        lbu     $a0, 0($t5)
        bnez    $a3, 1b
        addiu   $a3, $a3, -4
        bal     putc
        li      $a0, 13
        bal     putc
        li      $a0, 10
        jr      $t6
        nop

digits: .ascii  "0123456789abcdef"
banner: .asciz  "malta flash image\r\n"
done:   .asciz  "DONE\r\n"
