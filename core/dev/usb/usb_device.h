// A USB 1.1 function as a host controller sees it: packets addressed to an
// endpoint, the default control pipe with its SETUP/DATA/STATUS stages, the
// standard device requests, and the device's state (attached, default after a
// bus reset, addressed, configured). Modelled on QEMU 7.2's hw/usb/core.c (the
// control pipe state machine) and hw/usb/desc.c (the standard requests).
//
// Implemented: SETUP (8 bytes, wLength up to 4096 or the pipe stalls), IN and
// OUT data stages split over any number of packets, the status stage;
// GET_DESCRIPTOR (device, configuration, string with language list 0x0409,
// device qualifier), SET_ADDRESS (taking effect at the status stage),
// GET/SET_CONFIGURATION, GET_STATUS, CLEAR/SET_FEATURE(DEVICE_REMOTE_WAKEUP),
// GET/SET_INTERFACE for the one interface a device has. Anything a subclass
// does not take stalls. Every device has one configuration with one
// interface; descriptors are bytes the subclass supplies.
// Not implemented: isochronous endpoints, asynchronous completion (every
// packet completes or NAKs at once), other-speed configurations, BOS.
//
// A device sits on a port (a root hub port of a controller or a hub's
// downstream port); wakeup() asks that port for a remote wakeup.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "core/common/types.h"

namespace bw {

// Token packet identifiers (USB 1.1 table 8-1).
enum UsbPid : u8 { kPidOut = 0xe1, kPidIn = 0x69, kPidSetup = 0x2d };

enum class UsbStatus {
    Success,
    Nak,    // no data now; the host retries later
    Stall,  // the endpoint refuses the request
    NoDev,  // nobody answered (a timeout on the wire)
    Babble,
    IoError,
};

// One transaction: |size| bytes at |data| (OUT/SETUP: the bytes sent; IN: room
// for at most |size| bytes). The device sets |status| and, on success,
// |actual| (bytes received or sent).
struct UsbPacket {
    u8 pid = kPidIn;
    u8 endpoint = 0;
    u8* data = nullptr;
    size_t size = 0;
    size_t actual = 0;
    UsbStatus status = UsbStatus::Success;
};

class UsbDevice {
  public:
    enum class Speed { Low, Full };
    // Standard requests as bmRequestType << 8 | bRequest (QEMU's names).
    enum : u16 {
        DeviceRequest = 0x8000,
        DeviceOutRequest = 0x0000,
        InterfaceRequest = 0x8100,
        InterfaceOutRequest = 0x0100,
        EndpointOutRequest = 0x0200,
        ClassInterfaceRequest = 0xa100,
        ClassInterfaceOutRequest = 0x2100,
        REQ_GET_STATUS = 0x00,
        REQ_CLEAR_FEATURE = 0x01,
        REQ_SET_FEATURE = 0x03,
        REQ_SET_ADDRESS = 0x05,
        REQ_GET_DESCRIPTOR = 0x06,
        REQ_GET_CONFIGURATION = 0x08,
        REQ_SET_CONFIGURATION = 0x09,
        REQ_GET_INTERFACE = 0x0a,
        REQ_SET_INTERFACE = 0x0b,
    };
    enum : u8 {
        DT_DEVICE = 1,
        DT_CONFIG = 2,
        DT_STRING = 3,
        DT_INTERFACE = 4,
        DT_ENDPOINT = 5,
        DT_DEVICE_QUALIFIER = 6,
    };
    static constexpr size_t kControlBuffer = 4096;  // QEMU's USBDevice data_buf

    virtual ~UsbDevice() = default;
    virtual const char* name() const = 0;
    Speed speed() const { return Speed::Full; }

    // Port side ------------------------------------------------------------
    // The device is plugged in (state Attached: it answers nothing until a
    // bus reset).
    void attach();
    // A reset on the bus (port reset, controller global reset): address 0,
    // unconfigured, remote wakeup off, the function's own state reset.
    void bus_reset();
    // The device (or one behind it, for a hub) with |address|, if it answers.
    virtual UsbDevice* find(u8 address);
    void handle_packet(UsbPacket& p);
    // Set by the port: the device asks to wake a suspended bus.
    std::function<void()> on_wakeup;

    u16 address() const { return address_; }
    bool attached() const { return attached_; }
    u8 configuration() const { return configuration_; }
    bool remote_wakeup() const { return remote_wakeup_; }

  protected:
    // Descriptors: the 18-byte device descriptor, the whole configuration
    // (configuration, interface, class and endpoint descriptors), the device
    // qualifier (empty: none) and the strings by index.
    struct Descriptors {
        std::vector<u8> device;
        std::vector<u8> config;
        std::vector<u8> qualifier;
        std::vector<std::string> strings;  // [0] unused (the language list)
    };
    virtual const Descriptors& descriptors() const = 0;
    // A request the standard set does not handle: fill |data| (room for
    // |length| bytes, at most kControlBuffer) and set p.actual, or stall.
    virtual void handle_control(UsbPacket& p, u16 request, u16 value, u16 index, u16 length,
                                u8* data) {
        p.status = UsbStatus::Stall;
    }
    // A packet for an endpoint other than 0.
    virtual void handle_data(UsbPacket& p) { p.status = UsbStatus::Stall; }
    // The function's part of a bus reset.
    virtual void handle_reset() {}
    // Attached and reset since: the device answers on the bus.
    bool answering() const { return attached_ && default_state_; }
    // Ask for a remote wakeup (only if the host enabled it).
    void wakeup() {
        if (remote_wakeup_ && on_wakeup) on_wakeup();
    }

  private:
    enum class SetupState { Idle, Data, Ack };
    void token_setup(UsbPacket& p);
    void token_in(UsbPacket& p);
    void token_out(UsbPacket& p);
    void control(UsbPacket& p, u16 request, u16 value, u16 index, u16 length);
    bool standard_request(UsbPacket& p, u16 request, u16 value, u16 index, u16 length);
    size_t get_descriptor(u16 value, u8* out);

    bool attached_ = false;
    bool default_state_ = false;  // reset since attach: answers on the bus
    u16 address_ = 0;             // SET_ADDRESS stores all 16 bits, as QEMU
    u8 configuration_ = 0;
    u8 alt_setting_ = 0;
    bool remote_wakeup_ = false;
    SetupState setup_state_ = SetupState::Idle;
    std::array<u8, 8> setup_{};
    size_t setup_len_ = 0, setup_index_ = 0;
    std::array<u8, kControlBuffer> data_{};
};

// Little-endian 16-bit field helper for descriptor builders.
inline void usb_put16(std::vector<u8>& v, u16 x) {
    v.push_back(u8(x));
    v.push_back(u8(x >> 8));
}

}  // namespace bw
