#!/usr/bin/env node
// The OpenDingux demo in Debian's Chromium, as a person on a phone meets it:
// ?demo=opendingux boots malta with the demo disk (Powermanga on the Cirrus
// framebuffer, AC'97 sound, a USB keyboard); the canvas shows the intro, then
// the main menu; taps on the on-screen pad's Start button start a game (the
// right-hand panel changes as tests/boot/malta_demo_test.py recognises it
// natively); the page's sound carries the game's music.
//
// usage: demo_browser_test.js SITE_DIR
'use strict';
const path = require('path');

const repo = path.resolve(__dirname, '../..');
const { CHROMIUM_FLAGS, demoPanel: panel, startServer, waitForText } = require('./page_lib');
const { chromium } = require(path.join(repo, 'node_modules/playwright-core'));

function fail(message) {
  console.log(`FAIL: ${message}`);
  process.exit(1);
}

async function waitScreen(page, what, test, timeoutS, tapStart) {
  const end = Date.now() + timeoutS * 1000;
  for (;;) {
    const p = await panel(page);
    if (p.size === '320x240' && test(p)) return p;
    if (Date.now() > end) fail(`no ${what} on the canvas within ${timeoutS} s (${JSON.stringify(p)})`);
    if (tapStart) await page.tap('[data-pad="start"]');
    await page.waitForTimeout(1000);
  }
}

async function main() {
  const server = await startServer(process.argv[2]);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    // A phone: the screen, the pad below it, the console under them.
    const context = await browser.newContext({ hasTouch: true, isMobile: true,
                                               viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
    const t0 = Date.now();
    await page.goto(`${server.url}?demo=opendingux`);
    await waitForText(page, /boardwalk-demo: starting powermanga/, 600, 'the game to start');
    console.log(`game started ${((Date.now() - t0) / 1000).toFixed(1)} s after the page opened`);
    if (await page.locator('#pad').isHidden()) fail('no pad on a touch screen');
    // The first tap is the gesture that lets the page make sound (B does nothing in the game).
    await page.tap('[data-pad="b"]');
    await page.waitForFunction(() => window.boardwalk.sound && window.boardwalk.sound.started,
                               null, { timeout: 30000 });
    await page.evaluate(() => {
      window.__sum = 0;
      window.__n = 0;
      window.boardwalk.sound.onChunk = (s) => {
        for (const v of s) window.__sum += v * v;
        window.__n += s.length;
      };
    });
    await waitScreen(page, 'main menu', (p) => p.blue > 4000, 300, true);
    console.log(`main menu ${((Date.now() - t0) / 1000).toFixed(1)} s after the page opened`);
    await page.waitForTimeout(2000);
    await page.tap('[data-pad="start"]');
    const playing = await waitScreen(page, 'game (power-up panel)',
                                     (p) => p.blue > 500 && p.blue < 3500 && p.red > 100, 120, true);
    console.log(`playing after pad Start: panel ${JSON.stringify(playing)}`);
    for (const b of ['left', 'up', 'x', 'a', 'x']) await page.tap(`[data-pad="${b}"]`);
    await page.waitForTimeout(3000);
    const rms = await page.evaluate(() => Math.sqrt(window.__sum / Math.max(1, window.__n)));
    const stats = await page.evaluate(() => window.boardwalk.sound.stats);
    console.log(`sound: RMS ${(rms * 32768).toFixed(0)} of 32768 over the game; worklet played ` +
                `${stats.played} frames, ${stats.underruns} underruns`);
    if (!(rms * 32768 > 500)) fail('the page played no music');
    console.log('PASS');
  } finally {
    await browser.close();
    server.proc.kill();
  }
}

main().catch((e) => fail(e.stack || e.message));
