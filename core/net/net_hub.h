// Ethernet frames between NIC models and network back ends.
//
// Everything that sends or receives frames is a NetPort attached to a NetHub
// (QEMU's hub / old "vlan"): a frame sent by one port is offered to every other
// port of the same hub. `-net nic -net user` puts both on hub 0; a
// `-netdev`/`-device` pair is a hub with exactly those two ports. Back ends
// (user-mode NAT, pcap dump, sockets, tap) and NIC models are all ports, so a
// NIC never knows what it is connected to.
//
// Frames are whole Ethernet frames without the FCS (as QEMU passes them).
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "core/common/types.h"

namespace bw {

class NetPort {
  public:
    virtual ~NetPort() = default;
    // False while the port cannot take a frame (e.g. a NIC's receive ring is
    // full); the sender may drop the frame, as QEMU's hub does for a full queue.
    virtual bool can_receive() const { return true; }
    // A frame arrives from another port of the hub.
    virtual void receive(const u8* frame, size_t len) = 0;
};

class NetHub {
  public:
    void attach(NetPort* port) { ports_.push_back(port); }
    void detach(NetPort* port) {
        ports_.erase(std::remove(ports_.begin(), ports_.end(), port), ports_.end());
    }
    // Offer |frame| from |from| to every other port that can take it.
    void send(const NetPort* from, const u8* frame, size_t len) {
        for (NetPort* p : ports_) {
            if (p != from && p->can_receive()) p->receive(frame, len);
        }
    }
    size_t port_count() const { return ports_.size(); }

  private:
    std::vector<NetPort*> ports_;
};

}  // namespace bw
