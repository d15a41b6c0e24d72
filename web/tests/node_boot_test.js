#!/usr/bin/env node
// Boot test of the wasm build under node: a board's demo Linux reaches the
// shell through the same run loop the page uses (runner.js), and shell
// arithmetic and UTF-8 typed into the UART come back. Fails if
// the core has no such board.
//
// usage: node_boot_test.js SITE_DIR IMAGES_DIR [versatilepb|malta]
'use strict';
const fs = require('fs');
const path = require('path');

const [siteDir, imagesDir, board = 'versatilepb'] = process.argv.slice(2);
// Per board: image files (MEMFS path -> cache path), QEMU arguments, and the
// console lines on the way to the shell (pattern, timeout in s).
const BOARDS = {
  versatilepb: {
    files: {
      '/images/zImage': 'versatile-linux/zImage',
      '/images/versatile-pb.dtb': 'versatile-linux/versatile-pb.dtb',
      '/images/initrd.cpio.gz': 'versatile-initramfs/initrd.cpio.gz',
    },
    args: ['-M', 'versatilepb', '-m', '128', '-kernel', '/images/zImage',
           '-dtb', '/images/versatile-pb.dtb', '-initrd', '/images/initrd.cpio.gz',
           '-append', 'console=ttyAMA0'],
    markers: [[/Booting Linux on physical CPU/, 120], [/boardwalk: initramfs up/, 600]],
  },
  malta: {
    files: { '/images/vmlinux': 'malta-linux/vmlinux', '/images/512M': 'malta-rootfs/512M' },
    args: ['-M', 'malta', '-m', '256', '-kernel', '/images/vmlinux', '-hda', '/images/512M'],
    markers: [[/Linux version 6\.1/, 120], [/boardwalk: rootfs up/, 900]],
  },
};
const spec = BOARDS[board];
if (!siteDir || !imagesDir || !spec) {
  console.error('usage: node_boot_test.js SITE_DIR IMAGES_DIR [versatilepb|malta]');
  process.exit(2);
}

const createBoardwalk = require(path.resolve(siteDir, 'boardwalk.js'));
const { Runner } = require(path.resolve(siteDir, 'runner.js'));

const t0 = Date.now();
const elapsed = () => ((Date.now() - t0) / 1000).toFixed(2);
let text = '';
const waiters = [];

function expect(re, timeoutS, what) {
  return new Promise((resolve, reject) => {
    const w = { re, resolve, from: text.length };
    w.timer = setTimeout(() => {
      reject(new Error(`timeout after ${timeoutS} s waiting for ${what}; last output:\n` +
                       text.slice(-2000)));
    }, timeoutS * 1000);
    waiters.push(w);
    check();
  });
}

function check() {
  for (let i = 0; i < waiters.length; ++i) {
    const w = waiters[i];
    const m = w.re.exec(text.slice(w.from));
    if (m) {
      clearTimeout(w.timer);
      waiters.splice(i--, 1);
      w.resolve(m);
    }
  }
}

async function main() {
  const mod = await createBoardwalk({ printErr: (s) => process.stderr.write(s + '\n') });
  const known = mod.UTF8ToString(mod._bw_board_names()).split('\n');
  if (!known.includes(board)) {
    console.log(`FAIL: the core has no ${board} board`);
    process.exit(1);
  }
  mod.FS.mkdir('/images');
  for (const [dst, src] of Object.entries(spec.files)) {
    mod.FS.writeFile(dst, fs.readFileSync(path.join(imagesDir, src)), { canOwn: true });
  }

  const decoder = new TextDecoder();
  let stopped = false;
  const runner = new Runner(mod, {
    onOutput: (port, bytes) => {
      const s = decoder.decode(bytes, { stream: true });
      text += s;
      if (process.env.BOOT_LOG_STDOUT) process.stdout.write(s);
      check();
    },
    onStop: () => {
      stopped = true;
    },
  });

  // A missing file is reported as one line naming it.
  let error = '';
  try {
    runner.create(['-M', board, '-kernel', '/images/nonexistent']);
  } catch (e) {
    error = e.message;
  }
  if (!/\/images\/nonexistent/.test(error)) throw new Error(`bad error for missing file: '${error}'`);
  console.log(`missing kernel: ${error}`);

  runner.create(spec.args);
  runner.start();
  try {
    for (const [re, timeoutS] of spec.markers) await expect(re, timeoutS, String(re));
    await expect(/[#$] /, 60, 'shell prompt');
    const st = runner.status();
    console.log(`shell after ${elapsed()} s (${(st.instructions / 1e6).toFixed(0)} M instructions, ` +
                `virtual ${(st.virtualNs / 1e9).toFixed(2)} s)`);
    runner.input(new TextEncoder().encode('echo $((6*7))\n'));
    await expect(/\r?\n42\r?\n/, 30, 'echo output 42');
    // UTF-8 survives the UART both ways.
    runner.input(new TextEncoder().encode('echo h\u00e9llo-\u263a\n'));
    await expect(/\r?\nh\u00e9llo-\u263a\r?\n/, 30, 'UTF-8 echo');
    if (stopped) throw new Error('machine stopped');
    console.log('PASS');
  } finally {
    runner.close();
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(`FAIL: ${e.message}`);
  process.exit(1);
});
