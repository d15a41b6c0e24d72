"""Helpers for the boardwalk-netd tests: start the daemon, talk QEMU's stream
framing (4-byte big-endian length + frame) to it, build test frames."""
import os
import re
import socket
import struct
import subprocess
import tempfile
import time

ETHERTYPE = 0x88B5  # IEEE local experimental: nothing on the host reacts to it


def mac(i):
    return bytes([0x02, 0x00, 0x00, 0x00, (i >> 8) & 0xFF, i & 0xFF])


BROADCAST = b"\xff" * 6


def frame(dst, src, payload, length=None):
    body = dst + src + struct.pack(">H", ETHERTYPE) + payload
    if length is not None and len(body) < length:
        body += bytes((len(body) + k) & 0xFF for k in range(length - len(body)))
    return body


def encode(f):
    return struct.pack(">I", len(f)) + f


class Netd:
    """boardwalk-netd on a free loopback port; its log goes to a file."""

    def __init__(self, binary, *args):
        self.log = tempfile.NamedTemporaryFile("w+", prefix="netd-", suffix=".log", delete=False)
        self.proc = subprocess.Popen([binary, "--listen", "127.0.0.1:0", *args],
                                     stderr=self.log, stdout=subprocess.DEVNULL)
        deadline = time.time() + 10
        self.port = None
        while time.time() < deadline and self.port is None:
            m = re.search(r"listening on [\d.]+:(\d+)", self.log_text())
            if m:
                self.port = int(m.group(1))
            elif self.proc.poll() is not None:
                raise RuntimeError("netd exited: " + self.log_text())
            else:
                time.sleep(0.02)
        if self.port is None:
            raise RuntimeError("netd did not start: " + self.log_text())

    def log_text(self):
        with open(self.log.name) as f:
            return f.read()

    def wait_log(self, pattern, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = re.search(pattern, self.log_text())
            if m:
                return m
            time.sleep(0.02)
        raise AssertionError("no log line matching %r; log:\n%s" % (pattern, self.log_text()))

    def connect(self):
        s = socket.create_connection(("127.0.0.1", self.port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return s

    def stop(self):
        alive = self.proc.poll() is None
        if alive:
            self.proc.terminate()
            self.proc.wait(10)
        os.unlink(self.log.name)
        return alive


class Reader:
    """Incremental decoder of the stream framing on the test side."""

    def __init__(self):
        self.buf = b""

    def feed(self, data):
        self.buf += data
        out = []
        while len(self.buf) >= 4:
            (n,) = struct.unpack(">I", self.buf[:4])
            if len(self.buf) < 4 + n:
                break
            out.append(self.buf[4:4 + n])
            self.buf = self.buf[4 + n:]
        return out
