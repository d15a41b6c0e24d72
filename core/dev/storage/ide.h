// ATA (IDE) channel with up to two hard disks, PIO only, as seen through the
// legacy command and control blocks (QEMU 7.2 hw/ide/core.c for the register
// behaviour).
//
// Implemented: task file with LBA48 HOB registers (Device Control HOB bit
// selects the previous values), status/alternate status (reading Status acks
// INTRQ), Device Control nIEN and SRST (signature and diagnostic code after
// reset), 16- and 32-bit (and 8-bit) data port transfers.
// Commands: IDENTIFY DEVICE (0xEC), READ/WRITE SECTOR(S) (0x20/0x21, 0x30/0x31),
// READ/WRITE MULTIPLE (0xC4/0xC5), SET MULTIPLE MODE (0xC6), the EXT forms
// (0x24, 0x34, 0x29, 0x39), READ VERIFY (0x40/0x41/0x42), FLUSH CACHE (0xE7,
// 0xEA), SET FEATURES (0xEF, accepted), INITIALIZE DEVICE PARAMETERS (0x91),
// IDLE/STANDBY and their IMMEDIATE forms, CHECK POWER MODE, RECALIBRATE,
// SEEK, EXECUTE DEVICE DIAGNOSTIC, READ NATIVE MAX ADDRESS (EXT). Everything
// else aborts (ABRT), including ATAPI identify and DEVICE RESET.
// Commands complete instantly (BSY is never seen). Addressing in CHS mode
// uses the identify geometry. No DMA: the PIIX4 bus-master registers are not
// modelled, so Linux falls back to PIO.
//
// Interface:
//   command_block()  eight byte registers (0x1f0-0x1f7 on the primary channel):
//                    0 DATA (16/32-bit), 1 ERROR/FEATURES, 2 SECTOR COUNT, 3 LBA
//                    LOW, 4 LBA MID, 5 LBA HIGH, 6 DEVICE, 7 STATUS/COMMAND.
//   control_block()  offset 0: ALTERNATE STATUS / DEVICE CONTROL (0x3f6).
//   out   irq (INTRQ, IRQ14 for the primary channel).
//   disks attach(0 or 1, BlockDevice*): master/slave; null = absent.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"
#include "core/dev/storage/block_device.h"
#include "core/irq.h"

namespace bw {

class IdeChannel {
  public:
    static constexpr int kMaxMultiple = 16;
    // STATUS bits
    static constexpr u8 ERR = 0x01, DRQ = 0x08, DSC = 0x10, DF = 0x20, DRDY = 0x40, BSY = 0x80;
    // ERROR bits
    static constexpr u8 ABRT = 0x04, IDNF = 0x10, UNC = 0x40;
    // DEVICE CONTROL bits
    static constexpr u8 nIEN = 0x02, SRST = 0x04, HOB = 0x80;

    enum class Transfer : u8 { None, Read, Write, Identify };

    struct Drive {
        int mult_sectors = kMaxMultiple;  // SET MULTIPLE MODE value (0 = disabled)
        u16 heads = 16, sectors = 63;     // current CHS translation
    };
    struct State {
        // Task file: current and previous (HOB) values.
        u8 feature = 0, hob_feature = 0;
        u8 nsector = 0, hob_nsector = 0;
        u8 lbal = 0, hob_lbal = 0;
        u8 lbam = 0, hob_lbam = 0;
        u8 lbah = 0, hob_lbah = 0;
        u8 device = 0;
        u8 error = 0x01;
        u8 status = DRDY | DSC;
        u8 control = 0;
        bool irq_pending = false;
        std::array<Drive, 2> drive{};
        // PIO transfer in progress.
        Transfer xfer = Transfer::None;
        bool lba48 = false;
        u64 lba = 0;           // next sector to transfer
        u32 remaining = 0;     // sectors still to transfer after the buffer
        u32 block = 1;         // sectors per DRQ block
        u32 pos = 0, end = 0;  // bytes in |buf|
        std::array<u8, kMaxMultiple * 512> buf{};
    };

    class CommandBlock : public Device {
      public:
        explicit CommandBlock(IdeChannel& ch) : ch_(ch) {}
        const char* name() const override { return "ide-cmd"; }
        void reset() override { ch_.reset(); }
        u32 read(u32 offset, unsigned size) override { return ch_.cmd_read(offset, size); }
        void write(u32 offset, u32 value, unsigned size) override {
            ch_.cmd_write(offset, value, size);
        }

      private:
        IdeChannel& ch_;
    };
    class ControlBlock : public Device {
      public:
        explicit ControlBlock(IdeChannel& ch) : ch_(ch) {}
        const char* name() const override { return "ide-ctl"; }
        void reset() override {}
        u32 read(u32 offset, unsigned size) override { return ch_.ctl_read(offset); }
        void write(u32 offset, u32 value, unsigned size) override { ch_.ctl_write(offset, value); }

      private:
        IdeChannel& ch_;
    };

    IdeChannel();

    // |model| is the IDENTIFY model string (40 characters max).
    void attach(int unit, BlockDevice* disk, std::string model = "BOARDWALK HARDDISK");
    void reset();

    CommandBlock& command_block() { return cmd_; }
    ControlBlock& control_block() { return ctl_; }

    u32 cmd_read(u32 offset, unsigned size);
    void cmd_write(u32 offset, u32 value, unsigned size);
    u32 ctl_read(u32 offset);
    void ctl_write(u32 offset, u32 value);

    // The 256 IDENTIFY DEVICE words for |unit| (tests, debugging).
    std::array<u16, 256> identify(int unit) const;
    const State& state() const { return s_; }

    IrqLine irq;

  private:
    int unit() const { return (s_.device >> 4) & 1; }
    BlockDevice* disk() const { return disks_[unit()]; }
    void set_signature();
    void execute(u8 command);
    void abort_command();
    void raise_irq();
    void update_irq();
    u64 start_lba(bool lba48) const;
    u32 sector_count(bool lba48) const;
    void set_lba(u64 lba, bool lba48);
    void start_read(bool lba48, u32 block);
    void start_write(bool lba48, u32 block);
    void next_read_block();
    void data_done();  // buffer fully transferred
    u32 data_read(unsigned size);
    void data_write(u32 value, unsigned size);

    std::array<BlockDevice*, 2> disks_{};
    std::array<std::string, 2> models_{};
    CommandBlock cmd_{*this};
    ControlBlock ctl_{*this};
    State s_;
    OffsetLog bad_;
};

}  // namespace bw
