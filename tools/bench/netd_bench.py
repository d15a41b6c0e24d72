#!/usr/bin/env python3
"""Throughput through boardwalk-netd on loopback: two synthetic clients (one
sends unicast frames to the other, which reads them) for a few frame sizes;
prints frames/s and MB/s (payload bytes of the Ethernet frames, 1 MB = 10^6).
A window of 2 MB in flight keeps the receiver's queue in netd bounded.
Numbers to read, not pass/fail.

usage: netd_bench.py BUILD/boardwalk-netd [SECONDS_PER_SIZE]"""
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "proxy", "tests"))
from netdlib import BROADCAST, Netd, encode, frame, mac  # noqa: E402

WINDOW = 2 << 20


def run(netd, size, seconds):
    tx, rx = netd.connect(), netd.connect()
    for s, i in ((tx, 1), (rx, 2)):
        s.sendall(encode(frame(BROADCAST, mac(i), b"learn", 60)))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    time.sleep(0.2)
    # Drain the learning broadcasts.
    for s in (tx, rx):
        s.setblocking(False)
        try:
            s.recv(1 << 16)
        except BlockingIOError:
            pass
    one = encode(frame(mac(2), mac(1), b"bench", size))
    batch = one * max(1, 65536 // len(one))
    sent = received = 0
    start = time.perf_counter()
    end = start + seconds
    pending = b""
    while True:
        now = time.perf_counter()
        if now >= end:
            break
        want_write = sent - received < WINDOW
        r, w, _ = select.select([rx], [tx] if want_write else [], [], 0.1)
        if w:
            if not pending:
                pending = batch
            try:
                n = tx.send(pending)
                pending = pending[n:]
                sent += n
            except BlockingIOError:
                pass
        if r:
            try:
                while True:
                    data = rx.recv(1 << 20)
                    if not data:
                        raise RuntimeError("netd closed the receiver")
                    received += len(data)
            except BlockingIOError:
                pass
    elapsed = time.perf_counter() - start
    frames = received // len(one)
    # Whole frames only: a cut one would (rightly) get the sender dropped.
    tx.setblocking(True)
    tx.sendall(pending)
    # Close cleanly: a close with unread bytes would be a reset, and the reset
    # discards what netd has not read yet.
    tx.shutdown(socket.SHUT_WR)
    tx.settimeout(5)
    while tx.recv(1 << 16):
        pass
    tx.close()
    rx.close()
    return frames / elapsed, frames * size / elapsed / 1e6


def main():
    netd_bin = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
    netd = Netd(netd_bin, "--queue-limit", str(8 << 20))
    try:
        print("netd throughput, loopback, one sender -> one receiver:")
        for size in (60, 1514, 9014):
            fps, mbps = run(netd, size, seconds)
            print("  %5d-byte frames: %9.0f frames/s  %8.1f MB/s" % (size, fps, mbps))
        if "dropped" in netd.log_text():
            print("netd dropped a client:\n" + netd.log_text())
    finally:
        netd.stop()


if __name__ == "__main__":
    main()
