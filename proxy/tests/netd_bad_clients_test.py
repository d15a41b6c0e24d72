#!/usr/bin/env python3
"""boardwalk-netd under bad clients: a zero length prefix, a length below an
Ethernet header, a length over the 9216-byte maximum, half a frame followed by a
disconnect, and a client that never reads while two others flood it. Each is
dropped with its own log line naming its address and the reason, while a pair
of good clients keeps exchanging frames the whole time: every one of their
frames arrives, in order, with its exact bytes.

usage: netd_bad_clients_test.py BUILD/boardwalk-netd"""
import re
import socket
import struct
import sys
import threading
import time

from netdlib import BROADCAST, Netd, Reader, encode, frame, mac

QUEUE_LIMIT = 262144


class GoodClient:
    """Sends numbered unicast frames to |peer| and checks the ones from it."""

    def __init__(self, netd, me, peer):
        self.sock = netd.connect()
        self.me, self.peer = me, peer
        self.sent = 0
        self.received = 0
        self.errors = []
        self.stop = False

    def expected_from_peer(self, seq):
        return frame(mac(self.me), mac(self.peer), struct.pack(">II", self.peer, seq),
                     60 + (seq * 37) % 1400)

    def reader(self):
        r = Reader()
        while True:
            try:
                data = self.sock.recv(1 << 16)
            except OSError:
                return
            if not data:
                return
            for f in r.feed(data):
                if f[6:12] != mac(self.peer) or f[0:6] == BROADCAST:
                    continue  # the learning broadcasts
                want = self.expected_from_peer(self.received)
                if f != want and len(self.errors) < 5:
                    self.errors.append("client %d: frame %d from %d differs" %
                                       (self.me, self.received, self.peer))
                self.received += 1

    def writer(self):
        while not self.stop:
            f = frame(mac(self.peer), mac(self.me), struct.pack(">II", self.me, self.sent),
                      60 + (self.sent * 37) % 1400)
            self.sock.sendall(encode(f))
            self.sent += 1
            if self.sent % 20 == 0:
                time.sleep(0.002)


def main():
    netd = Netd(sys.argv[1], "--queue-limit", str(QUEUE_LIMIT))
    failures = []
    a, b = GoodClient(netd, 1, 2), GoodClient(netd, 2, 1)
    # Learn both MACs first.
    for c in (a, b):
        c.sock.sendall(encode(frame(BROADCAST, mac(c.me), b"learn", 60)))
    time.sleep(0.2)
    threads = [threading.Thread(target=c.reader) for c in (a, b)]
    threads += [threading.Thread(target=c.writer) for c in (a, b)]
    for t in threads:
        t.start()

    def bad(name, data, reason, close_after=False):
        s = netd.connect()
        port = s.getsockname()[1]
        s.sendall(data)
        if close_after:
            s.close()
        try:
            netd.wait_log(r"client 127\.0\.0\.1:%d dropped: %s" % (port, reason))
        except AssertionError as e:
            failures.append("%s: %s" % (name, str(e).splitlines()[0]))
            return
        if not close_after:
            # netd closed the connection.
            s.settimeout(5)
            try:
                while s.recv(4096):
                    pass
            except ConnectionResetError:
                pass
            except socket.timeout:
                failures.append(name + ": connection still open")
            s.close()
        print("ok: %s dropped with its log line" % name)
        time.sleep(0.2)

    bad("zero length", b"\0\0\0\0", r"frame length 0$")
    bad("length 13", struct.pack(">I", 13) + b"x" * 13,
        r"frame length 13 shorter than an Ethernet header \(14 bytes\)")
    bad("length 9217", struct.pack(">I", 9217) + b"x" * 100,
        r"frame length 9217 over the 9216-byte maximum")
    half = encode(frame(BROADCAST, mac(9), b"half", 1514))[:4 + 700]
    bad("half frame", half, r"stream ended inside a frame \(700 of 1514 bytes\)",
        close_after=True)
    bad("half length", b"\0\0", r"stream ended inside a frame length \(2 of 4 bytes\)",
        close_after=True)

    # A client that never reads, flooded by two others.
    lazy = netd.connect()
    lazy.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    lazy_port = lazy.getsockname()[1]
    lazy.sendall(encode(frame(BROADCAST, mac(30), b"learn", 60)))
    flooders = [netd.connect() for _ in range(2)]
    for k, f in enumerate(flooders):
        f.sendall(encode(frame(BROADCAST, mac(40 + k), b"learn", 60)))
    time.sleep(0.2)
    big = b"".join(encode(frame(mac(30), mac(40 + k), struct.pack(">I", n), 1514))
                   for k in range(2) for n in range(100))
    pattern = r"client 127\.0\.0\.1:%d dropped: output queue over %d bytes \(client not reading\)" % (
        lazy_port, QUEUE_LIMIT)
    deadline = time.time() + 20
    while time.time() < deadline and not re.search(pattern, netd.log_text()):
        for f in flooders:
            f.sendall(big[:len(big) // 2])
        time.sleep(0.005)
    try:
        netd.wait_log(pattern, timeout=1)
        print("ok: client that never reads dropped with its log line")
    except AssertionError as e:
        failures.append("never-reading client: " + str(e).splitlines()[0])

    # Let the good pair run a little longer, then stop and drain.
    time.sleep(0.5)
    for c in (a, b):
        c.stop = True
    for t in threads[2:]:
        t.join()
    deadline = time.time() + 10
    while time.time() < deadline and (a.received < b.sent or b.received < a.sent):
        time.sleep(0.05)
    for c in (a, b):
        c.sock.shutdown(socket.SHUT_RDWR)
    for t in threads[:2]:
        t.join()
    for c, other in ((a, b), (b, a)):
        failures += c.errors
        if c.received != other.sent:
            failures.append("client %d received %d of the %d frames client %d sent" %
                            (c.me, c.received, other.sent, other.me))
    drops = netd.log_text().count(" dropped: ")
    if drops != 6:
        failures.append("%d drop lines, expected 6:\n%s" % (drops, netd.log_text()))
    if not netd.stop():
        failures.append("netd died")
    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print("PASS: 6 bad clients dropped; good pair exchanged %d + %d frames, none lost" %
          (a.sent, b.sent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
