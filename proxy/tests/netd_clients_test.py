#!/usr/bin/env python3
"""boardwalk-netd with 50 concurrent clients (distinct MACs) exchanging unicast
and broadcast frames: every frame reaches exactly the right clients once, with
its exact bytes, never the sender; nothing else arrives.

usage: netd_clients_test.py BUILD/boardwalk-netd"""
import random
import select
import struct
import sys
import time

from netdlib import BROADCAST, Netd, Reader, encode, frame, mac

N = 50


def main():
    netd = Netd(sys.argv[1], "--verbose")
    rng = random.Random(1234)
    socks = [netd.connect() for _ in range(N)]
    readers = [Reader() for _ in range(N)]
    got = [[] for _ in range(N)]
    # A client is on the LAN once netd has accepted it.
    deadline = time.time() + 10
    while netd.log_text().count(" connected") < N and time.time() < deadline:
        time.sleep(0.02)

    def pump(expected_counts, settle=0.3, timeout=30):
        """Reads until every client has its expected count, then a little longer."""
        deadline = time.time() + timeout
        settle_until = None
        while True:
            now = time.time()
            done = all(len(got[i]) >= expected_counts[i] for i in range(N))
            if done and settle_until is None:
                settle_until = now + settle
            if settle_until is not None and now >= settle_until:
                return
            if now > deadline:
                return
            ready, _, _ = select.select(socks, [], [], 0.05)
            for s in ready:
                i = socks.index(s)
                data = s.recv(1 << 16)
                if not data:
                    raise AssertionError("netd closed client %d" % i)
                got[i].extend(readers[i].feed(data))

    expected = [[] for _ in range(N)]

    # Phase 1: one broadcast each; the switch learns every MAC from it.
    for i in range(N):
        f = frame(BROADCAST, mac(i), struct.pack(">HHI", i, 0xFFFF, 0), 60)
        socks[i].sendall(encode(f))
        for j in range(N):
            if j != i:
                expected[j].append(f)
    pump([len(e) for e in expected])

    # Phase 2: a unicast from every client to every other one (random sizes up
    # to a full frame, one a jumbo), and one more broadcast each, all in flight at once.
    for i in range(N):
        out = b""
        for j in range(N):
            if j == i:
                continue
            size = 9216 if (i, j) == (3, 7) else rng.randint(60, 1514)
            f = frame(mac(j), mac(i), struct.pack(">HHI", i, j, rng.getrandbits(32)), size)
            out += encode(f)
            expected[j].append(f)
        b = frame(BROADCAST, mac(i), struct.pack(">HHI", i, 0xFFFF, 1), 100)
        out += encode(b)
        for j in range(N):
            if j != i:
                expected[j].append(b)
        # Arbitrary write boundaries: frames cut across sends.
        pos = 0
        while pos < len(out):
            step = rng.randint(1, 3000)
            socks[i].sendall(out[pos:pos + step])
            pos += step
    pump([len(e) for e in expected])

    bad = 0
    for j in range(N):
        if sorted(got[j]) != sorted(expected[j]):
            missing = [f for f in expected[j] if f not in got[j]]
            extra = [f for f in got[j] if f not in expected[j]]
            print("client %d: %d frames, expected %d; %d missing, %d unexpected" %
                  (j, len(got[j]), len(expected[j]), len(missing), len(extra)))
            bad += 1
        own = [f for f in got[j] if f[6:12] == mac(j)]
        if own:
            print("client %d got %d of its own frames back" % (j, len(own)))
            bad += 1
    # Per-sender order is kept (one TCP stream per client).
    for j in range(N):
        for i in range(N):
            seq = [f for f in got[j] if f[6:12] == mac(i)]
            want = [f for f in expected[j] if f[6:12] == mac(i)]
            if seq != want and sorted(seq) == sorted(want):
                print("client %d: frames from %d out of order" % (j, i))
                bad += 1
    total = sum(len(g) for g in got)
    alive = netd.stop()
    if not alive:
        print("netd died")
        bad += 1
    if bad:
        print("FAIL")
        return 1
    print("PASS: %d clients, %d frames delivered exactly (unicast, broadcast, a jumbo)" % (N, total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
