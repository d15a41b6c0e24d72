#!/usr/bin/env node
// The page's screen, keyboard and pad in Debian's Chromium: versatilepb Linux
// (PL110 under fbcon) boots in the page; the same text written to /dev/tty1
// in the page and in Debian's QEMU must give the same pixels, read from the
// page's canvas and from QEMU's screendump; keys typed with the screen focused
// reach a reader on /dev/tty1 through the PL050 keyboard; taps on the
// on-screen pad arrive as the Dingoo A320's key codes in /dev/input/event*;
// the monitor answers from JavaScript, and the screenshot button's PNG holds
// the canvas.
//
// usage: screen_browser_test.js SITE_DIR IMAGES_DIR OUT_DIR
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFile } = require('child_process');

const repo = path.resolve(__dirname, '../..');
const { CHROMIUM_FLAGS, startServer, terminalText, waitForText } = require('./page_lib');
const { chromium } = require(path.join(repo, 'node_modules/playwright-core'));

const [siteDir, imagesDir, outDir] = process.argv.slice(2);
if (!siteDir || !imagesDir || !outDir) {
  console.error('usage: screen_browser_test.js SITE_DIR IMAGES_DIR OUT_DIR');
  process.exit(2);
}

// The text of tests/boot/versatilepb_screen_test.py, written the same way.
const SCREEN_TEXT = String.raw`printf 'boardwalk \033[31mred \033[32mgreen \033[1;34mbright blue` +
  String.raw` \033[43;35mon yellow\033[0m\n\033[7mreverse\033[0m plain\n' > /dev/tty1; ` +
  String.raw`printf '\033[2J\033[Hafter clear: \033[36mcyan\033[0m ' > /dev/tty1; ` +
  String.raw`i=0; while [ $i -lt 30 ]; do printf 'wrap%02d ' $i > /dev/tty1;` +
  String.raw` i=$((i+1)); done`;
// Pad buttons tapped, and the Linux key codes OpenDingux's Dingoo A320 gives them.
const PAD = [['start', 28], ['select', 1], ['a', 29], ['b', 56], ['x', 57], ['y', 42],
             ['l', 15], ['r', 14], ['up', 103], ['left', 105]];

function fail(message) {
  console.log(`FAIL: ${message}`);
  process.exit(1);
}

function readPpm(file) {
  const data = fs.readFileSync(file);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 40).toString('latin1'));
  if (!header) fail(`${file}: not a binary PPM`);
  const [all, w, h] = header;
  return { width: +w, height: +h, rgb: data.subarray(all.length) };
}

function qemuReference(file) {
  return new Promise((resolve, reject) => {
    execFile('python3', [path.join(repo, 'tests/boot/reference_screen.py'), imagesDir, file],
             { timeout: 600000 }, (err, stdout, stderr) => {
               if (err) reject(new Error(`QEMU reference failed: ${stderr || err.message}`));
               else resolve(readPpm(file));
             });
  });
}

// Shell command through the serial console (the runner's input, as typing).
async function run(page, command, waitMs = 300) {
  await waitForText(page, /[#$] *\n*$/, 60, 'a prompt');
  await page.waitForTimeout(200);
  await page.evaluate((c) => window.boardwalk.runner.input(new TextEncoder().encode(c + '\r')),
                      command);
  await page.waitForTimeout(waitMs);
  await waitForText(page, /[#$] *\n*$/, 60, `the prompt after '${command.slice(0, 30)}'`);
}

// The output a command printed between two markers.
async function output(page, command) {
  const tag = `m${Date.now() % 100000}`;
  await run(page, `echo ${tag}-a; ${command}; echo ${tag}-b`);
  const text = await terminalText(page);
  const m = new RegExp(`\\n${tag}-a\\n([\\s\\S]*?)\\n?${tag}-b`).exec(text);
  if (!m) fail(`no output of '${command}' in the terminal`);
  return m[1];
}

async function canvasPixels(page) {
  return page.evaluate(() => {
    const c = document.getElementById('screen');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    return { width: c.width, height: c.height, rgba: Array.from(d) };
  });
}

function compare(ref, got) {
  if (ref.width !== got.width || ref.height !== got.height) {
    fail(`canvas is ${got.width}x${got.height}, QEMU's screen ${ref.width}x${ref.height}`);
  }
  let lit = 0, bad = 0, first = -1;
  for (let i = 0; i < ref.width * ref.height; i++) {
    const r = [ref.rgb[3 * i], ref.rgb[3 * i + 1], ref.rgb[3 * i + 2]];
    const g = [got.rgba[4 * i], got.rgba[4 * i + 1], got.rgba[4 * i + 2]];
    if (r[0] || r[1] || r[2]) lit++;
    if (r[0] !== g[0] || r[1] !== g[1] || r[2] !== g[2]) {
      if (first < 0) first = i;
      bad++;
    }
  }
  if (lit < 5000) fail(`QEMU's screen is nearly black (${lit} lit pixels)`);
  if (bad) {
    fail(`${bad} canvas pixels differ from QEMU's; first at (${first % ref.width},` +
         `${Math.floor(first / ref.width)})`);
  }
  return lit;
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const reference = qemuReference(path.join(outDir, 'screen-qemu.ppm'));
  const server = await startServer(siteDir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  const context = await browser.newContext({ hasTouch: true, acceptDownloads: true });
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
    const settings = new URLSearchParams({
      demo: 'versatilepb', append: 'console=ttyAMA0 vt.global_cursor_default=0', net: 'none',
    });
    await page.goto(`${server.url}?${settings}`);
    await waitForText(page, /boardwalk: initramfs up/, 300, 'the initramfs marker');
    if (await page.locator('#screen-wrap').isHidden()) fail('the screen is hidden for versatilepb');

    // The keyboard is probed after the shell starts: wait for it (as the QEMU side does).
    for (let i = 0; !/AT Raw Set 2 keyboard/.test(await output(page, 'dmesg | grep input:')); i++) {
      if (i > 60) fail('no keyboard in dmesg');
      await page.waitForTimeout(500);
    }
    await run(page, SCREEN_TEXT);
    await run(page, 'sleep 1', 1200);
    await page.waitForTimeout(300);  // a refresh after the last write
    const lit = compare(await reference, await canvasPixels(page));
    console.log(`canvas equals QEMU's screendump (${lit} lit pixels)`);

    // The monitor from JavaScript: the core's own screendump equals the canvas too.
    const said = await page.evaluate(() => window.boardwalk.monitor('info status'));
    if (said !== 'VM status: running\n') fail(`info status said ${JSON.stringify(said)}`);
    const reply = await page.evaluate(() => window.boardwalk.qmp(
        { execute: 'screendump', arguments: { filename: '/tmp/page.ppm' } }));
    if (!reply.return) fail(`QMP screendump: ${JSON.stringify(reply)}`);

    // Keys typed on the focused screen reach a reader on tty1 (not the serial console).
    await run(page, 'rm -f /tmp/keys; cat /dev/tty1 > /tmp/keys &', 1000);
    await page.click('#screen');
    // Typed at full speed (a burst the page spaces out), with real Shift presses.
    await page.keyboard.type('hello ');
    await page.keyboard.press('Shift+KeyW');
    await page.keyboard.type('orld');
    await page.keyboard.press('Shift+Digit1');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1500);  // the spaced-out keys drain
    // The click grabbed the guest's (relative) mouse too: Ctrl+Alt+G lets go of both.
    await page.keyboard.press('Control+Alt+KeyG');
    const held = await page.evaluate(() => [document.activeElement.id,
                                            document.pointerLockElement && document.pointerLockElement.id]);
    if (held[0] === 'screen' || held[1]) fail(`Ctrl+Alt+G did not release the screen: ${held}`);
    await page.click('#terminal');
    const typed = (await output(page, 'cat /tmp/keys')).trim();
    if (typed !== 'hello World!') fail(`tty1 read ${JSON.stringify(typed)}`);
    console.log('keys on the screen reached /dev/tty1');

    // Pad taps arrive as the handheld's key codes in the keyboard's event device.
    const names = await output(page,
        'for e in /sys/class/input/event*; do echo ${e##*/} $(cat $e/device/name); done');
    const dev = names.split('\n').find((l) => /AT Raw Set 2 keyboard/.test(l));
    if (!dev) fail(`no keyboard event device in:\n${names}`);
    await run(page, `rm -f /tmp/ev; cat /dev/input/${dev.split(' ')[0]} > /tmp/ev & echo $! > /tmp/evpid`, 500);
    // A touch screen shows the pad from the start; the Pad button toggles it.
    if (await page.locator('#pad').isHidden()) await page.click('#btn-pad');
    for (const [button] of PAD) await page.tap(`[data-pad="${button}"]`);
    await page.waitForTimeout(1000);
    const dump = await output(page, 'kill $(cat /tmp/evpid); od -An -tx1 -v /tmp/ev');
    const raw = dump.split(/\s+/).filter(Boolean).map((b) => parseInt(b, 16));
    const keys = [];
    for (let i = 0; i + 16 <= raw.length; i += 16) {
      const type = raw[i + 8] | raw[i + 9] << 8, code = raw[i + 10] | raw[i + 11] << 8;
      if (type === 1 && raw[i + 12] === 1) keys.push(code);
    }
    const want = PAD.map(([, code]) => code);
    if (JSON.stringify(keys) !== JSON.stringify(want)) {
      fail(`pad gave key codes ${JSON.stringify(keys)}, want ${JSON.stringify(want)}`);
    }
    console.log(`pad taps gave ${keys.join(' ')}`);

    // The screenshot button downloads a PNG of the canvas.
    const [download] = await Promise.all([page.waitForEvent('download'),
                                          page.click('#btn-screenshot')]);
    const shot = path.join(outDir, 'screen-page.png');
    await download.saveAs(shot);
    const png = fs.readFileSync(shot);
    if (png.readUInt32BE(16) !== 800 || png.readUInt32BE(20) !== 600) {
      fail(`screenshot is ${png.readUInt32BE(16)}x${png.readUInt32BE(20)}, want 800x600`);
    }
    console.log('PASS');
  } finally {
    await browser.close();
    server.proc.kill();
  }
}

main().catch((e) => fail(e.stack || e.message));
