// The guest's screen, keyboard, mouse and handheld pad in the page.
//
// The picture goes straight from wasm memory to the canvas: the core's frame
// is RGBA, so an ImageData wraps it without a copy and putImageData uploads
// only the rectangle the core says changed, at the guest's refresh rate (at
// most the browser's animation frames, none while the tab is hidden). A still
// picture is not watched: it is looked at when the guest has run (wake()),
// and an animation-frame loop runs only while it changes, since such a loop,
// or a 60 Hz timer, keeps the browser busy even when nothing is drawn
// (measured for an idle shell: 8.3 % of a core with the loop, 2.6 % without).
// Keys are sent by position (KeyboardEvent.code) as Linux key codes while the
// screen has the focus; Ctrl+Alt+G or a click outside releases them. A guest
// tablet gets absolute positions; a guest mouse gets pointer-locked motion.
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.BoardwalkScreen = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const kStillFrames = 3;  // unchanged animation frames before the loop stops

  // KeyboardEvent.code -> Linux key code (linux/input-event-codes.h).
  const KEY_CODES = (() => {
    const t = {
      Escape: 1, Minus: 12, Equal: 13, Backspace: 14, Tab: 15, BracketLeft: 26,
      BracketRight: 27, Enter: 28, ControlLeft: 29, Semicolon: 39, Quote: 40, Backquote: 41,
      ShiftLeft: 42, Backslash: 43, Comma: 51, Period: 52, Slash: 53, ShiftRight: 54,
      NumpadMultiply: 55, AltLeft: 56, Space: 57, CapsLock: 58, NumLock: 69, ScrollLock: 70,
      Numpad7: 71, Numpad8: 72, Numpad9: 73, NumpadSubtract: 74, Numpad4: 75, Numpad5: 76,
      Numpad6: 77, NumpadAdd: 78, Numpad1: 79, Numpad2: 80, Numpad3: 81, Numpad0: 82,
      NumpadDecimal: 83, IntlBackslash: 86, F11: 87, F12: 88, IntlRo: 89, NumpadEnter: 96,
      ControlRight: 97, NumpadDivide: 98, PrintScreen: 99, AltRight: 100, Home: 102,
      ArrowUp: 103, PageUp: 104, ArrowLeft: 105, ArrowRight: 106, End: 107, ArrowDown: 108,
      PageDown: 109, Insert: 110, Delete: 111, NumpadEqual: 117, Pause: 119, IntlYen: 124,
      MetaLeft: 125, MetaRight: 126, ContextMenu: 127,
    };
    '1234567890'.split('').forEach((d, i) => { t['Digit' + d] = 2 + i; });
    const rows = [['QWERTYUIOP', 16], ['ASDFGHJKL', 30], ['ZXCVBNM', 44]];
    for (const [letters, first] of rows) {
      letters.split('').forEach((c, i) => { t['Key' + c] = first + i; });
    }
    for (let i = 1; i <= 10; i++) t['F' + i] = 58 + i;
    return t;
  })();

  // The Dingoo A320's buttons as OpenDingux's keyboard driver reports them
  // (the keys gmenu2x and SDL games on it read).
  const PAD_KEYS = {
    up: 103, down: 108, left: 105, right: 106,
    a: 29, b: 56, x: 57, y: 42, l: 15, r: 14, start: 28, select: 1,
  };

  const kAbsMax = 0x7fff;
  const kKeySpacingMs = 10;

  class Screen {
    // |canvas|: where the picture goes; |module|: the core's instance.
    // |onCapture(captured)|: keyboard capture changed (for the page's hint).
    constructor(canvas, module, { onCapture } = {}) {
      this.canvas = canvas;
      this.m = module;
      this.ctx = canvas.getContext('2d', { alpha: false });
      this.onCapture = onCapture || (() => {});
      this.image = null;
      this.imageKey = '';
      this.lastFrameMs = 0;
      this.frames = 0;  // pictures uploaded (for the benchmark)
      this.started = false;
      this.raf = 0;
      this.still = 0;  // animation frames in a row without a change
      this.animate = (t) => {
        this.raf = 0;
        const drew = this.frame(t);
        if (drew) this.still = 0;
        else if (drew === false && ++this.still > kStillFrames) return;  // until wake()
        this.raf = requestAnimationFrame(this.animate);
      };
      this.buttons = 0;
      this.held = new Set();  // key codes pressed in the guest
      this.keyQueue = [];     // [code, down] not yet sent (see key())
      this.keyTimer = null;
      this.captured = false;
      canvas.tabIndex = 0;
      this._listen();
    }

    start() { this.started = true; }

    // The guest ran a step: show its picture if it changed and is due. A
    // change starts an animation-frame loop, which runs while the picture
    // keeps changing and stops after a few unchanged frames.
    wake() {
      if (!this.started || this.raf || document.hidden) return;
      if (this.frame(performance.now())) this.raf = requestAnimationFrame(this.animate);
    }

    stop() {
      this.started = false;
      if (this.raf) cancelAnimationFrame(this.raf);
      this.raf = 0;
      this.releaseKeys();
    }

    present() { return !!this.m._bw_display_present(); }

    // One animation frame: refresh at the guest's rate, upload what changed.
    // Returns whether the picture changed (undefined: not due yet).
    frame(nowMs) {
      const hz = this.m._bw_display_hz();
      if (!hz) return false;
      if (nowMs - this.lastFrameMs < 1000 / hz - 2) return undefined;
      this.lastFrameMs = nowMs;
      const changed = this.m._bw_display_refresh();
      const w = this.m._bw_display_width(), h = this.m._bw_display_height();
      if (!w || !h) return false;
      const ptr = this.m._bw_display_pixels();
      // A view over wasm memory; rebuilt when the mode or the memory changes.
      const key = `${w}x${h}@${ptr}/${this.m.HEAPU8.buffer.byteLength}`;
      let x = 0, y = 0, rw = w, rh = h;
      if (key !== this.imageKey) {
        if (this.canvas.width !== w || this.canvas.height !== h) {
          this.canvas.width = w;
          this.canvas.height = h;
        }
        this.image = new ImageData(new Uint8ClampedArray(this.m.HEAPU8.buffer, ptr, w * h * 4), w, h);
        this.imageKey = key;
      } else if (changed) {
        x = this.m._bw_display_rect(0);
        y = this.m._bw_display_rect(1);
        rw = this.m._bw_display_rect(2);
        rh = this.m._bw_display_rect(3);
      } else {
        return false;
      }
      this.ctx.putImageData(this.image, 0, 0, x, y, rw, rh);
      this.frames++;
      return true;
    }

    // The canvas as a PNG Blob (what the user sees: the guest's pixels).
    screenshot() {
      return new Promise((resolve) => this.canvas.toBlob(resolve, 'image/png'));
    }

    fullscreen() {
      const el = this.canvas.parentElement || this.canvas;
      if (document.fullscreenElement) document.exitFullscreen();
      else if (el.requestFullscreen) el.requestFullscreen();
    }

    // Key events reach the guest at most one per kKeySpacingMs, as QEMU spaces
    // sendkey's: a PS/2 keyboard queues only a few bytes, and a burst (a fast
    // typist, a script, the pad) would otherwise lose keys.
    key(code, down) {
      if (!code) return;
      if (down) this.held.add(code);
      else this.held.delete(code);
      this.keyQueue.push([code, down ? 1 : 0]);
      if (!this.keyTimer) this._sendKeys();
    }

    _sendKeys() {
      const next = this.keyQueue.shift();
      if (!next) {
        this.keyTimer = null;
        return;
      }
      this.m._bw_key(next[0], next[1]);
      this.keyTimer = setTimeout(() => this._sendKeys(), kKeySpacingMs);
    }

    // Keys still down when the focus leaves would stay down in the guest.
    releaseKeys() {
      for (const code of [...this.held]) this.key(code, false);
    }

    release() {
      this.releaseKeys();
      if (document.pointerLockElement === this.canvas) document.exitPointerLock();
      this.canvas.blur();
    }

    // A handheld button pressed or released (on-screen pad, tests).
    pad(button, down) { this.key(PAD_KEYS[button], down); }

    _setCaptured(c) {
      if (c === this.captured) return;
      this.captured = c;
      this.onCapture(c);
    }

    _listen() {
      const c = this.canvas;
      c.addEventListener('focus', () => this._setCaptured(true));
      c.addEventListener('blur', () => {
        this.releaseKeys();
        this._setCaptured(false);
      });
      const onKey = (e) => {
        const down = e.type === 'keydown';
        if (down && e.ctrlKey && e.altKey && e.code === 'KeyG') {
          this.release();
          e.preventDefault();
          return;
        }
        const code = KEY_CODES[e.code];
        if (!code) return;
        e.preventDefault();  // the guest's key, not the browser's shortcut
        if (down && e.repeat) return;  // the guest repeats on its own
        this.key(code, down);
      };
      c.addEventListener('keydown', onKey);
      c.addEventListener('keyup', onKey);

      const absolute = () => !!this.m._bw_pointer_absolute();
      const send = (e, dx, dy, wheel) => {
        if (!this.m._bw_pointer_present()) return;
        if (absolute()) {
          const r = c.getBoundingClientRect();
          const ax = Math.round(Math.min(Math.max((e.clientX - r.left) / r.width, 0), 1) * kAbsMax);
          const ay = Math.round(Math.min(Math.max((e.clientY - r.top) / r.height, 0), 1) * kAbsMax);
          this.m._bw_pointer(ax, ay, wheel, this.buttons, 1);
        } else if (document.pointerLockElement === c) {
          this.m._bw_pointer(dx, dy, wheel, this.buttons, 0);
        }
      };
      const bit = (b) => (b === 0 ? 1 : b === 2 ? 2 : b === 1 ? 4 : 0);
      c.addEventListener('mousedown', (e) => {
        c.focus();
        if (this.m._bw_pointer_present() && !absolute() && document.pointerLockElement !== c &&
            c.requestPointerLock) {
          c.requestPointerLock();
          return;
        }
        this.buttons |= bit(e.button);
        send(e, 0, 0, 0);
        e.preventDefault();
      });
      c.addEventListener('mouseup', (e) => {
        this.buttons &= ~bit(e.button);
        send(e, 0, 0, 0);
      });
      c.addEventListener('mousemove', (e) => send(e, e.movementX, e.movementY, 0));
      c.addEventListener('wheel', (e) => {
        if (document.activeElement !== c) return;
        e.preventDefault();
        send(e, 0, 0, e.deltaY < 0 ? 1 : -1);
      }, { passive: false });
      c.addEventListener('contextmenu', (e) => e.preventDefault());
    }
  }

  // Wires the on-screen pad: every element with data-pad="up|a|start|..."
  // presses its key while a finger (or the mouse) is on it.
  function attachPad(rootEl, screen) {
    for (const el of rootEl.querySelectorAll('[data-pad]')) {
      const name = el.dataset.pad;
      const press = (e) => {
        e.preventDefault();
        if (el.setPointerCapture && e.pointerId !== undefined) el.setPointerCapture(e.pointerId);
        el.classList.add('down');
        screen.pad(name, true);
      };
      const lift = (e) => {
        e.preventDefault();
        if (!el.classList.contains('down')) return;
        el.classList.remove('down');
        screen.pad(name, false);
      };
      el.addEventListener('pointerdown', press);
      el.addEventListener('pointerup', lift);
      el.addEventListener('pointercancel', lift);
      el.addEventListener('lostpointercapture', lift);
    }
  }

  return { Screen, attachPad, KEY_CODES, PAD_KEYS };
});
