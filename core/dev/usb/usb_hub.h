// QEMU 7.2's usb-hub (hw/usb/dev-hub.c): a full-speed USB 1.1 hub with eight
// downstream ports, which QEMU plugs into the last free root port when a
// second device is added (so "-usbdevice keyboard -usbdevice tablet" puts the
// tablet at 1-2.1 behind a hub at 1-2).
//
// Descriptors as QEMU's: vendor 0409 product 55aa, bcdDevice 1.01, bcdUSB
// 1.10, class 9, strings "QEMU" / "QEMU USB Hub" / "314159-<path>"; one
// configuration (self powered, remote wakeup) with the hub interface and its
// status change endpoint 1 IN (2 bytes, bInterval 255). The hub descriptor:
// 8 ports, per-port over-current, no power switching, 2 ms power-on.
// Requests: GET_STATUS (hub: zeros; port: wPortStatus/wPortChange),
// SET/CLEAR_FEATURE on the hub (accepted) and on ports (SUSPEND, RESET: a bus
// reset of the device behind it, then ENABLE with its change bit as QEMU;
// ENABLE, the change bits; POWER is a no-op as QEMU's default port_power is
// off), GET_DESCRIPTOR(hub). The status change endpoint NAKs while no port
// has a change bit, babbles if the packet is too small (but answers one byte
// for a one-byte packet, QEMU's FreeBSD workaround).
// Packets reach the devices behind enabled ports by address (find()).
#pragma once

#include <array>

#include "core/dev/usb/usb_device.h"

namespace bw {

class UsbHub : public UsbDevice {
  public:
    static constexpr int kPorts = 8;
    enum : u16 {
        PORT_STAT_CONNECTION = 0x0001,
        PORT_STAT_ENABLE = 0x0002,
        PORT_STAT_SUSPEND = 0x0004,
        PORT_STAT_OVERCURRENT = 0x0008,
        PORT_STAT_RESET = 0x0010,
        PORT_STAT_POWER = 0x0100,
        PORT_STAT_LOW_SPEED = 0x0200,
    };

    // |serial_path|: where the hub is ("pci:0a.2-2" gives "314159-pci:0a.2-2").
    explicit UsbHub(const std::string& serial_path);
    const char* name() const override { return "usb-hub"; }
    // Plug |device| into downstream port |port| (0-7); it must outlive the hub.
    void attach_downstream(int port, UsbDevice* device);
    UsbDevice* find(u8 address) override;
    u16 port_status(int port) const { return ports_[port].status; }
    u16 port_change(int port) const { return ports_[port].change; }

  protected:
    const Descriptors& descriptors() const override { return desc_; }
    void handle_control(UsbPacket& p, u16 request, u16 value, u16 index, u16 length,
                        u8* data) override;
    void handle_data(UsbPacket& p) override;
    void handle_reset() override;

  private:
    struct Port {
        UsbDevice* device = nullptr;
        u16 status = 0, change = 0;
    };
    bool port_set(Port& port, u16 bits);
    bool port_clear(Port& port, u16 bits);
    bool port_update(Port& port);
    void port_wakeup(int n);

    Descriptors desc_;
    std::array<Port, kPorts> ports_{};
};

}  // namespace bw
