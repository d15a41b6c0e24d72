#!/usr/bin/env node
// End-to-end test in Debian's Chromium, driven by playwright-core: the page
// served by web/serve.py boots a board from a URL naming QEMU's flags, reaches
// the shell, `echo $((6*7))` typed on the keyboard prints 42 in the terminal.
// For versatilepb also: copy link, pause/resume, reset, and readable errors in
// the page for a bad image URL and a bad image. Fails if the core
// has no such board.
//
// usage: browser_test.js SITE_DIR OUT_DIR [versatilepb|malta] [--bench]
//   OUT_DIR receives the screenshots; --bench prints only the boot time.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const repo = path.resolve(__dirname, '../..');
const { CHROMIUM_FLAGS, startServer, terminalText, waitForText } = require('./page_lib');
const { chromium } = require(path.join(repo, 'node_modules/playwright-core'));

const args = process.argv.slice(2);
const bench = args.includes('--bench');
const [siteDir, outDir, board = 'versatilepb'] = args.filter((a) => !a.startsWith('--'));


const VERSATILE = {
  M: 'versatilepb', m: '128',
  kernel: 'images/versatile-linux/zImage',
  dtb: 'images/versatile-linux/versatile-pb.dtb',
  initrd: 'images/versatile-initramfs/initrd.cpio.gz',
  append: 'console=ttyAMA0',
};
// Per board: the URL settings and the marker printed just before the shell.
const BOARDS = {
  versatilepb: { settings: VERSATILE, marker: 'boardwalk: initramfs up' },
  malta: {
    settings: { M: 'malta', m: '256', kernel: 'images/malta-linux/vmlinux',
                hda: 'images/malta-rootfs/512M' },
    marker: 'boardwalk: rootfs up',
  },
};
const spec = BOARDS[board];
if (!siteDir || !outDir || !spec) {
  console.error('usage: browser_test.js SITE_DIR OUT_DIR [versatilepb|malta] [--bench]');
  process.exit(2);
}

// Whether the core knows |board| (asked under node, before starting a browser).
async function coreHasBoard() {
  const createBoardwalk = require(path.resolve(siteDir, 'boardwalk.js'));
  const mod = await createBoardwalk();
  return mod.UTF8ToString(mod._bw_board_names()).split('\n').includes(board);
}

// Waits until the shell shows a fresh prompt on the last line, then a moment
// more: busybox asks the terminal for the cursor position (ESC[6n) after each
// prompt, and keys typed before the answer arrives get lost in the reply.
async function typeCommand(page, command, { paste = false } = {}) {
  await waitForText(page, /[#$] *\n*$/, 30, 'a prompt');
  await page.waitForTimeout(200);
  if (paste) {
    await page.evaluate((c) => navigator.clipboard.writeText(c), command);
    await page.keyboard.press('Control+Shift+V');
    await page.waitForTimeout(100);
  } else {
    await page.keyboard.type(command);
  }
  await page.keyboard.press('Enter');
}

async function main() {
  if (!(await coreHasBoard())) {
    console.log(`FAIL: the core has no ${board} board`);
    process.exit(1);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer(siteDir);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
    viewport: { width: 1100, height: 700 },
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // Boot from a URL that names every setting.
    const url = server.url + '?' + new URLSearchParams(spec.settings).toString();
    const t0 = Date.now();
    await page.goto(url);
    await waitForText(page, new RegExp(spec.marker), 900, spec.marker);
    await waitForText(page, new RegExp(spec.marker + '[^]*[#$] '), 60, 'shell prompt');
    const bootS = (Date.now() - t0) / 1000;
    if (bench) {
      console.log(`chromium boot-to-shell ${bootS.toFixed(2)} s`);
      return;
    }
    console.log(`shell after ${bootS.toFixed(2)} s`);

    await typeCommand(page, 'echo $((6*7))');
    await waitForText(page, /^42\s*$/m, 30, '42 from echo $((6*7))');
    console.log('echo $((6*7)) -> 42');

    const status = await page.textContent('#status');
    const statusRe = new RegExp(`^${board} · [\\d.]+ MIPS · virtual [\\d.]+ s / real [\\d.]+ s · running$`);
    if (!statusRe.test(status)) {
      throw new Error(`unexpected status line: '${status}'`);
    }
    console.log(`status: ${status}`);
    await page.screenshot({ path: path.join(outDir, `${board}-shell.png`) });
    if (board !== 'versatilepb') {
      if (pageErrors.length) throw new Error('page errors: ' + pageErrors.join('; '));
      console.log('PASS');
      return;
    }

    // The copy-link button writes the current settings (same keys as QEMU flags).
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.click('#btn-link');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    for (const [k, v] of Object.entries(VERSATILE)) {
      if (new URL(link).searchParams.get(k) !== v) throw new Error(`link lacks ${k}=${v}: ${link}`);
    }
    console.log(`copied link: ${link}`);

    // UTF-8 both ways: typed text goes to the UART as UTF-8, the guest's echo
    // is decoded back.
    await typeCommand(page, 'echo h\u00e9llo-\u263a');
    await waitForText(page, /^h\u00e9llo-\u263a\s*$/m, 30, 'UTF-8 echo');
    console.log('UTF-8 round trip ok');

    // Paste (Ctrl+Shift+V) types the clipboard; copy (Ctrl+Shift+C) takes the selection.
    await typeCommand(page, 'echo pasted-$((2+3))', { paste: true });
    await waitForText(page, /^pasted-5\s*$/m, 30, 'pasted command output');
    await page.evaluate(() => window.boardwalk.term.selectAll());
    await page.keyboard.press('Control+Shift+C');
    await page.waitForTimeout(200);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    if (!/^pasted-5$/m.test(copied)) throw new Error(`copy did not take the selection: '${copied.slice(-200)}'`);
    console.log('copy/paste ok');

    // Pause stops the guest (the instruction count stands still); resume goes on.
    const insns = () => page.evaluate(() => window.boardwalk.runner.status().instructions);
    await page.click('#btn-pause');
    if ((await page.textContent('#btn-pause')) !== 'Resume') throw new Error('pause button did not flip');
    const p0 = await insns();
    await page.waitForTimeout(500);
    if ((await insns()) !== p0) throw new Error('guest ran while paused');
    await page.click('#btn-pause');
    await typeCommand(page, 'echo resumed-$((1+1))');
    await waitForText(page, /^resumed-2\s*$/m, 30, 'output after resume');
    console.log('pause/resume ok');

    // Reset: a power cycle boots the same images again.
    await page.click('#btn-reset');
    await waitForText(page, /boardwalk: initramfs up[^]*[#$] /, 600, 'shell after reset');
    const after = await terminalText(page);
    if (/resumed-2/.test(after)) throw new Error('terminal not cleared on reset');
    console.log('reset ok');

    // A bad image URL: the page names the URL and the reason.
    const badUrl = server.url + '?M=versatilepb&kernel=images/no-such-dir/zImage';
    await page.goto(badUrl);
    await page.waitForSelector('#error:not([hidden])', { timeout: 30000 });
    const error = await page.textContent('#error');
    if (!/images\/no-such-dir\/zImage/.test(error) || !/404/.test(error)) {
      throw new Error(`error message does not name the URL and reason: '${error}'`);
    }
    console.log(`bad URL error: ${error}`);
    await page.screenshot({ path: path.join(outDir, 'bad-url-error.png') });

    // A file that downloads fine but is not a device tree: the core's message,
    // naming the URL rather than the in-memory path.
    await page.goto(server.url + '?' + new URLSearchParams({ ...VERSATILE, dtb: 'index.html' }));
    await page.waitForSelector('#error:not([hidden])', { timeout: 30000 });
    const error2 = await page.textContent('#error');
    if (!/^index\.html: .*not a device tree/.test(error2)) {
      throw new Error(`core error does not name the URL and reason: '${error2}'`);
    }
    console.log(`not-a-DTB error: ${error2}`);

    if (pageErrors.length) throw new Error('page errors: ' + pageErrors.join('; '));
    console.log('PASS');
  } finally {
    await context.close();
    server.proc.kill();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(`FAIL: ${e.message}`);
  process.exit(1);
});
