// boardwalk-netd's client path without sockets: what proxy/netd.cpp does
// with the bytes each TCP client sends (a StreamDecoder per client, the
// learning switch of proxy/learning_switch.cpp, re-encoding into the output
// queues of the destination clients, the queue bound, disconnects), with four
// clients whose streams the fuzzer interleaves in chunks, and time passing
// over the switch's aging period.
//
// Properties: a client only ever receives frames another client sent,
// never its own; every output queue decodes cleanly into whole frames; a
// client that breaks the framing is dropped and sends nothing more.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "core/net/stream_framing.h"
#include "proxy/learning_switch.h"
#include "tests/fuzz/fuzz_machine.h"

using namespace bw;
using netd::LearningSwitch;

namespace {

constexpr size_t kClients = 4;
constexpr size_t kQueueLimit = 64 * 1024;  // small, so the bound is reached
constexpr u64 kAgingNs = 1'000'000'000;

struct Client {
    LearningSwitch::PortId id = 0;
    StreamDecoder decoder;
    std::vector<u8> out;
    bool dead = false;
};

[[noreturn]] void fail(const char* why) {
    std::fprintf(stderr, "fuzz: %s\n", why);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    FuzzedDataProvider in(data, size);
    LearningSwitch sw(kAgingNs);
    Client clients[kClients];
    std::map<std::vector<u8>, std::set<LearningSwitch::PortId>> sent_by;
    LearningSwitch::PortId next_id = 1;
    for (Client& c : clients) {
        c.id = next_id++;
        sw.add_port(c.id);
    }
    u64 now = 0;
    std::vector<LearningSwitch::PortId> dest;
    while (in.remaining_bytes()) {
        size_t k = in.ConsumeIntegralInRange<size_t>(0, kClients - 1);
        Client& c = clients[k];
        switch (in.ConsumeIntegralInRange(0, 3)) {
            case 0:
            case 1: {  // bytes from client k
                std::vector<u8> chunk = in.ConsumeBytes<u8>(in.ConsumeIntegralInRange(0, 3000));
                if (c.dead) break;
                bool good = c.decoder.feed(chunk.data(), chunk.size(), [&](const u8* f, size_t n) {
                    sent_by[std::vector<u8>(f, f + n)].insert(c.id);
                    sw.forward(c.id, f, n, now, &dest);
                    for (LearningSwitch::PortId to : dest) {
                        if (to == c.id) fail("switch sent a frame back to its sender");
                        for (Client& d : clients) {
                            if (d.id != to || d.dead) continue;
                            if (d.out.size() + n + kStreamHeaderLen > kQueueLimit) {
                                d.dead = true;  // not reading: dropped
                                sw.remove_port(d.id);
                            } else {
                                stream_encode(f, n, &d.out);
                            }
                        }
                    }
                });
                if (!good) {
                    if (!c.decoder.failed()) fail("feed failed without an error");
                    c.dead = true;
                    sw.remove_port(c.id);
                }
                break;
            }
            case 2:  // client k reads everything queued for it, or disconnects
                if (in.ConsumeBool()) {
                    c.out.clear();
                } else if (!c.dead) {
                    c.decoder.finish();
                    c.dead = true;
                    sw.remove_port(c.id);
                }
                break;
            case 3:  // a reconnect under a new port id
                if (c.dead) {
                    c = Client{};
                    c.id = next_id++;
                    sw.add_port(c.id);
                }
                now += in.ConsumeIntegralInRange<u64>(0, 2 * kAgingNs);
                break;
        }
    }
    for (size_t k = 0; k < kClients; ++k) {
        StreamDecoder d;
        bool good =
            d.feed(clients[k].out.data(), clients[k].out.size(), [&](const u8* f, size_t n) {
                auto it = sent_by.find(std::vector<u8>(f, f + n));
                bool from_other = false;
                if (it != sent_by.end()) {
                    for (LearningSwitch::PortId id : it->second) from_other |= id != clients[k].id;
                }
                if (!from_other) fail("a client received a frame no other client sent");
            });
        if (!good || !d.finish()) fail("an output queue does not decode");
    }
    return 0;
}
