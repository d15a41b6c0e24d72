#!/usr/bin/env node
// The page's screen and speakers in headless Chromium (the other half of
// display_bench.py): pictures drawn per second, host CPU of the whole browser,
// the emulator's own share and guest MIPS with an animating guest (the
// OpenDingux demo's game at 320x240x16 with its music, an fbcon scroll at
// 1024x768x16), WebAudio underruns per minute under that load, and the host
// CPU of an idle guest with its display on. Prints numbers; never fails on
// speed. Headless Chromium draws in software (--disable-gpu), so the CPU
// figures include what a GPU would do.
//
// usage: web_display_bench.js SITE_DIR
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const repo = path.resolve(__dirname, '../..');
const { CHROMIUM_FLAGS, demoPanel, startServer, waitForText } =
  require(path.join(repo, 'web/tests/page_lib'));
const { chromiumCpuSeconds } = require('./chromium_cpu');

const WINDOW_S = 10;
const SCROLL = '{ while :; do cat /proc/cpuinfo /proc/interrupts > /dev/tty1; done & }\n';
const MALTA = { M: 'malta', m: '256', kernel: 'images/malta-linux/vmlinux' };
const SCENES = [
  { title: 'game in play 320x240x16 + AC\'97', query: 'demo=opendingux',
    ready: /boardwalk-demo: starting/, sound: true, play: true },
  { title: 'fbcon scroll 1024x768x16',
    query: new URLSearchParams({ ...MALTA, hda: 'images/malta-rootfs/512M',
                                 append: 'video=cirrusfb:1024x768-16@60' }).toString(),
    ready: /boardwalk: rootfs up[^]*[#$] /, type: SCROLL },
  { title: 'idle shell, display on',
    query: new URLSearchParams({
      M: 'versatilepb', m: '128', kernel: 'images/versatile-linux/zImage',
      dtb: 'images/versatile-linux/versatile-pb.dtb',
      initrd: 'images/versatile-initramfs/initrd.cpio.gz', append: 'console=ttyAMA0',
    }).toString(),
    ready: /boardwalk: initramfs up[^]*[#$] / },
];

// The page's counters at one moment.
function sample(page, profile) {
  return page.evaluate(() => {
    const b = window.boardwalk;
    const st = b.runner.status();
    const snd = b.sound && b.sound.started ? b.sound.stats : { underruns: 0, played: 0 };
    return { frames: b.screen.frames, insns: st.instructions, hostNs: st.hostNs,
             underruns: snd.underruns, played: snd.played, t: performance.now() };
  }).then((s) => ({ ...s, cpu: chromiumCpuSeconds(profile) }));
}

// Presses Enter on the screen every second until the game's panel passes |test|.
async function untilPanel(page, test, timeoutS) {
  for (const end = Date.now() + timeoutS * 1000; Date.now() < end;) {
    if (test(await demoPanel(page))) return;
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1000);
  }
  throw new Error(`the demo did not reach the expected screen in ${timeoutS} s`);
}

async function scene(browser, profile, url, s) {
  const page = browser.pages()[0] || (await browser.newPage());
  await page.goto(`${url}?${s.query}`);
  await waitForText(page, s.ready, 900, s.title);
  if (s.sound) {
    // A click on the screen is the gesture that lets the page make sound.
    await page.click('#screen');
    await page.waitForFunction(() => window.boardwalk.sound && window.boardwalk.sound.started,
                               null, { timeout: 30000 });
  }
  if (s.play) {
    // Enter (the handheld's Start) skips the intro to the menu, then starts a game.
    await untilPanel(page, (p) => p.blue > 4000, 300);
    await page.waitForTimeout(2000);
    await untilPanel(page, (p) => p.blue > 500 && p.blue < 3500 && p.red > 100, 120);
  }
  if (s.type) {
    await page.evaluate((text) => window.boardwalk.runner.input(new TextEncoder().encode(text)),
                        s.type);
  }
  await page.waitForTimeout(3000);  // past the start-up
  const a = await sample(page, profile);
  await page.waitForTimeout(WINDOW_S * 1000);
  const b = await sample(page, profile);
  const wall = (b.t - a.t) / 1000;
  const row = [
    `fps ${((b.frames - a.frames) / wall).toFixed(1)}`,
    `cpu % ${(100 * (b.cpu - a.cpu) / wall).toFixed(1)}`,
    `emulator % ${(100 * (b.hostNs - a.hostNs) / 1e9 / wall).toFixed(1)}`,
    `guest MIPS ${((b.insns - a.insns) / wall / 1e6).toFixed(1)}`,
  ];
  if (s.sound) {
    row.push(`underruns/min ${((b.underruns - a.underruns) / wall * 60).toFixed(1)}`);
    row.push(`played ${((b.played - a.played) / wall).toFixed(0)} frames/s`);
  }
  console.log(`  ${s.title.padEnd(34)} chromium  ${row.join('  ')}`);
}

async function main() {
  const siteDir = process.argv[2];
  if (!siteDir) {
    console.error('usage: web_display_bench.js SITE_DIR');
    process.exit(2);
  }
  const { chromium } = require(path.join(repo, 'node_modules/playwright-core'));
  const server = await startServer(siteDir);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-display-bench-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS,
  });
  console.log(`display and sound in the page (headless Chromium, ${WINDOW_S} s windows)`);
  try {
    for (const s of SCENES) await scene(browser, profile, server.url, s);
  } finally {
    await browser.close();
    server.proc.kill();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(`web_display_bench: ${e.message}`);
  process.exit(1);
});
