// Conventional PCI configuration space (type 0 header) and a single PCI bus
// that routes configuration cycles by device and function number, decodes the
// functions' BARs, carries their bus-master (DMA) accesses and their INTx# pins.
//
// PciDevice keeps 256 bytes of config space with a per-byte write mask:
// vendor/device/class/revision read-only, COMMAND (I/O, memory, master,
// special cycles, parity, SERR) writable, STATUS write-1-to-clear ignored,
// BARs with size masks (a BAR of size 0 reads 0 and ignores writes),
// interrupt line writable, interrupt pin read-only. A function opens more
// bytes with set_writable() for its own registers. on_config_change() is
// called after every write so a function (or the board, for BAR changes) can
// react.
//
// A function with registers behind a BAR returns them from bar_device(n); the
// bus decodes I/O and memory cycles to it while COMMAND enables that space
// (offsets are relative to the BAR's base). dma_read()/dma_write() reach the
// host's memory only while COMMAND's bus-master bit is set, as on real PCI;
// set_intx() drives the function's interrupt pin, which the board routes.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <vector>

#include "core/common/types.h"
#include "core/dev/device.h"

namespace bw {

class Bus;
class PciBus;

class PciDevice {
  public:
    // Standard header offsets.
    enum : u32 {
        VENDOR_ID = 0x00,
        DEVICE_ID = 0x02,
        COMMAND = 0x04,
        STATUS = 0x06,
        REVISION_ID = 0x08,
        CLASS_PROG = 0x09,
        CACHE_LINE_SIZE = 0x0c,
        LATENCY_TIMER = 0x0d,
        HEADER_TYPE = 0x0e,
        BAR0 = 0x10,
        SUBSYSTEM_VENDOR_ID = 0x2c,
        SUBSYSTEM_ID = 0x2e,
        INTERRUPT_LINE = 0x3c,
        INTERRUPT_PIN = 0x3d,
    };
    static constexpr u16 COMMAND_IO = 1, COMMAND_MEMORY = 2, COMMAND_MASTER = 4,
                         COMMAND_SPECIAL = 8;

    // |class_code| is class << 16 | subclass << 8 | prog-if.
    PciDevice(u16 vendor, u16 device, u32 class_code, u8 revision, bool multifunction = false);
    virtual ~PciDevice() = default;

    virtual const char* name() const = 0;
    // Restore the power-on config space (the function's defaults).
    virtual void reset();
    virtual u32 config_read(u32 offset, unsigned size);
    virtual void config_write(u32 offset, u32 value, unsigned size);

    // BAR |n| (0-5) decodes |size| bytes (a power of two >= 4, 0 = unused).
    void set_bar(int n, u32 size, bool io, bool prefetchable = false);
    // Current base address of BAR |n| (flags stripped).
    u32 bar_address(int n) const;
    u32 bar_size(int n) const { return (n >= 0 && n < 6) ? bar_size_[n] : 0; }
    bool io_enabled() const { return config_[COMMAND] & COMMAND_IO; }
    bool memory_enabled() const { return config_[COMMAND] & COMMAND_MEMORY; }
    bool bus_master_enabled() const { return config_[COMMAND] & COMMAND_MASTER; }
    u8 interrupt_pin() const { return config_[INTERRUPT_PIN]; }

    // The registers decoded by BAR |n|, or null (the default: no BAR registers).
    virtual Device* bar_device(int n) { return nullptr; }

    u8 config_byte(u32 offset) const { return config_[offset & 0xff]; }

    // Called after every config write, with the offset and size written.
    std::function<void(u32 offset, unsigned size)> on_config_change;

  protected:
    // Bus-master access to host memory at PCI address |addr|. False (nothing
    // copied) while bus mastering is off, without a bus, or outside memory.
    bool dma_read(u32 addr, void* dst, size_t len) const;
    bool dma_write(u32 addr, const void* src, size_t len) const;
    // Level of this function's INTx# pin (the one INTERRUPT_PIN names).
    void set_intx(bool level);

    // Set a power-on value (also the value reset() restores).
    void set_default(u32 offset, u32 value, unsigned size);
    void set_writable(u32 offset, u32 mask, unsigned size);
    u32 get(u32 offset, unsigned size) const;

    std::array<u8, 256> config_{};
    std::array<u8, 256> defaults_{};
    std::array<u8, 256> wmask_{};
    std::array<u32, 6> bar_size_{};

  private:
    friend class PciBus;
    PciBus* bus_ = nullptr;
    u8 devfn_ = 0;
    bool intx_ = false;
};

class PciBus {
  public:
    // |devfn| = device << 3 | function.
    void attach(u8 devfn, PciDevice* device);
    PciDevice* device(u8 devfn) const { return devices_[devfn]; }
    void reset();

    // A type 0 configuration cycle on bus 0; absent functions read all ones.
    u32 config_read(u8 devfn, u8 offset, unsigned size);
    void config_write(u8 devfn, u8 offset, u32 value, unsigned size);

    // An I/O or memory cycle at PCI address |addr|: false if no enabled BAR
    // decodes it (the caller does what the host bridge does with a master abort).
    bool io_read(u32 addr, unsigned size, u32* value) {
        return access(io_bars_, addr, size, value);
    }
    bool io_write(u32 addr, u32 value, unsigned size) {
        return access(io_bars_, addr, size, &value, true);
    }
    bool mem_read(u32 addr, unsigned size, u32* value) {
        return access(mem_bars_, addr, size, value);
    }
    bool mem_write(u32 addr, u32 value, unsigned size) {
        return access(mem_bars_, addr, size, &value, true);
    }

    // Where bus-master cycles land: PCI address |a| is physical address |a| of
    // |memory| (RAM only), as the GT-64120's default decode on malta does.
    void set_dma_memory(Bus* memory) { dma_memory_ = memory; }
    // The board's interrupt routing: which interrupt line (e.g. a PIRQ) a
    // function's pin (0 = INTA#) reaches, and how to drive that line. A line
    // is the wired OR of every pin routed to it.
    std::function<int(u8 devfn, int pin)> irq_route;
    std::function<void(int line, bool level)> set_irq_line;

  private:
    friend class PciDevice;
    struct BarRange {
        u32 base, size;
        Device* device;
    };
    bool access(const std::vector<BarRange>& bars, u32 addr, unsigned size, u32* value,
                bool write = false);
    void rebuild_bars();
    int irq_line_of(const PciDevice& d) const;
    void update_irq_line(int line);

    std::array<PciDevice*, 256> devices_{};
    std::vector<BarRange> io_bars_, mem_bars_;
    Bus* dma_memory_ = nullptr;
};

}  // namespace bw
