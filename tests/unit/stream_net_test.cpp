// StreamNet (-netdev socket/stream) against a real loopback peer: framing both
// ways, a peer that leaves and the next one accepted, a framing error, a refused
// connect. Native only (the web build has no host back ends).
#ifdef BW_HAVE_SLIRP

#include "tools/cli/stream_net.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "core/common/log.h"

namespace bw::cli {
namespace {

struct Nic : NetPort {
    std::vector<std::vector<u8>> frames;
    void receive(const u8* f, size_t n) override { frames.emplace_back(f, f + n); }
};

// One poll round of |net| (as the run loop does it).
void service(StreamNet& net, int timeout_ms = 50) {
    std::vector<pollfd> fds;
    net.fill_pollfds(fds);
    poll(fds.data(), nfds_t(fds.size()), timeout_ms);
    net.handle_poll(fds);
}

int connect_to(u16 port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    return fd;
}

std::vector<u8> test_frame(u8 seed) {
    std::vector<u8> f(60);
    for (size_t i = 0; i < f.size(); ++i) f[i] = u8(seed + i);
    return f;
}

class StreamNetTest : public ::testing::Test {
  protected:
    void SetUp() override {
        log_set_sink([this](LogCategory, const std::string& line) { log.push_back(line); });
    }
    void TearDown() override { log_set_sink(nullptr); }
    std::vector<std::string> log;
};

TEST_F(StreamNetTest, ListenCarriesFramesBothWaysAndAcceptsTheNextPeer) {
    NetHub hub;
    Nic nic;
    hub.attach(&nic);
    StreamSpec spec;
    spec.option = "-netdev socket,id=s,listen=127.0.0.1:0";
    spec.server = true;
    spec.host = "127.0.0.1";
    std::string err;
    StreamNet net(&hub, spec, &err);
    ASSERT_TRUE(net.ok()) << err;
    ASSERT_NE(net.local_port(), 0);

    int peer = connect_to(net.local_port());
    service(net);  // accept
    ASSERT_TRUE(net.connected());
    // Peer -> guest: two frames in one write, split across the length.
    std::vector<u8> bytes;
    std::vector<u8> f1 = test_frame(1), f2 = test_frame(2);
    stream_encode(f1.data(), f1.size(), &bytes);
    stream_encode(f2.data(), f2.size(), &bytes);
    ASSERT_EQ(write(peer, bytes.data(), 66), 66);
    service(net);
    ASSERT_EQ(write(peer, bytes.data() + 66, bytes.size() - 66), ssize_t(bytes.size() - 66));
    service(net);
    ASSERT_EQ(nic.frames.size(), 2u);
    EXPECT_EQ(nic.frames[0], f1);
    EXPECT_EQ(nic.frames[1], f2);
    // Guest -> peer: exact bytes with the 4-byte big-endian length.
    std::vector<u8> f3 = test_frame(3);
    hub.send(&nic, f3.data(), f3.size());
    u8 got[64];
    ASSERT_EQ(read(peer, got, sizeof got), 64);
    EXPECT_EQ(got[0], 0);
    EXPECT_EQ(got[3], 60);
    EXPECT_EQ(std::vector<u8>(got + 4, got + 64), f3);

    // The peer goes: logged once, and the next one is accepted.
    close(peer);
    service(net);
    EXPECT_FALSE(net.connected());
    ASSERT_EQ(log.size(), 1u);
    EXPECT_NE(log[0].find("disconnected"), std::string::npos) << log[0];
    service(net, 0);
    EXPECT_EQ(log.size(), 1u);
    hub.send(&nic, f3.data(), f3.size());  // nobody there: dropped
    EXPECT_EQ(net.dropped(), 1u);

    int second = connect_to(net.local_port());
    service(net);
    EXPECT_TRUE(net.connected());
    // Frames the framing cannot carry stay here (found by tests/fuzz/e1000_fuzz:
    // the e1000 sends runts and frames up to 64 KiB, which the peer would
    // take as a broken stream); the next good frame goes out alone.
    std::vector<u8> runt(13, 0x11), huge(9217, 0x22);
    hub.send(&nic, runt.data(), runt.size());
    hub.send(&nic, huge.data(), huge.size());
    EXPECT_EQ(net.dropped(), 3u);
    hub.send(&nic, f3.data(), f3.size());
    ASSERT_EQ(read(second, got, sizeof got), 64);
    EXPECT_EQ(got[3], 60);
    // A zero length breaks the framing: that peer is dropped, with the reason.
    const u8 zero[4] = {0, 0, 0, 0};
    ASSERT_EQ(write(second, zero, 4), 4);
    service(net);
    EXPECT_FALSE(net.connected());
    ASSERT_EQ(log.size(), 2u);
    EXPECT_NE(log[1].find("frame length 0"), std::string::npos) << log[1];
    close(second);
}

TEST_F(StreamNetTest, ConnectFailureIsOneLine) {
    // A port nobody listens on: bind one, note it, close it.
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    socklen_t sl = sizeof sa;
    getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &sl);
    u16 port = ntohs(sa.sin_port);
    close(fd);

    NetHub hub;
    StreamSpec spec;
    spec.option = "-netdev socket,id=s,connect=127.0.0.1:" + std::to_string(port);
    spec.host = "127.0.0.1";
    spec.port = port;
    std::string err;
    StreamNet net(&hub, spec, &err);
    EXPECT_FALSE(net.ok());
    EXPECT_EQ(err, spec.option + ": cannot connect to 127.0.0.1:" + std::to_string(port) +
                       ": Connection refused");
    EXPECT_EQ(hub.port_count(), 0u);
}

}  // namespace
}  // namespace bw::cli

#endif  // BW_HAVE_SLIRP
