// The checks and timings of core/jit run against jit_probe.cpp's program;
// the same code runs under node (jit_probe_test.js) and in a Chromium page.
// Returns { failures: [...], numbers: {...} }.
'use strict';

// A valid module of exactly |total| bytes: two () -> () functions of nops
// (one function may not exceed V8's 7,654,321 bytes).
function moduleOfSize(total) {
  const uleb = (n) => { const o = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return o; };
  const head = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 3, 2, 0, 0];
  const half = Math.floor(total / 2);
  for (let k = total - 60; k < total; ++k) {
    // Body = 0 locals, nops, end; the first gets |half| nops, the second the rest.
    const n1 = half, n2 = k - half;
    const b1 = n1 + 2, b2 = n2 + 2;
    const code = [2].concat(uleb(b1)).length + b1 + uleb(b2).length + b2;
    const len = head.length + 1 + uleb(code).length + code;
    if (len !== total) continue;
    const out = new Uint8Array(len);
    let p = 0;
    const put = (arr) => { out.set(arr, p); p += arr.length; };
    put(head); put([10]); put(uleb(code)); put([2]);
    for (const n of [n1, n2]) { put(uleb(n + 2)); put([0]); out.fill(1, p, p + n); p += n; put([0x0b]); }
    return out;
  }
  throw new Error(`no module of ${total} bytes`);
}

// Where synchronous compiles stop being allowed on this thread: the largest
// accepted and smallest refused size around 8 MiB (and 4 KiB, the old rule).
function syncCompileLimit() {
  const tries = {};
  for (const n of [4096, 4097, 8 * 1024 * 1024, 8 * 1024 * 1024 + 1]) {
    const bytes = moduleOfSize(n);
    try {
      new WebAssembly.Module(bytes);
      tries[n] = 'ok';
    } catch (e) {
      tries[n] = String(e.message || e);
    }
  }
  return tries;
}

async function runJitProbe(M) {
  const failures = [];
  const numbers = {};
  const fail = (what) => failures.push(what);
  // One turn of the event loop (background compiles finish between turns).
  const turn = typeof setImmediate === 'function'
    ? () => new Promise((r) => setImmediate(r))
    : () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
  const round = (x) => Math.round(x * 1000) / 1000;

  // Waits for request |id|; returns ms from |t0|, or -1 after 10 s.
  async function waitFor(id, t0) {
    while (performance.now() - t0 < 10000) {
      const got = M._jit_probe_take();
      if (got === id) return performance.now() - t0;
      if (got !== 0) { fail(`request ${id}: completion ${got}`); return -1; }
      await turn();
    }
    fail(`request ${id} never completed`);
    return -1;
  }

  // Table slots: growing the table (runs longer than any released one),
  // nulling them on release, reserving them again from the free list. V8
  // updates every live instance that imports the table on each change, so
  // this is measured on a fresh core and after many installs.
  function tableCosts(when) {
    const runs = 20, n = 128;
    const row = {};
    const before = M._jit_probe_table_size();
    let t = performance.now();
    for (let i = 0; i < runs; ++i) M._jit_probe_reserve_ms(n);
    row[`grow_${n}_ms`] = round((performance.now() - t) / runs);
    if (M._jit_probe_table_size() - before < runs * n) fail(`${when}: table did not grow`);
    t = performance.now();
    M._jit_probe_release_held();
    row[`release_${n}_ms`] = round((performance.now() - t) / runs);
    const grown = M._jit_probe_table_size();
    t = performance.now();
    for (let i = 0; i < runs; ++i) M._jit_probe_reserve_ms(n);
    row[`reuse_${n}_ms`] = round((performance.now() - t) / runs);
    if (M._jit_probe_table_size() !== grown) fail(`${when}: released slots were not reused`);
    // Kept: later runs must grow the table again.
    numbers[`table_${when}`] = row;
  }
  tableCosts('fresh');

  // Pages get a coarse clock (0.1 ms in Chromium without cross-origin
  // isolation): every time is the total over |reps| repetitions, divided.
  const reps = 100;
  const timed = async (body) => {
    const t = performance.now();
    for (let rep = 0; rep < reps; ++rep) await body(rep);
    return (performance.now() - t) / reps;
  };
  for (const n of [1, 16, 64]) {
    const row = {};
    row.bytes = M._jit_probe_build(n);
    M._jit_probe_release();
    // Writing the module alone (C++), and with reserving/releasing its slots.
    M._jit_probe_build(n);
    row.write_only_ms = round(M._jit_probe_write_ms(reps * 10));
    M._jit_probe_release();
    const write = await timed(() => { M._jit_probe_build(n); M._jit_probe_release(); });
    // Compiling alone, for the split.
    M._jit_probe_build(n);
    const view = M.HEAPU8.subarray(M._jit_probe_bytes(), M._jit_probe_bytes() + row.bytes);
    const compile = await timed(() => { new WebAssembly.Module(view); });
    M._jit_probe_release();
    // Synchronous install, checked once.
    let checked = false;
    const sync = await timed(() => {
      M._jit_probe_build(n);
      if (!M._jit_probe_slots_null()) fail(`n=${n}: reserved slots not null`);
      if (!M._jit_probe_install_sync()) fail(`n=${n}: sync install`);
      if (!checked) {
        const good = M._jit_probe_check();
        if (good !== n) fail(`n=${n}: sync, ${good} of ${n} functions right`);
        checked = true;
      }
      M._jit_probe_release();
    });
    // Background install: submit to completion seen by the C++ side.
    const async_ = await timed(async () => {
      M._jit_probe_build(n);
      const id = M._jit_probe_submit();
      await waitFor(id, performance.now());
      if (M._jit_probe_check() !== n) fail(`n=${n}: async, wrong results`);
      M._jit_probe_release();
      if (!M._jit_probe_slots_null()) fail(`n=${n}: released slots not null`);
    });
    // A call through the function pointer, once the engine has tiered up.
    M._jit_probe_build(n);
    M._jit_probe_install_sync();
    M._jit_probe_call_ns(1000000);
    row.call_ns = round(M._jit_probe_call_ns(1000000));
    M._jit_probe_release();

    row.write_and_slots_ms = round(write);
    row.compile_ms = round(compile);
    row.sync_install_ms = round(sync - write);
    row.async_install_ms = round(async_ - write);  // includes event-loop turns
    numbers[`n${n}`] = row;
  }

  // A cancelled request never touches its slots nor reports.
  M._jit_probe_build(16);
  const id = M._jit_probe_submit();
  M._jit_probe_cancel(id);
  for (let i = 0; i < 200; ++i) await turn();
  if (M._jit_probe_take() !== 0) fail('a cancelled request was reported');
  if (!M._jit_probe_slots_null()) fail('a cancelled request filled its slots');
  M._jit_probe_release();

  if (typeof gc === 'function') gc();  // node --expose-gc: drop dead instances first
  tableCosts('after_400_modules');
  numbers.table_size = M._jit_probe_table_size();
  numbers.sync_compile = syncCompileLimit();
  // NOTES.md's rule: up to 8 MiB compiles synchronously everywhere.
  for (const n of ['4097', '8388608'])
    if (numbers.sync_compile[n] !== 'ok') fail(`synchronous compile of ${n} bytes refused`);
  return { failures, numbers };
}

if (typeof module === 'object') module.exports = { runJitProbe };
