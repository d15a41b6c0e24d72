#include "core/dev/usb/usb_hub.h"

namespace bw {

namespace {
// Hub class requests (USB 1.1 table 11-10), as bmRequestType << 8 | bRequest.
enum : u16 {
    ClearHubFeature = 0x2001,
    ClearPortFeature = 0x2301,
    GetHubDescriptor = 0xa006,
    GetHubStatus = 0xa000,
    GetPortStatus = 0xa300,
    SetHubFeature = 0x2003,
    SetPortFeature = 0x2303,
};
// Port feature selectors.
enum : u16 {
    PORT_ENABLE = 1,
    PORT_SUSPEND = 2,
    PORT_RESET = 4,
    PORT_POWER = 8,
    PORT_C_CONNECTION = 16,
    PORT_C_ENABLE = 17,
    PORT_C_SUSPEND = 18,
    PORT_C_OVERCURRENT = 19,
    PORT_C_RESET = 20,
};
constexpr u8 kDtHub = 0x29;
constexpr int kStatusBytes = (UsbHub::kPorts + 1 + 7) / 8;  // bit 0 is the hub itself
}  // namespace

UsbHub::UsbHub(const std::string& serial_path) {
    std::vector<u8>& d = desc_.device;
    d = {18, DT_DEVICE};
    usb_put16(d, 0x0110);
    d.insert(d.end(), {9, 0, 0, 8});  // hub class, bMaxPacketSize0 8
    usb_put16(d, 0x0409);
    usb_put16(d, 0x55aa);
    usb_put16(d, 0x0101);
    d.insert(d.end(), {1, 2, 3, 1});
    std::vector<u8>& c = desc_.config;
    c = {9, DT_CONFIG, 0, 0, 1, 1, 0, 0xe0, 0};  // self powered, remote wakeup
    c.insert(c.end(), {9, DT_INTERFACE, 0, 0, 1, 9, 0, 0, 0});
    c.insert(c.end(), {7, DT_ENDPOINT, 0x81, 3});
    usb_put16(c, 1 + (kPorts + 7) / 8);
    c.push_back(0xff);
    c[2] = u8(c.size());
    desc_.strings = {"", "QEMU", "QEMU USB Hub", "314159-" + serial_path};
    handle_reset();
}

void UsbHub::attach_downstream(int port, UsbDevice* device) {
    if (port < 0 || port >= kPorts || !device) return;
    ports_[port].device = device;
    device->on_wakeup = [this, port] { port_wakeup(port); };
    device->attach();
    port_update(ports_[port]);
    wakeup();
}

UsbDevice* UsbHub::find(u8 address) {
    if (!answering()) return nullptr;
    if (this->address() == address) return this;
    for (Port& p : ports_) {
        if (!p.device || !(p.status & PORT_STAT_ENABLE)) continue;
        if (UsbDevice* d = p.device->find(address)) return d;
    }
    return nullptr;
}

// A status bit among the low five also raises its change bit (QEMU's rule).
bool UsbHub::port_set(Port& port, u16 bits) {
    if (port.status & bits) return false;
    port.status |= bits;
    if (!(bits & 0x1f)) return false;
    port.change |= bits;
    return true;
}

bool UsbHub::port_clear(Port& port, u16 bits) {
    if (!(port.status & bits)) return false;
    port.status &= u16(~bits);
    if (!(bits & 0x1f)) return false;
    port.change |= bits;
    return true;
}

bool UsbHub::port_update(Port& port) {
    if (!port.device || !port.device->attached()) return false;
    bool notify = port_set(port, PORT_STAT_CONNECTION);
    port_clear(port, PORT_STAT_LOW_SPEED);  // every device here is full speed
    return notify;
}

void UsbHub::port_wakeup(int n) {
    if (port_clear(ports_[n], PORT_STAT_SUSPEND)) wakeup();
}

void UsbHub::handle_reset() {
    for (Port& p : ports_) {
        p.status = 0;
        p.change = 0;
        port_set(p, PORT_STAT_POWER);
        port_update(p);
    }
}

void UsbHub::handle_control(UsbPacket& p, u16 request, u16 value, u16 index, u16 length, u8* data) {
    const unsigned n = unsigned(index) - 1;  // port features: ports count from 1
    switch (request) {
        case EndpointOutRequest | REQ_CLEAR_FEATURE:
            // ENDPOINT_HALT of the status change endpoint (nothing halts here).
            if (value == 0 && index != 0x81) break;
            return;
        case GetHubStatus:
            data[0] = data[1] = data[2] = data[3] = 0;
            p.actual = 4;
            return;
        case GetPortStatus: {
            if (n >= kPorts) break;
            const Port& port = ports_[n];
            data[0] = u8(port.status);
            data[1] = u8(port.status >> 8);
            data[2] = u8(port.change);
            data[3] = u8(port.change >> 8);
            p.actual = 4;
            return;
        }
        case SetHubFeature:
        case ClearHubFeature:
            if (value != 0 && value != 1) break;
            return;
        case SetPortFeature: {
            if (n >= kPorts) break;
            Port& port = ports_[n];
            if (value == PORT_SUSPEND) {
                port.status |= PORT_STAT_SUSPEND;
                return;
            }
            if (value == PORT_RESET) {
                port_set(port, PORT_STAT_RESET);  // a completed reset: C_RESET
                port_clear(port, PORT_STAT_RESET);
                if (port.device && port.device->attached()) {
                    port.device->bus_reset();
                    port_set(port, PORT_STAT_ENABLE);
                }
                wakeup();
                return;
            }
            if (value == PORT_POWER) return;  // no power switching
            break;
        }
        case ClearPortFeature: {
            if (n >= kPorts) break;
            Port& port = ports_[n];
            switch (value) {
                case PORT_ENABLE: port.status &= u16(~PORT_STAT_ENABLE); return;
                case PORT_C_ENABLE: port.change &= u16(~PORT_STAT_ENABLE); return;
                case PORT_SUSPEND: port_clear(port, PORT_STAT_SUSPEND); return;
                case PORT_C_SUSPEND: port.change &= u16(~PORT_STAT_SUSPEND); return;
                case PORT_C_CONNECTION: port.change &= u16(~PORT_STAT_CONNECTION); return;
                case PORT_C_OVERCURRENT: port.change &= u16(~PORT_STAT_OVERCURRENT); return;
                case PORT_C_RESET: port.change &= u16(~PORT_STAT_RESET); return;
                case PORT_POWER: return;
                default: break;
            }
            break;
        }
        case GetHubDescriptor: {
            // bLength, type, bNbrPorts, wHubCharacteristics (per-port over-current,
            // no power switching), bPwrOn2PwrGood 2 ms, bHubContrCurrent, then
            // DeviceRemovable (all removable) and PortPwrCtrlMask bytes.
            const u8 fixed[] = {0, kDtHub, kPorts, 0x0a, 0x00, 0x01, 0x00};
            size_t len = 0;
            for (u8 b : fixed) data[len++] = b;
            for (int i = 0; i < kStatusBytes; i++) data[len++] = 0x00;
            for (int i = 0; i < (kPorts + 7) / 8; i++) data[len++] = 0xff;
            data[0] = u8(len);
            p.actual = len;
            return;
        }
        default: break;
    }
    p.status = UsbStatus::Stall;
}

void UsbHub::handle_data(UsbPacket& p) {
    if (p.pid != kPidIn || p.endpoint != 1) {
        p.status = UsbStatus::Stall;
        return;
    }
    size_t n = kStatusBytes;
    if (p.size == 1) {
        n = 1;  // QEMU answers a one-byte poll with the first byte (for FreeBSD)
    } else if (n > p.size) {
        p.status = UsbStatus::Babble;
        return;
    }
    u32 status = 0;
    for (int i = 0; i < kPorts; i++) {
        if (ports_[i].change) status |= 1u << (i + 1);
    }
    if (!status) {
        p.status = UsbStatus::Nak;
        return;
    }
    for (size_t i = 0; i < n; i++) p.data[i] = u8(status >> (8 * i));
    p.actual = n;
}

}  // namespace bw
