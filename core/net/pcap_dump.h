// Packet capture of a NetHub (QEMU's `-net dump,file=x.pcap[,len=N]`).
//
// A NetPort that records every frame it is offered as a classic libpcap file
// (magic 0xa1b2c3d4 written little-endian, version 2.4, LINKTYPE_ETHERNET),
// which tcpdump, tshark and Wireshark read. Timestamps are the machine's
// virtual time plus a start offset in UNIX seconds (QEMU adds the host time at
// start-up), so a deterministic run gives the same capture. Frames longer than
// the snapshot length are cut to it, with the original length recorded.
// The bytes go to a sink (a host file natively, memory in the page): the core
// does no file I/O. The global header is written by the constructor.
#pragma once

#include <functional>

#include "core/common/types.h"
#include "core/net/net_hub.h"
#include "core/sched/scheduler.h"

namespace bw {

class PcapDump : public NetPort {
  public:
    using Sink = std::function<void(const u8* data, size_t len)>;
    static constexpr u32 kDefaultSnaplen = 65536;  // QEMU's default len=
    static constexpr u32 kLinktypeEthernet = 1;

    PcapDump(const Scheduler& scheduler, Sink sink, u32 snaplen = kDefaultSnaplen,
             u64 start_unix_seconds = 0);

    void receive(const u8* frame, size_t len) override;

    u64 frames() const { return frames_; }

  private:
    const Scheduler& sched_;
    Sink sink_;
    u32 snaplen_;
    u64 start_;
    u64 frames_ = 0;
};

}  // namespace bw
