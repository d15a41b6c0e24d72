#include "core/dev/pci/pci_device.h"

#include "core/mem/bus.h"

namespace bw {

PciDevice::PciDevice(u16 vendor, u16 device, u32 class_code, u8 revision, bool multifunction) {
    set_default(VENDOR_ID, vendor, 2);
    set_default(DEVICE_ID, device, 2);
    set_default(REVISION_ID, revision, 1);
    set_default(CLASS_PROG, class_code, 3);
    set_default(HEADER_TYPE, multifunction ? 0x80 : 0x00, 1);
    set_writable(COMMAND, 0x0147, 2);  // I/O, memory, master, parity, SERR
    set_writable(CACHE_LINE_SIZE, 0xff, 1);
    set_writable(LATENCY_TIMER, 0xff, 1);
    set_writable(INTERRUPT_LINE, 0xff, 1);
    reset();
}

void PciDevice::reset() { config_ = defaults_; }

void PciDevice::set_default(u32 offset, u32 value, unsigned size) {
    for (unsigned i = 0; i < size && offset + i < 256; i++) {
        defaults_[offset + i] = u8(value >> (8 * i));
        config_[offset + i] = defaults_[offset + i];
    }
}

void PciDevice::set_writable(u32 offset, u32 mask, unsigned size) {
    for (unsigned i = 0; i < size && offset + i < 256; i++)
        wmask_[offset + i] = u8(mask >> (8 * i));
}

u32 PciDevice::get(u32 offset, unsigned size) const {
    u32 v = 0;
    for (unsigned i = 0; i < size && offset + i < 256; i++)
        v |= u32(config_[offset + i]) << (8 * i);
    return v;
}

void PciDevice::set_bar(int n, u32 size, bool io, bool prefetchable) {
    if (n < 0 || n > 5) return;
    u32 off = BAR0 + 4 * u32(n);
    bar_size_[n] = size;
    if (size == 0) {
        set_default(off, 0, 4);
        set_writable(off, 0, 4);
        return;
    }
    u32 flags = io ? 1u : (prefetchable ? 8u : 0u);
    set_default(off, flags, 4);
    set_writable(off, ~(size - 1) & (io ? ~3u : ~15u), 4);
}

u32 PciDevice::bar_address(int n) const {
    if (n < 0 || n > 5 || bar_size_[n] == 0) return 0;
    u32 v = get(BAR0 + 4 * u32(n), 4);
    return (v & 1) ? (v & ~3u) : (v & ~15u);
}

u32 PciDevice::config_read(u32 offset, unsigned size) { return get(offset & 0xff, size); }

void PciDevice::config_write(u32 offset, u32 value, unsigned size) {
    offset &= 0xff;
    for (unsigned i = 0; i < size && offset + i < 256; i++) {
        u8 m = wmask_[offset + i];
        config_[offset + i] = u8((config_[offset + i] & ~m) | (u8(value >> (8 * i)) & m));
    }
    if (on_config_change) on_config_change(offset, size);
}

bool PciDevice::dma_read(u32 addr, void* dst, size_t len) const {
    if (!bus_ || !bus_->dma_memory_ || !bus_master_enabled()) return false;
    return bus_->dma_memory_->copy_from(addr, dst, len);
}

bool PciDevice::dma_write(u32 addr, const void* src, size_t len) const {
    if (!bus_ || !bus_->dma_memory_ || !bus_master_enabled()) return false;
    return bus_->dma_memory_->dma_write(addr, src, len);
}

void PciDevice::set_intx(bool level) {
    if (level == intx_) return;
    intx_ = level;
    if (bus_) bus_->update_irq_line(bus_->irq_line_of(*this));
}

// ---- PciBus -------------------------------------------------------------------

void PciBus::attach(u8 devfn, PciDevice* device) {
    devices_[devfn] = device;
    device->bus_ = this;
    device->devfn_ = devfn;
    rebuild_bars();
}

void PciBus::reset() {
    for (auto* d : devices_) {
        if (!d) continue;
        d->reset();
        d->set_intx(false);
    }
    rebuild_bars();
}

int PciBus::irq_line_of(const PciDevice& d) const {
    int pin = d.interrupt_pin();
    if (pin < 1 || pin > 4 || !irq_route) return -1;
    return irq_route(d.devfn_, pin - 1);
}

void PciBus::update_irq_line(int line) {
    if (line < 0 || !set_irq_line) return;
    bool level = false;
    for (const PciDevice* d : devices_) {
        if (d && d->intx_ && irq_line_of(*d) == line) level = true;
    }
    set_irq_line(line, level);
}

// The enabled, assigned BARs of every function that has registers behind them.
// A BAR at address 0 counts as unassigned (firmware and Linux never put one there).
void PciBus::rebuild_bars() {
    io_bars_.clear();
    mem_bars_.clear();
    for (PciDevice* d : devices_) {
        if (!d) continue;
        for (int n = 0; n < 6; n++) {
            Device* regs = d->bar_device(n);
            u32 base = d->bar_address(n), size = d->bar_size(n);
            if (!regs || !size || !base) continue;
            bool io = d->config_byte(PciDevice::BAR0 + 4 * n) & 1;
            if (io ? d->io_enabled() : d->memory_enabled())
                (io ? io_bars_ : mem_bars_).push_back({base, size, regs});
        }
    }
}

bool PciBus::access(const std::vector<BarRange>& bars, u32 addr, unsigned size, u32* value,
                    bool write) {
    for (const BarRange& b : bars) {
        if (addr - b.base >= b.size) continue;
        if (write)
            b.device->write(addr - b.base, *value, size);
        else
            *value = b.device->read(addr - b.base, size);
        return true;
    }
    return false;
}

u32 PciBus::config_read(u8 devfn, u8 offset, unsigned size) {
    PciDevice* d = devices_[devfn];
    if (!d) return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
    return d->config_read(offset, size);
}

void PciBus::config_write(u8 devfn, u8 offset, u32 value, unsigned size) {
    PciDevice* d = devices_[devfn];
    if (!d) return;
    d->config_write(offset, value, size);
    // COMMAND and the BARs decide what the bus decodes.
    bool decode = offset < PciDevice::COMMAND + 2 && offset + size > PciDevice::COMMAND;
    decode |= offset < PciDevice::BAR0 + 24 && offset + size > PciDevice::BAR0;
    if (decode) rebuild_bars();
}

}  // namespace bw
