// core/jit end to end (jit_probe.cpp + jit_probe_driver.js): under node, or
// with `chromium` in Debian's Chromium through playwright-core (the page's
// main thread, where Chromium limits synchronous compiles). Prints the
// measured numbers as JSON; exits non-zero on any failed check.
//   node jit_probe_test.js BUILD_DIR [chromium]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runJitProbe } = require('./jit_probe_driver.js');

const [buildDir, where = 'node'] = process.argv.slice(2);
const probeJs = path.join(buildDir, 'jit_probe.js');

async function underNode() {
  const createJitProbe = require(path.resolve(probeJs));
  return runJitProbe(await createJitProbe());
}

async function inChromium() {
  const { chromium } = require(path.join(__dirname, '../../node_modules/playwright-core'));
  const { startServer, CHROMIUM_FLAGS } = require('../../web/tests/page_lib.js');
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-jit-'));
  for (const f of ['jit_probe.js', 'jit_probe.wasm'])
    fs.copyFileSync(path.join(buildDir, f), path.join(site, f));
  fs.copyFileSync(path.join(__dirname, 'jit_probe_driver.js'), path.join(site, 'driver.js'));
  fs.writeFileSync(path.join(site, 'index.html'),
                   '<!doctype html><link rel=icon href="data:,"><script src="jit_probe.js"></script><script src="driver.js"></script>');
  const server = await startServer(site);
  const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'bw-jit-profile-')),
                                                     { executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    const page = await ctx.newPage();
    page.on('console', (m) => console.log('page:', m.text()));
    await page.goto(new URL('index.html', server.url).href);
    return await page.evaluate(async () => runJitProbe(await createJitProbe()));
  } finally {
    await ctx.close();
    server.proc.kill();
    fs.rmSync(site, { recursive: true, force: true });
  }
}

(where === 'chromium' ? inChromium() : underNode()).then((r) => {
  console.log(JSON.stringify({ where, ...r.numbers }, null, 1));
  for (const f of r.failures) console.log('FAIL:', f);
  process.exit(r.failures.length ? 1 : 0);
}, (e) => {
  console.log('FAIL:', e.stack || e);
  process.exit(1);
});
