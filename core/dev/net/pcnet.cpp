#include "core/dev/net/pcnet.h"

#include <algorithm>
#include <cstring>

#include "core/common/crc32.h"
#include "core/common/log.h"

namespace bw {

namespace {

// I/O offsets (from the BAR base). 0x00-0x0f is the APROM in both modes.
enum : u32 {
    WIO_RDP = 0x10,
    WIO_RAP = 0x12,
    WIO_RESET = 0x14,
    WIO_BDP = 0x16,
    DWIO_RDP = 0x10,
    DWIO_RAP = 0x14,
    DWIO_RESET = 0x18,
    DWIO_BDP = 0x1c,
};

// Control and status registers with names.
enum : unsigned {
    CSR0 = 0,
    CSR1 = 1,      // IADR[15:0]
    CSR2 = 2,      // IADR[31:16]
    CSR3 = 3,      // interrupt masks and deferral control
    CSR4 = 4,      // test and features control
    CSR5 = 5,      // extended control and interrupt 1
    CSR6 = 6,      // RLEN/TLEN
    CSR8 = 8,      // LADRF[15:0] .. CSR11 LADRF[63:48]
    CSR12 = 12,    // PADR[15:0] .. CSR14 PADR[47:32]
    CSR15 = 15,    // MODE
    CSR16 = 16,    // IADRL alias
    CSR17 = 17,    // IADRH alias
    CSR58 = 58,    // SWSTYLE alias of BCR20
    CSR72 = 72,    // RCVRC
    CSR74 = 74,    // XMTRC
    CSR76 = 76,    // RCVRL
    CSR78 = 78,    // XMTRL
    CSR88 = 88,    // chip ID lower
    CSR89 = 89,    // chip ID upper
    CSR112 = 112,  // MISSC
};

enum : unsigned {
    BCR2 = 2,    // MC: APROMWE
    BCR4 = 4,    // LNKST .. BCR7 LED3
    BCR9 = 9,    // FDC
    BCR18 = 18,  // BSBC: DWIO
    BCR19 = 19,  // EECAS
    BCR20 = 20,  // SWS
    BCR22 = 22,  // PCILAT
};

constexpr u16 CSR3_DXSUFLO = 0x0040;
constexpr u16 CSR4_APAD_XMT = 0x0800;
constexpr u16 CSR4_DPOLL = 0x1000;
constexpr u16 CSR4_TXSTRT = 0x0008;
constexpr u16 CSR4_UINTCMD = 0x0080;
constexpr u16 CSR4_UINT = 0x0040;
constexpr u16 CSR5_SPND = 0x0001;
constexpr u16 CSR5_LTINTEN = 0x4000;
constexpr u16 CSR5_TOKINTD = 0x8000;
constexpr u16 BCR2_APROMWE = 0x0100;
constexpr u16 BCR18_DWIO = 0x0080;
constexpr u16 kLinkUp = 0x0040;  // LNKST's link status input

constexpr size_t kMinFrame = 60;  // without FCS
constexpr u32 kMaxFrame = Pcnet::kFrameBuffer - 4;
// A received frame and its FCS must fit MCNT's 12 bits.
constexpr u32 kMaxRxFrame = 0x0fff - 4;

u16 le16(const u8* p) { return u16(p[0] | p[1] << 8); }
u32 le32(const u8* p) { return u32(p[0]) | u32(p[1]) << 8 | u32(p[2]) << 16 | u32(p[3]) << 24; }
void put16(u8* p, u16 v) {
    p[0] = u8(v);
    p[1] = u8(v >> 8);
}
void put32(u8* p, u32 v) {
    for (int i = 0; i < 4; i++) p[i] = u8(v >> (8 * i));
}

u32 all_ones(unsigned size) { return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1; }

// Bytes of buffer a descriptor's two's complement BCNT field describes (0 means 4096).
u32 buffer_bytes(u16 bcnt) { return 0x1000 - (bcnt & 0x0fff); }

}  // namespace

Pcnet::Pcnet(Scheduler& scheduler, NetHub* hub, const std::array<u8, 6>& mac)
    : PciDevice(kVendor, kDevice, 0x020000, 0x10),
      scheduler_(scheduler),
      hub_(hub),
      mac_(mac),
      poll_timer_(scheduler, [this] { poll(); }) {
    set_default(STATUS, 0x0280, 2);  // fast back-to-back capable, medium DEVSEL
    set_default(INTERRUPT_PIN, 1, 1);
    set_default(0x3e, 0x06, 1);  // MIN_GNT
    set_default(0x3f, 0xff, 1);  // MAX_LAT
    set_bar(0, kIoSize, true);
    set_bar(1, kIoSize, false);
    // Expansion ROM BAR sized as QEMU's (256 KB boot ROM) so Linux assigns the same addresses
    // as under QEMU; no ROM image is decoded behind it.
    set_default(0x30, 0, 4);
    set_writable(0x30, ~(0x40000u - 1) | 1, 4);
    if (hub_) hub_->attach(this);
    reset();
}

Pcnet::~Pcnet() {
    if (hub_) hub_->detach(this);
}

// H_RESET: the APROM is reloaded (from the EEPROM on a real card), the BCRs
// take their defaults, then the S_RESET part.
void Pcnet::reset() {
    PciDevice::reset();
    s_ = State{};
    std::copy(mac_.begin(), mac_.end(), s_.prom.begin());
    s_.prom[9] = 0x11;                 // hardware ID AMD drivers look for
    s_.prom[14] = s_.prom[15] = 0x57;  // "WW"
    u16 sum = 0;
    for (u8 b : s_.prom) sum = u16(sum + b);
    s_.prom[12] = u8(sum);
    s_.prom[13] = u8(sum >> 8);

    s_.bcr[0] = 0x0005;  // MSRDA
    s_.bcr[1] = 0x0005;  // MSWRA
    s_.bcr[BCR2] = 0x0002;
    s_.bcr[BCR4] = 0x00c0;
    s_.bcr[5] = 0x0084;
    s_.bcr[6] = 0x0088;
    s_.bcr[7] = 0x0090;
    s_.bcr[BCR9] = 0x0000;
    s_.bcr[BCR18] = 0x9001;
    s_.bcr[BCR19] = 0x0002;
    s_.bcr[BCR20] = 0x0200;
    s_.bcr[BCR22] = 0xff06;
    soft_reset();
    update_irq();
}

// S_RESET (a read of the RESET port): stops the chip, word I/O mode again.
void Pcnet::soft_reset() {
    s_.rdra = s_.tdra = 0;
    s_.rap = 0;
    s_.bcr[BCR18] &= ~BCR18_DWIO;
    auto& c = s_.csr;
    c[CSR0] = CSR0_STOP;
    c[CSR3] = 0;
    c[CSR4] = 0x0115;
    c[CSR5] = 0;
    c[CSR6] = 0;
    for (unsigned i = CSR8; i <= 11; i++) c[i] = 0;
    for (unsigned i = 0; i < 3; i++) c[CSR12 + i] = le16(&s_.prom[2 * i]);
    c[CSR15] &= 0x21c4;
    c[CSR72] = c[CSR74] = c[CSR76] = c[CSR78] = 1;
    c[80] = 0x1410;
    c[CSR88] = 0x1003;  // Am79C970A: part 0x2621, AMD manufacturer ID
    c[CSR89] = 0x0262;
    c[94] = 0;
    c[100] = 0x0200;
    c[103] = 0x0105;
    c[CSR112] = c[114] = c[122] = c[124] = 0;
    poll_timer_.cancel();
}

// ---- registers ----------------------------------------------------------------

u32 Pcnet::io_read(u32 offset, unsigned size) {
    offset &= kIoSize - 1;
    bool dwio = s_.bcr[BCR18] & BCR18_DWIO;
    u32 v = all_ones(size);
    if (offset < 0x10) {
        // APROM: bytes and words in word I/O mode, aligned dwords in dword mode.
        if ((!dwio && size == 1) || (!dwio && size == 2 && !(offset & 1)) ||
            (dwio && size == 4 && !(offset & 3))) {
            v = 0;
            for (unsigned i = 0; i < size; i++) v |= u32(s_.prom[(offset + i) & 15]) << (8 * i);
        }
        return v;
    }
    if (size == 2 && !dwio) {
        switch (offset) {
            case WIO_RDP: v = csr_read(s_.rap) & 0xffff; break;
            case WIO_RAP: v = s_.rap; break;
            case WIO_RESET:
                soft_reset();
                v = 0;
                break;
            case WIO_BDP: v = bcr_read(s_.rap); break;
        }
    } else if (size == 4 && dwio) {
        switch (offset) {
            case DWIO_RDP: v = csr_read(s_.rap); break;
            case DWIO_RAP: v = s_.rap; break;
            case DWIO_RESET:
                soft_reset();
                v = 0;
                break;
            case DWIO_BDP: v = bcr_read(s_.rap); break;
        }
    }
    // Other widths (a probe of the mode the chip is not in) read all ones.
    update_irq();
    return v;
}

void Pcnet::io_write(u32 offset, u32 value, unsigned size) {
    offset &= kIoSize - 1;
    bool dwio = s_.bcr[BCR18] & BCR18_DWIO;
    if (offset < 0x10) {
        if (!(s_.bcr[BCR2] & BCR2_APROMWE)) return;
        if ((!dwio && size == 1) || (!dwio && size == 2 && !(offset & 1)) ||
            (dwio && size == 4 && !(offset & 3))) {
            for (unsigned i = 0; i < size; i++) s_.prom[(offset + i) & 15] = u8(value >> (8 * i));
        }
        return;
    }
    auto set_rap = [this](u32 v) {
        if (v > 0x7f) {
            log_message(LogCategory::GuestError, "pcnet: RAP 0x%x out of range, using 0x%x", v,
                        v & 0x7f);
        }
        s_.rap = u8(v & 0x7f);
    };
    if (size == 2 && !dwio) {
        switch (offset) {
            case WIO_RDP: csr_write(s_.rap, u16(value)); break;
            case WIO_RAP: set_rap(value & 0xffff); break;
            case WIO_BDP: bcr_write(s_.rap, u16(value)); break;
        }
    } else if (size == 4 && dwio) {
        switch (offset) {
            case DWIO_RDP: csr_write(s_.rap, u16(value)); break;
            case DWIO_RAP: set_rap(value); break;
            case DWIO_BDP: bcr_write(s_.rap, u16(value)); break;
        }
    } else if (size == 4 && offset == WIO_RDP) {
        // A dword write to RDP switches the chip to dword I/O (the data is lost).
        s_.bcr[BCR18] |= BCR18_DWIO;
    }
    update_irq();
}

u16 Pcnet::csr_read(unsigned n) {
    switch (n) {
        case CSR0: {
            update_irq();
            u16 v = s_.csr[CSR0];
            if (v & (CSR0_BABL | CSR0_CERR | CSR0_MISS | CSR0_MERR)) v |= CSR0_ERR;
            return v;
        }
        case CSR16: return s_.csr[CSR1];
        case CSR17: return s_.csr[CSR2];
        case CSR58: return bcr_read(BCR20);
        default: return s_.csr[n & 127];
    }
}

void Pcnet::csr_write(unsigned n, u16 v) {
    n &= 127;
    auto& c = s_.csr;
    switch (n) {
        case CSR0: {
            // Write 1 to clear the interrupt flags; IENA follows the write, TDMD is set.
            c[CSR0] &= ~(v & 0x7f00);
            c[CSR0] = u16((c[CSR0] & ~CSR0_IENA) | (v & (CSR0_IENA | CSR0_TDMD)));
            u16 cmd = v & (CSR0_INIT | CSR0_STRT | CSR0_STOP);
            // All three at once: STOP wins.
            if (cmd == (CSR0_INIT | CSR0_STRT | CSR0_STOP)) cmd = CSR0_STOP;
            if ((cmd & CSR0_STOP) && !(c[CSR0] & CSR0_STOP)) stop();
            if ((cmd & CSR0_INIT) && !(c[CSR0] & CSR0_INIT)) init();
            if ((cmd & CSR0_STRT) && !(c[CSR0] & CSR0_STRT)) start();
            if (c[CSR0] & CSR0_TDMD) transmit();
            update_irq();
            return;
        }
        case CSR1:
        case CSR2:
        case CSR3:
        case 8:
        case 9:
        case 10:
        case 11:
        case 12:
        case 13:
        case 14:
        case CSR15:
        case CSR72:
        case CSR74: break;
        case CSR4:
            // JAB, TXSTRT, RCVCCO, UINT and MFCO are write-1-to-clear.
            c[CSR4] &= ~(v & 0x026a);
            v = u16((v & ~0x026a) | (c[CSR4] & 0x026a));
            break;
        case CSR5:
            // MPINT, EXDINT, SLPINT and SINT are write-1-to-clear.
            c[CSR5] &= ~(v & 0x0a90);
            v = u16((v & ~0x0a90) | (c[CSR5] & 0x0a90));
            break;
        case CSR16: csr_write(CSR1, v); return;
        case CSR17: csr_write(CSR2, v); return;
        case CSR58:
            bcr_write(BCR20, v);
            v = s_.bcr[BCR20];
            break;
        case CSR76:
        case CSR78:
            // A ring length of 0 means 512 descriptors, the largest the init block gives.
            if (v == 0) v = 512;
            break;
        case CSR112:
            // MISSC is writable only while the chip is stopped or suspended.
            if (!(c[CSR0] & CSR0_STOP) && !(c[CSR5] & CSR5_SPND)) return;
            break;
        default:
            if (n >= 18 && n <= 47) break;  // current/next descriptor and buffer registers
            return;                         // read-only or not implemented: ignored, as in QEMU
    }
    c[n] = v;
}

u16 Pcnet::bcr_read(unsigned n) const {
    n &= 127;
    if (n >= s_.bcr.size()) return 0;
    u16 v = s_.bcr[n];
    if (n >= BCR4 && n <= 7) {
        // LEDOUT reflects whether any enabled LED status input is active: only the
        // link (always up) ever is.
        v &= ~0x8000;
        if (v & 0x017f & kLinkUp) v |= 0x8000;
    }
    return v;
}

void Pcnet::bcr_write(unsigned n, u16 v) {
    n &= 127;
    switch (n) {
        case BCR20:
            // SWSTYLE may change only while the chip is stopped or suspended; it
            // decides SSIZE32 (bit 8) and CSRPCNET (bit 9).
            if (!(s_.csr[CSR0] & CSR0_STOP) && !(s_.csr[CSR5] & CSR5_SPND)) return;
            v &= ~0x0300;
            switch (v & 0xff) {
                case 0: v |= 0x0200; break;
                case 1: v |= 0x0100; break;
                case 2:
                case 3: v |= 0x0300; break;
                default:
                    log_message(LogCategory::GuestError, "pcnet: bad SWSTYLE 0x%02x, using 0",
                                v & 0xff);
                    v = 0x0200;
                    break;
            }
            s_.bcr[n] = v;
            break;
        case BCR2:
        case BCR4:
        case 5:
        case 6:
        case 7:
        case BCR9:
        case BCR18:
        case BCR19:
        case BCR22: s_.bcr[n] = v; break;
        default: break;  // read-only or not implemented: ignored, as in QEMU
    }
}

// ---- interrupts -----------------------------------------------------------------

void Pcnet::update_irq() {
    auto& c = s_.csr;
    if (c[CSR4] & CSR4_UINTCMD) {
        c[CSR4] &= ~CSR4_UINTCMD;
        c[CSR4] |= CSR4_UINT;
    }
    // CSR0 BABL/MISS/MERR/RINT/TINT/IDON unless masked in CSR3; CSR4 JAB/TXSTRT/
    // RCVCCO/MFCO unless masked by the bit below each; CSR5 EXDINT/MPINT when
    // enabled by the bit below each; CSR4 UINT.
    bool intr = (c[CSR0] & ~c[CSR3] & 0x5f00) || ((c[CSR4] >> 1) & ~c[CSR4] & 0x0115) ||
                ((c[CSR5] >> 1) & c[CSR5] & 0x0048) || (c[CSR4] & CSR4_UINT);
    // SINT/SLPINT interrupt even without IENA.
    bool system = (c[CSR5] >> 1) & c[CSR5] & 0x0500;
    if (intr || system)
        c[CSR0] |= CSR0_INTR;
    else
        c[CSR0] &= ~CSR0_INTR;
    set_intx((intr && (c[CSR0] & CSR0_IENA)) || system);
}

// ---- initialisation, start, stop --------------------------------------------------

u32 Pcnet::phys(u32 addr) const {
    // With 16-bit structures addresses are 24 bits; the top byte comes from IADR.
    if (ssize32()) return addr;
    return (addr & 0x00ffffff) | u32(s_.csr[CSR2] & 0xff00) << 16;
}

// A bus-master access that found no RAM (or bus mastering off): the chip
// sees a master abort and reports it as MERR.
void Pcnet::dma_fault(u32 addr, const char* what) {
    log_message(LogCategory::GuestError,
                "pcnet: %s at 0x%08x outside RAM or bus mastering off (MERR)", what, addr);
    s_.csr[CSR0] |= CSR0_MERR;
}

bool Pcnet::dma_in(u32 addr, void* dst, size_t len, const char* what) {
    if (dma_read(addr, dst, len)) return true;
    dma_fault(addr, what);
    return false;
}

bool Pcnet::dma_out(u32 addr, const void* src, size_t len, const char* what) {
    if (dma_write(addr, src, len)) return true;
    dma_fault(addr, what);
    return false;
}

void Pcnet::init() {
    u32 iadr = phys(s_.csr[CSR1] | u32(s_.csr[CSR2]) << 16);
    u8 b[28];
    u16 mode;
    unsigned rlen, tlen;
    u32 rdra, tdra;
    const u8 *padr, *ladrf;
    if (ssize32()) {
        if (!dma_in(iadr, b, 28, "init block")) return;
        mode = le16(b);
        rlen = b[2] >> 4;
        tlen = b[3] >> 4;
        padr = b + 4;
        ladrf = b + 12;
        rdra = le32(b + 20);
        tdra = le32(b + 24);
    } else {
        if (!dma_in(iadr, b, 24, "init block")) return;
        mode = le16(b);
        padr = b + 2;
        ladrf = b + 8;
        rdra = le32(b + 16);
        tdra = le32(b + 20);
        rlen = rdra >> 29;
        tlen = tdra >> 29;
    }
    auto& c = s_.csr;
    c[CSR76] = u16(rlen < 9 ? 1u << rlen : 512);
    c[CSR78] = u16(tlen < 9 ? 1u << tlen : 512);
    c[CSR6] = u16((tlen & 0xf) << 12 | (rlen & 0xf) << 8);
    c[CSR15] = mode;
    for (unsigned i = 0; i < 4; i++) c[CSR8 + i] = le16(ladrf + 2 * i);
    for (unsigned i = 0; i < 3; i++) c[CSR12 + i] = le16(padr + 2 * i);
    s_.rdra = phys(rdra);
    s_.tdra = phys(tdra);
    c[CSR72] = c[CSR76];
    c[CSR74] = c[CSR78];
    c[CSR0] |= CSR0_INIT | CSR0_IDON;
    c[CSR0] &= ~CSR0_STOP;
}

void Pcnet::start() {
    auto& c = s_.csr;
    if (!(c[CSR15] & MODE_DTX)) c[CSR0] |= CSR0_TXON;
    if (!(c[CSR15] & MODE_DRX)) c[CSR0] |= CSR0_RXON;
    c[CSR0] &= ~CSR0_STOP;
    c[CSR0] |= CSR0_STRT;
    poll();  // descriptors the driver handed over before STRT go out now
}

// STOP clears every other CSR0 bit (including IENA, TXON and RXON).
void Pcnet::stop() {
    s_.csr[CSR0] = CSR0_STOP;
    s_.csr[CSR4] &= ~0x02c2;
    s_.csr[CSR5] &= ~0x0011;
    poll_timer_.cancel();
}

// ---- descriptors -----------------------------------------------------------------

u32 Pcnet::ring_addr(u32 base, u16 length, u16 counter) const {
    if (length == 0) length = 1;
    // The ring counters count down from the ring length to 1.
    if (counter < 1 || counter > length) counter = length;
    return base + u32(length - counter) * desc_size();
}

static u16 next_counter(u16 counter, u16 length) {
    return counter <= 1 || counter > length ? length : u16(counter - 1);
}

// Descriptor layouts: style 0 (16-bit): word 0 = address[23:0] | status << 16
// (the status byte in bits 31-24), word 1 = BCNT | MCNT (RX) or TMD3 error
// bits (TX) << 16. Styles 1-3 (32-bit): address, BCNT | status << 16, RMD2/
// TMD2, user word; style 3 swaps words 0 and 2.
bool Pcnet::load_desc(u32 addr, Desc* d) const {
    u8 b[12];
    if (!ssize32()) {
        if (!dma_read(addr, b, 8)) return false;
        u32 w0 = le32(b);
        d->addr = w0 & 0x00ffffff;
        d->status = u16((w0 >> 16) & 0xff00);
        d->bcnt = le16(b + 4);
        d->misc = le16(b + 6);
        return true;
    }
    if (!dma_read(addr, b, 12)) return false;
    u32 w0 = le32(b), w2 = le32(b + 8);
    if (swstyle() == 3) std::swap(w0, w2);
    d->addr = w0;
    d->bcnt = le16(b + 4);
    d->status = le16(b + 6);
    d->misc = w2;
    return true;
}

void Pcnet::store_desc(u32 addr, const Desc& d) {
    u8 b[12];
    if (!ssize32()) {
        put32(b, (d.addr & 0x00ffffff) | u32(d.status & 0xff00) << 16);
        put16(b + 4, d.bcnt);
        put16(b + 6, u16(d.misc));
        dma_out(addr, b, 8, "descriptor");
        return;
    }
    u32 w0 = d.addr, w2 = d.misc;
    if (swstyle() == 3) std::swap(w0, w2);
    put32(b, w0);
    put16(b + 4, d.bcnt);
    put16(b + 6, d.status);
    put32(b + 8, w2);
    dma_out(addr, b, 12, "descriptor");
}

// ---- transmit --------------------------------------------------------------------

// In the 16-bit layout the TMD error bits sit in word 3 (TMD3[15:0]); internally
// they are kept where TMD2 has them (bits 31-16).
void Pcnet::transmit() {
    auto& c = s_.csr;
    c[CSR0] &= ~CSR0_TDMD;
    if (!(c[CSR0] & CSR0_TXON) || in_transmit_) return;
    in_transmit_ = true;
    std::vector<u8> frame;
    bool in_frame = false, drop = false;
    u32 stp_addr = 0;
    u16 length = c[CSR78] ? c[CSR78] : 1;
    for (unsigned n = 0; n < length && (c[CSR0] & CSR0_TXON); n++) {
        u32 addr = ring_addr(s_.tdra, length, c[CSR74]);
        Desc d;
        if (!load_desc(addr, &d)) {
            dma_fault(addr, "transmit descriptor");
            break;
        }
        if (!ssize32()) d.misc <<= 16;
        if (!(d.status & DS_OWN)) {
            if (in_frame) {
                // The chain stops before its ENP descriptor: underflow on the first one.
                Desc first;
                if (load_desc(stp_addr, &first)) {
                    if (!ssize32()) first.misc <<= 16;
                    first.misc |= TMD2_BUFF | TMD2_UFLO;
                    first.status = u16((first.status | DS_ERR) & ~DS_OWN);
                    if (!ssize32()) first.misc >>= 16;
                    store_desc(stp_addr, first);
                }
                c[CSR0] |= CSR0_TINT;
                if (!(c[CSR3] & CSR3_DXSUFLO)) c[CSR0] &= ~CSR0_TXON;
            }
            break;
        }
        if (d.status & DS_STP) {
            in_frame = true;
            drop = false;
            frame.clear();
            stp_addr = addr;
        }
        if (!in_frame) {
            log_message(LogCategory::GuestError,
                        "pcnet: transmit descriptor at 0x%08x continues no frame (no STP)", addr);
        } else if (!drop) {
            u32 bytes = buffer_bytes(d.bcnt);
            if (frame.size() + bytes > kMaxFrame) {
                log_message(LogCategory::GuestError,
                            "pcnet: transmit frame longer than %u bytes dropped", kMaxFrame);
                drop = true;
            } else {
                size_t at = frame.size();
                frame.resize(at + bytes);
                if (!dma_in(phys(d.addr), frame.data() + at, bytes, "transmit buffer")) drop = true;
            }
        }
        bool send = in_frame && (d.status & DS_ENP) && !drop;
        if (d.status & DS_ENP) in_frame = false;

        d.status &= ~DS_OWN;
        if (!ssize32()) d.misc >>= 16;
        store_desc(addr, d);
        if (!(c[CSR5] & CSR5_TOKINTD) || ((c[CSR5] & CSR5_LTINTEN) && (d.status & TMD_LTINT)))
            c[CSR0] |= CSR0_TINT;
        c[CSR74] = next_counter(c[CSR74], length);

        if (send) {
            if ((c[CSR4] & CSR4_APAD_XMT) && frame.size() < kMinFrame) frame.resize(kMinFrame, 0);
            c[CSR4] |= CSR4_TXSTRT;
            if (c[CSR15] & MODE_LOOP) {
                s_.in_loopback = true;
                receive(frame.data(), frame.size());
                s_.in_loopback = false;
            } else if (hub_) {
                hub_->send(this, frame.data(), frame.size());
            }
        }
    }
    in_transmit_ = false;
    update_irq();
}

// The chip's periodic transmit ring poll (and the check STRT does).
void Pcnet::poll() {
    auto& c = s_.csr;
    if ((c[CSR0] & CSR0_TXON) && !(c[CSR4] & CSR4_DPOLL)) {
        Desc d;
        u32 addr = ring_addr(s_.tdra, c[CSR78], c[CSR74]);
        if (load_desc(addr, &d) && (d.status & DS_OWN)) transmit();
    }
    update_irq();
    arm_poll();
}

void Pcnet::arm_poll() {
    const auto& c = s_.csr;
    if ((c[CSR0] & CSR0_STOP) || !(c[CSR0] & CSR0_TXON) || (c[CSR4] & CSR4_DPOLL) ||
        (c[CSR5] & CSR5_SPND)) {
        poll_timer_.cancel();
        return;
    }
    poll_timer_.arm_in(kPollNs);
}

// ---- receive ---------------------------------------------------------------------

bool Pcnet::accept(const u8* frame, size_t len, u16* match) const {
    *match = 0;
    const auto& c = s_.csr;
    if (c[CSR15] & MODE_PROM) return true;
    if (len < 6) return false;
    u8 padr[6];
    for (int i = 0; i < 3; i++) put16(padr + 2 * i, c[CSR12 + i]);
    if (!(c[CSR15] & MODE_DRCVPA) && std::memcmp(frame, padr, 6) == 0) {
        *match = RMD_PAM;
        return true;
    }
    static const u8 kBroadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    if (!(c[CSR15] & MODE_DRCVBC) && std::memcmp(frame, kBroadcast, 6) == 0) {
        *match = RMD_BAM;
        return true;
    }
    if ((frame[0] & 1) && (c[8] | c[9] | c[10] | c[11])) {
        // The upper six bits of the (not inverted) little-endian CRC of the
        // destination index the 64-bit logical address filter.
        unsigned index = (~crc32(frame, 6)) >> 26;
        if (c[8 + index / 16] & (1u << (index % 16))) {
            *match = RMD_LAFM;
            return true;
        }
    }
    return false;
}

bool Pcnet::can_receive() const {
    const auto& c = s_.csr;
    if (!(c[CSR0] & CSR0_RXON) || (c[CSR5] & CSR5_SPND)) return true;  // dropped in receive()
    Desc d;
    if (!load_desc(ring_addr(s_.rdra, c[CSR76], c[CSR72]), &d)) return true;  // MERR there
    return d.status & DS_OWN;
}

void Pcnet::receive(const u8* frame, size_t len) {
    auto& c = s_.csr;
    if (!(c[CSR0] & CSR0_RXON) || (c[CSR5] & CSR5_SPND) || len == 0) return;
    // In loopback mode the chip hears only itself.
    if ((c[CSR15] & MODE_LOOP) && !s_.in_loopback) return;
    u16 match;
    if (!accept(frame, len, &match)) return;
    if (len > kMaxRxFrame) {
        log_message(LogCategory::GuestError, "pcnet: received frame of %zu bytes truncated to %u",
                    len, kMaxRxFrame);
        len = kMaxRxFrame;
    }
    deliver(frame, len, match);
}

void Pcnet::deliver(const u8* frame, size_t len, u16 match) {
    auto& c = s_.csr;
    // Short frames arrive padded to the minimum; the FCS follows and is counted in MCNT.
    std::vector<u8> buf(frame, frame + len);
    if (buf.size() < kMinFrame) buf.resize(kMinFrame, 0);
    u32 fcs = crc32(buf.data(), buf.size());
    for (int i = 0; i < 4; i++) buf.push_back(u8(fcs >> (8 * i)));

    u16 length = c[CSR76] ? c[CSR76] : 1;
    u32 first_addr = ring_addr(s_.rdra, length, c[CSR72]);
    Desc first;
    if (!load_desc(first_addr, &first)) {
        dma_fault(first_addr, "receive descriptor");
        update_irq();
        return;
    }
    if (!(first.status & DS_OWN)) {
        c[CSR0] |= CSR0_MISS;
        c[CSR112]++;
        update_irq();
        return;
    }
    // Fill descriptors until the frame is stored or the ring has none left; the
    // STP descriptor is handed back last, so the driver never sees half a frame.
    size_t pos = 0;
    u16 counter = c[CSR72];
    u32 addr = first_addr;
    Desc d = first;
    d.status |= DS_STP;
    unsigned used = 0;
    while (true) {
        size_t count = std::min<size_t>(buffer_bytes(d.bcnt), buf.size() - pos);
        dma_out(phys(d.addr), buf.data() + pos, count, "receive buffer");
        pos += count;
        used++;
        counter = next_counter(counter, length);
        d.status &= ~DS_OWN;
        bool done = pos == buf.size();
        Desc next;
        u32 next_addr = ring_addr(s_.rdra, length, counter);
        bool more = !done && used < length && load_desc(next_addr, &next) && (next.status & DS_OWN);
        if (done) {
            d.status |= DS_ENP | match;
            d.misc = (d.misc & ~0xffffu) | u32(buf.size() & 0x0fff);
        } else if (!more) {
            // Out of buffers in the middle of the frame.
            d.status |= DS_ERR | RMD_BUFF | RMD_OFLO;
        }
        if (addr == first_addr)
            first = d;
        else
            store_desc(addr, d);
        if (!more) break;
        addr = next_addr;
        d = next;
    }
    store_desc(first_addr, first);
    c[CSR72] = counter;
    c[CSR0] |= CSR0_RINT;
    update_irq();
}

}  // namespace bw
