// boardwalk's page: machine picker, URL settings named after QEMU's flags,
// image downloads with progress, the xterm.js console and the status line.
'use strict';

(function () {
  // Image flags: each one is a file the core reads (written into emscripten's
  // in-memory file system under /images/<flag>/).
  const IMAGE_FLAGS = ['kernel', 'dtb', 'initrd', 'hda', 'bios'];
  // Every URL key, in the order a link lists them.
  // Network keys (web/net.js): net=user|none|ws://...|relay+wss://..., netrelay=,
  // and for the user network tftp= (base URL of the TFTP files) and bootfile=.
  const NET_KEYS = ['net', 'netrelay', 'tftp', 'bootfile'];
  // Devices (QEMU's flags): soundhw=ac97, usbdevice=keyboard[,tablet], vga=, k=.
  const DEVICE_KEYS = ['soundhw', 'usbdevice', 'vga', 'k'];
  const URL_KEYS = ['M', 'm', ...IMAGE_FLAGS, 'append', 'd', 'icount', 'no-reboot',
                    ...DEVICE_KEYS, ...NET_KEYS];
  const DEMOS = {
    versatilepb: {
      M: 'versatilepb', m: '128',
      kernel: 'images/versatile-linux/zImage',
      dtb: 'images/versatile-linux/versatile-pb.dtb',
      initrd: 'images/versatile-initramfs/initrd.cpio.gz',
      append: 'console=ttyAMA0',
    },
    malta: {
      M: 'malta', m: '256',
      kernel: 'images/malta-linux/vmlinux',
      hda: 'images/malta-rootfs/512M',
    },
    // The second source document's handheld: a game on the Cirrus framebuffer
    // at 320x240x16, AC'97 sound, a USB keyboard (and the on-screen pad).
    opendingux: {
      M: 'malta', m: '256',
      kernel: 'images/malta-linux/vmlinux',
      hda: 'images/malta-demo/512M',
      soundhw: 'ac97',
      usbdevice: 'keyboard',
      focus: 'screen',  // keys go to the game, not the serial console
    },
  };
  const LOCAL_PREFIX = 'file:';

  const $ = (id) => document.getElementById(id);
  const localFiles = new Map();  // name -> File (picked or dropped)
  const encoder = new TextEncoder();
  const modulePromise = createBoardwalk();
  let runner = null;
  let current = null;  // settings of the running machine
  let state = 'picker';
  let term = null;
  let fit = null;
  let transport = null;  // the WebSocket transport of net=ws:// / netrelay=
  let screen = null;     // the guest's display, keys and pad (web/screen.js)
  let sound = null;      // WebAudio output (web/sound.js)
  let netState = '';     // what NIC 0 is attached to, for the status line

  // Settings <-> URL ---------------------------------------------------------

  function settingsFromUrl() {
    const params = new URLSearchParams(location.search);
    const demo = params.get('demo');
    const s = demo && DEMOS[demo] ? { ...DEMOS[demo] } : {};
    for (const key of URL_KEYS) {
      if (params.has(key)) s[key] = params.get(key);
    }
    return s;
  }

  function linkFor(s) {
    const params = new URLSearchParams();
    for (const key of URL_KEYS) {
      if (s[key] !== undefined && s[key] !== '') params.set(key, s[key]);
    }
    return location.origin + location.pathname + '?' + params.toString();
  }

  function argsFor(s, paths) {
    const args = ['-M', s.M || 'versatilepb'];
    if (s.m) args.push('-m', s.m);
    for (const f of IMAGE_FLAGS) if (paths[f]) args.push('-' + f, paths[f]);
    if (s.append) args.push('-append', s.append);
    if (s.d) args.push('-d', s.d);
    if (s.icount) args.push('-icount', s.icount);
    if (s.rtc) args.push('-rtc', s.rtc);
    if (s.accel) args.push('-accel', s.accel);
    if (s['no-reboot'] !== undefined) args.push('-no-reboot');
    if (s.net === 'none') args.push('-net', 'none');
    if (s.soundhw) args.push('-soundhw', s.soundhw);
    for (const d of (s.usbdevice || '').split(',').filter(Boolean)) args.push('-usbdevice', d);
    if (s.vga) args.push('-vga', s.vga);
    if (s.k) args.push('-k', s.k);
    return args;
  }

  // Messages ---------------------------------------------------------------

  function showError(message) {
    const box = $('error');
    box.textContent = message;
    box.hidden = false;
    state = 'error';
    updateStatus();
  }

  function clearError() {
    $('error').hidden = true;
    $('error').textContent = '';
  }

  let noticeTimer = null;
  function notice(message) {
    const box = $('notice');
    box.textContent = message;
    box.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => (box.hidden = true), 4000);
  }

  function formatBytes(n) {
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
    return (n / (1024 * 1024)).toFixed(1) + ' MiB';
  }

  // Downloads --------------------------------------------------------------

  function progressRow(flag, source) {
    const row = document.createElement('div');
    row.className = 'dl';
    const name = document.createElement('span');
    name.className = 'dl-name';
    name.textContent = `-${flag} ${source}`;
    const bar = document.createElement('progress');
    const bytes = document.createElement('span');
    bytes.className = 'dl-bytes';
    row.append(name, bar, bytes);
    $('downloads').append(row);
    return (loaded, total, done) => {
      if (total) {
        bar.max = total;
        bar.value = loaded;
      } else if (done) {
        bar.max = 1;
        bar.value = 1;
      } else {
        bar.removeAttribute('value');  // indeterminate
      }
      bytes.textContent = total ? `${formatBytes(loaded)} / ${formatBytes(total)}`
                                : formatBytes(loaded);
      row.classList.toggle('done', !!done);
    };
  }

  // Fetches |url| with progress; throws Error("<url>: <reason>"). With |sink|
  // (size -> {view(), at} or null), bytes of a response whose length is known
  // go straight into the sink's memory; the result is then null.
  async function download(url, onProgress, sink) {
    let resp;
    try {
      // Images may come from any origin a shared link names: without cookies.
      resp = await fetch(url, { credentials: 'omit' });
    } catch (e) {
      throw new Error(`${url}: download failed (server unreachable, or blocked by CORS): ${e.message}`);
    }
    if (!resp.ok) throw new Error(`${url}: HTTP ${resp.status} ${resp.statusText || ''}`.trim());
    // With a content encoding the length counts compressed bytes.
    const encoded = resp.headers.get('Content-Encoding');
    const total = encoded ? 0 : Number(resp.headers.get('Content-Length')) || 0;
    const target = total && sink ? sink(total) : null;
    const chunks = [];
    let loaded = 0;
    const reader = resp.body.getReader();
    onProgress(0, total, false);
    for (;;) {
      let r;
      try {
        r = await reader.read();
      } catch (e) {
        throw new Error(`${url}: download interrupted after ${loaded} bytes: ${e.message}`);
      }
      if (r.done) break;
      if (target) {
        if (loaded + r.value.length > total) {
          throw new Error(`${url}: more data than its Content-Length (${total} bytes)`);
        }
        target.view().set(r.value, target.at + loaded);
      } else {
        chunks.push(r.value);
      }
      loaded += r.value.length;
      onProgress(loaded, total, false);
    }
    if (loaded === 0) throw new Error(`${url}: the file is empty`);
    if (total && loaded !== total) {
      throw new Error(`${url}: truncated download (${loaded} of ${total} bytes)`);
    }
    onProgress(loaded, total, true);
    if (target) return null;
    const out = new Uint8Array(loaded);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  async function fetchImage(flag, source, sink) {
    const progress = progressRow(flag, source);
    if (source.startsWith(LOCAL_PREFIX)) {
      const name = source.slice(LOCAL_PREFIX.length);
      const file = localFiles.get(name);
      if (!file) {
        throw new Error(`-${flag} ${source}: local files are not part of a link; ` +
                        'pick or drop the file again');
      }
      if (!file.size) throw new Error(`-${flag} ${name}: the file is empty`);
      const target = sink ? sink(file.size) : null;
      if (target) {
        // Large disks: copy in slices, never holding the whole file twice.
        const step = 16 << 20;
        for (let at = 0; at < file.size; at += step) {
          const part = new Uint8Array(await file.slice(at, at + step).arrayBuffer());
          target.view().set(part, target.at + at);
          progress(Math.min(at + step, file.size), file.size, false);
        }
        progress(file.size, file.size, true);
        return null;
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      progress(bytes.length, bytes.length, true);
      return bytes;
    }
    return download(source, progress, sink);
  }

  // The machine --------------------------------------------------------------

  function setupTerminal() {
    if (term) return;
    term = new Terminal({
      cursorBlink: false,  // blinking repaints twice a second: most of an idle tab's CPU
      scrollback: 5000,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      theme: { background: '#111418' },
    });
    fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    term.open($('terminal'));
    fit.fit();
    new ResizeObserver(() => fit.fit()).observe($('terminal'));
    term.onData((data) => {
      if (runner) runner.input(encoder.encode(data));
    });
    // Ctrl+Shift+C / Ctrl+Shift+V: copy and paste (plain Ctrl+C goes to the guest).
    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true;
      if (e.code === 'KeyC') {
        const text = term.getSelection();
        if (text && navigator.clipboard) navigator.clipboard.writeText(text).catch(() => {});
        return false;
      }
      // Not a key for the guest: the browser's own paste event follows, and
      // xterm.js types the pasted text (bracketed if the guest asked for it).
      if (e.code === 'KeyV') return false;
      return true;
    });
  }

  async function boot(s) {
    clearError();
    $('picker').hidden = true;
    $('machine').hidden = false;
    $('downloads').textContent = '';
    state = 'loading';
    stopMedia();
    if (runner) {
      runner.close();
      runner = null;
    }
    if (transport) {
      transport.close();
      transport = null;
    }
    netState = '';
    setupTerminal();
    term.reset();
    current = s;
    const hasLocal = IMAGE_FLAGS.some((f) => (s[f] || '').startsWith(LOCAL_PREFIX));
    $('btn-link').disabled = hasLocal;
    $('btn-link').title = hasLocal ? 'local files cannot be shared in a link' : '';
    updateStatus();

    let mod;
    try {
      mod = await modulePromise;
    } catch (e) {
      showError(`boardwalk.wasm: the emulator failed to load: ${e.message || e}`);
      return;
    }
    const flags = IMAGE_FLAGS.filter((f) => s[f]);
    if (!flags.length) {
      showError('nothing to boot: give at least -kernel, -bios or -hda');
      return;
    }
    const paths = {};
    for (const f of flags) {
      const base = (s[f].split(/[/?#]/).filter(Boolean).pop() || f).replace(/^file:/, '');
      paths[f] = `/images/${f}/${base}`;
    }
    // Disks stream straight into the core's memory (no second copy).
    const diskSink = (f) => (size) => {
      const at = mod.ccall('bw_disk_alloc', 'number', ['string', 'number'], [paths[f], size]);
      return at ? { at, view: () => mod.HEAPU8 } : null;
    };
    try {
      const images = await Promise.all(
          flags.map((f) => fetchImage(f, s[f], f === 'hda' ? diskSink(f) : null)));
      flags.forEach((f, i) => {
        if (!images[i]) return;  // already in the core's memory
        const dir = `/images/${f}`;
        mod.FS.mkdirTree(dir);
        for (const old of mod.FS.readdir(dir)) {
          if (old !== '.' && old !== '..') mod.FS.unlink(`${dir}/${old}`);
        }
        // canOwn: MEMFS keeps the downloaded buffer instead of copying it.
        mod.FS.writeFile(paths[f], images[i], { canOwn: true });
      });
    } catch (e) {
      showError(e.message);
      return;
    }
    if (current !== s) return;  // another boot started meanwhile
    let net;
    try {
      net = BoardwalkNet.netSpec(s);
    } catch (e) {
      showError(e.message);
      return;
    }

    runner = new BoardwalkRunner.Runner(mod, {
      onNetFrame: (frame) => {
        if (transport) transport.send(frame);
      },
      onNetRequest: (name) => serveTftp(s, name),
      onOutput: (port, bytes) => {
        if (port === 0) term.write(bytes);
      },
      onRan: () => {
        if (screen) screen.wake();
      },
      onStop: () => {
        clockStop();
        state = 'stopped';
        term.write('\r\n[boardwalk: the machine powered off]\r\n');
        updateStatus();
      },
    });
    try {
      runner.create(argsFor(s, paths));
    } catch (e) {
      // Name the user's URL, not the in-memory path.
      let msg = e.message;
      for (const f of flags) msg = msg.split(paths[f]).join(s[f]);
      runner = null;
      showError(msg);
      return;
    }
    attachNet(net, s);
    startMedia(mod);
    state = 'running';
    $('btn-pause').textContent = 'Pause';
    clockReset();
    runner.start();
    if (screen && s.focus === 'screen') screen.canvas.focus();
    else term.focus();
  }

  // Screen, keys, pad and sound ------------------------------------------------

  function startMedia(mod) {
    const hasScreen = !!mod._bw_display_present();
    $('screen-wrap').hidden = !hasScreen;
    document.querySelector('.views').classList.toggle('screen-first', current.focus === 'screen');
    document.querySelector('.screen-tools').hidden = !hasScreen;
    sound = new BoardwalkSound.Sound(mod);
    if (!hasScreen) return;
    screen = new BoardwalkScreen.Screen($('screen'), mod, {
      onCapture: (on) => {
        $('capture-hint').textContent = on
          ? 'The screen has the keyboard (and a guest mouse the pointer): Ctrl+Alt+G releases them.'
          : 'Click the screen to give it the keyboard.';
      },
    });
    screen.start();
    // Phones and tablets get the handheld pad from the start.
    const touch = window.matchMedia && window.matchMedia('(pointer: coarse)').matches;
    showPad(touch);
  }

  function stopMedia() {
    if (screen) screen.stop();
    if (sound) sound.close();
    screen = sound = null;
  }

  function showPad(on) {
    $('pad').hidden = !on;
    $('btn-pad').setAttribute('aria-pressed', String(on));
  }

  // Browsers let a page make sound only after a user gesture: the first one
  // in the machine view starts it.
  function startSoundOnGesture() {
    if (sound && !sound.started && state === 'running') {
      sound.start().then(() => { $('btn-sound').textContent = 'Sound on'; },
                         (e) => notice(`no sound: ${e.message || e}`));
    }
  }
  for (const type of ['pointerdown', 'keydown', 'touchstart']) {
    $('machine').addEventListener(type, startSoundOnGesture, { capture: true });
  }
  $('btn-sound').addEventListener('click', () => {
    if (!sound || !sound.started) return;
    sound.muted = !sound.muted;
    $('btn-sound').textContent = sound.muted ? 'Sound off' : 'Sound on';
  });
  $('btn-screenshot').addEventListener('click', async () => {
    if (!screen) return;
    const blob = await screen.screenshot();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `boardwalk-${(current && current.M) || 'screen'}.png`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
  $('btn-fullscreen').addEventListener('click', () => {
    if (!screen) return;
    screen.fullscreen();
    screen.canvas.focus();
  });
  $('btn-pad').addEventListener('click', () => showPad($('pad').hidden));
  BoardwalkScreen.attachPad($('pad'), {
    pad: (name, down) => { if (screen) screen.pad(name, down); },
  });

  // Typing into the serial console with a phone's soft keyboard.
  $('btn-type').addEventListener('click', () => $('mobile-input').focus());
  $('mobile-input').addEventListener('keydown', (e) => {
    const special = { Enter: '\r', Backspace: '\x7f', Tab: '\t', Escape: '\x1b' }[e.key];
    if (special && runner) {
      e.preventDefault();
      runner.input(encoder.encode(special));
    }
  });
  $('mobile-input').addEventListener('input', (e) => {
    const t = e.target;
    if (t.value && runner) runner.input(encoder.encode(t.value.replace(/\n/g, '\r')));
    t.value = '';
  });

  // Network --------------------------------------------------------------------

  function attachNet(net, s) {
    if (net.kind === 'none') {
      netState = 'net: none';
      return;
    }
    if (net.kind === 'user') {
      netState = runner.netAttach('user', s.bootfile || '')
        ? 'net: user 10.0.2.0/24 (DHCP, TFTP' + (s.tftp ? ' ' + s.tftp : '') + ')'
        : 'net: no NIC';
      return;
    }
    if (!runner.netAttach('frames')) {
      netState = 'net: no NIC';
      return;
    }
    const what = net.kind === 'relay' ? 'relay' : 'proxy';
    netState = `net: ${what} connecting`;
    transport = new BoardwalkNet.WsTransport(net.url, net.kind, {
      onFrame: (f) => {
        if (runner) runner.netPush(f);
      },
      onState: (text) => {
        netState = `net: ${what} ${text}`;
        updateStatus();
      },
    });
  }

  // The builtin TFTP server asks for |name|: a dropped/picked file of that
  // name, else tftp=BASE + name, else "File not found".
  async function serveTftp(s, name) {
    const r = runner;
    let bytes = null;
    try {
      if (localFiles.has(name)) {
        bytes = new Uint8Array(await localFiles.get(name).arrayBuffer());
      } else if (s.tftp) {
        const url = BoardwalkNet.tftpUrl(s.tftp, name, location.href);
        if (!url) {
          notice(`TFTP ${name}: refused (not a file inside tftp=${s.tftp})`);
        } else {
          // The guest names the file: never send the page's cookies with it.
          const resp = await fetch(url, { credentials: 'omit' });
          if (resp.ok) bytes = new Uint8Array(await resp.arrayBuffer());
          else notice(`TFTP ${name}: HTTP ${resp.status} from ${url}`);
        }
      }
    } catch (e) {
      notice(`TFTP ${name}: ${e.message}`);
    }
    if (runner === r && r) r.netFile(name, bytes);
  }

  // Status line --------------------------------------------------------------

  // Real time the machine has been running (pauses excluded).
  const clock = { start: 0, banked: 0 };
  function clockStart() {
    clock.start = performance.now();
  }
  function clockStop() {
    if (clock.start) clock.banked += performance.now() - clock.start;
    clock.start = 0;
  }
  function clockReset() {
    clock.banked = 0;
    clock.start = performance.now();
  }
  const realSeconds = () =>
    (clock.banked + (clock.start ? performance.now() - clock.start : 0)) / 1000;

  let last = null;
  function updateStatus() {
    const el = $('status');
    if (!runner) {
      el.textContent = current ? `${current.M || 'versatilepb'} · ${state}` : '';
      return;
    }
    const st = runner.status();
    const now = performance.now();
    let mips = 0;
    if (last && now > last.t) mips = (st.instructions - last.insns) / ((now - last.t) * 1000);
    last = { t: now, insns: st.instructions };
    if (!st.shutdown && !runner.running) mips = 0;
    const virt = st.virtualNs / 1e9;
    const what = runner.running ? 'running' : state === 'stopped' ? 'powered off' : 'paused';
    el.textContent = `${st.board} · ${mips.toFixed(1)} MIPS · virtual ${virt.toFixed(1)} s / ` +
                     `real ${realSeconds().toFixed(1)} s · ${what}`;
    el.title = `emulator busy ${(st.hostNs / 1e9).toFixed(1)} s of host time`;
    const ns = runner.netStatus();
    $('net-status').textContent = netState && netState !== 'net: none' && netState !== 'net: no NIC'
      ? `${netState} · out ${ns.out} / in ${ns.in} frames` : netState;
    el.dataset.instructions = String(st.instructions);
  }
  setInterval(updateStatus, 1000);

  // Controls -----------------------------------------------------------------

  $('btn-pause').addEventListener('click', () => {
    if (!runner || state === 'stopped') return;
    if (runner.running) {
      runner.pause();
      clockStop();
      $('btn-pause').textContent = 'Resume';
    } else {
      clockStart();
      runner.start();
      $('btn-pause').textContent = 'Pause';
      term.focus();
    }
    updateStatus();
  });

  $('btn-reset').addEventListener('click', () => {
    if (!runner) {
      if (current) boot(current);
      return;
    }
    try {
      term.reset();
      runner.reset();
      state = 'running';
      clockReset();
      if (!runner.running) {
        runner.start();
        $('btn-pause').textContent = 'Pause';
      }
    } catch (e) {
      showError(e.message);
    }
    term.focus();
  });

  $('btn-link').addEventListener('click', async () => {
    if (!current) return;
    const link = linkFor(current);
    try {
      await navigator.clipboard.writeText(link);
      notice('Link copied: ' + link);
    } catch (e) {
      // Clipboard API unavailable (insecure context): select it for the user.
      window.prompt('Copy this link:', link);
    }
    if (term) term.focus();  // keys keep going to the guest
  });

  // Picker and set-up form ----------------------------------------------------

  function buildForm(names) {
    const select = $('f-M');
    for (const n of names) {
      const o = document.createElement('option');
      o.value = o.textContent = n;
      select.append(o);
    }
    const box = document.querySelector('.image-fields');
    for (const f of IMAGE_FLAGS) {
      const label = document.createElement('label');
      label.className = 'wide';
      label.append(`-${f} `);
      const input = document.createElement('input');
      input.name = f;
      input.id = `f-${f}`;
      input.placeholder = 'URL, or pick / drop a file';
      const pick = document.createElement('input');
      pick.type = 'file';
      pick.addEventListener('change', () => {
        if (pick.files[0]) useLocalFile(f, pick.files[0]);
      });
      label.append(input, pick);
      box.append(label);
    }
    $('setup').addEventListener('submit', (e) => {
      e.preventDefault();
      const s = {};
      for (const key of ['M', 'm', ...IMAGE_FLAGS, 'append']) {
        const v = $(`f-${key}`).value.trim();
        if (v) s[key] = v;
      }
      startFromSettings(s);
    });
  }

  function fillForm(s) {
    for (const key of ['M', 'm', ...IMAGE_FLAGS, 'append']) {
      const el = $(`f-${key}`);
      if (el && s[key] !== undefined) el.value = s[key];
    }
  }

  function useLocalFile(flag, file) {
    localFiles.set(file.name, file);
    $(`f-${flag}`).value = LOCAL_PREFIX + file.name;
  }

  // Which image flag a dropped file most likely is.
  function guessFlag(file) {
    const n = file.name.toLowerCase();
    if (n.endsWith('.dtb')) return 'dtb';
    if (/initrd|initramfs|\.cpio/.test(n)) return 'initrd';
    if (/bios|u-boot|\.rom$/.test(n)) return 'bios';
    if (/zimage|vmlinu|uimage|^image|kernel|\.elf$/.test(n)) return 'kernel';
    if (/\.(img|raw|hd|disk)$|^\d+[mg]$/.test(n) || file.size >= 64 * 1024 * 1024) return 'hda';
    return null;
  }

  function onDrop(files) {
    showPicker();
    const unplaced = [];
    for (const file of files) {
      let flag = guessFlag(file);
      if (!flag || $(`f-${flag}`).value.startsWith(LOCAL_PREFIX)) {
        flag = IMAGE_FLAGS.find((f) => !$(`f-${f}`).value);
      }
      if (flag) useLocalFile(flag, file);
      else unplaced.push(file.name);
    }
    if (unplaced.length) notice('No free image field for: ' + unplaced.join(', '));
    else notice('Files placed in the form: check them and press Boot');
  }

  function startFromSettings(s) {
    const hasLocal = IMAGE_FLAGS.some((f) => (s[f] || '').startsWith(LOCAL_PREFIX));
    if (!hasLocal) history.pushState(null, '', linkFor(s));
    boot(s);
  }

  function showPicker() {
    if (runner) runner.pause();
    clockStop();
    $('machine').hidden = true;
    $('picker').hidden = false;
    state = 'picker';
  }

  document.querySelectorAll('.boot-demo').forEach((btn) => {
    btn.addEventListener('click', () => startFromSettings({ ...DEMOS[btn.dataset.demo] }));
  });

  let dragDepth = 0;
  document.addEventListener('dragenter', (e) => {
    e.preventDefault();
    dragDepth++;
    $('drop-overlay').hidden = false;
  });
  document.addEventListener('dragleave', () => {
    if (--dragDepth <= 0) $('drop-overlay').hidden = true;
  });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    dragDepth = 0;
    $('drop-overlay').hidden = true;
    if (e.dataTransfer && e.dataTransfer.files.length) onDrop([...e.dataTransfer.files]);
  });

  function route() {
    const s = settingsFromUrl();
    if (s.M || IMAGE_FLAGS.some((f) => s[f])) {
      fillForm(s);
      boot(s);
    } else {
      showPicker();
    }
  }
  window.addEventListener('popstate', route);

  buildForm([...new Set(['versatilepb', 'malta'])]);
  modulePromise.then((mod) => {
    // Boards the core knows; the picker lists the demos even before they exist.
    const known = mod.UTF8ToString(mod._bw_board_names()).split('\n').filter(Boolean);
    const select = $('f-M');
    for (const n of known) {
      if (![...select.options].some((o) => o.value === n)) {
        const o = document.createElement('option');
        o.value = o.textContent = n;
        select.append(o);
      }
    }
  }, (e) => showError(`boardwalk.wasm: the emulator failed to load: ${e.message || e}`));
  route();

  // For tests and the console: the terminal, the runner and the page state.
  window.boardwalk = {
    get term() { return term; },
    get runner() { return runner; },
    get state() { return state; },
    get netStatus() { return $('net-status').textContent; },
    get screen() { return screen; },
    get sound() { return sound; },
    // The QEMU monitor from JavaScript: HMP text and QMP commands.
    monitor: (line) => (runner ? runner.monitor(line) : 'no machine\n'),
    qmp: (command) => (runner ? runner.qmp(command) : { error: { class: 'GenericError', desc: 'no machine' } }),
    DEMOS,
  };
})();
