#!/usr/bin/env node
// The page's sound in Debian's Chromium: malta with -soundhw ac97 boots in the
// page, the first click starts WebAudio, the guest plays a known tone (500 Hz
// square wave, 1.024 s, half scale: tests/boot/sound_boot_test.py plays the
// same one natively against QEMU's capture) through /dev/dsp, and a tap on
// what the page hands its AudioWorklet must show that tone's frequency, level
// and duration; the worklet reports it played the frames.
//
// usage: sound_browser_test.js SITE_DIR
'use strict';
const path = require('path');

const repo = path.resolve(__dirname, '../..');
const { CHROMIUM_FLAGS, startServer, waitForText } = require('./page_lib');
const { chromium } = require(path.join(repo, 'node_modules/playwright-core'));

const TONE_HZ = 500, TONE_S = 8192 / 8000, LEVEL = 0.5;
const MAKE_TONE = String.raw`printf '\300\300\300\300\300\300\300\300@@@@@@@@' > /tmp/t; ` +
  'for i in 1 2 3 4 5 6 7 8 9; do cat /tmp/t /tmp/t > /tmp/u; mv /tmp/u /tmp/t; done';

function fail(message) {
  console.log(`FAIL: ${message}`);
  process.exit(1);
}

async function run(page, command) {
  await waitForText(page, /[#$] *\n*$/, 60, 'a prompt');
  await page.waitForTimeout(200);
  await page.evaluate((c) => window.boardwalk.runner.input(new TextEncoder().encode(c + '\r')),
                      command);
  await page.waitForTimeout(300);
  await waitForText(page, /[#$] *\n*$/, 120, `the prompt after '${command.slice(0, 30)}'`);
}

async function main() {
  const server = await startServer(process.argv[2]);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_FLAGS, '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
    await page.goto(`${server.url}?demo=malta&soundhw=ac97&net=none`);
    await waitForText(page, /boardwalk: rootfs up/, 300, 'the rootfs marker');
    await page.click('#terminal');  // the user gesture that starts WebAudio
    await page.waitForFunction(() => window.boardwalk.sound && window.boardwalk.sound.started,
                               null, { timeout: 30000 });
    await page.evaluate(() => {
      window.__chunks = [];
      window.__rate = 0;
      window.boardwalk.sound.onChunk = (samples, rate) => {
        window.__chunks.push(Array.from(samples.filter((_, i) => i % 2 === 0)));  // left
        window.__rate = rate;
      };
    });
    await run(page, MAKE_TONE);
    await run(page, 'cat /tmp/t > /dev/dsp; sleep 1');
    await page.waitForTimeout(500);
    const got = await page.evaluate(() => ({
      left: [].concat(...window.__chunks), rate: window.__rate,
      stats: window.boardwalk.sound.stats, state: window.boardwalk.sound.ctx.state,
    }));
    if (got.state !== 'running') fail(`AudioContext is ${got.state}`);
    const first = got.left.findIndex((v) => v !== 0);
    let last = got.left.length - 1;
    while (last > first && got.left[last] === 0) last--;
    if (first < 0) fail('the page heard only silence');
    const seg = got.left.slice(first, last + 1);
    let crossings = 0;
    for (let i = 1; i < seg.length; i++) if ((seg[i - 1] < 0) !== (seg[i] < 0)) crossings++;
    const seconds = seg.length / got.rate;
    const hz = crossings / 2 / seconds;
    const level = seg.map(Math.abs).sort((a, b) => a - b)[seg.length >> 1];
    console.log(`tone: ${hz.toFixed(1)} Hz, level ${level.toFixed(3)}, ${seconds.toFixed(3)} s ` +
                `at ${got.rate} Hz; worklet played ${got.stats.played} frames, ` +
                `${got.stats.underruns} underruns`);
    if (Math.abs(hz - TONE_HZ) > 0.01 * TONE_HZ) fail(`frequency ${hz} Hz, want ${TONE_HZ}`);
    if (Math.abs(level - LEVEL) > 0.01) fail(`level ${level}, want ${LEVEL}`);
    if (seconds < 0.85 * TONE_S || seconds > TONE_S + 0.01) fail(`duration ${seconds} s`);
    if (!(got.stats.played > 0.85 * TONE_S * got.rate)) fail('the AudioWorklet did not play the tone');
    console.log('PASS');
  } finally {
    await browser.close();
    server.proc.kill();
  }
}

main().catch((e) => fail(e.stack || e.message));
