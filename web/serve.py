#!/usr/bin/env python3
"""Serves boardwalk's page (build-web/site/) on 127.0.0.1 and prints its URL.

usage: serve.py SITE_DIR [--port N] [--demo NAME]

Port 0 picks a free port. The site's images/ folder holds symlinks to the
cached guest images (made by `./run demo`); symlinks are followed. Plain
static files: any other static server works the same.
"""
import argparse
import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".dtb": "application/octet-stream",
    }

    def end_headers(self):
        # Rebuilt files must reach the browser at once.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--demo", default="")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    handler = functools.partial(Handler, directory=a.site)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", a.port), handler)
    except OSError as e:
        print("serve.py: port %d: %s; using a free port" % (a.port, e.strerror), file=sys.stderr)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.verbose = a.verbose
    url = "http://127.0.0.1:%d/" % server.server_address[1]
    if a.demo:
        url += "?demo=" + a.demo
    print(url, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
