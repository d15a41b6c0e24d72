// The guest's sound through WebAudio.
//
// The core keeps the guest's S16 stereo frames (at the guest's rate) once
// enabled; a pump moves them every 20 ms to an AudioWorklet, which plays them
// from a ring at the AudioContext's rate with linear interpolation. The
// worklet runs on the audio thread, so a busy page does not glitch it as long
// as the ring holds sound; when it runs dry it plays silence, counts an
// underrun and waits for 50 ms of sound before going on. The ring is kept
// short (50-120 ms), trimming the oldest frames when the guest runs ahead, so
// latency stays under 150 ms. A slow drift between the guest's clock and the
// speakers' is absorbed by playing up to 2 % faster or slower. Browsers start
// audio only after a user gesture: start() is called from one.
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.BoardwalkSound = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const kPumpMs = 20;
  const kMaxQueuedMs = 120;
  const kPrebufferMs = 50;
  const kTargetMs = 60;  // the ring's level that drift control steers to

  // The worklet: a ring of stereo frames at |rate|, played at sampleRate.
  const PROCESSOR = `
class BoardwalkOut extends AudioWorkletProcessor {
  constructor() {
    super();
    this.ring = new Float32Array(2 * 48000);  // one second of stereo frames
    this.read = 0; this.count = 0; this.pos = 0; this.rate = 48000;
    this.underruns = 0; this.played = 0;
    // A jitter buffer: after the start or an underrun, play again only once
    // |prebuffer| frames are there, not one pump's chunk at a time.
    this.starved = true; this.prebuffer = 2400;
    // Drift control (as the native player's): the guest's clock and the
    // speakers' differ slightly; play up to 2 % faster while the ring,
    // averaged over ~0.5 s, holds more than its target, slower while less.
    this.target = 2880; this.avg = 2880;
    this.port.onmessage = (e) => {
      const { samples, rate, maxFrames, prebufferFrames, targetFrames } = e.data;
      this.rate = rate;
      this.prebuffer = prebufferFrames;
      this.target = targetFrames;
      const frames = samples.length / 2;
      const cap = this.ring.length / 2;
      for (let i = 0; i < frames; i++) {
        const w = (this.read + this.count) % cap;
        this.ring[2 * w] = samples[2 * i];
        this.ring[2 * w + 1] = samples[2 * i + 1];
        if (this.count < cap) this.count++; else this.read = (this.read + 1) % cap;
      }
      // Too far behind the guest: drop the oldest frames (latency bound).
      if (this.count > maxFrames) {
        const drop = this.count - maxFrames;
        this.read = (this.read + drop) % cap;
        this.count -= drop;
      }
      this.port.postMessage({ underruns: this.underruns, played: this.played, queued: this.count });
    };
  }
  process(inputs, outputs) {
    const out = outputs[0];
    const left = out[0], right = out[1] || out[0];
    const cap = this.ring.length / 2;
    if (!this.starved) this.avg += (this.count - this.avg) * left.length / (sampleRate / 2);
    const change = 0.05 * (this.avg - this.target) / this.target;
    const step = this.rate / sampleRate * (1 + Math.max(-0.02, Math.min(0.02, change)));
    for (let i = 0; i < left.length; i++) {
      if (this.count < 2 && !this.starved) {
        this.starved = true;
        if (this.played) this.underruns++;
      }
      if (this.starved && this.count < this.prebuffer) {
        left[i] = right[i] = 0;
        continue;
      }
      this.starved = false;
      const a = this.read, b = (this.read + 1) % cap, f = this.pos;
      left[i] = this.ring[2 * a] * (1 - f) + this.ring[2 * b] * f;
      right[i] = this.ring[2 * a + 1] * (1 - f) + this.ring[2 * b + 1] * f;
      this.pos += step;
      while (this.pos >= 1 && this.count > 1) {
        this.pos -= 1; this.read = b; this.count--; this.played++;
      }
    }
    return true;
  }
}
registerProcessor('boardwalk-out', BoardwalkOut);
`;

  class Sound {
    constructor(module) {
      this.m = module;
      this.ctx = null;
      this.node = null;
      this.timer = null;
      this.stats = { underruns: 0, played: 0, queued: 0 };
      this.muted = false;
      // A tap for tests: every chunk sent to the worklet (Float32 stereo, guest rate).
      this.onChunk = null;
    }

    get started() { return !!this.node; }

    // Call from a user gesture (click, key, touch).
    async start() {
      if (this.ctx) {
        if (this.ctx.state === 'suspended') await this.ctx.resume();
        return;
      }
      this.ctx = new AudioContext({ latencyHint: 'interactive' });
      const url = URL.createObjectURL(new Blob([PROCESSOR], { type: 'text/javascript' }));
      await this.ctx.audioWorklet.addModule(url);
      URL.revokeObjectURL(url);
      this.node = new AudioWorkletNode(this.ctx, 'boardwalk-out', { outputChannelCount: [2] });
      this.node.port.onmessage = (e) => { this.stats = e.data; };
      this.node.connect(this.ctx.destination);
      this.m._bw_audio_enable();
      this.timer = setInterval(() => this.pump(), kPumpMs);
    }

    // Moves the guest's frames to the worklet.
    pump() {
      this.m._bw_audio_enable();  // a reset builds a new machine: keep its sound coming
      const n = this.m._bw_audio_take(16384);
      if (!n) return;
      const rate = this.m._bw_audio_rate();
      const ptr = this.m._bw_audio_data() >> 1;
      const src = this.m.HEAP16.subarray(ptr, ptr + 2 * n);
      const samples = new Float32Array(2 * n);
      for (let i = 0; i < samples.length; i++) samples[i] = this.muted ? 0 : src[i] / 32768;
      if (this.onChunk) this.onChunk(samples.slice(), rate);
      const maxFrames = Math.round(rate * kMaxQueuedMs / 1000);
      const prebufferFrames = Math.round(rate * kPrebufferMs / 1000);
      const targetFrames = Math.round(rate * kTargetMs / 1000);
      this.node.port.postMessage({ samples, rate, maxFrames, prebufferFrames, targetFrames },
                                 [samples.buffer]);
    }

    close() {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      if (this.ctx) this.ctx.close();
      this.ctx = this.node = null;
    }
  }

  return { Sound };
});
