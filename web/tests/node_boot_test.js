#!/usr/bin/env node
// Boot test of the wasm build under node: versatilepb Linux + busybox initramfs
// reaches the shell through the same run loop the page uses (runner.js), and
// shell arithmetic typed into the UART comes back.
//
// usage: node_boot_test.js SITE_DIR IMAGES_DIR
'use strict';
const fs = require('fs');
const path = require('path');

const [siteDir, imagesDir] = process.argv.slice(2);
if (!siteDir || !imagesDir) {
  console.error('usage: node_boot_test.js SITE_DIR IMAGES_DIR');
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
  const files = {
    '/images/zImage': path.join(imagesDir, 'versatile-linux/zImage'),
    '/images/versatile-pb.dtb': path.join(imagesDir, 'versatile-linux/versatile-pb.dtb'),
    '/images/initrd.cpio.gz': path.join(imagesDir, 'versatile-initramfs/initrd.cpio.gz'),
  };
  mod.FS.mkdir('/images');
  for (const [dst, src] of Object.entries(files)) mod.FS.writeFile(dst, fs.readFileSync(src));

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
    runner.create(['-M', 'versatilepb', '-kernel', '/images/nonexistent']);
  } catch (e) {
    error = e.message;
  }
  if (!/\/images\/nonexistent/.test(error)) throw new Error(`bad error for missing file: '${error}'`);
  console.log(`missing kernel: ${error}`);

  runner.create(['-M', 'versatilepb', '-m', '128', '-kernel', '/images/zImage',
                 '-dtb', '/images/versatile-pb.dtb', '-initrd', '/images/initrd.cpio.gz',
                 '-append', 'console=ttyAMA0']);
  runner.start();
  try {
    await expect(/Booting Linux on physical CPU/, 120, 'kernel banner');
    await expect(/boardwalk: initramfs up/, 600, 'initramfs marker');
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
