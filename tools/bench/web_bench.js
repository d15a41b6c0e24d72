#!/usr/bin/env node
// Web build benchmark: prints numbers, never fails on speed.
//   - boot-to-shell of each board (versatilepb, malta once the core has it):
//     the page in headless Chromium (from navigation, downloads and wasm
//     compile included), the wasm core alone in Chromium and under node, the
//     native build and Debian's QEMU, with ratios
//   - emulated MIPS in the page; host CPU of Chromium while the guest idles at
//     the shell
//   - boardwalk.wasm / boardwalk.js sizes, raw and gzip
//
// usage: web_bench.js BOARDWALK_NATIVE SITE_DIR IMAGES_DIR
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

const repo = path.resolve(__dirname, '../..');
const { CHROMIUM_FLAGS, startServer } = require(path.join(repo, 'web/tests/page_lib'));
const { chromiumCpuSeconds } = require('./chromium_cpu');
const [nativeBin, siteDir, imagesDir] = process.argv.slice(2);
if (!nativeBin || !siteDir || !imagesDir) {
  console.error('usage: web_bench.js BOARDWALK_NATIVE SITE_DIR IMAGES_DIR');
  process.exit(2);
}
// Per board: URL settings (image paths relative to the site, which links
// images/ to the cache), the QEMU program, and the marker before the shell.
const BOARDS = {
  versatilepb: {
    settings: {
      M: 'versatilepb', m: '128',
      kernel: 'images/versatile-linux/zImage',
      dtb: 'images/versatile-linux/versatile-pb.dtb',
      initrd: 'images/versatile-initramfs/initrd.cpio.gz',
      append: 'console=ttyAMA0',
    },
    qemu: 'qemu-system-arm',
    marker: 'boardwalk: initramfs up',
  },
  malta: {
    settings: { M: 'malta', m: '256', kernel: 'images/malta-linux/vmlinux',
                hda: 'images/malta-rootfs/512M' },
    qemu: 'qemu-system-mipsel',
    marker: 'boardwalk: rootfs up',
  },
};
const IMAGE_FLAGS = ['kernel', 'dtb', 'initrd', 'hda'];
const shellRe = (b) => new RegExp(b.marker + '[^]*[#$] ');

// A native program (boardwalk or qemu) until the shell prompt; seconds.
function bootNative(argv, re) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const proc = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'ignore'] });
    let text = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${argv[0]}: no shell after 600 s`));
    }, 600000);
    proc.stdout.on('data', (d) => {
      text += d.toString('latin1');
      if (re.test(text)) {
        clearTimeout(timer);
        const s = Number(process.hrtime.bigint() - t0) / 1e9;
        proc.kill('SIGKILL');
        resolve(s);
      }
    });
    proc.on('error', reject);
  });
}

// QEMU arguments for a native run. Disks are used through a sparse copy: both
// programs write to -hda in place.
function nativeArgs(b, tmp) {
  const args = ['-M', b.settings.M, '-m', b.settings.m];
  for (const f of IMAGE_FLAGS) {
    if (!b.settings[f]) continue;
    let file = path.join(imagesDir, b.settings[f].replace(/^images\//, ''));
    if (f === 'hda') {
      const copy = path.join(tmp, path.basename(file));
      require('child_process').execFileSync('cp', ['--sparse=always', file, copy]);
      file = copy;
    }
    args.push('-' + f, file);
  }
  if (b.settings.append) args.push('-append', b.settings.append);
  return args.concat(['-nographic', '-monitor', 'none']);
}

// The wasm core with the page's run loop, under node; seconds and MIPS.
async function bootNode(b) {
  const createBoardwalk = require(path.resolve(siteDir, 'boardwalk.js'));
  const { Runner } = require(path.resolve(siteDir, 'runner.js'));
  const t0 = process.hrtime.bigint();
  const mod = await createBoardwalk();
  const args = ['-M', b.settings.M, '-m', b.settings.m];
  mod.FS.mkdir('/i');
  for (const f of IMAGE_FLAGS) {
    if (!b.settings[f]) continue;
    const file = path.join(imagesDir, b.settings[f].replace(/^images\//, ''));
    mod.FS.writeFile('/i/' + f, fs.readFileSync(file), { canOwn: true });
    args.push('-' + f, '/i/' + f);
  }
  if (b.settings.append) args.push('-append', b.settings.append);
  const re = shellRe(b);
  return new Promise((resolve) => {
    let text = '';
    const runner = new Runner(mod, {
      onOutput: (port, bytes) => {
        text += Buffer.from(bytes).toString('latin1');
        if (re.test(text)) {
          const s = Number(process.hrtime.bigint() - t0) / 1e9;
          const st = runner.status();
          runner.close();
          resolve({ s, mips: st.instructions / (st.hostNs / 1e3) });
        }
      },
    });
    runner.create(args);
    runner.start();
  });
}

async function chromiumRuns(b) {
  const { chromium } = require(path.join(repo, 'node_modules/playwright-core'));
  const server = await startServer(siteDir);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS,
  });
  const out = {};
  try {
    const page = context.pages()[0] || (await context.newPage());
    // The whole page: navigation, xterm.js, wasm compile, downloads, boot.
    const t0 = Date.now();
    await page.goto(server.url + '?' + new URLSearchParams(b.settings));
    await page.waitForFunction((src) => {
      const t = window.boardwalk && window.boardwalk.term;
      if (!t) return false;
      const b = t.buffer.active;
      let s = '';
      for (let i = 0; i < b.length; ++i) s += b.getLine(i).translateToString(true) + '\n';
      return new RegExp(src).test(s);
    }, shellRe(b).source, { timeout: 900000, polling: 50 });
    out.page = (Date.now() - t0) / 1000;
    const st = await page.evaluate(() => window.boardwalk.runner.status());
    out.pageMips = st.instructions / (st.hostNs / 1e3);

    // Idle at the shell: host CPU of every Chromium process, and the
    // emulator's own share, over 10 s.
    await page.waitForTimeout(2000);
    const cpu0 = chromiumCpuSeconds(profile);
    const h0 = await page.evaluate(() => window.boardwalk.runner.status().hostNs);
    const w0 = Date.now();
    await page.waitForTimeout(10000);
    const wall = (Date.now() - w0) / 1000;
    out.idleCpu = (chromiumCpuSeconds(profile) - cpu0) / wall;
    const h1 = await page.evaluate(() => window.boardwalk.runner.status().hostNs);
    out.idleCore = (h1 - h0) / 1e9 / wall;

    // The core alone in a blank page (no terminal), for comparison with node.
    await page.goto(server.url + 'runner.js');
    await page.setContent('<!doctype html><title>bench</title>');
    await page.addScriptTag({ url: server.url + 'boardwalk.js' });
    await page.addScriptTag({ url: server.url + 'runner.js' });
    const core = await page.evaluate(async ({ base, s, flags, reSrc }) => {
      const t0 = performance.now();
      const m = await createBoardwalk({ locateFile: (p) => base + p });
      m.FS.mkdir('/i');
      const args = ['-M', s.M, '-m', s.m];
      for (const f of flags) {
        if (!s[f]) continue;
        const bytes = new Uint8Array(await (await fetch(base + s[f])).arrayBuffer());
        m.FS.writeFile('/i/' + f, bytes, { canOwn: true });
        args.push('-' + f, '/i/' + f);
      }
      if (s.append) args.push('-append', s.append);
      const re = new RegExp(reSrc);
      let text = '';
      const dec = new TextDecoder();
      return new Promise((resolve) => {
        const runner = new BoardwalkRunner.Runner(m, {
          onOutput: (p, bytes) => {
            text += dec.decode(bytes, { stream: true });
            if (re.test(text)) {
              const st = runner.status();
              runner.close();
              resolve({ s: (performance.now() - t0) / 1000, mips: st.instructions / (st.hostNs / 1e3) });
            }
          },
        });
        runner.create(args);
        runner.start();
      });
    }, { base: server.url, s: b.settings, flags: IMAGE_FLAGS, reSrc: shellRe(b).source });
    out.core = core.s;
    out.coreMips = core.mips;
  } finally {
    await context.close();
    server.proc.kill();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return out;
}

function sizes() {
  const rows = [];
  for (const f of ['boardwalk.wasm', 'boardwalk.js']) {
    const data = fs.readFileSync(path.join(siteDir, f));
    rows.push([f, data.length, zlib.gzipSync(data, { level: 9 }).length]);
  }
  return rows;
}

async function main() {
  const createBoardwalk = require(path.resolve(siteDir, 'boardwalk.js'));
  const known = (await createBoardwalk().then((m) => m.UTF8ToString(m._bw_board_names())))
    .split('\n');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-webbench-'));
  try {
    for (const [name, b] of Object.entries(BOARDS)) {
      if (!known.includes(name)) {
        console.log(`${name}: not in this core yet`);
        continue;
      }
      const re = shellRe(b);
      const native = await bootNative([nativeBin, ...nativeArgs(b, tmp)], re);
      let qemu = null;
      try {
        qemu = await bootNative([b.qemu, ...nativeArgs(b, tmp)], re);
      } catch (e) {
        qemu = null;  // not installed
      }
      const node = await bootNode(b);
      const web = await chromiumRuns(b);
      const ratio = (a) =>
        `${(a / native).toFixed(2)}x native` + (qemu ? `, ${(a / qemu).toFixed(2)}x qemu` : '');
      console.log(`${name} boot to shell (seconds)`);
      console.log(`  native boardwalk            ${native.toFixed(2)}`);
      if (qemu) console.log(`  ${b.qemu.padEnd(27)} ${qemu.toFixed(2)}`);
      console.log(`  Chromium, whole page        ${web.page.toFixed(2)}   ${ratio(web.page)}   ` +
                  `${web.pageMips.toFixed(0)} guest MIPS`);
      console.log(`  Chromium, core only         ${web.core.toFixed(2)}   ${ratio(web.core)}   ` +
                  `${web.coreMips.toFixed(0)} guest MIPS`);
      console.log(`  node, core only             ${node.s.toFixed(2)}   ${ratio(node.s)}   ` +
                  `${node.mips.toFixed(0)} guest MIPS`);
      console.log(`${name} idle at the shell (Chromium)`);
      console.log(`  host CPU, all processes     ${(web.idleCpu * 100).toFixed(1)} % of a core`);
      console.log(`  in the emulator             ${(web.idleCore * 100).toFixed(2)} % of a core`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log('sizes (bytes)                raw        gzip');
  for (const [f, raw, gz] of sizes()) {
    console.log(`  ${f.padEnd(24)} ${String(raw).padStart(9)} ${String(gz).padStart(10)}`);
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(`web_bench: ${e.message}`);
  process.exit(1);
});
