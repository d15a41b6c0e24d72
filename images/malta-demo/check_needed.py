#!/usr/bin/env python3
"""Checks that every ELF file under a root directory finds the shared libraries
it needs (DT_NEEDED) inside that root, the way the guest's dynamic loader
would search: DT_RUNPATH/DT_RPATH, then Debian's multiarch directories, then
/lib and /usr/lib. Symlinks are followed within the root (an absolute link
target is taken relative to the root). Prints one line per ELF:
"path: lib1 lib2 ..." (sorted) and exits 1 listing every library that does
not resolve.

    check_needed.py ROOT [MULTIARCH]   (MULTIARCH default: mipsel-linux-gnu)
"""
import os
import re
import subprocess
import sys


def resolve(root, path, depth=0):
    """Follows symlinks of a guest path inside root; returns the host path of
    the final file or None."""
    if depth > 40:
        return None
    parts = [p for p in path.split("/") if p]
    cur = ""
    for i, part in enumerate(parts):
        nxt = cur + "/" + part
        host = root + nxt
        if os.path.islink(host):
            target = os.readlink(host)
            if not target.startswith("/"):
                target = cur + "/" + target
            rest = "/".join(parts[i + 1:])
            return resolve(root, os.path.normpath(target) + ("/" + rest if rest else ""), depth + 1)
        if not os.path.exists(host):
            return None
        cur = nxt
    return root + cur


def dynamic(host_path):
    out = subprocess.run(["readelf", "-d", "-W", host_path], capture_output=True, text=True)
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out.stdout)
    paths = re.findall(r"\((?:RUNPATH|RPATH)\)\s+Library r(?:un)?path: \[([^\]]+)\]", out.stdout)
    return needed, [p for entry in paths for p in entry.split(":") if p]


def is_elf(host_path):
    try:
        with open(host_path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def main():
    root = os.path.abspath(sys.argv[1])
    triplet = sys.argv[2] if len(sys.argv) > 2 else "mipsel-linux-gnu"
    system = [f"/lib/{triplet}", f"/usr/lib/{triplet}", "/lib", "/usr/lib"]
    missing = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            host = os.path.join(dirpath, name)
            if os.path.islink(host) or not is_elf(host):
                continue
            guest = "/" + os.path.relpath(host, root)
            needed, runpath = dynamic(host)
            print(f"{guest}: {' '.join(sorted(needed))}")
            for lib in needed:
                dirs = runpath + system
                if not any(resolve(root, d + "/" + lib) for d in dirs):
                    missing.append(f"{guest} needs {lib}")
    if missing:
        print("\n".join("MISSING: " + m for m in missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
