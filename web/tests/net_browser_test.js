#!/usr/bin/env node
// Networking in the page, in Debian's Chromium (playwright-core):
//  uboot  the first source document's U-Boot flow, verbatim, with no server
//         but the static one: versatilepb boots U-Boot (-kernel u-boot), the
//         builtin user network's DHCP gives 10.0.2.15 and its TFTP server
//         serves images/versatile-netboot/uImage (tftp=), iminfo verifies
//         it, bootm reaches the Linux shell, `echo $((6*7))` prints 42.
//  relay  net=relay+ws:// to a raw-frame relay this test runs on 127.0.0.1;
//  stream net=ws:// through websockify to a TCP server speaking QEMU's stream
//         framing. Both: U-Boot's ARP request arrives with exact bytes, and
//         the server's ARP and ICMP echo replies reach U-Boot (ping alive).
//  netd   the uboot flow again, through proxy/boardwalk-proxy: websockify and
//         boardwalk-netd --user (libslirp's DHCP and TFTP) with net=ws://.
//
// usage: net_browser_test.js SITE_DIR OUT_DIR uboot|relay|stream|netd
'use strict';
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const repo = path.resolve(__dirname, '../..');
const { CHROMIUM_FLAGS, startServer, terminalText, waitForText } = require('./page_lib');
const { chromium } = require(path.join(repo, 'node_modules/playwright-core'));
const [siteDir, outDir, which = 'uboot'] = process.argv.slice(2);
const PROMPT = 'Integrator-CP # ';
const FLOW = 'setenv autoload no; dhcp; setenv serverip 10.0.2.2; setenv bootfile uImage; ' +
             'tftpboot; iminfo; setenv bootargs console=ttyAMA0; bootm';
const GUEST_MAC = Buffer.from([0x52, 0x54, 0x00, 0x12, 0x34, 0x56]);  // QEMU's default NIC MAC
const PEER_MAC = Buffer.from([0x02, 0x00, 0x00, 0x00, 0x00, 0x63]);
const PEER_IP = Buffer.from([10, 0, 2, 99]);

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Answers what U-Boot's `ping 10.0.2.99` sends: ARP request -> reply, ICMP
// echo request -> reply. Records every frame it got.
function makePeer() {
  const got = [];
  return {
    got,
    answer(frame) {
      const f = Buffer.from(frame);
      got.push(f);
      const type = f.readUInt16BE(12);
      if (type === 0x0806 && f.readUInt16BE(20) === 1 && f.subarray(38, 42).equals(PEER_IP)) {
        const r = Buffer.alloc(60);
        f.copy(r, 0, 6, 12);
        PEER_MAC.copy(r, 6);
        r.writeUInt16BE(0x0806, 12);
        f.copy(r, 14, 14, 20);
        r.writeUInt16BE(2, 20);
        PEER_MAC.copy(r, 22);
        PEER_IP.copy(r, 28);
        f.copy(r, 32, 22, 32);
        return [r];
      }
      if (type === 0x0800 && f[23] === 1 && f.subarray(30, 34).equals(PEER_IP) && f[34] === 8) {
        const ihl = (f[14] & 15) * 4;
        const total = f.readUInt16BE(16);
        const r = Buffer.from(f.subarray(0, 14 + total));
        f.copy(r, 0, 6, 12);
        PEER_MAC.copy(r, 6);
        f.copy(r, 26, 30, 34);
        f.copy(r, 30, 26, 30);
        r[10 + 14] = 0, r[11 + 14] = 0;
        r.writeUInt16BE(cksum(r.subarray(14, 14 + ihl)), 24);
        const icmp = 14 + ihl;
        r[icmp] = 0;
        r.writeUInt16BE(0, icmp + 2);
        r.writeUInt16BE(cksum(r.subarray(icmp, 14 + total)), icmp + 2);
        return [r];
      }
      return [];
    },
  };
}

function cksum(b) {
  let s = 0;
  for (let i = 0; i + 1 < b.length; i += 2) s += b.readUInt16BE(i);
  if (b.length & 1) s += b[b.length - 1] << 8;
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return ~s & 0xffff;
}

// A minimal RFC 6455 server for binary messages (one frame per message).
function startRelay(peer) {
  return new Promise((resolve) => {
    const server = http.createServer();
    server.on('upgrade', (req, sock) => {
      const accept = crypto.createHash('sha1')
        .update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
        .digest('base64');
      sock.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n' +
                 `Connection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
      let buf = Buffer.alloc(0);
      const send = (payload) => {
        const hdr = payload.length < 126 ? Buffer.from([0x82, payload.length])
          : Buffer.from([0x82, 126, payload.length >> 8, payload.length & 255]);
        sock.write(Buffer.concat([hdr, payload]));
      };
      sock.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        for (;;) {
          if (buf.length < 2) return;
          const op = buf[0] & 15;
          let len = buf[1] & 127;
          let at = 2;
          if (len === 126) {
            if (buf.length < 4) return;
            len = buf.readUInt16BE(2);
            at = 4;
          }
          if (buf.length < at + 4 + len) return;
          const mask = buf.subarray(at, at + 4);
          const data = Buffer.from(buf.subarray(at + 4, at + 4 + len));
          for (let i = 0; i < len; ++i) data[i] ^= mask[i & 3];
          buf = buf.subarray(at + 4 + len);
          if (op === 2) for (const r of peer.answer(data)) send(r);
          if (op === 8) sock.end();
        }
      });
      sock.on('error', () => {});
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// A TCP server speaking QEMU's stream framing (behind websockify).
function startStreamServer(peer) {
  return new Promise((resolve) => {
    const server = net.createServer((sock) => {
      let buf = Buffer.alloc(0);
      sock.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
          const n = buf.readUInt32BE(0);
          const frame = buf.subarray(4, 4 + n);
          buf = buf.subarray(4 + n);
          for (const r of peer.answer(frame)) {
            const hdr = Buffer.alloc(4);
            hdr.writeUInt32BE(r.length);
            // Split length and frame over two writes: the page must reassemble.
            sock.write(hdr);
            setTimeout(() => sock.write(r), 5);
          }
        }
      });
      sock.on('error', () => {});
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function startWebsockify(targetPort) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = srv.address().port;
      srv.close(() => {
        const proc = spawn('websockify', [`127.0.0.1:${port}`, `127.0.0.1:${targetPort}`],
                           { stdio: ['ignore', 'pipe', 'pipe'] });
        proc.on('exit', (c) => reject(new Error(`websockify exited with ${c}`)));
        const tryConnect = (n) => {
          const s = net.connect(port, '127.0.0.1', () => {
            s.end();
            resolve({ proc, port });
          });
          s.on('error', () => (n > 0 ? setTimeout(() => tryConnect(n - 1), 100)
                                     : reject(new Error('websockify did not start'))));
        };
        tryConnect(50);
      });
    });
  });
}

// proxy/boardwalk-proxy (netd + websockify) on free ports; resolves with the
// net= value it prints for the page.
function startProxy(extraArgs) {
  return Promise.all([freePort(), freePort()]).then(([ws, listen]) => new Promise((resolve, reject) => {
    const netd = path.join(repo, 'build/boardwalk-netd');
    const proc = spawn(path.join(repo, 'proxy/boardwalk-proxy'),
                       ['--netd', netd, '--ws', `127.0.0.1:${ws}`, '--listen', `127.0.0.1:${listen}`,
                        ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /net=(wss?:\/\/\S+)/.exec(out);
      if (m) resolve({ proc, net: m[1] });
    });
    proc.on('exit', (c) => reject(new Error(`boardwalk-proxy exited with ${c}: ${out}`)));
  }));
}

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = srv.address().port;
      srv.close(() => resolve(port));
    });
  });
}

async function ubootPrompt(page, t0) {
  await waitForText(page, /Hit any key to stop autoboot/, 120, 'autoboot countdown');
  await page.keyboard.type(' ');
  await waitForText(page, new RegExp(esc(PROMPT) + '\\s*$'), 30, 'U-Boot prompt');
  return (Date.now() - t0) / 1000;
}

async function typeLine(page, line) {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

// The first source document's flow, typed verbatim at U-Boot's prompt of the page at |url|,
// with the network serving the |size|-byte uImage; through bootm to the Linux shell.
async function ubootFlow(page, url, size, statusRe, atPrompt) {
  const t0 = Date.now();
  await page.goto(url);
  const promptS = await ubootPrompt(page, t0);
  console.log(`U-Boot prompt after ${promptS.toFixed(2)} s`);
  if (atPrompt) await atPrompt();
  await typeLine(page, FLOW);
  let text = await waitForText(page, /DHCP client bound to address [\d.]+/, 60, 'DHCP');
  if (!/DHCP client bound to address 10\.0\.2\.15 /.test(text)) {
    throw new Error('DHCP did not bind 10.0.2.15:\n' + text.slice(-500));
  }
  await waitForText(page, /TFTP from server 10\.0\.2\.2; our IP address is 10\.0\.2\.15/, 30,
                    'TFTP start');
  const tftp0 = Date.now();
  const bytesLine = `Bytes transferred = ${size} (${size.toString(16)} hex)`;
  text = await waitForText(page, new RegExp(esc(bytesLine)), 300, bytesLine);
  const tftpS = (Date.now() - tftp0) / 1000;
  console.log(`TFTP ${size} bytes in ${tftpS.toFixed(2)} s ` +
              `(${(size / 1024 / tftpS).toFixed(0)} KiB/s)`);
  await waitForText(page, /Verifying Checksum \.\.\. OK/, 60, 'iminfo checksum');
  const boot0 = Date.now();
  await waitForText(page, /Starting kernel/, 120, 'bootm starting the kernel');
  await waitForText(page, /boardwalk: initramfs up[^]*[#$] $/, 240, 'Linux shell');
  const shellS = (Date.now() - boot0) / 1000;
  console.log(`Linux shell ${shellS.toFixed(2)} s after bootm`);
  await page.waitForTimeout(300);
  await typeLine(page, 'echo $((6*7))');
  await waitForText(page, /^42\s*$/m, 30, '42');
  console.log('echo $((6*7)) -> 42');
  const st = await page.textContent('#net-status');
  if (!statusRe.test(st)) throw new Error(`net status: '${st}'`);
  console.log(`net status: ${st}`);
  await page.screenshot({ path: path.join(outDir, `${which}-netboot-shell.png`) });
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer(siteDir);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS,
    viewport: { width: 1100, height: 700 },
  });
  const cleanup = [];
  try {
    const page = context.pages()[0] || (await context.newPage());
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const base = { M: 'versatilepb', m: '128', kernel: 'images/versatile-uboot/u-boot' };

    if (which === 'uboot') {
      const size = fs.statSync(path.join(siteDir, 'images/versatile-netboot/uImage')).size;
      const url = server.url + '?' + new URLSearchParams({ ...base, tftp: 'images/versatile-netboot/' });
      // The guest names TFTP files: one that climbs out of tftp= (to a file the
      // site does have) must be refused with a TFTP error, never fetched.
      const refused = async () => {
        const fetched = [];
        page.on('request', (r) => fetched.push(r.url()));
        await typeLine(page, 'setenv autoload no; dhcp; setenv serverip 10.0.2.2; ' +
                             'tftpboot 0x2000000 ../versatile-linux/zImage');
        const text = await waitForText(page, /Not retrying\.\.\./, 60, 'TFTP error for ../');
        if (!/TFTP error: 'File not found' \(1\)/.test(text)) {
          throw new Error('no TFTP error for a name outside tftp=:\n' + text.slice(-400));
        }
        const leaked = fetched.filter((u) => u.includes('zImage'));
        if (leaked.length) throw new Error(`the page fetched ${leaked.join(', ')}`);
        console.log('TFTP ../versatile-linux/zImage: refused, nothing fetched');
      };
      await ubootFlow(page, url, size, /^net: user 10\.0\.2\.0\/24 .* · out \d+ \/ in \d+ frames$/,
                      refused);
    } else if (which === 'netd') {
      // boardwalk-netd --user (libslirp's DHCP and TFTP) behind websockify, started
      // by the launcher the README documents; the page prints what it attached to.
      const tftpDir = path.join(siteDir, 'images/versatile-netboot');
      const size = fs.statSync(path.join(tftpDir, 'uImage')).size;
      // BW_NET_URL: a network someone else set up (netd_uboot_tap_test.py: netd
      // on a tap bridged to br0 with dnsmasq, inside a network namespace).
      let netUrl = process.env.BW_NET_URL;
      if (!netUrl) {
        const proxy = await startProxy(['--user=tftp=' + fs.realpathSync(tftpDir)]);
        cleanup.push(() => proxy.proc.kill('SIGINT'));
        netUrl = proxy.net;
      }
      const url = server.url + '?' + new URLSearchParams({ ...base, net: netUrl });
      await ubootFlow(page, url, size, /connected to .* · out \d+ \/ in \d+ frames$/);
    } else {
      const peer = makePeer();
      let wsUrl;
      if (which === 'relay') {
        const relay = await startRelay(peer);
        cleanup.push(() => relay.close());
        wsUrl = `relay+ws://127.0.0.1:${relay.address().port}/`;
      } else {
        const tcp = await startStreamServer(peer);
        cleanup.push(() => tcp.close());
        const ws = await startWebsockify(tcp.address().port);
        cleanup.push(() => ws.proc.kill());
        wsUrl = `ws://127.0.0.1:${ws.port}/`;
      }
      const t0 = Date.now();
      await page.goto(server.url + '?' + new URLSearchParams({ ...base, net: wsUrl }));
      await ubootPrompt(page, t0);
      const st0 = await page.textContent('#net-status');
      if (!/connected to/.test(st0)) throw new Error(`net status before ping: '${st0}'`);
      await typeLine(page, 'setenv ipaddr 10.0.2.15; setenv netmask 255.255.255.0; ping 10.0.2.99');
      await waitForText(page, /host 10\.0\.2\.99 is alive/, 60, 'ping through the ' + which);
      // The guest's ARP request arrived exactly as U-Boot sends it.
      const arp = peer.got.find((f) => f.readUInt16BE(12) === 0x0806);
      if (!arp) throw new Error('no ARP request reached the server');
      const want = Buffer.concat([Buffer.alloc(6, 0xff), GUEST_MAC, Buffer.from([8, 6, 0, 1, 8, 0, 6, 4, 0, 1]),
                                  GUEST_MAC, Buffer.from([10, 0, 2, 15]), Buffer.alloc(6),
                                  PEER_IP]);
      if (!arp.subarray(0, 42).equals(want)) {
        throw new Error(`ARP request bytes: ${arp.toString('hex')}`);
      }
      const icmp = peer.got.find((f) => f.readUInt16BE(12) === 0x0800 && f[23] === 1);
      if (!icmp || !icmp.subarray(0, 6).equals(PEER_MAC)) throw new Error('no ICMP echo to the peer MAC');
      await page.waitForTimeout(1200);  // the status line refreshes once a second
      const st = await page.textContent('#net-status');
      const m = /out (\d+) \/ in (\d+) frames$/.exec(st);
      if (!m || Number(m[1]) < 2 || Number(m[2]) < 2) throw new Error(`net status: '${st}'`);
      console.log(`${which}: ARP exact, ping alive; net status: ${st}`);
      // The copy-link button keeps the network setting.
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await page.click('#btn-link');
      const link = await page.evaluate(() => navigator.clipboard.readText());
      if (new URL(link).searchParams.get('net') !== wsUrl) throw new Error(`link lacks net=: ${link}`);
      console.log(`copied link: ${link}`);
    }
    if (pageErrors.length) throw new Error('page errors: ' + pageErrors.join('; '));
    console.log('PASS');
  } finally {
    for (const c of cleanup) c();
    await context.close();
    server.proc.kill();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(`FAIL: ${e.message}`);
  process.exit(1);
});
