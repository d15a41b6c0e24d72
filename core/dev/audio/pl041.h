// ARM PrimeCell PL041 Advanced Audio CODEC Interface (AACI), DDI0173, with an LM4549 codec
// on its AC-link, as QEMU 7.2 models it (hw/audio/pl041.c) for Linux's snd-aaci.
//
// Implemented: the register file of four channels (0x00-0x10c) as QEMU keeps it: every
// write is stored (so even status registers read back what was written) and then acted on;
// channel 1 transmit only: TXCR1 (TXEN, slots, TSIZE 12/16/18/20 bits, compact mode for
// 12/16 bits), the TX FIFO (fifo_depth 20-bit entries, QEMU's nc_fifo_depth; a compact
// word is two entries and is dropped unless both fit, so snd-aaci's half-FIFO writes can
// lose a word now and then, as in QEMU), DR1 (0x90-0x9c) writes, SR1 (TXFE, TXHE,
// TXFF, TXUNDERRUN), ISR1 (TXCINTR, TXINTR, URINTR), IE1, ALLINTS, INTCLR (TXUEC1), the
// slot 1/2 codec access (SL1TX/SL2TX write or, with bit 19, read into SL1RX/SL2RX and
// SLFR's RXVALID bits), MAINCR (clearing AACIFE resets the interface), PrimeCell IDs
// (PeriphID3 encodes the FIFO depth). Once the FIFO holds half its depth and channel 1
// transmits on slot 3 or 4, its pairs go to the codec's buffer (as many as fit); the codec
// asks for more each time its DAC has played some frames (see lm4549.h), which is what
// paces the guest in virtual time.
// Not implemented (as QEMU): receive, channels 2-4, DMA, loopback, TXBUSY (never set),
// SLFR's TXEMPTY bits are never set again after the first slot write.
//
// Interface:
//   MMIO  one 4 KB region.
//   out   irq (AACIINTR: ISR1 & IE1).
//   audio through the LM4549 to the AudioOut given to the constructor.
#pragma once

#include <array>

#include "core/common/types.h"
#include "core/dev/audio/lm4549.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"
#include "core/irq.h"

namespace bw {

class Pl041 : public Device {
  public:
    static constexpr u32 kMaxFifoDepth = 2048;

    // Register offsets.
    enum : u32 {
        RXCR1 = 0x00,
        TXCR1 = 0x04,
        SR1 = 0x08,
        ISR1 = 0x0c,
        IE1 = 0x10,
        SL1RX = 0x50,
        SL1TX = 0x54,
        SL2RX = 0x58,
        SL2TX = 0x5c,
        SLFR = 0x68,
        SLISTAT = 0x6c,
        SLIEN = 0x70,
        INTCLR = 0x74,
        MAINCR = 0x78,
        RESET = 0x7c,
        SYNC = 0x80,
        ALLINTS = 0x84,
        MAINFR = 0x88,
        DR1 = 0x90,
        DR4_7 = 0x10c,
    };
    // TXCR bits.
    static constexpr u32 TXEN = 1u << 0, TXSLOT3 = 1u << 3, TXSLOT4 = 1u << 4, TXCOMPACT = 1u << 15,
                         TXFEN = 1u << 16;
    // SR bits.
    static constexpr u32 RXFE = 1u << 0, TXFE = 1u << 1, TXHE = 1u << 3, TXFF = 1u << 5,
                         TXBUSY = 1u << 7, TXUNDERRUN = 1u << 9;
    // ISR / IE bits.
    static constexpr u32 TXCINTR = 1u << 0, TXINTR = 1u << 2, URINTR = 1u << 5;
    // SLFR bits.
    static constexpr u32 SL1RXBUSY = 1u << 0, SL2RXBUSY = 1u << 2, SL1RXVALID = 1u << 6,
                         SL1TXEMPTY = 1u << 7, SL2RXVALID = 1u << 8, SL2TXEMPTY = 1u << 9,
                         SL12TXEMPTY = 1u << 11;
    // MAINCR and INTCLR bits.
    static constexpr u32 AACIFE = 1u << 0, TXUEC1 = 1u << 5;
    static constexpr u32 SLOT1_READ = 1u << 19;

    struct State {
        std::array<u32, DR4_7 / 4 + 1> regs{};
        std::array<u32, kMaxFifoDepth> tx_fifo{};  // 20-bit samples
        u32 tx_level = 0;
        bool tx_enabled = false, tx_compact = false;
        u32 tx_sample_bits = 16;
    };

    // |fifo_depth|: QEMU's nc_fifo_depth (versatilepb: 512); one of 8, 32, ..., 2048.
    Pl041(Scheduler& scheduler, AudioOut* audio, u32 fifo_depth = 8);

    const char* name() const override { return "pl041"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    const State& state() const { return s_; }
    Lm4549& codec() { return codec_; }

    IrqLine irq;

  private:
    u32& reg(u32 offset) { return s_.regs[offset / 4]; }
    void reset_interface();
    void write_txcr1();
    void slot_access();
    void fifo_write(u32 value);
    void transmit();
    void update_irq();

    const u32 fifo_depth_;
    Lm4549 codec_;
    State s_;
    OffsetLog bad_;
};

}  // namespace bw
