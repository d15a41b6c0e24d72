"""A client for an emulator's HMP monitor on a Unix socket (QEMU's
-monitor unix:PATH,server,nowait, and boardwalk's): send a command line, wait for
the next "(qemu) " prompt, return what came before it. Only the standard library.
"""
import os
import socket
import time


class Hmp:
    def __init__(self, path, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.sock.settimeout(timeout)
        self.buffer = b""
        self._until_prompt()  # the banner

    def _until_prompt(self):
        while b"(qemu) " not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("monitor closed")
            self.buffer += chunk
        text, _, self.buffer = self.buffer.partition(b"(qemu) ")
        return text.decode("utf-8", "replace")

    def command(self, line):
        """Runs |line|; returns its output without the echoed line."""
        self.sock.sendall(line.encode() + b"\n")
        out = self._until_prompt().replace("\r", "")
        # QEMU's readline echoes the line (with editing escapes); drop it.
        lines = out.split("\n")
        return "\n".join(lines[1:]).strip()

    def close(self):
        self.sock.close()


def read_ppm(path):
    """(width, height, RGB bytes) of a binary PPM (P6, maxval 255)."""
    data = open(path, "rb").read()
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError("%s: not a P6/255 PPM" % path)
    w, h = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:]
    if len(pixels) != w * h * 3:
        raise ValueError("%s: %d pixel bytes for %dx%d" % (path, len(pixels), w, h))
    return w, h, pixels


def remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
