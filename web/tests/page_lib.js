// What the Chromium tests and the web benchmark share: Debian's Chromium flags,
// the local static server for a built site, and reading the page's terminal.
'use strict';
const { spawn } = require('child_process');
const path = require('path');

const repo = path.resolve(__dirname, '../..');

// Never a downloaded browser; no background connections (the network is closed).
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
                        '--no-first-run', '--disable-background-networking',
                        '--disable-component-update', '--disable-sync'];

// web/serve.py for |siteDir| on a free port; resolves with { proc, url }.
function startServer(siteDir) {
  return new Promise((resolve, reject) => {
    const proc = spawn('python3', [path.join(repo, 'web/serve.py'), siteDir, '--port', '0'],
                       { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /^(http:\S+)\n/.exec(out);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.on('exit', (code) => reject(new Error(`serve.py exited with ${code}`)));
  });
}

// The terminal's whole buffer as text, one line per row.
function terminalText(page) {
  return page.evaluate(() => {
    const t = window.boardwalk && window.boardwalk.term;
    if (!t) return '';
    const b = t.buffer.active;
    const lines = [];
    for (let i = 0; i < b.length; ++i) lines.push(b.getLine(i).translateToString(true));
    return lines.join('\n');
  });
}

// Resolves with the terminal text once it matches |re|; fails early if the
// page shows an error, and after |timeoutS| with the terminal's last lines.
async function waitForText(page, re, timeoutS, what) {
  const end = Date.now() + timeoutS * 1000;
  for (;;) {
    const text = await terminalText(page);
    if (re.test(text)) return text;
    const error = await page.evaluate(() => {
      const e = document.getElementById('error');
      return e && !e.hidden ? e.textContent : '';
    });
    if (error) throw new Error(`page shows an error while waiting for ${what}: ${error}`);
    if (Date.now() > end) {
      // The status line says whether the machine ever started (and the network's state).
      const status = await page.evaluate(() =>
        [...document.querySelectorAll('#status, #net-status')].map((e) => e.textContent).join(' | '));
      throw new Error(`timeout after ${timeoutS} s waiting for ${what}; status: ${status}; ` +
                      'terminal:\n' + text.split('\n').filter(Boolean).slice(-25).join('\n'));
    }
    await page.waitForTimeout(50);
  }
}

// (lit, blue, red) pixel counts in the right-hand panel of the OpenDingux
// demo's game on the canvas: the main menu is mostly blue, a game in play
// shows the power-up panel (some blue, some red).
function demoPanel(page) {
  return page.evaluate(() => {
    const c = document.getElementById('screen');
    if (c.width !== 320 || c.height !== 240) return { size: `${c.width}x${c.height}` };
    const d = c.getContext('2d').getImageData(256, 36, 64, 174).data;
    let lit = 0, blue = 0, red = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b] = [d[i], d[i + 1], d[i + 2]];
      lit += r + g + b > 60;
      blue += b > 150 && r < 100;
      red += r > 150 && g < 100 && b < 100;
    }
    return { size: '320x240', lit, blue, red };
  });
}

module.exports = { CHROMIUM_FLAGS, demoPanel, startServer, terminalText, waitForText };
