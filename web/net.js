// The page's network transports (NIC 0's back end), chosen by URL keys named
// after QEMU's: net=user (default: the builtin user network in the core, with
// DHCP and a TFTP server for tftp= / dropped files), net=none, net=ws://... or
// wss://... (a boardwalk-netd proxy behind websockify: QEMU's stream framing,
// a 4-byte big-endian length before each frame, over the WebSocket byte
// stream), and netrelay=wss://... or net=relay+wss://... (a relay carrying one
// raw Ethernet frame per binary WebSocket message, as v86's and JSLinux's do).
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.BoardwalkNet = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  // {kind: 'user'|'none'|'stream'|'relay', url} from the page settings.
  function netSpec(s) {
    if (s.netrelay) {
      if (!/^wss?:\/\//.test(s.netrelay)) throw new Error(`netrelay=${s.netrelay}: expected ws:// or wss://`);
      return { kind: 'relay', url: s.netrelay };
    }
    const n = s.net || 'user';
    if (n === 'user' || n === 'none') return { kind: n };
    if (/^relay\+wss?:\/\//.test(n)) return { kind: 'relay', url: n.slice('relay+'.length) };
    if (/^wss?:\/\//.test(n)) return { kind: 'stream', url: n };
    throw new Error(`net=${n}: expected user, none, ws://HOST:PORT/, wss://... or relay+wss://...`);
  }

  // The URL a guest's TFTP request for |name| may fetch: a path inside the
  // tftp= folder |base| (resolved against the page's |pageHref|), or null.
  // Like tftpd -s, a leading '/' is the folder's root; every segment is
  // escaped, so a name can never become a scheme ('https://...'), another host
  // ('//host/...'), a query or a climb out of the folder ('..').
  function tftpUrl(base, name, pageHref) {
    const root = new URL(base.endsWith('/') ? base : base + '/', pageHref);
    if (root.protocol !== 'http:' && root.protocol !== 'https:') return null;
    const segments = String(name).replace(/^\/+/, '').split('/');
    if (segments.some((seg) => seg === '' || seg === '.' || seg === '..' || seg.includes('\\'))) {
      return null;
    }
    const url = new URL(segments.map(encodeURIComponent).join('/'), root);
    if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return null;
    return url.href;
  }

  // Reassembles length-prefixed frames from arbitrary chunks of a byte stream
  // (websockify keeps no message boundaries).
  class StreamDecoder {
    constructor(onFrame, maxFrame = 65536) {
      this.onFrame = onFrame;
      this.maxFrame = maxFrame;
      this.buf = new Uint8Array(0);
    }
    push(chunk) {
      let b = chunk;
      if (this.buf.length) {
        b = new Uint8Array(this.buf.length + chunk.length);
        b.set(this.buf);
        b.set(chunk, this.buf.length);
      }
      let at = 0;
      while (b.length - at >= 4) {
        const n = ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
        if (n > this.maxFrame) throw new Error(`stream framing: a ${n}-byte frame`);
        if (b.length - at - 4 < n) break;
        this.onFrame(b.slice(at + 4, at + 4 + n));
        at += 4 + n;
      }
      this.buf = b.slice(at);
    }
  }

  const MIN_STREAM_FRAME = 14, MAX_STREAM_FRAME = 9216;

  function encodeStream(frame) {
    const out = new Uint8Array(4 + frame.length);
    new DataView(out.buffer).setUint32(0, frame.length);
    out.set(frame, 4);
    return out;
  }

  // A WebSocket that reconnects with back-off. |framing|: 'stream' or 'relay'.
  // onFrame(Uint8Array) for frames from the server; onState(text) on changes.
  class WsTransport {
    constructor(url, framing, { onFrame, onState, WebSocketImpl } = {}) {
      this.url = url;
      this.framing = framing;
      this.onFrame = onFrame || (() => {});
      this.onState = onState || (() => {});
      this.WS = WebSocketImpl || WebSocket;
      this.delay = 1000;
      this.closed = false;
      this.connected = false;
      this.dropped = 0;
      this._open();
    }
    _open() {
      this.state = 'connecting';
      this.onState(`connecting to ${this.url}`);
      // websockify speaks its byte stream on the "binary" subprotocol.
      const ws = this.framing === 'stream' ? new this.WS(this.url, ['binary']) : new this.WS(this.url);
      ws.binaryType = 'arraybuffer';
      this.ws = ws;
      const decoder = new StreamDecoder((f) => this.onFrame(f));
      ws.onopen = () => {
        this.connected = true;
        this.delay = 1000;
        this.onState(`connected to ${this.url}`);
      };
      ws.onmessage = (e) => {
        if (!(e.data instanceof ArrayBuffer)) return;  // text messages carry no frames
        const bytes = new Uint8Array(e.data);
        if (this.framing === 'relay') {
          this.onFrame(bytes);
          return;
        }
        try {
          decoder.push(bytes);
        } catch (err) {
          this.onState(`${this.url}: ${err.message}; reconnecting`);
          ws.close();
        }
      };
      ws.onclose = () => {
        this.connected = false;
        if (this.closed) return;
        const s = Math.round(this.delay / 1000);
        this.onState(`${this.url}: disconnected, retrying in ${s} s`);
        this.timer = setTimeout(() => this._open(), this.delay);
        this.delay = Math.min(this.delay * 2, 30000);
      };
      ws.onerror = () => {};  // onclose follows with the retry
    }
    send(frame) {
      // QEMU's stream framing carries 14..9216 bytes: a peer drops a stream
      // that sends more (an e1000 guest may build 64 KiB frames), so such a
      // frame stays home, as in the native StreamNet.
      const unframable = this.framing === 'stream' &&
        (frame.length < MIN_STREAM_FRAME || frame.length > MAX_STREAM_FRAME);
      if (unframable || !this.connected || this.ws.readyState !== 1) {
        ++this.dropped;
        return;
      }
      this.ws.send(this.framing === 'stream' ? encodeStream(frame) : frame);
    }
    close() {
      this.closed = true;
      clearTimeout(this.timer);
      if (this.ws) this.ws.close();
    }
  }

  return { netSpec, tftpUrl, StreamDecoder, WsTransport, encodeStream };
});
