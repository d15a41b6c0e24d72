// The browser run loop around the wasm core (boardwalk.js), shared by the page
// and the node tests so both exercise the same code.
//
// The guest runs in bounded slices (bw_step with a time budget) from
// macrotasks, so the tab stays responsive; when the guest idles, bw_step says
// how long until its next timer and the loop sleeps that long (an idle guest
// costs almost no CPU). Typed input wakes the loop at once.
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.BoardwalkRunner = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const kNetSliceMs = 1;   // step budget while a WebSocket network is busy
  const kNetBusyMs = 200;  // ... that is, a frame crossed it this recently

  // A zero-delay macrotask: setImmediate under node; a MessageChannel in pages
  // (setTimeout(0) is clamped to 4 ms once nested).
  function makeYield() {
    if (typeof setImmediate === 'function') {
      return { post: (fn) => setImmediate(fn), close() {} };
    }
    const channel = new MessageChannel();
    let pending = null;
    channel.port1.onmessage = () => {
      const fn = pending;
      pending = null;
      if (fn) fn();
    };
    return {
      post(fn) {
        pending = fn;
        channel.port2.postMessage(0);
      },
      close() {
        channel.port1.close();
      },
    };
  }

  class Runner {
    // |module|: the instance from createBoardwalk(). |onOutput(port, bytes)|
    // receives guest serial output as Uint8Array copies.
    // |onNetFrame(bytes)|: a frame the guest sent (net mode 2);
    // |onNetRequest(name)|: the builtin TFTP server wants a file (net mode 1).
    // |onRan()|: the guest ran a step (its screen may have changed).
    constructor(module, { onOutput, onStop, onRan, onNetFrame, onNetRequest, sliceMs = 12 } = {}) {
      this.m = module;
      this.onOutput = onOutput || (() => {});
      this.onNetFrame = onNetFrame || (() => {});
      this.onNetRequest = onNetRequest || (() => {});
      this.onStop = onStop || (() => {});
      this.onRan = onRan || (() => {});
      this.sliceMs = sliceMs;
      this.lastNetMs = -Infinity;  // when a frame last crossed a WebSocket transport
      this.running = false;
      this.timer = null;
      this.queued = false;
      this.yielder = makeYield();
      this.stepFn = module.cwrap('bw_step', 'number', ['number']);
    }

    // QEMU arguments as an array ('-M', 'versatilepb', ...). Throws Error with
    // the core's one-line message if the machine cannot be built.
    create(args) {
      const ok = this.m.ccall('bw_create', 'number', ['string'], [args.join('\n')]);
      if (!ok) throw new Error(this.m.UTF8ToString(this.m._bw_error()));
    }

    reset() {
      if (!this.m._bw_reset()) throw new Error(this.m.UTF8ToString(this.m._bw_error()));
      if (this.running) this._schedule(0);
    }

    start() {
      if (this.running) return;
      this.running = true;
      this.m._bw_resync_clock();
      this._schedule(0);
    }

    pause() {
      this.running = false;
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
    }

    close() {
      this.pause();
      this.yielder.close();
      this.m._bw_destroy();
    }

    // Bytes typed by the user (Uint8Array or array of numbers) into |port|.
    input(bytes, port = 0) {
      for (const b of bytes) this.m._bw_serial_push(port, b);
      // Wake an idle guest now rather than at its next timer.
      if (this.running && this.timer !== null) this._schedule(0);
    }

    // NIC 0's back end: 'none', 'user' (builtin network; |bootfile| for DHCP)
    // or 'frames' (the page's transport). False if the board has no NIC.
    netAttach(mode, bootfile = '') {
      const code = { none: 0, user: 1, frames: 2 }[mode];
      return !!this.m.ccall('bw_net_attach', 'number', ['number', 'string', 'number'],
                            [code, bootfile, 1]);
    }

    // A file for the builtin TFTP server (Uint8Array), or null: it cannot be had.
    netFile(name, bytes) {
      if (bytes) {
        const at = this.m.ccall('bw_net_file_alloc', 'number', ['string', 'number'],
                                [name, bytes.length]);
        if (bytes.length && !at) throw new Error(`${name}: no room for ${bytes.length} bytes`);
        if (bytes.length) this.m.HEAPU8.set(bytes, at);
      }
      this.m.ccall('bw_net_file_done', null, ['string', 'number'], [name, bytes ? 1 : 0]);
      this._wake();
    }

    // A frame from the transport into the guest's network.
    netPush(frame) {
      const at = this.m._bw_net_in_buffer(frame.length);
      this.m.HEAPU8.set(frame, at);
      this.m._bw_net_push(frame.length);
      this.lastNetMs = performance.now();
      this._wake();
    }

    // The QEMU monitor: an HMP command line (returns its text output) or a QMP
    // command object (returns the reply object, {return: ...} or {error: ...}).
    monitor(line) {
      const out = this.m.ccall('bw_monitor', 'string', ['string'], [line]);
      this._wake();
      return out;
    }

    qmp(command) {
      const out = this.m.ccall('bw_qmp', 'string', ['string'], [JSON.stringify(command)]);
      this._wake();
      return JSON.parse(out);
    }

    netStatus() {
      return { out: this.m._bw_net_frames_out(), in: this.m._bw_net_frames_in(),
               tftpBytes: this.m._bw_net_tftp_bytes() };
    }

    _wake() {
      if (this.running && this.timer !== null) this._schedule(0);
    }

    status() {
      return {
        board: this.m.UTF8ToString(this.m._bw_board()),
        instructions: this.m._bw_instructions(),
        virtualNs: this.m._bw_virtual_ns(),
        hostNs: this.m._bw_host_ns(),
        shutdown: !!this.m._bw_is_shutdown(),
      };
    }

    _schedule(waitMs) {
      if (this.timer !== null) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      if (waitMs > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this._tick();
        }, waitMs);
      } else if (!this.queued) {
        this.queued = true;
        this.yielder.post(() => {
          this.queued = false;
          this._tick();
        });
      }
    }

    _drain() {
      const n = this.m._bw_serial_count();
      for (let port = 0; port < n; ++port) {
        const size = this.m._bw_serial_size(port);
        if (!size) continue;
        const ptr = this.m._bw_serial_data(port);
        const bytes = this.m.HEAPU8.slice(ptr, ptr + size);
        this.m._bw_serial_consume(port);
        this.onOutput(port, bytes);
      }
      const size = this.m._bw_net_out_size();
      if (size) {
        const ptr = this.m._bw_net_out_data();
        const recs = this.m.HEAPU8.slice(ptr, ptr + size);
        this.m._bw_net_out_consume();
        const dv = new DataView(recs.buffer);
        for (let at = 0; at + 4 <= size;) {
          const n = dv.getUint32(at, true);
          this.onNetFrame(recs.subarray(at + 4, at + 4 + n));
          at += 4 + n;
        }
        this.lastNetMs = performance.now();
      }
      const req = this.m.UTF8ToString(this.m._bw_net_requests());
      for (const name of req.split('\n')) if (name) this.onNetRequest(name);
    }

    _tick() {
      if (!this.running) return;
      // While frames cross a WebSocket, short steps: a frame that arrives
      // during a step waits for its end, and a guest that busy-polls its NIC
      // (U-Boot's TFTP) pays that wait once per block.
      const netBusy = performance.now() - this.lastNetMs < kNetBusyMs;
      const wait = this.stepFn(netBusy ? kNetSliceMs : this.sliceMs);
      this._drain();
      this.onRan();
      if (wait < 0 || this.m._bw_monitor_quit()) {
        this.running = false;
        this.onStop();
        return;
      }
      this._schedule(wait);
    }
  }

  return { Runner };
});
