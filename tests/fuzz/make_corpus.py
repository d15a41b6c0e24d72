#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora into tests/fuzz/corpus/<name>/.

Every seed is generated here (nothing is copied from elsewhere): boot images
built byte by byte (uImage, zImage header, DTB, cpio), tiny ELF programs from
the cross assemblers when they are installed (arm-linux-gnueabi-as/-ld,
mipsel-linux-gnu-as/-ld; otherwise the committed ones stay), Ethernet frames
for the network services, and register programs for the devices that bring
them up the way their Linux drivers do.

The device, network and command-line harnesses read their input through
libFuzzer's FuzzedDataProvider, which takes byte strings from the front of the
input and numbers from the back; the Provider class below writes inputs in
that layout.

    tests/fuzz/make_corpus.py          # rewrite every seed
"""

import gzip
import os
import shutil
import struct
import subprocess
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def save(name, seed, data):
    d = os.path.join(CORPUS, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, seed), "wb") as f:
        f.write(data)


class Provider:
    """Builds an input for FuzzedDataProvider: bytes() at the front, integers
    at the back, in the order the harness consumes them."""

    def __init__(self):
        self.front = bytearray()
        self.back = bytearray()  # in consumption order (reversed at the end)

    def int_range(self, lo, hi, value):
        assert lo <= value <= hi
        span = hi - lo
        v = value - lo
        nbytes = (span.bit_length() + 7) // 8
        for i in reversed(range(nbytes)):  # most significant byte first
            self.back.append((v >> (8 * i)) & 0xFF)

    def u8(self, v):
        self.int_range(0, 0xFF, v)

    def u16(self, v):
        self.int_range(0, 0xFFFF, v)

    def u32(self, v):
        self.int_range(0, 0xFFFFFFFF, v)

    def boolean(self, v):
        self.u8(1 if v else 0)

    def raw(self, b):
        self.front += b

    def data(self):
        return bytes(self.front) + bytes(reversed(self.back))


# ---------------------------------------------------------------- devices

# run_device_ops (fuzz_machine.cpp) operation numbers and size encodings.
OP_WRITE, OP_READ, OP_STORE_BYTES, OP_STORE_WORD, OP_FRAME, OP_ADVANCE, OP_CONFIG, OP_BURST = range(8)
SIZE_CODE = {4: 0, 2: 1, 1: 2}


class DeviceProgram:
    def __init__(self, windows, has_nic=True, max_frame=2048, max_step=4000000, max_burst=1024):
        # windows: list of register lists (the harness's Window::registers)
        self.windows = windows
        self.has_nic = has_nic
        self.max_frame = max_frame
        self.max_step = max_step
        self.max_burst = max_burst
        self.p = Provider()
        self.image = b""

    def ram_image(self, image):
        assert len(image) <= 4096
        self.image = image

    def _window(self, w):
        self.p.int_range(0, len(self.windows) - 1, w)

    def _offset(self, w, offset):
        regs = self.windows[w]
        if regs and offset in regs:
            self.p.boolean(True)
            self.p.int_range(0, len(regs) - 1, regs.index(offset))
        else:
            if regs:
                self.p.boolean(False)
            self.p.u32(offset)

    def write(self, offset, value, size=4, w=0):
        self.p.u8(OP_WRITE)
        self._window(w)
        self._offset(w, offset)
        self.p.u8(SIZE_CODE[size])
        self.p.u32(value)

    def read(self, offset, size=4, w=0):
        self.p.u8(OP_READ)
        self._window(w)
        self._offset(w, offset)
        self.p.u8(SIZE_CODE[size])

    def burst(self, offset, count, size=2, write=False, value=0, w=0):
        self.p.u8(OP_BURST)
        self._window(w)
        self._offset(w, offset)
        self.p.u8(SIZE_CODE[size])
        self.p.boolean(write)
        self.p.u32(value)
        self.p.int_range(1, self.max_burst, count)

    def frame(self, frame, broadcast=False):
        self.p.u8(OP_FRAME)
        self.p.int_range(0, self.max_frame, len(frame))
        self.p.raw(frame)
        if len(frame) >= 6:
            self.p.boolean(broadcast)

    def advance(self, ns):
        self.p.u8(OP_ADVANCE)
        self.p.int_range(0, self.max_step, ns)

    def into(self, q):
        """Appends the program to |q| (whose earlier contents the harness
        consumes first): the RAM image (its length from the back, its bytes
        from the front), then the operations."""
        q.int_range(0, 4096, len(self.image))
        q.raw(self.image)
        q.front += self.p.front
        q.back += self.p.back
        return q

    def data(self):
        return self.into(Provider()).data()


def broadcast_frame(length=64, payload=0x11):
    dst = b"\xff" * 6
    src = bytes([0x52, 0x54, 0x00, 0xAA, 0xBB, 0xCC])
    body = bytes((payload + i) & 0xFF for i in range(length - 14))
    return dst + src + b"\x08\x00" + body


def pcnet_seeds():
    regs = [0x10, 0x12, 0x14, 0x16, 0x18, 0x1C, 0x00, 0x04]
    RDP, RAP, BDP = 0x10, 0x12, 0x16
    seeds = {}
    for style in (0, 2, 3):
        prog = DeviceProgram([regs], max_frame=4200)
        img = bytearray(4096)
        init, rx_ring, tx_ring, rx_buf, tx_buf = 0x100, 0x400, 0x800, 0xA00, 0xE00
        if style == 0:
            # 16-bit init block: MODE, PADR, LADRF, RDRA/RLEN (2 descriptors), TDRA/TLEN.
            struct.pack_into("<H6s8sIH", img, init, 0, bytes([0x52, 0x54, 0, 0x12, 0x34, 0x56]),
                             b"\xff" * 8, 0, 0)
            struct.pack_into("<I", img, init + 16, rx_ring | (1 << 29))
            struct.pack_into("<I", img, init + 20, tx_ring | (1 << 29))
            for i in range(2):
                struct.pack_into("<IhH", img, rx_ring + 8 * i, rx_buf + 0x100 * i | 0x80000000,
                                 -0x100, 0)
            struct.pack_into("<IhH", img, tx_ring, tx_buf | 0x83000000, -64, 0)
        else:
            # 32-bit init block: MODE, RLEN/TLEN (2 each), PADR, LADRF, RDRA, TDRA.
            struct.pack_into("<HBB6sH8sII", img, init, 0, 1 << 4, 1 << 4,
                             bytes([0x52, 0x54, 0, 0x12, 0x34, 0x56]), 0, b"\xff" * 8, rx_ring,
                             tx_ring)
            for i in range(2):
                a = rx_buf + 0x100 * i
                if style == 2:
                    struct.pack_into("<IhHI", img, rx_ring + 16 * i, a, -0x100, 0x8000, 0)
                else:
                    struct.pack_into("<IhHI", img, rx_ring + 16 * i, 0, -0x100, 0x8000, a)
            if style == 2:
                struct.pack_into("<IhHI", img, tx_ring, tx_buf, -64, 0x8300, 0)
            else:
                struct.pack_into("<IhHI", img, tx_ring, 0, -64, 0x8300, tx_buf)
        img[tx_buf:tx_buf + 64] = broadcast_frame(64, 0x40)
        prog.ram_image(bytes(img))
        prog.read(0x14, 2)  # S_RESET
        prog.write(RAP, 20, 2)
        prog.write(BDP, 0x100 | style if style else 0, 2)  # SWSTYLE (SSIZE32 for 2/3)
        prog.write(RAP, 1, 2)
        prog.write(RDP, init, 2)
        prog.write(RAP, 2, 2)
        prog.write(RDP, 0, 2)
        prog.write(RAP, 0, 2)
        prog.write(RDP, 0x0041, 2)  # INIT | IENA
        prog.write(RDP, 0x0142, 2)  # IDON ack | STRT | IENA
        prog.write(RDP, 0x0048, 2)  # TDMD
        prog.frame(broadcast_frame(100), True)
        prog.frame(broadcast_frame(400), True)  # spans both receive buffers
        prog.read(RDP, 2)
        prog.advance(3000000)  # the transmit poll
        seeds["linux-style%d" % style] = prog.data()
    # Dword I/O, loopback.
    prog = DeviceProgram([regs], max_frame=4200)
    prog.write(RDP, 0, 4)  # a dword write to RDP switches to DWIO
    prog.write(0x14, 15, 4)
    prog.write(0x10, 0x0004, 4)  # CSR15 LOOP
    prog.read(0x18, 4)
    seeds["dwio-loop"] = prog.data()
    return seeds


E1000_REGS = [0x0000, 0x0008, 0x0010, 0x0014, 0x0018, 0x0020, 0x0038, 0x00C0, 0x00C8, 0x00D0,
              0x00D8, 0x0100, 0x0400, 0x2800, 0x2804, 0x2808, 0x2810, 0x2818, 0x2828, 0x3800,
              0x3804, 0x3808, 0x3810, 0x3818, 0x3828, 0x408C, 0x40C4, 0x5000, 0x5200, 0x5400,
              0x5404, 0x5600, 0x4010, 0x40A0, 0x5800]


def e1000_seeds():
    CTRL, STATUS, EERD, MDIC, ICR, IMS, RCTL, TCTL = 0, 8, 0x14, 0x20, 0xC0, 0xD0, 0x100, 0x400
    RDBAL, RDLEN, RDH, RDT, TDBAL, TDLEN, TDH, TDT = (0x2800, 0x2808, 0x2810, 0x2818, 0x3800, 0x3808,
                                                      0x3810, 0x3818)
    seeds = {}
    rx_ring, tx_ring, rx_buf, tx_buf, tso_buf = 0x100, 0x300, 0x800, 0x400, 0x600
    img = bytearray(4096)
    for i in range(8):
        struct.pack_into("<QHHBBH", img, rx_ring + 16 * i, rx_buf, 0, 0, 0, 0, 0)
    frame = broadcast_frame(60, 0x20)
    img[tx_buf:tx_buf + len(frame)] = frame
    # TX: a legacy descriptor (EOP|IFCS|RS), a context descriptor (TCP/IPv4
    # checksum offload, TSO with MSS 100), a data descriptor (DEXT|TSE|EOP).
    struct.pack_into("<QHBBBBH", img, tx_ring, tx_buf, len(frame), 0, 0x0B, 0, 0, 0)
    struct.pack_into("<BBHBBHIBBH", img, tx_ring + 16, 14, 24, 0, 34, 50, 0,
                     (1 << 29) | (1 << 24) | (1 << 27) | (1 << 26) | (1 << 25) | 300, 0, 54, 100)
    ip = bytearray(b"\x45\x00\x01\x5e\x00\x01\x40\x00\x40\x06\x00\x00\x0a\x00\x02\x0f\x0a\x00\x02\x02")
    tcp = bytearray(20)
    tcp[12] = 0x50
    pkt = broadcast_frame(14)[:12] + b"\x08\x00" + bytes(ip) + bytes(tcp) + bytes(300)
    img[tso_buf:tso_buf + 0x100] = pkt[:0x100]
    struct.pack_into("<QIBBH", img, tx_ring + 32, tso_buf, (1 << 29) | (1 << 24) | (1 << 27) |
                     (1 << 26) | (1 << 25) | (1 << 30) | len(pkt[:0x100]), 0, 0, 0)
    prog = DeviceProgram([E1000_REGS, [0, 4]], max_frame=16384, max_burst=64)
    prog.ram_image(bytes(img))
    prog.write(CTRL, 1 << 26)  # RST
    prog.read(STATUS)
    prog.write(EERD, 1)  # START, word 0
    prog.read(EERD)
    prog.write(MDIC, (2 << 26) | (1 << 21) | (1 << 16))  # PHY read of PHY_ID1
    prog.write(IMS, 0x9D)
    prog.write(RDBAL, rx_ring)
    prog.write(RDLEN, 128)
    prog.write(RDH, 0)
    prog.write(RDT, 7)
    prog.write(RCTL, (1 << 1) | (1 << 15) | (1 << 26))  # EN | BAM | SECRC
    prog.write(TDBAL, tx_ring)
    prog.write(TDLEN, 128)
    prog.write(TCTL, 1 << 1)  # EN
    prog.write(TDT, 3)
    prog.frame(broadcast_frame(80), True)
    prog.frame(broadcast_frame(3000), True)  # longer than a buffer
    prog.read(ICR)
    seeds["linux-up"] = prog.data()
    # The I/O BAR and the EEPROM by bit-banging.
    prog = DeviceProgram([E1000_REGS, [0, 4]], max_frame=16384, max_burst=64)
    prog.write(0, 0x10, w=1)  # IOADDR = EECD
    for bits in (0x4, 0x5, 0x6, 0x7, 0x6):
        prog.write(4, 0x40 | bits, w=1)
    prog.read(4, w=1)
    seeds["io-eecd"] = prog.data()
    return seeds


def smc_seeds():
    BANK = 14
    prog = DeviceProgram([[14, 0, 2, 4, 6, 8, 10, 12]], max_frame=2100)
    prog.write(BANK, 0, 2)
    prog.write(0, 0x0001, 2)  # TCR TXENA
    prog.write(4, 0x0300, 2)  # RCR RXEN | STRIP_CRC
    prog.write(BANK, 2, 2)
    prog.write(0, 0x20, 2)  # MMU: allocate for TX
    prog.read(2, 2)  # ARR/PNR
    prog.write(2, 0, 1)  # PNR = 0
    prog.write(6, 0x4000, 2)  # POINTER: auto-increment, write
    prog.write(8, 0, 2)  # status word
    prog.write(8, 70, 2)  # byte count
    prog.burst(8, 32, 2, True, 0xFFFF)
    prog.write(8, 0x0000, 2)  # control word
    prog.write(0, 0xC0, 2)  # MMU: enqueue for TX
    prog.write(12, 0x0F00, 2)  # interrupt mask
    prog.frame(broadcast_frame(100), True)
    prog.write(6, 0xE000, 2)  # POINTER: receive area, read, auto-increment
    prog.burst(8, 60, 2)
    prog.write(0, 0x80, 2)  # MMU: remove and release RX
    prog.write(BANK, 3, 2)
    for b in (0x8, 0xA) * 40:
        prog.write(8, b, 2)  # MGMT: MII preamble
    seeds = {"linux-up": prog.data()}
    prog = DeviceProgram([[14, 0, 2, 4, 6, 8, 10, 12]], max_frame=2100)
    prog.write(BANK, 0, 2)
    prog.write(4, 0x0102, 2)  # RXEN | PRMS
    prog.frame(bytes(range(9)))  # a runt
    for _ in range(5):
        prog.frame(broadcast_frame(1514), True)  # overrun after four
    seeds["promiscuous-overrun"] = prog.data()
    return seeds


def ide_seeds():
    seeds = {}
    for name, cmds in (
        ("identify-read", [(0xEC, 0, 0, False), (0x20, 2, 1, False), (0xC4, 4, 5, False)]),
        ("write-lba48", [(0x34, 1, 11, True), (0x25, 2, 12, True), (0xF8, 0, 0, False)]),
        ("chs-multiple", [(0xC6, 4, 0, False), (0x91, 0, 0, False), (0x30, 3, 0x10, False)]),
    ):
        q = Provider()
        disk = bytes((i * 7) & 0xFF for i in range(12 * 512))  # 12 of at most 37 sectors
        q.int_range(0, 37 * 512, len(disk))
        q.raw(disk)
        q.boolean(True)  # slave attached
        prog = DeviceProgram([[0, 1, 2, 3, 4, 5, 6, 7], [0]], has_nic=False)
        prog.write(0, 0x02, 1, w=1)  # nIEN off? (Device Control: nIEN)
        prog.write(0, 0x00, 1, w=1)
        prog.write(6, 0xE0, 1)  # LBA, master
        for cmd, count, lba, lba48 in cmds:
            if lba48:
                prog.write(2, 0, 1)
                prog.write(3, 0, 1)
            prog.write(2, count, 1)
            prog.write(3, lba & 0xFF, 1)
            prog.write(4, (lba >> 8) & 0xFF, 1)
            prog.write(5, 0, 1)
            prog.write(7, cmd, 1)
            prog.read(7, 1)
            prog.burst(0, 256 * max(count, 1), 2, cmd in (0x30, 0x34, 0xC5), 0xA55A)
        prog.write(6, 0xF0, 1)  # the read-only slave
        prog.write(2, 1, 1)
        prog.write(7, 0x30, 1)
        prog.burst(0, 256, 2, True, 1)
        prog.write(0, 0x04, 1, w=1)  # SRST
        prog.write(0, 0x00, 1, w=1)
        seeds[name] = prog.into(q).data()
    return seeds


# ---------------------------------------------------------------- networks

GUEST_MAC = bytes([0x52, 0x54, 0x00, 0x12, 0x34, 0x56])
HOST_MAC = bytes([0x52, 0x55, 0x0A, 0x00, 0x02, 0x02])
BCAST = b"\xff" * 6


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ipv4_frame(dst_mac, src, dst, proto, payload):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64, proto, 0, src, dst)
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    f = dst_mac + GUEST_MAC + b"\x08\x00" + hdr + payload
    return f + bytes(max(0, 60 - len(f)))


def udp_frame(dst_mac, src, dst, sport, dport, payload):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    return ipv4_frame(dst_mac, src, dst, 17, udp)


IP0 = bytes(4)
IP_GUEST = bytes([10, 0, 2, 15])
IP_HOST = bytes([10, 0, 2, 2])
IP_BCAST = b"\xff" * 4


def dhcp_msg(msg_type, requested=None, xid=0x1234):
    m = bytearray(240)
    m[0], m[1], m[2] = 1, 1, 6
    struct.pack_into("!I", m, 4, xid)
    m[28:34] = GUEST_MAC
    m[236:240] = bytes([99, 130, 83, 99])
    if msg_type:
        m += bytes([53, 1, msg_type])
    if requested:
        m += bytes([50, 4]) + requested + bytes([54, 4]) + IP_HOST
    m += bytes([55, 3, 1, 3, 6, 255])
    return bytes(m)


def tftp_rrq(name, opts=()):
    b = struct.pack("!H", 1) + name + b"\0octet\0"
    for k, v in opts:
        b += k + b"\0" + v + b"\0"
    return b


def tftp_ack(n):
    return struct.pack("!HH", 4, n)


def arp_request(target):
    arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, GUEST_MAC, IP_GUEST, bytes(6), target)
    f = BCAST + GUEST_MAC + b"\x08\x06" + arp
    return f + bytes(60 - len(f))


def icmp_echo(dst):
    body = struct.pack("!BBHHH", 8, 0, 0, 7, 1) + b"boardwalk ping!!"
    body = body[:2] + struct.pack("!H", csum(body)) + body[4:]
    return ipv4_frame(HOST_MAC, IP_GUEST, dst, 1, body)


def builtin_net_seeds():
    seeds = {}

    def program(frames, boot=b"hello, tftp\n" * 100):
        p = Provider()
        p.int_range(0, 5000, len(boot))
        p.raw(boot)
        for f in frames:
            if f == "timers":
                p.int_range(0, 5, 3)
                continue
            p.int_range(0, 5, 0)
            p.int_range(0, 1600, len(f))
            p.raw(f)
            p.boolean(False)  # checksums as built
        return p.data()

    seeds["arp-ping"] = program([arp_request(IP_HOST), arp_request(bytes([10, 0, 2, 3])),
                                 icmp_echo(IP_HOST), "timers"])
    seeds["dhcp"] = program([
        udp_frame(BCAST, IP0, IP_BCAST, 68, 67, dhcp_msg(1)), "timers",
        udp_frame(BCAST, IP0, IP_BCAST, 68, 67, dhcp_msg(3, IP_GUEST)), "timers",
        udp_frame(BCAST, IP0, IP_BCAST, 68, 67, dhcp_msg(0)), "timers"])
    # TFTP transfers answer from 49152 up.
    frames = [udp_frame(HOST_MAC, IP_GUEST, IP_HOST, 1000, 69,
                        tftp_rrq(b"boot", ((b"blksize", b"512"), (b"tsize", b"0")))), "timers"]
    for n in range(4):
        frames += [udp_frame(HOST_MAC, IP_GUEST, IP_HOST, 1000, 49152, tftp_ack(n)), "timers"]
    frames += [udp_frame(HOST_MAC, IP_GUEST, IP_HOST, 1001, 69, tftp_rrq(b"missing")), "timers"]
    seeds["tftp"] = program(frames)
    return seeds


def dhcp_seeds():
    p = Provider()
    for msg in (dhcp_msg(1), dhcp_msg(3, IP_GUEST), dhcp_msg(8), dhcp_msg(7), dhcp_msg(0),
                dhcp_msg(3, bytes([10, 0, 2, 99]))):
        p.int_range(0, 700, len(msg))
        p.raw(msg)
        p.boolean(False)
    return {"exchange": p.data()}


def tftp_seeds():
    p = Provider()
    data = bytes(i & 0xFF for i in range(3000))
    p.int_range(0, 8000, len(data))
    p.raw(data)

    ports = [69]  # the harness's list: 69, then the port of every reply, up to 16

    def send(peer_ip, peer_port, port_index, payload, replies):
        p.int_range(0, 2, peer_ip)
        p.int_range(0, 2, peer_port)
        p.int_range(0, 3, 0)
        p.boolean(True)  # a port from the list
        p.int_range(0, len(ports) - 1, port_index)
        p.int_range(0, 600, len(payload))
        p.raw(payload)
        while replies and len(ports) < 16:
            ports.append(49152)
            replies -= 1

    send(0, 0, 0, tftp_rrq(b"f", ((b"blksize", b"1024"), (b"tsize", b"0"), (b"timeout", b"3"))), 1)
    for n in range(4):
        send(0, 0, 1, tftp_ack(n), 1 if n < 3 else 0)
    send(1, 1, 0, tftp_rrq(b"late"), 0)
    p.int_range(0, 2, 0)
    p.int_range(0, 2, 0)
    p.int_range(0, 3, 2)  # the late file arrives: its first block goes out
    ports.append(49153)
    send(2, 2, 0, struct.pack("!H", 2) + b"f\0octet\0", 1)  # WRQ: an error from 69
    return {"transfers": p.data()}


def stream_seeds():
    f1 = broadcast_frame(60)
    f2 = broadcast_frame(1514, 0x33)
    stream = struct.pack("!I", len(f1)) + f1 + struct.pack("!I", len(f2)) + f2
    seeds = {}
    for name, s in (("two-frames", stream), ("cut", stream[:-5]),
                    ("too-long", stream + struct.pack("!I", 9217))):
        p = Provider()
        for i in range(32):
            p.int_range(1, 2000, [1, 3, 7, 64, 700, 1500][i % 6])
        p.raw(s)
        seeds[name] = p.data()
    return seeds


def netd_seeds():
    p = Provider()
    macs = [bytes([0x52, 0x54, 0, 0, 0, i]) for i in range(4)]

    def frame(src, dst, n=60):
        return dst + macs[src] + b"\x08\x00" + bytes(n - 14)

    def send(k, data):
        p.int_range(0, 3, k)
        p.int_range(0, 3, 0)
        p.int_range(0, 3000, len(data))
        p.raw(data)

    def enc(f):
        return struct.pack("!I", len(f)) + f

    send(0, enc(frame(0, BCAST)))
    send(1, enc(frame(1, macs[0])))
    send(0, enc(frame(0, macs[1]))[:30])
    send(0, enc(frame(0, macs[1]))[30:])
    send(2, struct.pack("!I", 0))  # breaks the framing: dropped
    p.int_range(0, 3, 3)  # client 3: nothing to reconnect; time passes
    p.int_range(0, 3, 3)
    p.int_range(0, 2000000000, 1500000000)
    send(3, enc(frame(3, macs[0])))
    return {"clients": p.data()}


# ---------------------------------------------------------------- boot images


def uimage(payload, typ=2, os_=5, arch=2, comp=0, load=0x8000, ep=0x8000, name=b"Linux"):
    hdr = bytearray(struct.pack("!IIIIIIIBBBB32s", 0x27051956, 0, 0x5F000000, len(payload), load, ep,
                                zlib.crc32(payload), os_, arch, typ, comp, name))
    struct.pack_into("!I", hdr, 4, zlib.crc32(bytes(hdr)))
    return bytes(hdr) + payload


def zimage_header(size=0x400):
    k = bytearray(size)
    struct.pack_into("<I", k, 0, 0xE1A00000)  # nop
    struct.pack_into("<III", k, 0x24, 0x016F2818, 0, size)
    return bytes(k)


def cpio_newc(files):
    out = b""
    for i, (name, data) in enumerate(files + [(b"TRAILER!!!", b"")]):
        mode = 0o100644 if data or name != b"TRAILER!!!" else 0
        hdr = b"070701" + b"".join(b"%08X" % v for v in (
            i + 1, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name) + 1, 0))
        out += hdr + name + b"\0"
        out += bytes((-len(out)) % 4)
        out += data + bytes((-len(data)) % 4)
    return out


def boot_image_seeds():
    payload = bytes(range(256)) * 2
    multi = struct.pack("!III", 100, 37, 0) + bytes(100) + bytes(range(37)) + bytes(3)
    gz = gzip.compress(payload, mtime=0)
    save("uimage", "kernel", uimage(payload))
    save("uimage", "kernel-noload", uimage(payload, typ=14, ep=0))
    save("uimage", "ramdisk", uimage(payload, typ=3, load=0, ep=0))
    save("uimage", "multi", uimage(multi, typ=4))
    save("uimage", "kernel-gzip", uimage(gz, comp=1))
    save("uimage", "firmware-bzip2", uimage(payload, typ=5, comp=2, os_=17))
    save("zimage", "zimage", zimage_header())
    save("zimage", "raw", bytes(range(200)))
    save("zimage", "uimage-kernel", uimage(zimage_header(0x200)))
    initramfs = cpio_newc([(b"init", b"#!/bin/sh\necho hi\n"), (b"etc/motd", b"boardwalk\n")])
    save("initrd", "cpio", initramfs)
    save("initrd", "cpio-gzip", gzip.compress(initramfs, mtime=0))
    save("initrd", "uimage-ramdisk", uimage(gzip.compress(initramfs, mtime=0), typ=3, comp=1,
                                            load=0, ep=0))


def fdt_blob():
    strings = b""
    offsets = {}

    def s(name):
        nonlocal strings
        if name not in offsets:
            offsets[name] = len(strings)
            strings += name + b"\0"
        return offsets[name]

    st = b""

    def tok(t):
        nonlocal st
        st += struct.pack("!I", t)

    def begin(name):
        nonlocal st
        tok(1)
        st += name + b"\0" + bytes((-len(name) - 1) % 4)

    def prop(name, value):
        nonlocal st
        tok(3)
        st += struct.pack("!II", len(value), s(name)) + value + bytes((-len(value)) % 4)

    begin(b"")
    prop(b"#address-cells", struct.pack("!I", 1))
    prop(b"#size-cells", struct.pack("!I", 1))
    prop(b"compatible", b"arm,versatile-pb\0arm,versatile-ab\0")
    prop(b"model", b"ARM Versatile PB\0")
    begin(b"chosen")
    prop(b"bootargs", b"console=ttyAMA0\0")
    tok(2)
    begin(b"memory@0")
    prop(b"device_type", b"memory\0")
    prop(b"reg", struct.pack("!II", 0, 0x08000000))
    tok(2)
    begin(b"amba")
    prop(b"ranges", b"")
    begin(b"uart@101f1000")
    prop(b"reg", struct.pack("!II", 0x101F1000, 0x1000))
    prop(b"interrupts", struct.pack("!I", 12))
    tok(2)
    tok(4)  # NOP
    tok(2)
    tok(2)
    tok(9)
    rsv = struct.pack("!QQQQ", 0x1000, 0x1000, 0, 0)
    off_rsv = 40
    off_struct = off_rsv + len(rsv)
    off_strings = off_struct + len(st)
    total = off_strings + len(strings)
    hdr = struct.pack("!IIIIIIIIII", 0xD00DFEED, total, off_struct, off_strings, off_rsv, 17, 16, 0,
                      len(strings), len(st))
    return hdr + rsv + st + strings


def cli_seeds():
    lines = [
        ["-M", "versatilepb", "-m", "128", "-kernel", "zImage", "-dtb", "versatile-pb.dtb",
         "-initrd", "initrd.cpio.gz", "-append", "console=ttyAMA0", "-nographic"],
        ["-M", "malta", "-m", "256", "-kernel", "vmlinux", "-hda", "512M", "-serial", "stdio",
         "-nographic"],
        ["-M", "versatilepb", "-nic", "user,tftp=/srv,bootfile=uImage,hostfwd=tcp::2222-:22",
         "-net", "dump,file=x.pcap,len=100"],
        ["-netdev", "stream,id=n0,server=off,addr.type=inet,addr.host=127.0.0.1,addr.port=5560",
         "-device", "pcnet,netdev=n0,mac=52:54:00:12:34:62"],
        ["-netdev", "socket,id=n1,listen=:1234", "-nic", "socket,model=e1000,connect=h:1",
         "-netdev", "tap,id=t,ifname=tap0,script=no,downscript=no"],
        ["-serial", "telnet::4444,server,nowait", "-serial", "file:out.txt", "-icount",
         "shift=3,sleep=off", "-d", "guest_errors,unimp", "-no-reboot", "-monitor", "none"],
        ["-net", "nic,model=smc91c111", "-net", "user", "-sdl", "-soundhw", "all", "-k", "de"],
    ]
    for i, args in enumerate(lines):
        save("cli_options", "cmdline%d" % i, b"\0".join(a.encode() for a in args))


def elf_seeds():
    tools = ["arm-linux-gnueabi-as", "arm-linux-gnueabi-ld", "mipsel-linux-gnu-as",
             "mipsel-linux-gnu-ld"]
    if not all(shutil.which(t) for t in tools):
        print("make_corpus: no cross assemblers; keeping the committed ELF seeds")
        return
    arm = (".text\n.globl _start\n_start: mov r0, #0\n ldr r1, =val\n b _start\n"
           ".data\nval: .word 0x12345678\n.bss\nbuf: .space 256\n")
    mips = (".text\n.globl __start\n__start: li $t0, 1\n b __start\n nop\n"
            ".data\nval: .word 0x12345678\n.bss\nbuf: .space 256\n")
    with tempfile.TemporaryDirectory() as t:
        def build(prefix, src, out, as_flags, ld_flags):
            s = os.path.join(t, "a.s")
            o = os.path.join(t, "a.o")
            e = os.path.join(t, out)
            with open(s, "w") as f:
                f.write(src)
            subprocess.run([prefix + "-as"] + as_flags + [s, "-o", o], check=True)
            subprocess.run([prefix + "-ld", "-s", "-z", "max-page-size=16"] + ld_flags +
                           [o, "-o", e], check=True, stderr=subprocess.DEVNULL)
            with open(e, "rb") as f:
                save("elf", out, f.read())
            for other in ("zimage",):
                if out.startswith("arm"):
                    save(other, out, open(e, "rb").read())

        build("arm-linux-gnueabi", arm, "arm-one-segment.elf", [], ["-N", "-Ttext=0x10000"])
        build("arm-linux-gnueabi", arm, "arm-two-segments.elf", [],
              ["-Ttext=0x10000", "-Tdata=0x20000"])
        build("mipsel-linux-gnu", mips, "mipsel-kseg0.elf", ["-mips32r2"],
              ["-Ttext=0x80100000", "-e", "__start"])
        build("mipsel-linux-gnu", mips, "mipseb-kseg0.elf", ["-EB", "-mips32r2"],
              ["-EB", "-Ttext=0x80100000", "-e", "__start"])


def main():
    for name, seeds in (("pcnet", pcnet_seeds()), ("e1000", e1000_seeds()),
                        ("smc91c111", smc_seeds()), ("ide", ide_seeds()),
                        ("builtin_net", builtin_net_seeds()), ("dhcp", dhcp_seeds()),
                        ("tftp", tftp_seeds()), ("stream_framing", stream_seeds()),
                        ("netd", netd_seeds())):
        for seed, data in seeds.items():
            save(name, seed, data)
    boot_image_seeds()
    save("fdt", "versatile-like.dtb", fdt_blob())
    cli_seeds()
    elf_seeds()


if __name__ == "__main__":
    main()
