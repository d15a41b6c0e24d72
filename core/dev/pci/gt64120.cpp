#include "core/dev/pci/gt64120.h"

namespace bw {

namespace {

// Register offsets (bytes) as the GT-64120 manual names them.
enum : u32 {
    GT_CPU = 0x000,
    GT_MULTI = 0x120,
    GT_SCS10LD = 0x008,
    GT_SCS10HD = 0x010,
    GT_SCS32LD = 0x018,
    GT_SCS32HD = 0x020,
    GT_CS20LD = 0x028,
    GT_CS20HD = 0x030,
    GT_CS3BOOTLD = 0x038,
    GT_CS3BOOTHD = 0x040,
    GT_PCI0IOLD = 0x048,
    GT_PCI0IOHD = 0x050,
    GT_PCI0M0LD = 0x058,
    GT_PCI0M0HD = 0x060,
    GT_ISD = 0x068,
    GT_CPUERR_ADDRLO = 0x070,
    GT_CPUERR_ADDRHI = 0x078,
    GT_PCI0M1LD = 0x080,
    GT_PCI0M1HD = 0x088,
    GT_PCI1IOLD = 0x090,
    GT_PCI1IOHD = 0x098,
    GT_PCI1M0LD = 0x0a0,
    GT_PCI1M0HD = 0x0a8,
    GT_PCI1M1LD = 0x0b0,
    GT_PCI1M1HD = 0x0b8,
    GT_PCI0SYNC = 0x0c0,
    GT_PCI1SYNC = 0x0c8,
    GT_SCS10AR = 0x0d0,
    GT_SCS32AR = 0x0d8,
    GT_CS20R = 0x0e0,
    GT_CS3BOOTR = 0x0e8,
    GT_PCI0IOREMAP = 0x0f0,
    GT_PCI0M0REMAP = 0x0f8,
    GT_PCI0M1REMAP = 0x100,
    GT_PCI1IOREMAP = 0x108,
    GT_PCI1M0REMAP = 0x110,
    GT_PCI1M1REMAP = 0x118,
    GT_CPUERR_DATALO = 0x128,
    GT_CPUERR_DATAHI = 0x130,
    GT_CPUERR_PARITY = 0x138,
    GT_SCS0LD = 0x400,
    GT_BOOTHD = 0x444,
    GT_SDRAM_CFG = 0x448,
    GT_SDRAM_B0 = 0x44c,
    GT_SDRAM_B3 = 0x458,
    GT_DEV_B0 = 0x45c,
    GT_DEV_BOOT = 0x46c,
    GT_ADERR = 0x470,
    GT_SDRAM_OPMODE = 0x474,
    GT_SDRAM_BM = 0x478,
    GT_SDRAM_ADDRDECODE = 0x47c,
    GT_ECC_ERRDATALO = 0x480,
    GT_ECC_ERRADDR = 0x490,
    GT_DMA0_CNT = 0x800,
    GT_DMA3_CUR = 0x87c,
    GT_TC0 = 0x850,
    GT_TC3 = 0x85c,
    GT_DMA_ARB = 0x860,
    GT_TC_CONTROL = 0x864,
    GT_PCI0_CMD = 0xc00,
    GT_PCI0_TOR = 0xc04,
    GT_PCI0_BS_SCS10 = 0xc08,
    GT_PCI0_BS_CS3BT = 0xc14,
    GT_INTRCAUSE = 0xc18,
    GT_INTRMASK = 0xc1c,
    GT_PCI0_ICMASK = 0xc24,
    GT_PCI0_SERR0MASK = 0xc28,
    GT_PCI1_IACK = 0xc30,
    GT_PCI0_IACK = 0xc34,
    GT_PCI0_BARE = 0xc3c,
    GT_PCI0_PREFMBR = 0xc40,
    GT_PCI0_SCS10_BAR = 0xc48,
    GT_PCI0_SCS3BT_BAR = 0xc64,
    GT_CPU_INTSEL = 0xc70,
    GT_PCI0_INTSEL = 0xc74,
    GT_PCI1_CMD = 0xc80,
    GT_PCI1_SCS3BT_BAR = 0xce4,
    GT_PCI1_CFGADDR = 0xcf0,
    GT_PCI1_CFGDATA = 0xcf4,
    GT_PCI0_CFGADDR = 0xcf8,
    GT_PCI0_CFGDATA = 0xcfc,
};

constexpr u32 GT_CPU_ENDIANESS = 1u << 12;  // 1: little-endian CPU interface
constexpr u32 PCI_CMD_MBYTESWAP = 1u << 0;

u32 bswap32(u32 v) { return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24); }

bool in(u32 reg, u32 lo, u32 hi) { return reg >= lo && reg <= hi; }

}  // namespace

Gt64120::PciFunction::PciFunction() : PciDevice(0x11ab, 0x4620, 0x060000, 0x10) {
    set_default(STATUS, 0x0280, 2);  // fast back-to-back, medium DEVSEL
    // QEMU presets the BARs without registering them: they read back fixed.
    set_default(BAR0 + 0x00, 0x00000008, 4);
    set_default(BAR0 + 0x04, 0x01000008, 4);
    set_default(BAR0 + 0x08, 0x1c000000, 4);
    set_default(BAR0 + 0x0c, 0x1f000000, 4);
    set_default(BAR0 + 0x10, 0x14000000, 4);
    set_default(BAR0 + 0x14, 0x14000001, 4);
    set_default(INTERRUPT_PIN, 0x01, 1);
}

Gt64120::Gt64120(PciBus& bus) : bus_(bus) {
    bus_.attach(0, &function_);
    reset();
}

void Gt64120::reset() {
    s_ = State{};
    auto& r = s_.regs;
    auto set = [&r](u32 off, u32 v) { r[off / 4] = v; };
    set(GT_CPU, GT_CPU_ENDIANESS);
    set(GT_MULTI, 0x00000003);
    set(GT_SCS10LD, 0x00);
    set(GT_SCS10HD, 0x07);
    set(GT_SCS32LD, 0x08);
    set(GT_SCS32HD, 0x0f);
    set(GT_CS20LD, 0xe0);
    set(GT_CS20HD, 0x70);
    set(GT_CS3BOOTLD, 0xf8);
    set(GT_CS3BOOTHD, 0x7f);
    set(GT_PCI0IOLD, 0x80);
    set(GT_PCI0IOHD, 0x0f);
    set(GT_PCI0M0LD, 0x90);
    set(GT_PCI0M0HD, 0x1f);
    set(GT_ISD, 0xa0);
    set(GT_PCI0M1LD, 0x790);
    set(GT_PCI0M1HD, 0x1f);
    set(GT_PCI1IOLD, 0x100);
    set(GT_PCI1IOHD, 0x0f);
    set(GT_PCI1M0LD, 0x110);
    set(GT_PCI1M0HD, 0x1f);
    set(GT_PCI1M1LD, 0x120);
    set(GT_PCI1M1HD, 0x2f);
    set(GT_SCS32AR, 0x08);
    set(GT_CS20R, 0xe0);
    set(GT_CS3BOOTR, 0xf8);
    set(GT_PCI0IOREMAP, 0x80);
    set(GT_PCI0M0REMAP, 0x90);
    set(GT_PCI0M1REMAP, 0x790);
    set(GT_PCI1IOREMAP, 0x100);
    set(GT_PCI1M0REMAP, 0x110);
    set(GT_PCI1M1REMAP, 0x120);
    set(GT_CPUERR_DATALO, 0xffffffff);
    set(GT_CPUERR_DATAHI, 0xffffffff);
    set(GT_CPUERR_PARITY, 0xff);
    // SCS0-3, CS0-3, BOOT low/high decode pairs.
    const u32 dev_decode[18] = {0x00, 0x07, 0x08, 0x0f, 0x10, 0x17, 0x18, 0x1f, 0xc0,
                                0xc7, 0xc8, 0xcf, 0xd0, 0xdf, 0xf0, 0xfb, 0xfc, 0xff};
    for (int i = 0; i < 18; i++) r[GT_SCS0LD / 4 + i] = dev_decode[i];
    set(GT_ADERR, 0xffffffff);
    set(GT_SDRAM_CFG, 0x200);
    set(GT_SDRAM_BM, 0x07);
    set(GT_SDRAM_ADDRDECODE, 0x02);
    for (u32 o = GT_SDRAM_B0; o <= GT_SDRAM_B3; o += 4) set(o, 0x05);
    for (u32 o = GT_DEV_B0; o < GT_DEV_BOOT; o += 4) set(o, 0x386fffff);
    set(GT_DEV_BOOT, 0x146fffff);
    set(GT_TC0, 0xffffffff);
    for (u32 o = GT_TC0 + 4; o <= GT_TC3; o += 4) set(o, 0x00ffffff);
    for (u32 base : {GT_PCI0_CMD, GT_PCI1_CMD}) {
        set(base + 0x00, 0x00010001);  // MByteSwap, SByteSwap: no swapping on little-endian
        set(base + 0x04, 0x0000070f);  // TOR
        set(base + 0x08, 0x00fff000);  // BS_SCS10
        set(base + 0x0c, 0x00fff000);  // BS_SCS32
        set(base + 0x10, 0x01fff000);  // BS_CS20
        set(base + 0x14, 0x00fff000);  // BS_CS3BT
        set(base + 0x3c, 0x0000000f);  // BARE
        set(base + 0x40, 0x00000040);  // PREFMBR
        set(base + 0x4c, 0x01000000);  // SCS32_BAR
        set(base + 0x50, 0x1c000000);  // CS20_BAR
        set(base + 0x54, 0x1f000000);  // CS3BT_BAR
        set(base + 0x5c, 0x01000000);  // SSCS32_BAR
        set(base + 0x64, 0x1f000000);  // SCS3BT_BAR
    }
    function_.reset();
    if (on_remap) on_remap();
}

Gt64120::Window Gt64120::window(u32 ld, u32 hd) const {
    u32 lo = s_.regs[ld / 4];
    u32 hi = s_.regs[hd / 4];
    // Low decode holds address bits 35..21; the high decode bits 27..21 of the end.
    if ((lo & 0x7f) > hi) return {};
    return {lo << 21, ((hi + 1) - (lo & 0x7f)) << 21};
}

Gt64120::Window Gt64120::pci0_io() const { return window(GT_PCI0IOLD, GT_PCI0IOHD); }
Gt64120::Window Gt64120::pci0_mem0() const { return window(GT_PCI0M0LD, GT_PCI0M0HD); }
Gt64120::Window Gt64120::pci0_mem1() const { return window(GT_PCI0M1LD, GT_PCI0M1HD); }
u32 Gt64120::isd_base() const { return s_.regs[GT_ISD / 4] << 21; }

bool Gt64120::config_swap() const {
    // Device 0 (the bridge itself) is never swapped; others when MByteSwap is clear.
    return !(s_.regs[GT_PCI0_CMD / 4] & PCI_CMD_MBYTESWAP) && (s_.config_address & 0x00fff800);
}

u32 Gt64120::read(u32 offset, unsigned) {
    u32 v = read_reg(offset & 0xffc);
    if (!(s_.regs[GT_CPU / 4] & GT_CPU_ENDIANESS)) v = bswap32(v);
    return v;
}

void Gt64120::write(u32 offset, u32 value, unsigned) {
    if (!(s_.regs[GT_CPU / 4] & GT_CPU_ENDIANESS)) value = bswap32(value);
    write_reg(offset & 0xffc, value);
}

u32 Gt64120::read_reg(u32 reg) {
    switch (reg) {
        case GT_PCI0_IACK: return int_ack ? int_ack() : 0;
        case GT_PCI0_CFGADDR: return s_.config_address;
        case GT_PCI0_CFGDATA: {
            u32 v = 0xffffffff;
            u32 a = s_.config_address;
            // Enabled type 0 cycles on bus 0 reach a function; other buses are empty.
            if ((a & 0x80000000u) && ((a >> 16) & 0xff) == 0)
                v = bus_.config_read(u8(a >> 8), u8(a & 0xfc), 4);
            if (config_swap()) v = bswap32(v);
            return v;
        }
        case GT_PCI1_CFGADDR:
        case GT_PCI1_CFGDATA: return 0;  // PCI_1 is not present on malta
        default: break;
    }
    bool known = reg <= GT_CPUERR_PARITY || in(reg, GT_SCS0LD, GT_SDRAM_ADDRDECODE) ||
                 in(reg, GT_ECC_ERRDATALO, GT_ECC_ERRADDR) || in(reg, GT_DMA0_CNT, GT_DMA3_CUR) ||
                 in(reg, GT_PCI0_CMD, GT_PCI0_SCS3BT_BAR) ||
                 in(reg, GT_CPU_INTSEL, GT_PCI1_SCS3BT_BAR);
    if (!known) bad_.bad_read(name(), reg);
    return s_.regs[reg / 4];
}

void Gt64120::write_reg(u32 reg, u32 value) {
    auto& r = s_.regs;
    bool remap = false;
    switch (reg) {
        case GT_CPU: r[reg / 4] = value; break;
        case GT_MULTI: break;  // read-only: a single GT on the CPU bus
        case GT_PCI0IOLD:
            r[GT_PCI0IOLD / 4] = value & 0x7fff;
            r[GT_PCI0IOREMAP / 4] = value & 0x7ff;
            remap = true;
            break;
        case GT_PCI0M0LD:
            r[GT_PCI0M0LD / 4] = value & 0x7fff;
            r[GT_PCI0M0REMAP / 4] = value & 0x7ff;
            remap = true;
            break;
        case GT_PCI0M1LD:
            r[GT_PCI0M1LD / 4] = value & 0x7fff;
            r[GT_PCI0M1REMAP / 4] = value & 0x7ff;
            remap = true;
            break;
        case GT_PCI1IOLD:
        case GT_PCI1M0LD:
        case GT_PCI1M1LD: {
            r[reg / 4] = value & 0x7fff;
            // Each PCI_1 low decode shadows into its remap register (0x108.. from 0x090..).
            u32 remap_reg = GT_PCI1IOREMAP + (reg - GT_PCI1IOLD) / 2;
            r[remap_reg / 4] = value & 0x7ff;
            break;
        }
        case GT_PCI0IOHD:
        case GT_PCI0M0HD:
        case GT_PCI0M1HD:
            r[reg / 4] = value & 0x7f;
            remap = true;
            break;
        case GT_PCI1IOHD:
        case GT_PCI1M0HD:
        case GT_PCI1M1HD: r[reg / 4] = value & 0x7f; break;
        case GT_ISD:
            r[reg / 4] = value & 0x7fff;
            remap = true;
            break;
        case GT_PCI0IOREMAP:
        case GT_PCI0M0REMAP:
        case GT_PCI0M1REMAP:
        case GT_PCI1IOREMAP:
        case GT_PCI1M0REMAP:
        case GT_PCI1M1REMAP: r[reg / 4] = value & 0x7ff; break;
        case GT_PCI0_CMD:
        case GT_PCI1_CMD: r[reg / 4] = value & 0x0401fc0f; break;
        case GT_PCI0_IACK:
        case GT_PCI1_IACK: break;  // read-only
        case GT_PCI0_CFGADDR: s_.config_address = value & 0x80fffffc; break;
        case GT_PCI0_CFGDATA: {
            u32 a = s_.config_address;
            if (config_swap()) value = bswap32(value);
            if ((a & 0x80000000u) && ((a >> 16) & 0xff) == 0)
                bus_.config_write(u8(a >> 8), u8(a & 0xfc), value, 4);
            break;
        }
        case GT_PCI1_CFGADDR:
        case GT_PCI1_CFGDATA: break;
        case GT_INTRCAUSE:
            // Write 0 to clear a cause bit; bit 0 summarises the others.
            r[reg / 4] &= value & 0xfffffffe;
            r[reg / 4] |= (r[reg / 4] & 0xfffffffe) ? 1 : 0;
            break;
        case GT_INTRMASK: r[reg / 4] = value & 0x3c3ffffe; break;
        case GT_PCI0_ICMASK: r[reg / 4] = value & 0x03fffffe; break;
        case GT_PCI0_SERR0MASK: r[reg / 4] = value & 0x0000003f; break;
        default:
            if (in(reg, GT_SCS10LD, GT_CS3BOOTHD) || in(reg, GT_SCS10AR, GT_CS3BOOTR) ||
                in(reg, GT_CPUERR_ADDRLO, GT_CPUERR_ADDRHI) ||
                in(reg, GT_CPUERR_DATALO, GT_CPUERR_PARITY) || reg == GT_PCI0SYNC ||
                reg == GT_PCI1SYNC || in(reg, GT_SCS0LD, GT_SDRAM_ADDRDECODE) ||
                in(reg, GT_ECC_ERRDATALO, GT_ECC_ERRADDR) || in(reg, GT_DMA0_CNT, GT_DMA3_CUR) ||
                in(reg, GT_PCI0_TOR, GT_PCI0_BS_CS3BT) ||
                in(reg, GT_PCI0_BARE, GT_PCI0_SCS3BT_BAR) ||
                in(reg, GT_CPU_INTSEL, GT_PCI1_SCS3BT_BAR)) {
                // Decode, timing, DMA and BAR registers: stored, not acted upon.
                r[reg / 4] = value;
            } else {
                bad_.bad_write(name(), reg);
            }
            break;
    }
    if (remap && on_remap) on_remap();
}

}  // namespace bw
