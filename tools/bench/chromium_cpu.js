// Host CPU seconds of a Chromium instance: what the web benchmarks share.
'use strict';
const fs = require('fs');

// CPU seconds (user + system) of the Chromium process tree using |profile|
// (the browser, its renderers, GPU and audio service processes).
function chromiumCpuSeconds(profile) {
  const procs = new Map();  // pid -> {ppid, ticks, main}
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      procs.set(Number(pid), {
        ppid: Number(f[1]),
        ticks: Number(f[11]) + Number(f[12]),
        main: cmd.includes(`--user-data-dir=${profile}`),
      });
    } catch (e) {
      // The process exited meanwhile.
    }
  }
  const inTree = (pid) => {
    for (let p = pid, depth = 0; p > 1 && depth < 20; ++depth) {
      const info = procs.get(p);
      if (!info) return false;
      if (info.main) return true;
      p = info.ppid;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, info] of procs) if (inTree(pid)) ticks += info.ticks;
  return ticks / 100;  // USER_HZ
}

module.exports = { chromiumCpuSeconds };
