// The learning Ethernet switch inside boardwalk-netd (IEEE 802.1D's
// transparent bridge, without spanning tree: netd is the only switch).
//
// Every frame teaches the switch that its source MAC lives behind the port it
// came in on. A unicast frame to a learned MAC goes to that port only; a
// broadcast, multicast (group bit set) or unknown destination is flooded to
// every port. A frame never goes back to the port it came from (a destination
// learned behind the sender's own port is dropped). Entries age out after
// |aging_ns| without traffic from that MAC (802.1D's default is 300 s), and a
// removed port forgets its MACs at once. A group source address is never learned.
// The table holds at most |max_entries| MACs (a peer inventing source addresses
// must not grow it without bound): when it is full and no entry has aged out, a
// new MAC is not learned, and frames to it are flooded, as a switch whose
// address table is full does.
//
// Interface: ports are small integers chosen by the caller.
//   add_port(id) / remove_port(id)
//   forward(from, frame, len, now_ns, &out)  learn, then list destinations
#pragma once

#include <cstddef>
#include <unordered_map>
#include <vector>

#include "core/common/types.h"

namespace bw::netd {

class LearningSwitch {
  public:
    using PortId = u32;
    static constexpr u64 kDefaultAgingNs = 300'000'000'000ull;
    static constexpr size_t kDefaultMaxEntries = 4096;

    explicit LearningSwitch(u64 aging_ns = kDefaultAgingNs, size_t max_entries = kDefaultMaxEntries)
        : aging_ns_(aging_ns), max_entries_(max_entries) {}

    void add_port(PortId id);
    void remove_port(PortId id);

    // |frame| must be at least an Ethernet header (14 bytes); shorter ones go
    // nowhere. Appends the destination ports to |out| (cleared first).
    void forward(PortId from, const u8* frame, size_t len, u64 now_ns, std::vector<PortId>* out);

    // The port |mac| is learned behind at |now_ns|, or false.
    bool lookup(const u8* mac, u64 now_ns, PortId* port) const;
    size_t table_size() const { return table_.size(); }
    // Source MACs not learned because the table was full.
    u64 refused_learns() const { return refused_learns_; }
    const std::vector<PortId>& ports() const { return ports_; }

  private:
    struct Entry {
        PortId port;
        u64 last_seen_ns;
    };
    static u64 mac_key(const u8* mac);
    void expire(u64 now_ns);
    void learn(const u8* mac, PortId port, u64 now_ns);

    u64 aging_ns_;
    size_t max_entries_;
    u64 refused_learns_ = 0;
    std::vector<PortId> ports_;
    std::unordered_map<u64, Entry> table_;
    u64 last_expire_ns_ = 0;
};

}  // namespace bw::netd
