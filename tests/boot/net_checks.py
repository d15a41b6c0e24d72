"""Host-side helpers for the guest network checks of the boot tests: a file
server on 127.0.0.1, a DHCP lease, a download checked by md5, and a TCP
connection from the host into the guest through a hostfwd rule.

The guest is driven through a GuestConsole (guest_console.py) running a
busybox shell; its image has /etc/udhcpc/default.script
(images/common/udhcpc.script). Only the standard library.
"""
import hashlib
import http.server
import random
import socket
import threading
import time

from checks import check


def free_port():
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_blob(path, size, seed=1):
    """|size| pseudo-random bytes (fixed by |seed|) at |path|; returns their md5."""
    data = random.Random(seed).randbytes(size)
    with open(path, "wb") as f:
        f.write(data)
    return hashlib.md5(data).hexdigest()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class FileServer:
    """An HTTP server for |directory| on 127.0.0.1 (a free port), in a thread.
    Use as a context manager; the guest reaches it as http://10.0.2.2:PORT/."""

    def __init__(self, directory):
        handler = lambda *a, **k: _QuietHandler(*a, directory=directory, **k)  # noqa: E731
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def dhcp_lease(console, iface="eth0", want="10.0.2.15"):
    """Runs udhcpc on |iface| in the guest and checks it bound |want|."""
    out = console.run("udhcpc -i %s -n -q -t 5 -T 2 2>&1" % iface, timeout=90)
    check("udhcpc: lease %s from " % want in out, out)
    return out


def guest_md5_of_url(console, url, timeout=300):
    """md5 of what the guest's busybox wget downloads from |url|."""
    out = console.run("wget -q -O - %s | md5sum" % url, timeout=timeout)
    fields = out.split()
    check(fields and len(fields[0]) == 32, "wget/md5sum printed %r" % out)
    return fields[0]


def hostfwd_round_trip(console, host_port, guest_port=7000, timeout=60):
    """A TCP connection from 127.0.0.1:|host_port| (a hostfwd rule) to a busybox
    nc listening on |guest_port| in the guest carries a line each way."""
    to_guest = b"boardwalk host->guest %d\n" % host_port
    to_host = b"boardwalk guest->host %d\n" % guest_port
    console.run("rm -f /tmp/fwd.in; (echo '%s'; sleep 5) | nc -l -p %d >/tmp/fwd.in & true"
                % (to_host.decode().strip(), guest_port))
    deadline = time.monotonic() + timeout
    got = b""
    while time.monotonic() < deadline:
        # slirp accepts at once and resets the connection if the guest's nc is
        # not listening yet: try again until the guest answers.
        with socket.create_connection(("127.0.0.1", host_port), timeout=10) as s:
            s.sendall(to_guest)
            got = b""
            try:
                while not got.endswith(b"\n"):
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    got += chunk
            except (ConnectionResetError, socket.timeout):
                pass
        if got:
            break
        time.sleep(0.5)
    check(got == to_host, "host read %r from the guest" % got)
    # The guest's nc exits once its stdin (echo; sleep) ends.
    for _ in range(20):
        received = console.run("cat /tmp/fwd.in")
        if received.strip():
            break
        time.sleep(0.5)
    check(received.strip() == to_guest.decode().strip(), "guest read %r" % received)


def host_receive(console, guest_command, size, timeout=300):
    """Runs |guest_command| % PORT in the guest, which must send |size| bytes to
    10.0.2.2:PORT (a listener on the host's 127.0.0.1 through slirp); returns
    (md5, bytes, seconds from accept to the last byte). The host closes after
    |size| bytes, so a busybox nc that waits for the peer ends either way."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(timeout)
    port = listener.getsockname()[1]
    result = {}

    def receive():
        conn, _ = listener.accept()
        h = hashlib.md5()
        n = 0
        start = time.monotonic()
        with conn:
            while n < size:
                chunk = conn.recv(1 << 16)
                if not chunk:
                    break
                h.update(chunk)
                n += len(chunk)
        result.update(md5=h.hexdigest(), bytes=n, seconds=time.monotonic() - start)

    t = threading.Thread(target=receive, daemon=True)
    t.start()
    console.run(guest_command % port, timeout=timeout)
    t.join(timeout)
    listener.close()
    return result.get("md5"), result.get("bytes"), result.get("seconds")


def tcp_upload_md5(console, path_in_guest, timeout=300):
    """The guest sends |path_in_guest| with nc to the host; returns
    (guest md5, host md5, bytes, seconds)."""
    size = int(console.run("stat -c %%s %s" % path_in_guest).strip())
    md5, n, seconds = host_receive(console, "nc 10.0.2.2 %%d < %s" % path_in_guest, size,
                                   timeout)
    guest = console.run("md5sum %s" % path_in_guest).split()[0]
    return guest, md5, n, seconds
