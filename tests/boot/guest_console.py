"""Drive an emulator's serial console over a pipe: wait for text, send commands.

Used by the boot tests and the boot benchmark. Only the standard library.
"""
import os
import re
import select
import subprocess
import time


class ConsoleTimeout(Exception):
    pass


class GuestConsole:
    def __init__(self, argv, log_path=None):
        self.argv = argv
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, bufsize=0)
        self.buffer = b""
        self.start = time.monotonic()
        self.log = open(log_path, "wb") if log_path else None

    def _read_some(self, timeout):
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return
        chunk = os.read(self.proc.stdout.fileno(), 65536)
        if not chunk:
            raise ConsoleTimeout("emulator exited (status %s)" % self.proc.poll())
        self.buffer += chunk
        if self.log:
            self.log.write(chunk)
            self.log.flush()

    def expect(self, pattern, timeout):
        """Wait until |pattern| (bytes regex) appears after the read position;
        return the match and consume the buffer up to its end."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = regex.search(self.buffer)
            if m:
                self.buffer = self.buffer[m.end():]
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                tail = self.buffer[-400:].decode("utf-8", "replace")
                raise ConsoleTimeout("no %r within %ss; last output:\n%s" % (pattern, timeout, tail))
            self._read_some(min(left, 0.5))

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def run(self, command, prompt=rb"[#$] ", timeout=60):
        """Type a shell command and return its output (without echo and prompt)."""
        marker = "BW%d" % int(time.monotonic() * 1000)
        # The marker is split so the echoed command line never matches it.
        self.send("%s; echo '%s''END'\n" % (command, marker))
        m = self.expect(re.escape(marker.encode()) + rb"END\r?\n", timeout)
        out = self.last_text_before(m)
        self.expect(prompt, timeout)
        return out

    def last_text_before(self, match):
        text = match.string[:match.start()].decode("utf-8", "replace")
        lines = text.replace("\r", "").split("\n")
        # Drop the echoed command line.
        return "\n".join(lines[1:]) if len(lines) > 1 else ""

    def elapsed(self):
        return time.monotonic() - self.start

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        if self.log:
            self.log.close()
