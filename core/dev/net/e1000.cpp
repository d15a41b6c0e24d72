#include "core/dev/net/e1000.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "core/common/log.h"

namespace bw {

namespace {

enum class Access : u8 {
    None,      // not a register: unknown offset
    RW,        // stored, bits outside |mask| read 0
    RO,        // writes ignored
    Stat,      // statistics counter, cleared when read
    StatLow,   // low half of a 64-bit counter (read without clearing)
    StatHigh,  // high half: reading it clears both halves
    Special,   // handled in mmio_read/mmio_write
};

struct RegDesc {
    u32 offset;
    u16 count;
    const char* name;
    Access access;
    u32 reset;
    u32 mask;
};

constexpr u32 kAll = 0xffffffff;
using A = Access;

// The register file: offset, words, datasheet name, access, reset value, writable bits.
// Later rows override earlier ones (the 64-bit counters inside the statistics block).
constexpr RegDesc kRegs[] = {
    {E1000::CTRL, 1, "CTRL", A::Special,
     E1000::CTRL_SWDPIN2 | E1000::CTRL_SWDPIN0 | E1000::CTRL_SPD_1000 | E1000::CTRL_SLU, kAll},
    {E1000::STATUS, 1, "STATUS", A::RO,
     0x80000000 | E1000::STATUS_GIO_MASTER_ENABLE | E1000::STATUS_ASDV | E1000::STATUS_MTXCKOK |
         E1000::STATUS_SPEED_1000 | E1000::STATUS_FD | E1000::STATUS_LU,
     0},
    {E1000::EECD, 1, "EECD", A::Special, 0, 0},
    {E1000::EERD, 1, "EERD", A::Special, 0, kAll},
    {E1000::CTRL_EXT, 1, "CTRL_EXT", A::RW, 0, kAll},
    {E1000::MDIC, 1, "MDIC", A::Special, 0, kAll},
    {E1000::FCAL, 1, "FCAL", A::RW, 0, kAll},
    {E1000::FCAH, 1, "FCAH", A::RW, 0, 0xffff},
    {E1000::FCT, 1, "FCT", A::RW, 0, 0xffff},
    {E1000::VET, 1, "VET", A::RW, 0x8100, 0xffff},
    {E1000::ICR, 1, "ICR", A::Special, 0, 0},
    {E1000::ITR, 1, "ITR", A::RW, 0, 0xffff},
    {E1000::ICS, 1, "ICS", A::Special, 0, 0},
    {E1000::IMS, 1, "IMS", A::Special, 0, 0},
    {E1000::IMC, 1, "IMC", A::Special, 0, 0},
    {E1000::RCTL, 1, "RCTL", A::RW, 0, kAll},
    {E1000::FCTTV, 1, "FCTTV", A::RW, 0, 0xffff},
    {E1000::TXCW, 1, "TXCW", A::RW, 0, kAll},
    {E1000::RXCW, 1, "RXCW", A::RO, 0, 0},
    {E1000::TCTL, 1, "TCTL", A::Special, 0, kAll},
    {E1000::TIPG, 1, "TIPG", A::RW, 0, kAll},
    {E1000::AIT, 1, "AIT", A::RW, 0, 0xffff},
    {E1000::LEDCTL, 1, "LEDCTL", A::RW, 0x602, kAll},
    {E1000::PBA, 1, "PBA", A::RW, 0x00100030, kAll},
    {E1000::FCRTL, 1, "FCRTL", A::RW, 0, kAll},
    {E1000::FCRTH, 1, "FCRTH", A::RW, 0, kAll},
    {E1000::RDBAL, 1, "RDBAL", A::RW, 0, 0xfffffff0},
    {E1000::RDBAH, 1, "RDBAH", A::RW, 0, kAll},
    {E1000::RDLEN, 1, "RDLEN", A::Special, 0, 0xfff80},
    {E1000::RDH, 1, "RDH", A::RW, 0, 0xffff},
    {E1000::RDT, 1, "RDT", A::RW, 0, 0xffff},
    {E1000::RDTR, 1, "RDTR", A::RW, 0, 0xffff},
    {E1000::RXDCTL, 1, "RXDCTL", A::RW, 0, kAll},
    {E1000::RADV, 1, "RADV", A::RW, 0, 0xffff},
    {E1000::RSRPD, 1, "RSRPD", A::RW, 0, 0xfff},
    {E1000::TXDMAC, 1, "TXDMAC", A::RW, 0, 1},
    {E1000::TDBAL, 1, "TDBAL", A::RW, 0, 0xfffffff0},
    {E1000::TDBAH, 1, "TDBAH", A::RW, 0, kAll},
    {E1000::TDLEN, 1, "TDLEN", A::Special, 0, 0xfff80},
    {E1000::TDH, 1, "TDH", A::RW, 0, 0xffff},
    {E1000::TDT, 1, "TDT", A::Special, 0, 0xffff},
    {E1000::TIDV, 1, "TIDV", A::RW, 0, 0xffff},
    {E1000::TXDCTL, 1, "TXDCTL", A::RW, 0, kAll},
    {E1000::TADV, 1, "TADV", A::RW, 0, 0xffff},
    {E1000::TSPMT, 1, "TSPMT", A::RW, 0, kAll},
    {E1000::CRCERRS, 64, "statistics", A::Stat, 0, 0},
    {E1000::GORCL, 1, "GORCL", A::StatLow, 0, 0},
    {E1000::GORCH, 1, "GORCH", A::StatHigh, 0, 0},
    {E1000::GOTCL, 1, "GOTCL", A::StatLow, 0, 0},
    {E1000::GOTCH, 1, "GOTCH", A::StatHigh, 0, 0},
    {E1000::TORL, 1, "TORL", A::StatLow, 0, 0},
    {E1000::TORH, 1, "TORH", A::StatHigh, 0, 0},
    {E1000::TOTL, 1, "TOTL", A::StatLow, 0, 0},
    {E1000::TOTH, 1, "TOTH", A::StatHigh, 0, 0},
    {E1000::RXCSUM, 1, "RXCSUM", A::RW, 0x300, 0x7ff},
    {E1000::MTA, 128, "MTA", A::RW, 0, kAll},
    {E1000::RA, 32, "RA", A::RW, 0, kAll},
    {E1000::VFTA, 128, "VFTA", A::RW, 0, kAll},
    {E1000::WUC, 1, "WUC", A::RW, 0, kAll},
    {E1000::WUFC, 1, "WUFC", A::RW, 0, kAll},
    {E1000::WUS, 1, "WUS", A::RW, 0, kAll},
    {E1000::MANC, 1, "MANC", A::RW, 0x00222300, kAll},
    {E1000::IPAV, 1, "IPAV", A::RW, 0, kAll},
    {E1000::IP4AT, 7, "IP4AT", A::RW, 0, kAll},
    {E1000::IP6AT, 4, "IP6AT", A::RW, 0, kAll},
    {E1000::WUPL, 1, "WUPL", A::RW, 0, 0xfff},
    {E1000::WUPM, 32, "WUPM", A::RW, 0, kAll},
};

// Register word -> row of kRegs + 1 (0: unknown).
const std::array<u8, E1000::kRegWords>& reg_index() {
    static const std::array<u8, E1000::kRegWords> index = [] {
        std::array<u8, E1000::kRegWords> t{};
        for (size_t i = 0; i < std::size(kRegs); i++) {
            for (u32 w = 0; w < kRegs[i].count; w++) t[kRegs[i].offset / 4 + w] = u8(i + 1);
        }
        return t;
    }();
    return index;
}

const RegDesc* find_reg(u32 offset) {
    if (offset / 4 >= E1000::kRegWords) return nullptr;
    u8 i = reg_index()[offset / 4];
    return i ? &kRegs[i - 1] : nullptr;
}

// QEMU's EEPROM image (datasheet tables 5-2/5-3); words 0-2 (MAC), 11 and 13 (device id)
// and 63 (checksum) are filled in by the constructor.
constexpr std::array<u16, 64> kEepromTemplate = {
    0x0000, 0x0000, 0x0000, 0x0000, 0xffff, 0x0000, 0x0000, 0x0000, 0x3000, 0x1000, 0x6403,
    0x0000, 0x8086, 0x0000, 0x8086, 0x3040, 0x0008, 0x2000, 0x7e14, 0x0048, 0x1000, 0x00d8,
    0x0000, 0x2700, 0x6cc9, 0x3150, 0x0722, 0x040b, 0x0984, 0x0000, 0xc000, 0x0706, 0x1008,
    0x0000, 0x0f04, 0x7fff, 0x4d01, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff,
    0xffff, 0xffff, 0xffff, 0xffff, 0x0100, 0x4000, 0x121c, 0xffff, 0xffff, 0xffff, 0xffff,
    0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0x0000,
};
constexpr u32 kEepromReadOpcode = 6;  // Microwire READ (110b)

// MII register bits used here.
constexpr u16 MII_CR_RESET = 0x8000, MII_CR_LOOPBACK = 0x4000, MII_CR_RESTART_AUTO_NEG = 0x0200;
constexpr u16 MII_SR_AUTONEG_COMPLETE = 0x0020, MII_LPAR_LPACK = 0x4000;

// Which PHY registers MDIC may read/write (QEMU's set for the M88E1011).
constexpr u8 PHY_R = 1, PHY_W = 2, PHY_RW = 3;
constexpr std::array<u8, 32> kPhyAccess = [] {
    std::array<u8, 32> a{};
    a[E1000::PHY_CTRL] = PHY_RW;
    a[E1000::PHY_STATUS] = PHY_R;
    a[E1000::PHY_ID1] = PHY_R;
    a[E1000::PHY_ID2] = PHY_R;
    a[E1000::PHY_AUTONEG_ADV] = PHY_RW;
    a[E1000::PHY_LP_ABILITY] = PHY_R;
    a[E1000::PHY_AUTONEG_EXP] = PHY_R;
    a[E1000::PHY_1000T_CTRL] = PHY_RW;
    a[E1000::PHY_1000T_STATUS] = PHY_R;
    a[E1000::M88E1000_PHY_SPEC_CTRL] = PHY_RW;
    a[E1000::M88E1000_PHY_SPEC_STATUS] = PHY_R;
    a[E1000::M88E1000_EXT_PHY_SPEC_CTRL] = PHY_RW;
    a[E1000::M88E1000_RX_ERR_CNTR] = PHY_R;
    return a;
}();

u32 get32le(const u8* p) { return u32(p[0]) | u32(p[1]) << 8 | u32(p[2]) << 16 | u32(p[3]) << 24; }
u64 get64le(const u8* p) { return u64(get32le(p)) | u64(get32le(p + 4)) << 32; }
void put16le(u8* p, u32 v) {
    p[0] = u8(v);
    p[1] = u8(v >> 8);
}
void put32le(u8* p, u32 v) {
    put16le(p, v);
    put16le(p + 2, v >> 16);
}

constexpr size_t kMinFrame = 60;        // without FCS, as QEMU pads
constexpr size_t kMaxVlanFrame = 1522;  // dropped above this unless LPE
constexpr size_t kMaxLpeFrame = 16384;  // dropped above this even with LPE
constexpr size_t kDescSize = 16;

// guest_error() kinds (each logged once).
enum : unsigned {
    kErrDma = 0,
    kErrRxRing,
    kErrTxRing,
    kErrRingLen,
    kErrTso,
    kErrIo,
};

}  // namespace

E1000::E1000(NetHub* hub, const std::array<u8, 6>& mac)
    : PciDevice(kVendor, kDevice, 0x020000, 0x03),
      hub_(hub),
      mac_addr_(mac),
      tx_(s_.tx, E1000Tx::Hooks{
                     [this](u64 addr, u8* dst, size_t len) {
                         if (!dma_in(addr, dst, len)) std::memset(dst, 0, len);
                     },
                     [this](const u8* frame, size_t len) { send_frame(frame, len); },
                     [this] { count(TSCTC); },
                     [this](const char* what) { guest_error(kErrTso, what); },
                 }) {
    set_default(SUBSYSTEM_VENDOR_ID, 0x1af4, 2);  // QEMU's default subsystem ids
    set_default(SUBSYSTEM_ID, 0x1100, 2);
    set_default(CACHE_LINE_SIZE, 0x10, 1);
    set_default(INTERRUPT_PIN, 1, 1);  // INTA#
    set_bar(0, kMmioSize, false);
    set_bar(1, kIoSize, true);
    // Expansion ROM BAR sized as QEMU's (256 KB boot ROM) so Linux assigns the same addresses
    // as under QEMU; no ROM image is decoded behind it.
    set_default(0x30, 0, 4);
    set_writable(0x30, ~(0x40000u - 1) | 1, 4);

    eeprom_ = kEepromTemplate;
    for (int i = 0; i < 3; i++) eeprom_[i] = u16(mac[2 * i] | mac[2 * i + 1] << 8);
    eeprom_[11] = eeprom_[13] = kDevice;
    u16 sum = 0;
    for (int i = 0; i < 63; i++) sum = u16(sum + eeprom_[i]);
    eeprom_[63] = u16(EEPROM_SUM - sum);

    if (hub_) hub_->attach(this);
    reset();
}

E1000::~E1000() {
    if (hub_) hub_->detach(this);
}

void E1000::reset() {
    PciDevice::reset();
    reset_mac();
}

// The MAC's power-on state (also what CTRL.RST gives). The state is rebuilt in place:
// it is large (the register file and a 64 KiB TX buffer) and must not go through the
// stack (the web build's stack is small); tx_ keeps referring to s_.tx.
void E1000::reset_mac() {
    s_.~State();
    new (&s_) State();
    for (const RegDesc& d : kRegs) {
        for (u32 w = 0; w < d.count; w++) s_.mac[d.offset / 4 + w] = d.reset;
    }
    // RAL0/RAH0 hold the EEPROM's MAC address, valid.
    r(RA) = u32(mac_addr_[0]) | u32(mac_addr_[1]) << 8 | u32(mac_addr_[2]) << 16 |
            u32(mac_addr_[3]) << 24;
    r(RA + 4) = u32(mac_addr_[4]) | u32(mac_addr_[5]) << 8 | RAH_AV;
    auto& p = s_.phy;
    p[PHY_CTRL] = 0x1140;    // 1000 Mb/s, full duplex, auto-negotiation enabled
    p[PHY_STATUS] = 0x796d;  // capabilities, link up, auto-negotiation complete
    p[PHY_ID1] = 0x0141;
    p[PHY_ID2] = 0x0c20;  // M88E1011 as on the 82540
    p[PHY_AUTONEG_ADV] = 0x0de1;
    p[PHY_LP_ABILITY] = 0x01e0 | MII_LPAR_LPACK;
    p[PHY_1000T_CTRL] = 0x0e00;
    p[PHY_1000T_STATUS] = 0x3c00;
    p[M88E1000_PHY_SPEC_CTRL] = 0x0360;
    p[M88E1000_PHY_SPEC_STATUS] = 0xac00;
    p[M88E1000_EXT_PHY_SPEC_CTRL] = 0x0d60;
    update_irq();
}

Device* E1000::bar_device(int n) {
    if (n == 0) return &mmio_;
    if (n == 1) return &io_;
    return nullptr;
}

void E1000::guest_error(unsigned kind, const char* what) {
    if (logged_ & (1u << kind)) return;
    logged_ |= 1u << kind;
    log_message(LogCategory::GuestError, "e1000: %s", what);
}

// ---- interrupts ---------------------------------------------------------------

void E1000::update_irq() { set_intx((r(ICR) & r(IMS)) != 0); }

void E1000::set_ics(u32 causes) {
    r(ICR) |= causes;
    update_irq();
}

// ---- register access ------------------------------------------------------------

u32 E1000::Regs::read(u32 offset, unsigned size) {
    u32 shift = 8 * (offset & 3);
    u32 v = io_ ? nic_.io_read(offset & ~3u) : nic_.mmio_read(offset & ~3u);
    v >>= shift;
    return size >= 4 ? v : v & ((1u << (8 * size)) - 1);
}

// The registers are 32 bits wide; a narrower write lands in its byte lanes with the
// other lanes zero (Linux only ever writes whole registers).
void E1000::Regs::write(u32 offset, u32 value, unsigned size) {
    if (size < 4) value = (value & ((1u << (8 * size)) - 1)) << (8 * (offset & 3));
    if (io_)
        nic_.io_write(offset & ~3u, value);
    else
        nic_.mmio_write(offset & ~3u, value);
}

u32 E1000::io_read(u32 offset) {
    if (offset == IOADDR) return s_.ioaddr;
    if (offset == IODATA) return mmio_read(s_.ioaddr & 0x1fffc);
    guest_error(kErrIo, "read of an undefined I/O BAR offset");
    return 0;
}

void E1000::io_write(u32 offset, u32 value) {
    if (offset == IOADDR) {
        s_.ioaddr = value & 0x1ffff;
    } else if (offset == IODATA) {
        mmio_write(s_.ioaddr & 0x1fffc, value);
    } else {
        guest_error(kErrIo, "write to an undefined I/O BAR offset");
    }
}

u32 E1000::mmio_read(u32 offset) {
    offset &= kMmioSize - 4;
    const RegDesc* d = find_reg(offset);
    if (!d) {
        bad_.bad_read(name(), offset);
        return 0;
    }
    u32& v = r(offset);
    switch (d->access) {
        case A::Special:
            switch (offset) {
                case ICR: {
                    // Reading ICR acknowledges every cause and drops INTA#.
                    u32 icr = v | ((v & r(IMS)) ? u32(ICR_INT_ASSERTED) : 0u);
                    v = 0;
                    update_irq();
                    return icr;
                }
                case ICS: return r(ICR);  // reads as ICR without clearing (as QEMU)
                case IMC: return 0;       // write-only
                case EECD: return read_eecd();
                case EERD: return read_eerd();
                default: return v;
            }
        case A::Stat: {
            u32 c = v;
            v = 0;
            return c;
        }
        case A::StatHigh: {
            u32 c = v;
            v = 0;
            r(offset - 4) = 0;
            return c;
        }
        default: return v;
    }
}

void E1000::mmio_write(u32 offset, u32 value) {
    offset &= kMmioSize - 4;
    const RegDesc* d = find_reg(offset);
    if (!d) {
        bad_.bad_write(name(), offset);
        return;
    }
    u32& v = r(offset);
    switch (d->access) {
        case A::RW: v = value & d->mask; return;
        case A::Special: break;
        default: return;  // read-only registers and counters ignore writes
    }
    switch (offset) {
        case CTRL:
            if (value & CTRL_RST) {
                reset_mac();  // self-clearing: the reset value has RST clear
            } else {
                v = value;
            }
            return;
        case EECD: write_eecd(value); return;
        case EERD: v = value; return;
        case MDIC: write_mdic(value); return;
        case ICR:
            v &= ~value;
            update_irq();
            return;  // write 1 to clear
        case ICS: set_ics(value); return;
        case IMS:
            v |= value;
            update_irq();
            return;
        case IMC:
            r(IMS) &= ~value;
            update_irq();
            return;
        case RDLEN:
        case TDLEN:
            // The ring length counts 128-byte units (8 descriptors); lower bits are ignored.
            if (value & 0x7f) guest_error(kErrRingLen, "ring length not a multiple of 128 bytes");
            v = value & d->mask;
            return;
        case TCTL:
            v = value;
            start_xmit();
            return;
        case TDT:
            v = value & d->mask;
            start_xmit();
            return;
        default: v = value & d->mask; return;
    }
}

// ---- EEPROM ---------------------------------------------------------------------

// Microwire: after CS rises, the driver clocks in a 3-bit opcode and a 6-bit address
// (MSB first, on SK's rising edge), then clocks the word out on DO, MSB first, one bit
// per falling edge; reading on past the word continues with the next one.
u32 E1000::read_eecd() const {
    const Eecd& e = s_.eecd;
    u32 v = EECD_PRES | EECD_GNT | e.old;
    u32 bit = e.bitnum_out;
    if (!e.reading || ((eeprom_[(bit >> 4) & 0x3f] >> ((bit & 0xf) ^ 0xf)) & 1)) v |= EECD_DO;
    return v;
}

void E1000::write_eecd(u32 value) {
    Eecd& e = s_.eecd;
    u32 old = e.old;
    e.old = value & (EECD_SK | EECD_CS | EECD_DI | EECD_FWE_MASK | EECD_REQ);
    if (!(value & EECD_CS)) return;  // not selected
    if ((value ^ old) & EECD_CS) {   // chip select rises: a new command
        e.val_in = 0;
        e.bitnum_in = 0;
        e.bitnum_out = 0;
        e.reading = false;
    }
    if (!((value ^ old) & EECD_SK)) return;  // no clock edge
    if (!(value & EECD_SK)) {                // falling edge: next output bit
        e.bitnum_out++;
        return;
    }
    e.val_in = (e.val_in << 1) | ((value & EECD_DI) ? 1 : 0);
    if (++e.bitnum_in == 9 && !e.reading) {
        e.bitnum_out = u16(((e.val_in & 0x3f) << 4) - 1);
        e.reading = ((e.val_in >> 6) & 7) == kEepromReadOpcode;
    }
}

u32 E1000::read_eerd() const {
    u32 v = r(EERD);
    if (!(v & EERD_START)) return v;
    u32 rest = v & ~u32(EERD_START);
    u32 index = rest >> 8;
    if (index > 63) return EERD_DONE | rest;
    return u32(eeprom_[index]) << 16 | EERD_DONE | rest;
}

// ---- PHY ------------------------------------------------------------------------

void E1000::write_phy_ctrl(u16 value) {
    // Bits 5:0 are reserved; RESET and RESTART_AUTO_NEG clear themselves. Negotiation
    // with the (virtual) link partner completes at once: the link stays up.
    s_.phy[PHY_CTRL] = value & ~(0x3f | MII_CR_RESET | MII_CR_RESTART_AUTO_NEG);
    if (value & MII_CR_RESTART_AUTO_NEG) {
        s_.phy[PHY_STATUS] |= MII_SR_AUTONEG_COMPLETE;
        s_.phy[PHY_LP_ABILITY] |= MII_LPAR_LPACK;
    }
}

void E1000::write_mdic(u32 value) {
    u32 data = value & 0xffff;
    u32 reg = (value >> 16) & 0x1f;
    u32 phy = (value >> 21) & 0x1f;
    if (phy != 1) {
        value = r(MDIC) | MDIC_ERROR;  // no PHY answers at that address
    } else if (value & MDIC_OP_READ) {
        if (!(kPhyAccess[reg] & PHY_R))
            value |= MDIC_ERROR;
        else
            value = (value & ~0xffffu) | s_.phy[reg];
    } else if (value & MDIC_OP_WRITE) {
        if (!(kPhyAccess[reg] & PHY_W))
            value |= MDIC_ERROR;
        else if (reg == PHY_CTRL)
            write_phy_ctrl(u16(data));
        else
            s_.phy[reg] = u16(data);
    }
    r(MDIC) = value | MDIC_READY;
    if (value & MDIC_INT_EN) set_ics(ICR_MDAC);
}

// ---- statistics -----------------------------------------------------------------

void E1000::count(u32 offset) {
    if (r(offset) != 0xffffffff) r(offset)++;  // counters stick at their maximum
}

void E1000::count64(u32 low, u64 amount) {
    u64 v = u64(r(low)) | u64(r(low + 4)) << 32;
    v = (v + amount < v) ? ~u64(0) : v + amount;
    r(low) = u32(v);
    r(low + 4) = u32(v >> 32);
}

// PRC64..PRC1522 / PTC64..PTC1522 by frame length including the FCS.
void E1000::count_size(u32 first, size_t len) {
    if (len > 1023)
        count(first + 20);
    else if (len > 511)
        count(first + 16);
    else if (len > 255)
        count(first + 12);
    else if (len > 127)
        count(first + 8);
    else if (len > 64)
        count(first + 4);
    else if (len == 64)
        count(first);
}

// ---- DMA ------------------------------------------------------------------------

bool E1000::dma_in(u64 addr, void* dst, size_t len) {
    if (len == 0) return true;
    if (addr + len <= (u64(1) << 32) && dma_read(u32(addr), dst, len)) return true;
    guest_error(kErrDma, "DMA read outside RAM (descriptor or buffer address)");
    return false;
}

bool E1000::dma_out(u64 addr, const void* src, size_t len) {
    if (len == 0) return true;
    if (addr + len <= (u64(1) << 32) && dma_write(u32(addr), src, len)) return true;
    guest_error(kErrDma, "DMA write outside RAM (descriptor or buffer address)");
    return false;
}

// ---- transmit -------------------------------------------------------------------

void E1000::send_frame(const u8* frame, size_t len) {
    tx_kick_frames_++;
    if (s_.phy[PHY_CTRL] & MII_CR_LOOPBACK) {
        receive(frame, len);
    } else if (hub_) {
        hub_->send(this, frame, len);
    }
    static const u8 kBroadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    if (len >= 6 && std::memcmp(frame, kBroadcast, 6) == 0)
        count(BPTC);
    else if (len >= 1 && (frame[0] & 1))
        count(MPTC);
    count_size(PTC64, len + 4);
    count(TPT);
    count64(TOTL, len + 4);
    count(GPTC);
    count64(GOTCL, len + 4);
}

// Walk the TX ring from TDH to TDT (QEMU does it at once when TDT or TCTL is written).
void E1000::start_xmit() {
    if (!(r(TCTL) & TCTL_EN) || tx_busy_) return;
    const u32 ring = r(TDLEN) / kDescSize;
    const u32 tdh_start = r(TDH);
    if (tdh_start == r(TDT)) {
        set_ics(ICR_TXQE);
        return;
    }
    if (tdh_start >= ring) {
        guest_error(kErrTxRing, "TDH outside the TX ring (TDLEN too small)");
        return;
    }
    tx_busy_ = true;
    tx_kick_frames_ = 0;
    u32 cause = ICR_TXQE;
    const u64 base = (u64(r(TDBAH)) << 32) | r(TDBAL);
    while (r(TDH) != r(TDT)) {
        u64 at = base + u64(r(TDH)) * kDescSize;
        u8 desc[kDescSize];
        if (!dma_in(at, desc, sizeof desc)) break;  // leave TDH on the bad descriptor
        tx_.descriptor(desc, r(CTRL) & CTRL_VME, u16(r(VET)));
        u32 lower = get32le(desc + 8);
        if (lower & (E1000Tx::TXD_CMD_RS | E1000Tx::TXD_CMD_RPS)) {
            u32 upper = (get32le(desc + 12) | E1000Tx::TXD_STAT_DD) &
                        ~u32(E1000Tx::TXD_STAT_EC | E1000Tx::TXD_STAT_LC | E1000Tx::TXD_STAT_TU);
            u8 out[4];
            put32le(out, upper);
            dma_out(at + 12, out, 4);
            cause |= ICR_TXDW;
        }
        if (++r(TDH) >= ring) r(TDH) = 0;
        // A TDT outside the ring is never reached: stop after one full lap.
        if (r(TDH) == tdh_start) break;
        if (tx_kick_frames_ >= kTxFramesPerKick) {
            cause &= ~ICR_TXQE;  // the queue is not empty yet
            break;
        }
    }
    tx_busy_ = false;
    set_ics(cause);
}

// ---- receive --------------------------------------------------------------------

u32 E1000::rx_buffer_size() const {
    u32 rctl = r(RCTL);
    u32 bsize = (rctl >> 16) & 3;
    if (rctl & RCTL_BSEX) {
        static const u32 kExt[4] = {2048, 16384, 8192, 4096};  // BSIZE 00 is reserved
        return kExt[bsize];
    }
    static const u32 kBase[4] = {2048, 1024, 512, 256};
    return kBase[bsize];
}

// Descriptors the driver has handed over (RDH up to, not including, RDT).
u32 E1000::rx_free_buffers() const {
    u32 rdh = r(RDH), rdt = r(RDT);
    if (rdh < rdt) return rdt - rdh;
    if (rdh > rdt) return rx_ring_count() + rdt - rdh;
    return 0;
}

bool E1000::rx_has_room(size_t total) const {
    if (r(RDH) >= rx_ring_count()) return false;
    if (total <= rx_buffer_size()) return r(RDH) != r(RDT);
    return total <= u64(rx_free_buffers()) * rx_buffer_size();
}

bool E1000::can_receive() const {
    return (r(STATUS) & STATUS_LU) && (r(RCTL) & RCTL_EN) && bus_master_enabled() && rx_has_room(1);
}

// QEMU's order: VLAN filter, unicast promiscuous, multicast promiscuous, broadcast,
// then the exact RA matches and the MTA hash (MO selects which 12 address bits).
bool E1000::receive_filter(const u8* frame) {
    u32 rctl = r(RCTL);
    bool bcast = std::all_of(frame, frame + 6, [](u8 b) { return b == 0xff; });
    bool mcast = frame[0] & 1;
    u16 type = u16(frame[12] << 8 | frame[13]);
    if (type == u16(r(VET)) && (rctl & RCTL_VFE)) {
        u16 vid = u16((frame[14] << 8 | frame[15]) & 0xfff);
        if (!(r(VFTA + 4 * (vid >> 5)) & (1u << (vid & 31)))) return false;
    }
    if (!bcast && !mcast && (rctl & RCTL_UPE)) return true;
    if (mcast && (rctl & RCTL_MPE)) {
        count(MPRC);
        return true;
    }
    if (bcast && (rctl & RCTL_BAM)) {
        count(BPRC);
        return true;
    }
    for (u32 i = 0; i < 16; i++) {
        u32 ral = r(RA + 8 * i), rah = r(RA + 8 * i + 4);
        if (!(rah & RAH_AV)) continue;
        const u8 addr[6] = {u8(ral),       u8(ral >> 8), u8(ral >> 16),
                            u8(ral >> 24), u8(rah),      u8(rah >> 8)};
        if (std::memcmp(frame, addr, 6) == 0) return true;
    }
    static const u32 kMoShift[4] = {4, 3, 2, 0};
    u32 f = ((u32(frame[5]) << 8 | frame[4]) >> kMoShift[(rctl >> 12) & 3]) & 0xfff;
    if (r(MTA + 4 * (f >> 5)) & (1u << (f & 31))) {
        count(MPRC);
        return true;
    }
    return false;
}

void E1000::receiver_overrun() {
    count(RNBC);
    count(MPC);
    set_ics(ICR_RXO);
}

void E1000::receive(const u8* frame, size_t len) {
    if (!(r(STATUS) & STATUS_LU) || !(r(RCTL) & RCTL_EN)) return;
    if (len < kMinFrame) {  // pad short frames with zeros, as QEMU
        rx_frame_.assign(frame, frame + len);
        rx_frame_.resize(kMinFrame, 0);
        frame = rx_frame_.data();
        len = kMinFrame;
    }
    u32 rctl = r(RCTL);
    if ((len > kMaxLpeFrame || (len > kMaxVlanFrame && !(rctl & RCTL_LPE))) && !(rctl & RCTL_SBP)) {
        count(ROC);
        return;
    }
    if (!receive_filter(frame)) return;

    u16 special = 0;
    u8 vlan_status = 0;
    if ((r(CTRL) & CTRL_VME) && u16(frame[12] << 8 | frame[13]) == u16(r(VET))) {
        // Strip the tag into the descriptor's SPECIAL field.
        special = u16(frame[14] << 8 | frame[15]);
        std::vector<u8> stripped(frame, frame + 12);
        stripped.insert(stripped.end(), frame + 16, frame + len);
        rx_frame_ = std::move(stripped);
        frame = rx_frame_.data();
        len = rx_frame_.size();
        vlan_status = RXD_STAT_VP;
    }

    const u32 ring = rx_ring_count();
    if (r(RDH) >= ring) {
        guest_error(kErrRxRing, "RDH outside the RX ring (RDLEN too small)");
        receiver_overrun();
        return;
    }
    const size_t total = len + ((rctl & RCTL_SECRC) ? 0 : 4);  // the FCS is counted, not written
    if (!rx_has_room(total)) {
        receiver_overrun();
        return;
    }
    const u32 bufsize = rx_buffer_size();
    const u64 base = (u64(r(RDBAH)) << 32) | r(RDBAL);
    const u32 rdh_start = r(RDH);
    size_t offset = 0;
    do {
        size_t chunk = std::min<size_t>(total - offset, bufsize);
        u64 at = base + u64(r(RDH)) * kDescSize;
        u8 desc[kDescSize];
        if (!dma_in(at, desc, sizeof desc)) std::memset(desc, 0, sizeof desc);
        u64 buffer = get64le(desc);
        u8 status = 0;
        if (buffer) {
            if (offset < len)
                dma_out(buffer, frame + offset, std::min<size_t>(len - offset, bufsize));
            offset += chunk;
            put16le(desc + 8, u32(chunk));
            if (offset >= total) status |= RXD_STAT_EOP | RXD_STAT_IXSM;
        }
        // A descriptor without a buffer is skipped (written back done, no data), as the
        // datasheet says and QEMU does.
        put16le(desc + 10, 0);  // packet checksum: not computed (IXSM)
        desc[12] = status | vlan_status | RXD_STAT_DD;
        desc[13] = 0;  // errors
        put16le(desc + 14, special);
        dma_out(at, desc, sizeof desc);
        if (++r(RDH) >= ring) r(RDH) = 0;
        if (r(RDH) == rdh_start) {  // ran all the way round: no room after all
            receiver_overrun();
            return;
        }
    } while (offset < total);

    count_size(PRC64, total);
    count(TPR);
    count(GPRC);
    count64(TORL, len + 4);
    count64(GORCL, len + 4);

    u32 causes = ICR_RXT0;
    u32 rdt = r(RDT);
    if (rdt < r(RDH)) rdt += ring;
    u32 min_shift = ((rctl >> 8) & 3) + 1;  // RDMTS: 1/2, 1/4, 1/8 of the ring
    if ((rdt - r(RDH)) * kDescSize <= (r(RDLEN) >> min_shift)) causes |= ICR_RXDMT0;
    set_ics(causes);
}

}  // namespace bw
