// Universal Host Controller Interface (UHCI 1.1, Intel design guide 297650)
// USB 1.1 host controller with a two-port root hub, as QEMU 7.2's
// hw/usb/hcd-uhci.c behaves. PCI function identity and config space come from
// the subclass (the PIIX4's function 2 on malta).
//
// Registers (I/O BAR4, 32 bytes, 16-bit registers; a 32-bit access is two
// 16-bit ones, an 8-bit access reaches the 16-bit register at that offset as
// in QEMU): USBCMD (RS, HCRESET, GRESET, EGSM, FGR, SWDBG, CF, MAXP stored),
// USBSTS (write-1-to-clear; HCHalted reflects RS), USBINTR, FRNUM (writable
// while halted), FRBASEADD (4 KB aligned), SOFMOD, PORTSC1/2 (CCS/CSC,
// PE/PEC, RD, LSDA, PR with a device bus reset on its rising edge, SUSP; bit 7
// reads 1), reads of the rest 0xff7f. Reset values as QEMU (USBSTS HCHalted,
// SOFMOD 64, PORTSC 0x0080 with a connected device reporting CCS|CSC).
// Schedule: while RS is set a virtual-time timer runs the 1 ms frames: the
// frame list entry at FRBASEADD + 4 * (FRNUM & 0x3ff), QHs (element link
// updated after each completed TD; breadth/depth first) and TDs (SETUP to
// endpoint 0, IN, OUT; ActLen, NAK, Stalled, CRC/Timeout when no device
// answers, SPD short packets, IOS, IOC). A frame stops after 256 links or
// 1280 bytes (QEMU's limits) and when a QH repeats with no TD done since its
// last visit (QH loop detection over 128 QHs), so a hostile schedule cannot
// hang the host; a timer tick runs at most 16 late frames and skips beyond
// 128. An invalid PID halts the controller with HCProcessError.
// Interrupt (INTx# through PciDevice): IOC (USBINT with USBINTR bit 2), short
// packet (bit 3), USB error (bit 0), resume detect (bit 1), and always the
// HC process error / host system error, as QEMU's uhci_update_irq.
// Remote wakeup: a device on a suspended port sets RD and, in global suspend
// (EGSM), FGR and USBSTS.RD.
// Not implemented: isochronous timing, low-speed devices, the legacy support
// (keyboard emulation) of LEGSUP, asynchronous device completion (every
// device here completes or NAKs at once, so QEMU's queue bookkeeping has no
// visible effect).
//
// Interface:
//   PCI   config space (PciDevice); BAR4 I/O (bar_device(4)).
//   out   INTx# through PciDevice::set_intx (the subclass sets INTERRUPT_PIN).
//   dma   frame list, QHs, TDs and buffers through PciDevice::dma_read/write.
//   usb   attach(port, device): a device on root port 0 or 1.
#pragma once

#include <array>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/pci/pci_device.h"
#include "core/dev/primecell.h"
#include "core/dev/usb/usb_device.h"
#include "core/sched/scheduler.h"

namespace bw {

class Uhci : public PciDevice {
  public:
    static constexpr int kPorts = 2;
    static constexpr u32 kIoSize = 0x20;
    static constexpr u64 kFrameNs = 1000000;       // 1 ms frames
    static constexpr int kMaxLinksPerFrame = 256;  // QEMU's FRAME_MAX_LOOPS
    static constexpr u32 kFrameBandwidth = 1280;   // bytes per frame (QEMU's default)
    static constexpr int kMaxQhs = 128;            // QEMU's UHCI_MAX_QUEUES
    static constexpr int kMaxFramesPerTick = 16;
    static constexpr int kMaxFramesBehind = 128;

    enum : u32 {
        USBCMD = 0x00,
        USBSTS = 0x02,
        USBINTR = 0x04,
        FRNUM = 0x06,
        FRBASEADD = 0x08,
        FRBASEADD_HI = 0x0a,
        SOFMOD = 0x0c,
        PORTSC1 = 0x10,
        PORTSC2 = 0x12,
    };
    enum : u16 {
        CMD_RS = 1 << 0,
        CMD_HCRESET = 1 << 1,
        CMD_GRESET = 1 << 2,
        CMD_EGSM = 1 << 3,
        CMD_FGR = 1 << 4,
        STS_USBINT = 1 << 0,
        STS_ERROR = 1 << 1,
        STS_RD = 1 << 2,
        STS_HSE = 1 << 3,
        STS_HCPE = 1 << 4,
        STS_HCHALTED = 1 << 5,
        INTR_TIMEOUT_CRC = 1 << 0,
        INTR_RESUME = 1 << 1,
        INTR_IOC = 1 << 2,
        INTR_SPD = 1 << 3,
        PORT_CCS = 1 << 0,
        PORT_CSC = 1 << 1,
        PORT_PE = 1 << 2,
        PORT_PEC = 1 << 3,
        PORT_RD = 1 << 6,
        PORT_RSVD1 = 1 << 7,  // reads 1
        PORT_LSDA = 1 << 8,
        PORT_PR = 1 << 9,
        PORT_SUSP = 1 << 12,
        PORT_READ_ONLY = 0x1bb,
        PORT_WRITE_CLEAR = PORT_CSC | PORT_PEC,
    };
    // Transfer descriptor control/status word.
    enum : u32 {
        TD_BITSTUFF = 1u << 17,
        TD_TIMEOUT = 1u << 18,
        TD_NAK = 1u << 19,
        TD_BABBLE = 1u << 20,
        TD_STALL = 1u << 22,
        TD_ACTIVE = 1u << 23,
        TD_IOC = 1u << 24,
        TD_IOS = 1u << 25,
        TD_LS = 1u << 26,
        TD_CERR_SHIFT = 27,
        TD_SPD = 1u << 29,
    };
    // Link pointers.
    enum : u32 { LINK_TERMINATE = 1, LINK_QH = 2, LINK_DEPTH = 4 };

    Uhci(Scheduler& scheduler, u16 vendor, u16 device, u8 revision);
    void reset() override;
    Device* bar_device(int n) override { return n == 4 ? &regs_ : nullptr; }

    // Plug |device| into root port |port| (0 or 1); the device must outlive
    // the controller.
    void attach(int port, UsbDevice* device);

    // Register access (also reachable through bar_device(4)).
    u32 read(u32 offset, unsigned size);
    void write(u32 offset, u32 value, unsigned size);

    // One frame now, as the frame timer would (tests).
    void run_frame();
    u16 frame_number() const { return s_.frnum; }

  private:
    class Regs : public Device {
      public:
        explicit Regs(Uhci& hc) : hc_(hc) {}
        const char* name() const override { return "uhci"; }
        void reset() override {}
        u32 read(u32 offset, unsigned size) override { return hc_.read(offset, size); }
        void write(u32 offset, u32 value, unsigned size) override {
            hc_.write(offset, value, size);
        }

      private:
        Uhci& hc_;
    };
    struct State {
        u16 cmd = 0;
        u16 status = STS_HCHALTED;
        u8 status2 = 0;  // QEMU's hidden IOC (1) / short packet (2) causes
        u16 intr = 0;
        u16 frnum = 0;
        u32 fl_base = 0;
        u8 sof = 64;
        std::array<u16, kPorts> portsc{PORT_RSVD1, PORT_RSVD1};
        u64 expire = 0;  // end of the frame being timed
        u32 pending_int = 0;
        u32 frame_bytes = 0;
    };
    struct Td {
        u32 link, ctrl, token, buffer;
    };
    enum class TdResult { StopFrame, Complete, NextQh };

    void reset_controller();
    u16 read16(u32 offset);
    void write16(u32 offset, u16 value);
    void write_portsc(int n, u16 value);
    void update_irq();
    void frame_timer();
    void process_frame();
    TdResult handle_td(Td& td, u32 td_addr, u32* int_mask);
    TdResult td_error(Td& td, UsbStatus status, u32* int_mask);
    UsbDevice* find_device(u8 address);
    void port_wakeup(int n);
    void resume();
    void dma_error(const char* what, u32 addr);
    u32 dma_read32(u32 addr);
    void dma_write32(u32 addr, u32 value);

    Scheduler& scheduler_;
    Timer frame_timer_;
    Regs regs_{*this};
    std::array<UsbDevice*, kPorts> ports_{};
    State s_;
    std::array<u8, 2048> buf_{};
    bool dma_error_logged_ = false;  // one TD's data (MaxLen is at most 2047 bytes)
};

}  // namespace bw
