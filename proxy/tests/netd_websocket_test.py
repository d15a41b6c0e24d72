#!/usr/bin/env python3
"""The page's path: proxy/boardwalk-proxy starts netd and websockify; a
WebSocket client (as the browser is) writes QEMU's stream framing in arbitrary
chunks, one WebSocket message per chunk (a length cut in two, several frames in
one message), and a native TCP client on netd's port exchanges frames with it
both ways: every frame arrives once with its exact bytes.

usage: netd_websocket_test.py BOARDWALK-NETD"""
import base64
import os
import random
import re
import select
import shutil
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from netdlib import BROADCAST, Reader, encode, frame, mac  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "boot"))
from checks import check  # noqa: E402

PROXY = os.path.join(os.path.dirname(__file__), "..", "boardwalk-proxy")


class WebSocket:
    """A minimal RFC 6455 client: binary messages, masked as a browser masks them."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET / HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                           "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: binary\r\n\r\n" %
                           (host, port, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise AssertionError("websockify closed during the handshake: %r" % head)
            head += chunk
        head, self.buf = head.split(b"\r\n\r\n", 1)
        check(head.startswith(b"HTTP/1.1 101"), head)

    def send(self, data):
        mask = os.urandom(4)
        n = len(data)
        if n < 126:
            h = struct.pack("!BB", 0x82, 0x80 | n)
        elif n < 65536:
            h = struct.pack("!BBH", 0x82, 0x80 | 126, n)
        else:
            h = struct.pack("!BBQ", 0x82, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(h + mask + masked)

    def recv_messages(self):
        """Reads what is there; returns the payloads of complete messages."""
        chunk = self.sock.recv(65536)
        if not chunk:
            raise AssertionError("websockify closed the WebSocket")
        self.buf += chunk
        out = []
        while len(self.buf) >= 2:
            b0, b1 = self.buf[0], self.buf[1]
            n, pos = b1 & 0x7F, 2
            if n == 126:
                if len(self.buf) < 4:
                    break
                n, pos = struct.unpack("!H", self.buf[2:4])[0], 4
            elif n == 127:
                if len(self.buf) < 10:
                    break
                n, pos = struct.unpack("!Q", self.buf[2:10])[0], 10
            if len(self.buf) < pos + n:
                break
            payload, self.buf = self.buf[pos:pos + n], self.buf[pos + n:]
            if b0 & 0x0F in (1, 2, 0):
                out.append(payload)
        return out


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    netd_bin = sys.argv[1]
    if not shutil.which("websockify"):
        print("SKIP: websockify is not installed (Debian package websockify)")
        return 77
    ws_port = free_port()
    proxy = subprocess.Popen([sys.executable, PROXY, "--netd", netd_bin, "--ws",
                              "127.0.0.1:%d" % ws_port, "--listen", "127.0.0.1:0"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [proxy.stdout.readline(), proxy.stdout.readline()]
        m = re.search(r"netd on 127\.0\.0\.1:(\d+)", lines[0])
        check(m, lines)
        check(("net=ws://127.0.0.1:%d/" % ws_port) in lines[1], lines)
        netd_port = int(m.group(1))

        rng = random.Random(7)
        ws = WebSocket("127.0.0.1", ws_port)
        tcp = socket.create_connection(("127.0.0.1", netd_port))
        ws_mac, tcp_mac = mac(1), mac(2)
        # Learning: one broadcast each (WS first, so netd has both ports).
        time.sleep(0.3)
        ws.send(encode(frame(BROADCAST, ws_mac, b"hello", 60)))
        tcp.sendall(encode(frame(BROADCAST, tcp_mac, b"hello", 60)))

        to_tcp = [frame(tcp_mac, ws_mac, struct.pack(">I", k), rng.randint(60, 1514))
                  for k in range(300)]
        to_ws = [frame(ws_mac, tcp_mac, struct.pack(">I", k), rng.randint(60, 1514))
                 for k in range(300)]
        stream = b"".join(encode(f) for f in to_tcp)
        pos = 0
        while pos < len(stream):
            step = rng.choice([1, 2, 3, 5, 17, 100, 1000, 4000])
            ws.send(stream[pos:pos + step])
            pos += step
        tcp.sendall(b"".join(encode(f) for f in to_ws))

        got_tcp, got_ws = [], []
        rt, rw = Reader(), Reader()
        deadline = time.time() + 30
        while time.time() < deadline and (len(got_tcp) < 301 or len(got_ws) < 301):
            ready, _, _ = select.select([tcp, ws.sock], [], [], 0.2)
            if tcp in ready:
                got_tcp += rt.feed(tcp.recv(65536))
            if ws.sock in ready:
                for msg in ws.recv_messages():
                    got_ws += rw.feed(msg)
        expect_tcp = [frame(BROADCAST, ws_mac, b"hello", 60)] + to_tcp
        expect_ws = [frame(BROADCAST, tcp_mac, b"hello", 60)] + to_ws
        check(got_tcp == expect_tcp, "TCP side got %d frames, %d expected (or bytes differ)" % (
            len(got_tcp), len(expect_tcp)))
        check(got_ws == expect_ws, "WebSocket side got %d frames, %d expected" % (
            len(got_ws), len(expect_ws)))
        print("PASS: 300 frames each way through websockify, written in chunks of 1..4000 bytes")
        return 0
    finally:
        proxy.send_signal(2)
        try:
            proxy.wait(10)
        except subprocess.TimeoutExpired:
            proxy.kill()


if __name__ == "__main__":
    sys.exit(main())
