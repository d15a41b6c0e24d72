#!/usr/bin/env python3
"""Throughput through boardwalk-netd on loopback: two synthetic clients (one
sends unicast frames to the other, which reads them) for a few frame sizes;
prints frames/s and MB/s (bytes of the Ethernet frames, 1 MB = 10^6). Then the
page's path: the same towards a WebSocket client behind websockify
(proxy/boardwalk-proxy), if websockify is installed.
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


def run_ws(netd_bin, size, seconds):
    """TCP client -> netd -> websockify -> WebSocket client (as the page reads)."""
    import re
    import shutil
    import subprocess
    from netd_websocket_test import PROXY, WebSocket, free_port
    if not shutil.which("websockify"):
        return None
    ws_port = free_port()
    proxy = subprocess.Popen([sys.executable, PROXY, "--netd", netd_bin, "--ws",
                              "127.0.0.1:%d" % ws_port, "--listen", "127.0.0.1:0",
                              "--queue-limit", str(8 << 20)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        netd_port = int(re.search(r":(\d+),", proxy.stdout.readline()).group(1))
        proxy.stdout.readline()
        ws = WebSocket("127.0.0.1", ws_port)
        tx = socket.create_connection(("127.0.0.1", netd_port))
        time.sleep(0.2)
        ws.send(encode(frame(BROADCAST, mac(2), b"learn", 60)))
        tx.sendall(encode(frame(BROADCAST, mac(1), b"learn", 60)))
        time.sleep(0.2)
        one = encode(frame(mac(2), mac(1), b"bench", size))
        batch = one * max(1, 65536 // len(one))
        tx.setblocking(False)
        sent = received = 0
        pending = b""
        start = time.perf_counter()
        end = start + seconds
        while time.perf_counter() < end:
            want_write = sent - received < WINDOW
            r, w, _ = select.select([ws.sock], [tx] if want_write else [], [], 0.1)
            if w:
                pending = pending or batch
                try:
                    n = tx.send(pending)
                    pending = pending[n:]
                    sent += n
                except BlockingIOError:
                    pass
            if r:
                received += sum(len(m) for m in ws.recv_messages())
        elapsed = time.perf_counter() - start
        frames = received // len(one)
        return frames / elapsed, frames * size / elapsed / 1e6
    finally:
        proxy.send_signal(2)
        proxy.wait(10)


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
    r = run_ws(netd_bin, 1514, seconds)
    if r is None:
        print("(websockify not installed: no WebSocket numbers)")
    else:
        print("netd + websockify, loopback, TCP sender -> WebSocket receiver:")
        print("   1514-byte frames: %9.0f frames/s  %8.1f MB/s" % r)


if __name__ == "__main__":
    main()
