#!/usr/bin/env node
// The SDL2 front end on the web's SDL (Debian's source, compiled by
// web/sdl2/) in Debian's Chromium: sdl-check.html shows a 4x2 RGB565 test
// frame scaled 40x on the canvas; the screenshot's pixels must match, the
// audio device must open on WebAudio, and a key press must arrive as SDL
// scancode events.
//
// usage: sdl_browser_test.js SITE_DIR OUT_DIR
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

const repo = path.resolve(__dirname, '../..');
const { CHROMIUM_FLAGS, startServer } = require('./page_lib');
const { chromium } = require(path.join(repo, 'node_modules/playwright-core'));
const [siteDir, outDir] = process.argv.slice(2);

// Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes).
function decodePng(buf) {
  let pos = 8;
  let width = 0, height = 0, channels = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('unsupported PNG (depth/interlace)');
      channels = { 2: 3, 6: 4 }[data[9]];
      if (!channels) throw new Error(`unsupported PNG colour type ${data[9]}`);
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; ++y) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; ++x) {
      const a = x >= channels ? out[y * stride + x - channels] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = v & 0xff;
    }
  }
  return { width, height, channels, pixel: (x, y) => {
    const i = (y * width + x) * channels;
    return [out[i], out[i + 1], out[i + 2]];
  } };
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer(siteDir);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS,
    viewport: { width: 400, height: 200 },
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    await page.goto(server.url + 'sdl-check.html');
    // The exports exist before the runtime is up (calling one then throws):
    // wait for calledRun.
    const log = () => page.evaluate(() =>
      window.Module && Module.calledRun ? Module.UTF8ToString(Module._sdl_check_log()) : '');
    await page.waitForFunction(() => window.Module && Module.calledRun &&
      /queued/.test(Module.UTF8ToString(Module._sdl_check_log())), null, { timeout: 30000 });
    let text = await log();
    if (!/^open ok; video emscripten; renderer \S+; audio emscripten; queued audio$/.test(text)) {
      throw new Error(`SDL did not open video and audio: '${text}'`);
    }
    await page.keyboard.press('a');
    await page.waitForTimeout(300);
    text = await log();
    if (!/; key 30 down; key 30 up$/.test(text)) throw new Error(`key events missing: '${text}'`);
    console.log(text);

    const shot = path.join(outDir, 'sdl-check.png');
    await page.locator('#canvas').screenshot({ path: shot });
    const png = decodePng(fs.readFileSync(shot));
    if (png.width !== 160 || png.height !== 80) {
      throw new Error(`canvas is ${png.width}x${png.height}, want 160x80 (4x2 frame, scale 40)`);
    }
    // Cell centres: the frame's RGBA colours.
    const want = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255],
                  [0, 0, 0], [0x84, 0x82, 0x84], [255, 255, 0], [0, 255, 255]];
    want.forEach((rgb, i) => {
      const got = png.pixel((i % 4) * 40 + 20, Math.floor(i / 4) * 40 + 20);
      // The GPU path may round a step differently from the blitter.
      if (got.some((v, c) => Math.abs(v - rgb[c]) > 2)) {
        throw new Error(`pixel ${i}: got rgb(${got}) want rgb(${rgb})`);
      }
    });
    console.log('canvas pixels match the frame');
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
