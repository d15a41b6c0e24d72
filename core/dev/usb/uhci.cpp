#include "core/dev/usb/uhci.h"

#include <cstring>

#include "core/common/log.h"

namespace bw {

Uhci::Uhci(Scheduler& scheduler, u16 vendor, u16 device, u8 revision)
    : PciDevice(vendor, device, 0x0c0300, revision),  // serial bus, USB, UHCI
      scheduler_(scheduler),
      frame_timer_(scheduler, [this] { frame_timer(); }) {
    set_bar(4, kIoSize, true);
}

void Uhci::reset() {
    PciDevice::reset();
    reset_controller();
}

// QEMU's uhci_reset: the registers, the USB clock byte of config space, and a
// reset of every connected port (the device is re-plugged and bus-reset).
void Uhci::reset_controller() {
    config_[0x6a] = 0x01;  // USB clock
    config_[0x6b] = 0x00;
    frame_timer_.cancel();
    s_ = State{};
    dma_error_logged_ = false;
    for (int n = 0; n < kPorts; n++) {
        if (!ports_[n]) continue;
        s_.portsc[n] |= PORT_CCS | PORT_CSC;
        ports_[n]->attach();
        ports_[n]->bus_reset();
    }
    update_irq();
}

void Uhci::attach(int port, UsbDevice* device) {
    if (port < 0 || port >= kPorts || !device) return;
    ports_[port] = device;
    device->on_wakeup = [this, port] { port_wakeup(port); };
    device->attach();
    s_.portsc[port] |= PORT_CCS | PORT_CSC;
    s_.portsc[port] &= u16(~PORT_LSDA);  // full speed
    resume();
}

// ---- registers -----------------------------------------------------------------------------

u32 Uhci::read(u32 offset, unsigned size) {
    if (size == 4) return read16(offset) | u32(read16(offset + 2)) << 16;
    u32 v = read16(offset);
    return size == 1 ? v & 0xff : v;
}

void Uhci::write(u32 offset, u32 value, unsigned size) {
    if (size == 4) {
        write16(offset, u16(value));
        write16(offset + 2, u16(value >> 16));
        return;
    }
    write16(offset, u16(size == 1 ? value & 0xff : value));
}

u16 Uhci::read16(u32 offset) {
    switch (offset) {
        case USBCMD: return s_.cmd;
        case USBSTS: return s_.status;
        case USBINTR: return s_.intr;
        case FRNUM: return s_.frnum;
        case FRBASEADD: return u16(s_.fl_base);
        case FRBASEADD_HI: return u16(s_.fl_base >> 16);
        case SOFMOD: return s_.sof;
        default: break;
    }
    if (offset >= 0x10 && offset < 0x20) {
        unsigned n = (offset >> 1) & 7;
        if (n < kPorts) return s_.portsc[n];
    }
    return 0xff7f;  // what QEMU reads for a port that is not there (and any other offset)
}

void Uhci::write16(u32 offset, u16 value) {
    switch (offset) {
        case USBCMD:
            if ((value & CMD_RS) && !(s_.cmd & CMD_RS)) {
                s_.expire = scheduler_.now() + kFrameNs;
                frame_timer_.arm_at(s_.expire);
                s_.status &= u16(~STS_HCHALTED);
            } else if (!(value & CMD_RS)) {
                s_.status |= STS_HCHALTED;
            }
            if (value & CMD_GRESET) {
                for (UsbDevice* d : ports_) {
                    if (d) d->bus_reset();
                }
                reset_controller();
                return;
            }
            if (value & CMD_HCRESET) {
                reset_controller();
                return;
            }
            s_.cmd = value;
            if ((value & CMD_EGSM) && ((s_.portsc[0] | s_.portsc[1]) & PORT_RD)) resume();
            return;
        case USBSTS:
            s_.status &= u16(~value);
            // USBINT covers both IOC and short packets; the hidden causes go with it.
            if (value & STS_USBINT) s_.status2 = 0;
            update_irq();
            return;
        case USBINTR:
            s_.intr = value;
            update_irq();
            return;
        case FRNUM:
            if (s_.status & STS_HCHALTED) s_.frnum = value & 0x7ff;
            return;
        case FRBASEADD: s_.fl_base = (s_.fl_base & 0xffff0000) | (value & 0xf000); return;
        case FRBASEADD_HI: s_.fl_base = (s_.fl_base & 0xffff) | u32(value) << 16; return;
        case SOFMOD: s_.sof = u8(value); return;
        default: break;
    }
    if (offset >= 0x10 && offset < 0x20) {
        unsigned n = (offset >> 1) & 7;
        if (n < kPorts) write_portsc(int(n), value);
    }
}

void Uhci::write_portsc(int n, u16 value) {
    u16& ctrl = s_.portsc[n];
    UsbDevice* dev = ports_[n];
    if (dev && (value & PORT_PR) && !(ctrl & PORT_PR)) dev->bus_reset();
    ctrl &= PORT_READ_ONLY;
    // A port can only be enabled with a device connected.
    if (!(ctrl & PORT_CCS)) value &= u16(~PORT_PE);
    ctrl |= value & u16(~PORT_READ_ONLY);
    ctrl &= u16(~(value & PORT_WRITE_CLEAR));
}

void Uhci::update_irq() {
    bool level =
        ((s_.status2 & 1) && (s_.intr & INTR_IOC)) || ((s_.status2 & 2) && (s_.intr & INTR_SPD)) ||
        ((s_.status & STS_ERROR) && (s_.intr & INTR_TIMEOUT_CRC)) ||
        ((s_.status & STS_RD) && (s_.intr & INTR_RESUME)) || (s_.status & (STS_HSE | STS_HCPE));
    set_intx(level);
}

void Uhci::port_wakeup(int n) {
    u16& ctrl = s_.portsc[n];
    if ((ctrl & PORT_SUSP) && !(ctrl & PORT_RD)) {
        ctrl |= PORT_RD;
        resume();
    }
}

// Resume signalling while the bus is globally suspended.
void Uhci::resume() {
    if (!(s_.cmd & CMD_EGSM)) return;
    s_.cmd |= CMD_FGR;
    s_.status |= STS_RD;
    update_irq();
}

// ---- the schedule --------------------------------------------------------------------------

u32 Uhci::dma_read32(u32 addr) {
    u8 b[4];
    if (!dma_read(addr, b, 4)) {
        dma_error("schedule read", addr);
        return 0xffffffff;  // a terminating link; a TD with an invalid PID
    }
    return u32(b[0]) | u32(b[1]) << 8 | u32(b[2]) << 16 | u32(b[3]) << 24;
}

void Uhci::dma_write32(u32 addr, u32 value) {
    u8 b[4] = {u8(value), u8(value >> 8), u8(value >> 16), u8(value >> 24)};
    if (!dma_write(addr, b, 4)) dma_error("schedule write", addr);
}

// DMA outside RAM (or with bus mastering off): logged once until the next reset, as a
// broken schedule would repeat it every frame.
void Uhci::dma_error(const char* what, u32 addr) {
    if (dma_error_logged_) return;
    dma_error_logged_ = true;
    log_message(LogCategory::GuestError, "uhci: %s at 0x%08x failed", what, addr);
}

void Uhci::frame_timer() {
    if (!(s_.cmd & CMD_RS)) {
        s_.status |= STS_HCHALTED;  // stopped: the timer is not re-armed
        return;
    }
    const u64 now = scheduler_.now();
    const u64 last_run = s_.expire - kFrameNs;
    u64 frames = now > last_run ? (now - last_run) / kFrameNs : 0;
    if (frames > u64(kMaxFramesBehind)) {
        u64 skipped = frames - kMaxFramesBehind;
        s_.expire += skipped * kFrameNs;
        s_.frnum = u16((s_.frnum + skipped) & 0x7ff);
        frames = kMaxFramesBehind;
    }
    if (frames > u64(kMaxFramesPerTick)) frames = kMaxFramesPerTick;
    for (u64 i = 0; i < frames; i++) {
        run_frame();
        s_.expire += kFrameNs;
    }
    if (s_.pending_int) {
        s_.status2 |= u8(s_.pending_int);
        s_.status |= STS_USBINT;
        update_irq();
    }
    s_.pending_int = 0;
    frame_timer_.arm_at(now + kFrameNs);
}

void Uhci::run_frame() {
    s_.frame_bytes = 0;
    process_frame();
    // FRNUM names the frame being processed; the guest looks at FRNUM - 1.
    s_.frnum = (s_.frnum + 1) & 0x7ff;
}

void Uhci::process_frame() {
    u32 link = dma_read32(s_.fl_base + ((s_.frnum & 0x3ff) << 2));
    u32 int_mask = 0;
    u32 curr_qh = 0, td_count = 0;
    u32 qh_link = 0;
    // QHs seen since the last completed TD: a repeat with nothing done ends the frame.
    std::array<u32, kMaxQhs> seen;
    int nseen = 0;
    auto seen_before = [&](u32 qh) {
        for (int i = 0; i < nseen; i++) {
            if (seen[i] == qh) return true;
        }
        if (nseen >= kMaxQhs) return true;
        seen[nseen++] = qh;
        return false;
    };

    for (int cnt = kMaxLinksPerFrame; !(link & LINK_TERMINATE) && cnt; cnt--) {
        if (s_.frame_bytes >= kFrameBandwidth) break;  // a full-speed frame's worth
        if (link & LINK_QH) {
            if (seen_before(link)) {
                // Going round in circles is allowed (bandwidth reclamation) as long
                // as TDs complete on the way.
                if (td_count == 0) break;
                td_count = 0;
                nseen = 0;
                seen_before(link);
            }
            u32 qh = link & ~0xfu;
            qh_link = dma_read32(qh);
            u32 element = dma_read32(qh + 4);
            if (element & LINK_TERMINATE) {
                curr_qh = 0;
                link = qh_link;
            } else {
                curr_qh = link;
                link = element;
            }
            continue;
        }

        u32 addr = link & ~0xfu;
        Td td{dma_read32(addr), dma_read32(addr + 4), dma_read32(addr + 8), dma_read32(addr + 12)};
        u32 old_ctrl = td.ctrl;
        TdResult r = handle_td(td, link, &int_mask);
        if (td.ctrl != old_ctrl) dma_write32(addr + 4, td.ctrl);
        if (r == TdResult::StopFrame) break;
        if (r == TdResult::NextQh) {
            link = curr_qh ? qh_link : td.link;
            continue;
        }
        // Completed: the QH's element pointer moves on.
        link = td.link;
        td_count++;
        s_.frame_bytes += (td.ctrl & 0x7ff) + 1;
        if (curr_qh) {
            dma_write32((curr_qh & ~0xfu) + 4, link);
            if (!(link & LINK_DEPTH)) {
                curr_qh = 0;
                link = qh_link;
            }
        }
    }
    s_.pending_int |= int_mask;
}

UsbDevice* Uhci::find_device(u8 address) {
    for (int n = 0; n < kPorts; n++) {
        if (!ports_[n] || !(s_.portsc[n] & PORT_PE)) continue;
        if (UsbDevice* d = ports_[n]->find(address)) return d;
    }
    return nullptr;
}

Uhci::TdResult Uhci::td_error(Td& td, UsbStatus status, u32* int_mask) {
    TdResult r = TdResult::NextQh;
    switch (status) {
        case UsbStatus::Nak: td.ctrl |= TD_NAK; return TdResult::NextQh;
        case UsbStatus::Stall: td.ctrl |= TD_STALL; break;
        case UsbStatus::Babble:
            td.ctrl |= TD_BABBLE | TD_STALL;
            r = TdResult::StopFrame;
            break;
        default:  // no answer: a timeout, error count to zero
            td.ctrl |= TD_TIMEOUT;
            td.ctrl &= ~(3u << TD_CERR_SHIFT);
            break;
    }
    td.ctrl &= ~TD_ACTIVE;
    s_.status |= STS_ERROR;
    if (td.ctrl & TD_IOC) *int_mask |= 1;
    update_irq();
    return r;
}

Uhci::TdResult Uhci::handle_td(Td& td, u32 td_addr, u32* int_mask) {
    const u8 pid = u8(td.token);
    const u8 endpoint = (td.token >> 15) & 0xf;
    const u8 address = (td.token >> 8) & 0x7f;
    if (!(td.ctrl & TD_ACTIVE)) {
        // An inactive TD still raises its IOC (UHCI 1.1 section 3.2.2).
        if (td.ctrl & TD_IOC) *int_mask |= 1;
        return TdResult::NextQh;
    }
    if (!(pid == kPidOut || pid == kPidIn || (pid == kPidSetup && endpoint == 0))) {
        log_message(LogCategory::GuestError, "uhci: TD at 0x%08x has PID 0x%02x (endpoint %u)",
                    td_addr & ~0xfu, pid, endpoint);
        s_.status |= STS_HCPE;
        s_.cmd &= u16(~CMD_RS);
        update_irq();
        return TdResult::StopFrame;
    }
    UsbDevice* dev = find_device(address);
    if (!dev) return td_error(td, UsbStatus::NoDev, int_mask);

    const size_t max_len = ((td.token >> 21) + 1) & 0x7ff;  // 0x7ff encodes a null packet
    UsbPacket p;
    p.pid = pid;
    p.endpoint = endpoint;
    p.data = buf_.data();
    p.size = max_len;
    if (pid != kPidIn) {
        if (!dma_read(td.buffer, buf_.data(), max_len)) {
            dma_error("buffer read", td.buffer);
            std::memset(buf_.data(), 0, max_len);
        }
        dev->handle_packet(p);
        if (p.status == UsbStatus::Success) p.actual = max_len;
    } else {
        dev->handle_packet(p);
    }

    if (td.ctrl & TD_IOS) td.ctrl &= ~TD_ACTIVE;
    if (p.status != UsbStatus::Success) return td_error(td, p.status, int_mask);
    size_t len = std::min(p.actual, max_len);
    td.ctrl = (td.ctrl & ~0x7ffu) | (u32(len - 1) & 0x7ff);
    // A NAK from an earlier frame is cleared on success.
    td.ctrl &= ~(TD_ACTIVE | TD_NAK);
    if (td.ctrl & TD_IOC) *int_mask |= 1;
    if (pid == kPidIn) {
        if (len && !dma_write(td.buffer, buf_.data(), len))
            log_message(LogCategory::GuestError, "uhci: TD buffer 0x%08x not writable", td.buffer);
        if ((td.ctrl & TD_SPD) && len < max_len) {
            *int_mask |= 2;
            return TdResult::NextQh;  // a short packet leaves the QH where it is
        }
    }
    return TdResult::Complete;
}

}  // namespace bw
