#include "core/dev/usb/usb_device.h"

#include <algorithm>
#include <cstring>

namespace bw {

namespace {
constexpr u8 kDirIn = 0x80;
constexpr u16 kFeatureRemoteWakeup = 1;
constexpr u8 kConfigSelfPowered = 0x40;  // configuration bmAttributes
}  // namespace

void UsbDevice::attach() {
    attached_ = true;
    default_state_ = false;
}

void UsbDevice::bus_reset() {
    if (!attached_) return;
    handle_reset();
    remote_wakeup_ = false;
    address_ = 0;
    configuration_ = 0;
    alt_setting_ = 0;
    setup_state_ = SetupState::Idle;
    default_state_ = true;
}

UsbDevice* UsbDevice::find(u8 address) {
    if (!answering()) return nullptr;
    return address_ == address ? this : nullptr;
}

void UsbDevice::handle_packet(UsbPacket& p) {
    p.status = UsbStatus::Success;
    p.actual = 0;
    if (p.endpoint != 0) {
        handle_data(p);
        return;
    }
    switch (p.pid) {
        case kPidSetup: token_setup(p); break;
        case kPidIn: token_in(p); break;
        case kPidOut: token_out(p); break;
        default: p.status = UsbStatus::Stall; break;
    }
}

// ---- the control pipe ------------------------------------------------------------------

void UsbDevice::token_setup(UsbPacket& p) {
    if (p.size != 8) {
        p.status = UsbStatus::Stall;
        return;
    }
    std::memcpy(setup_.data(), p.data, 8);
    setup_index_ = 0;
    size_t len = setup_[6] | setup_[7] << 8;
    if (len > kControlBuffer) {
        p.status = UsbStatus::Stall;
        return;
    }
    setup_len_ = len;
    u16 request = u16(setup_[0] << 8 | setup_[1]);
    u16 value = u16(setup_[3] << 8 | setup_[2]);
    u16 index = u16(setup_[5] << 8 | setup_[4]);
    if (setup_[0] & kDirIn) {
        // Device-to-host: the answer is produced now and read by the IN stages.
        control(p, request, value, index, u16(setup_len_));
        if (p.status != UsbStatus::Success) return;
        setup_len_ = std::min(setup_len_, p.actual);
        setup_state_ = SetupState::Data;
    } else {
        setup_state_ = setup_len_ == 0 ? SetupState::Ack : SetupState::Data;
    }
    p.actual = 8;
}

void UsbDevice::token_in(UsbPacket& p) {
    switch (setup_state_) {
        case SetupState::Ack:
            if (!(setup_[0] & kDirIn)) {
                // Host-to-device: the request runs at its status stage, with the data.
                u16 request = u16(setup_[0] << 8 | setup_[1]);
                u16 value = u16(setup_[3] << 8 | setup_[2]);
                u16 index = u16(setup_[5] << 8 | setup_[4]);
                control(p, request, value, index, u16(setup_len_));
                setup_state_ = SetupState::Idle;
                p.actual = 0;
            }
            break;
        case SetupState::Data:
            if (setup_[0] & kDirIn) {
                size_t len = std::min(setup_len_ - setup_index_, p.size);
                std::memcpy(p.data, data_.data() + setup_index_, len);
                p.actual = len;
                setup_index_ += len;
                if (setup_index_ >= setup_len_) setup_state_ = SetupState::Ack;
                return;
            }
            setup_state_ = SetupState::Idle;
            p.status = UsbStatus::Stall;
            break;
        default: p.status = UsbStatus::Stall; break;
    }
}

void UsbDevice::token_out(UsbPacket& p) {
    switch (setup_state_) {
        case SetupState::Ack:
            // The status stage of an IN request; extra OUT data after an OUT
            // request's data stage is ignored.
            if (setup_[0] & kDirIn) setup_state_ = SetupState::Idle;
            break;
        case SetupState::Data:
            if (!(setup_[0] & kDirIn)) {
                size_t len = std::min(setup_len_ - setup_index_, p.size);
                std::memcpy(data_.data() + setup_index_, p.data, len);
                setup_index_ += len;
                if (setup_index_ >= setup_len_) setup_state_ = SetupState::Ack;
                return;
            }
            setup_state_ = SetupState::Idle;
            p.status = UsbStatus::Stall;
            break;
        default: p.status = UsbStatus::Stall; break;
    }
}

void UsbDevice::control(UsbPacket& p, u16 request, u16 value, u16 index, u16 length) {
    p.actual = 0;
    if (standard_request(p, request, value, index, length)) return;
    handle_control(p, request, value, index, length, data_.data());
    p.actual = std::min<size_t>(p.actual, kControlBuffer);
}

// ---- standard requests -----------------------------------------------------------------

bool UsbDevice::standard_request(UsbPacket& p, u16 request, u16 value, u16 index, u16 length) {
    u8* data = data_.data();
    const Descriptors& d = descriptors();
    switch (request) {
        case DeviceOutRequest | REQ_SET_ADDRESS: address_ = value; return true;
        case DeviceRequest | REQ_GET_DESCRIPTOR: {
            size_t n = get_descriptor(value, data);  // writes at most kControlBuffer bytes
            if (n == size_t(-1)) return false;
            p.actual = std::min<size_t>(n, length);
            return true;
        }
        case DeviceRequest | REQ_GET_CONFIGURATION:
            data[0] = configuration_;
            p.actual = 1;
            return true;
        case DeviceOutRequest | REQ_SET_CONFIGURATION: {
            // One configuration, value 1 (bConfigurationValue). QEMU accepts any
            // other value without changing the configuration; so does this.
            u8 config_value = d.config.size() > 5 ? d.config[5] : 1;
            if (value == 0 || value == config_value) configuration_ = u8(value);
            alt_setting_ = 0;
            return true;
        }
        case DeviceRequest | REQ_GET_STATUS:
            data[0] = 0;
            if (d.config.size() > 7 && (d.config[7] & kConfigSelfPowered)) data[0] |= 1;
            if (remote_wakeup_) data[0] |= 2;
            data[1] = 0;
            p.actual = 2;
            return true;
        case DeviceOutRequest | REQ_CLEAR_FEATURE:
            if (value != kFeatureRemoteWakeup) return false;
            remote_wakeup_ = false;
            return true;
        case DeviceOutRequest | REQ_SET_FEATURE:
            if (value != kFeatureRemoteWakeup) return false;
            remote_wakeup_ = true;
            return true;
        case InterfaceRequest | REQ_GET_INTERFACE:
            if (configuration_ == 0 || index != 0) return false;
            data[0] = alt_setting_;
            p.actual = 1;
            return true;
        case InterfaceOutRequest | REQ_SET_INTERFACE:
            if (configuration_ == 0 || index != 0 || value != 0) return false;
            alt_setting_ = 0;
            return true;
        default: return false;
    }
}

// The descriptor |value| names (type << 8 | index) into |out| (at most
// kControlBuffer bytes): its full length, or -1 if there is none.
size_t UsbDevice::get_descriptor(u16 value, u8* out) {
    const Descriptors& d = descriptors();
    u8 type = value >> 8, index = value & 0xff;
    std::vector<u8> buf;
    switch (type) {
        case DT_DEVICE: buf = d.device; break;
        case DT_CONFIG:
            if (index != 0) return size_t(-1);
            buf = d.config;
            break;
        case DT_STRING:
            if (index == 0) {
                buf = {4, DT_STRING, 0x09, 0x04};  // US English only
                break;
            }
            if (index >= d.strings.size() || d.strings[index].empty()) return 0;
            // bLength is a byte: a string longer than 126 characters wraps it
            // (QEMU's strings are short); the bytes sent stop at bLength.
            {
                const std::string& s = d.strings[index];
                u8 blength = u8(s.size() * 2 + 2);
                buf = {blength, DT_STRING};
                for (size_t i = 0; buf.size() + 1 < blength; i++) {
                    buf.push_back(u8(s[i]));
                    buf.push_back(0);
                }
            }
            break;
        case DT_DEVICE_QUALIFIER:
            if (d.qualifier.empty()) return size_t(-1);
            buf = d.qualifier;
            break;
        default: return size_t(-1);
    }
    std::memcpy(out, buf.data(), std::min(buf.size(), kControlBuffer));
    return buf.size();
}

}  // namespace bw
