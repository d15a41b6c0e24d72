// A TCP stream to another emulator or to boardwalk-netd as a network back end:
// QEMU's `-netdev socket,connect=|listen=`, `-net socket,...` and `-netdev
// stream,server=on|off,addr.type=inet,...`. Frames travel with QEMU's stream
// framing (core/net/stream_framing.h), so a real QEMU can be the peer.
//
// connect: the connection is made at start-up (blocking); failing is a one-line
// error naming the option. listen: one peer at a time is accepted; when it
// goes, the next one is accepted. A peer that disconnects (or breaks the
// framing) is logged once and closed. Frames from the guest while nobody is
// connected, or while more than kMaxQueue bytes wait to be sent, are dropped
// (counted), as a cable without link would drop them; so are frames the
// framing does not carry (under 14 or over 9216 bytes), which would make the
// peer close the stream.
// Not implemented: mcast=, udp=, fd=, addr.type=unix|fd, reconnect.
#pragma once

#include <string>

#include "core/net/net_hub.h"
#include "core/net/stream_framing.h"
#include "tools/cli/host_net.h"
#include "tools/cli/net_specs.h"

namespace bw::cli {

class StreamNet : public NetPort, public HostNet {
  public:
    static constexpr size_t kMaxQueue = 1 << 20;

    StreamNet(NetHub* hub, const StreamSpec& spec, std::string* error);
    ~StreamNet() override;
    StreamNet(const StreamNet&) = delete;
    StreamNet& operator=(const StreamNet&) = delete;

    bool ok() const { return ok_; }
    bool connected() const { return peer_ >= 0; }
    // The port actually listened on (listen with port 0 picks one).
    u16 local_port() const { return local_port_; }

    void receive(const u8* frame, size_t len) override;
    void fill_pollfds(std::vector<pollfd>& fds) override;
    void handle_poll(const std::vector<pollfd>& fds) override;

    u64 frames_in() const { return frames_in_; }    // hub -> peer
    u64 frames_out() const { return frames_out_; }  // peer -> hub
    u64 dropped() const { return dropped_; }

  private:
    void accept_peer();
    void read_peer();
    void flush();
    void drop_peer(const std::string& why);

    NetHub* hub_;
    std::string option_;
    bool ok_ = false;
    int listen_fd_ = -1;
    int peer_ = -1;
    std::string peer_name_;
    u16 local_port_ = 0;
    size_t listen_index_ = SIZE_MAX, peer_index_ = SIZE_MAX;
    StreamDecoder decoder_;
    std::vector<u8> out_;  // encoded frames not yet written
    size_t out_pos_ = 0;
    u64 frames_in_ = 0, frames_out_ = 0, dropped_ = 0;
};

}  // namespace bw::cli
