#include "core/dev/audio/pl041.h"

#include <algorithm>

#include "core/common/log.h"

namespace bw {

namespace {

constexpr u32 kTsizeShift = 13;
constexpr u32 kPeriphId3 = 0xfec;
const PrimeCellId kId{{0x41, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1}};

// A depth the PrimeCell ID can encode; anything else falls back to 8 (logged).
u32 valid_depth(u32 depth) {
    for (u32 d : {8u, 32u, 64u, 128u, 256u, 512u, 1024u, 2048u}) {
        if (d == depth) return d;
    }
    log_message(LogCategory::Error, "pl041: unsupported FIFO depth %u, using 8", depth);
    return 8;
}

}  // namespace

Pl041::Pl041(Scheduler& scheduler, AudioOut* audio, u32 fifo_depth)
    : fifo_depth_(valid_depth(fifo_depth)), codec_(scheduler, audio) {
    codec_.on_data_request = [this] {
        transmit();
        update_irq();
    };
    reset();
}

// ISR1 reads 0 until the first register write recomputes it, as in QEMU.
void Pl041::reset() {
    codec_.reset();
    reset_interface();
    irq.set(false);
}

// The interface's reset (also MAINCR.AACIFE cleared): registers, FIFO; the codec keeps
// its state.
void Pl041::reset_interface() {
    s_ = State{};
    reg(SLFR) = SL1TXEMPTY | SL2TXEMPTY | SL12TXEMPTY;
    reg(SR1) = TXFE | RXFE | TXHE;
}

u32 Pl041::read(u32 offset, unsigned) {
    if (PrimeCellId::contains(offset)) {
        if ((offset & ~3u) != kPeriphId3) return kId.read(offset);
        // One channel; bits 5:3 code the FIFO depth (8: 0, 32: 1, ... 2048: 7).
        u32 code = 0;
        for (u32 d = 32; d <= fifo_depth_; d <<= 1) code++;
        return 1 | code << 3;
    }
    if (offset > DR4_7 + 3) {
        bad_.bad_read(name(), offset);
        return 0;
    }
    if ((offset & ~3u) == ALLINTS) return reg(ISR1) & 0x7f;
    return reg(offset & ~3u);
}

void Pl041::write(u32 offset, u32 value, unsigned) {
    if (offset > DR4_7 + 3) {
        bad_.bad_write(name(), offset);
        return;
    }
    offset &= ~3u;
    // Every register keeps what was written, as QEMU's register file does.
    reg(offset) = value;
    switch (offset) {
        case TXCR1: write_txcr1(); break;
        case SL1TX: slot_access(); break;
        case SL2TX: reg(SLFR) &= ~SL2TXEMPTY; break;
        case INTCLR:
            if (value & TXUEC1) reg(SR1) &= ~TXUNDERRUN;
            break;
        case MAINCR:
            if (!(value & AACIFE)) reset_interface();
            break;
        case DR1:
        case DR1 + 4:
        case DR1 + 8:
        case DR1 + 12: fifo_write(value); break;
    }
    transmit();
    update_irq();
}

void Pl041::write_txcr1() {
    u32 v = reg(TXCR1);
    static constexpr u32 kBits[4] = {16, 18, 20, 12};
    s_.tx_enabled = v & TXEN;
    s_.tx_sample_bits = kBits[(v >> kTsizeShift) & 3];
    // Compact mode packs two 12- or 16-bit samples per word; with 18 or 20 bits it is off.
    s_.tx_compact = (v & TXCOMPACT) && (s_.tx_sample_bits == 12 || s_.tx_sample_bits == 16);
}

// Slot 1 carries the codec register address (bits 18:12) and the read bit, slot 2 the
// data (bits 19:4).
void Pl041::slot_access() {
    u32 sl1 = reg(SL1TX);
    reg(SLFR) &= ~SL1TXEMPTY;
    u32 addr = (sl1 >> 12) & 0x7f;
    if (!(sl1 & SLOT1_READ)) {
        codec_.write(addr, u16(reg(SL2TX) >> 4));
        return;
    }
    reg(SL1RX) = sl1 & ~SLOT1_READ;
    reg(SL2RX) = u32(codec_.read(addr)) << 4;
    reg(SLFR) &= ~(SL1RXBUSY | SL2RXBUSY);
    reg(SLFR) |= SL1RXVALID | SL2RXVALID;
}

// Samples are kept as 20 bits, the narrower sizes padded at the bottom.
void Pl041::fifo_write(u32 value) {
    u32 shift = 20 - s_.tx_sample_bits;
    if (!s_.tx_compact) {
        if (s_.tx_level < fifo_depth_) s_.tx_fifo[s_.tx_level++] = (value << shift) & 0xfffff;
    } else if (s_.tx_level + 2 < fifo_depth_) {
        s_.tx_fifo[s_.tx_level++] = (value & 0xffff) << shift;
        s_.tx_fifo[s_.tx_level++] = (value >> 16) << shift;
    }
    u32& sr = reg(SR1);
    if (s_.tx_level > 0) sr &= ~(TXUNDERRUN | TXFE);
    if (s_.tx_level >= fifo_depth_ / 2) sr &= ~TXHE;
    if (s_.tx_level >= fifo_depth_) sr |= TXFF;
}

// From half full on, channel 1 hands its pairs to the codec, as many as it takes.
void Pl041::transmit() {
    bool slots = reg(TXCR1) & (TXSLOT3 | TXSLOT4);
    if (!s_.tx_enabled || !slots || s_.tx_level < fifo_depth_ / 2) return;
    u32 pairs = 0;
    while (pairs < s_.tx_level / 2 &&
           codec_.write_samples(s_.tx_fifo[2 * pairs], s_.tx_fifo[2 * pairs + 1])) {
        pairs++;
    }
    if (!pairs) return;
    u32 sent = 2 * pairs;
    std::copy(s_.tx_fifo.begin() + sent, s_.tx_fifo.begin() + s_.tx_level, s_.tx_fifo.begin());
    s_.tx_level -= sent;
    u32& sr = reg(SR1);
    sr &= ~TXFF;
    if (s_.tx_level <= fifo_depth_ / 2) sr |= TXHE;
    if (s_.tx_level == 0) sr |= TXFE | TXUNDERRUN;
}

void Pl041::update_irq() {
    u32 sr = reg(SR1);
    u32& isr = reg(ISR1);
    isr = (isr & ~(URINTR | TXINTR | TXCINTR)) | ((sr & TXUNDERRUN) ? URINTR : 0) |
          ((sr & TXHE) ? TXINTR : 0) | ((!(sr & TXBUSY) && (sr & TXFE)) ? TXCINTR : 0);
    irq.set((isr & reg(IE1)) != 0);
}

}  // namespace bw
