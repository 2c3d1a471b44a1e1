// A stand-in for the browser's WebSocket, driven by the test: records what the client sends and delivers frames
// built with an independent msgpack codec (@msgpack/msgpack), with jschan's ext 1 (channel) and 2 (byte stream).
import { encode, decode, decodeMulti, ExtensionCodec } from '@msgpack/msgpack';

/**
 * A reference as it appears on the wire: ext 1 [direction][id] or ext 2 [id]. In the extended mode a return channel
 * (direction 2) carries its capacity and a byte stream its window: `extra` (PROTOCOL.md section 14.3).
 */
export class Ref {
  constructor(id, direction, extra) {
    this.id = id;
    this.direction = direction; // 1 or 2 for channels, undefined for a byte stream
    this.extra = extra;
  }
}

const codec = new ExtensionCodec();
const u32 = (id) => [id >>> 24 & 255, id >>> 16 & 255, id >>> 8 & 255, id & 255];
const id32 = (b, at) => ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];
codec.register({
  type: 1,
  encode: (v) => (v instanceof Ref && v.direction
    ? new Uint8Array([v.direction, ...u32(v.id), ...(v.extra === undefined ? [] : u32(v.extra))]) : null),
  decode: (b) => new Ref(id32(b, 1), b[0], b.length === 9 ? id32(b, 5) : undefined),
});
codec.register({
  type: 2,
  encode: (v) => (v instanceof Ref && !v.direction
    ? new Uint8Array([...u32(v.id), ...(v.extra === undefined ? [] : u32(v.extra))]) : null),
  decode: (b) => new Ref(id32(b, 0), undefined, b.length === 8 ? id32(b, 4) : undefined),
});

export const pack = (value) => encode(value, { extensionCodec: codec });
export const unpack = (bytes) => decode(bytes, { extensionCodec: codec });
/** Every frame of one WebSocket message: the client may put several whole frames into one (PROTOCOL.md 7.5). */
export const unpackAll = (bytes) => [...decodeMulti(bytes, { extensionCodec: codec })];
export const hex = (bytes) => Buffer.from(bytes).toString('hex').replace(/(..)(?!$)/g, '$1 ');

export class FakeSocket {
  static last = null;

  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols; // what the client offers (undefined: none)
    this.protocol = ''; // what the server selected
    this.readyState = 0;
    this.sent = [];
    this.closedWith = null;
    FakeSocket.last = this;
  }

  send(data) {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice());
  }

  close(code, reason) {
    // Browsers throw for codes a page may not send; so does this fake.
    if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) {
      throw new Error(`InvalidAccessError: close code ${code}`);
    }
    if (new TextEncoder().encode(reason ?? '').length > 123) throw new Error('SyntaxError: reason too long');
    this.closedWith = { code, reason };
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code: code ?? 1005, reason: reason ?? '', wasClean: true }));
  }

  // ---- the test's side

  /** The handshake succeeds; the server selects `protocol` ('' for none). */
  open(protocol = '') {
    this.protocol = protocol;
    this.readyState = 1;
    this.onopen?.({});
  }

  /** Delivers one binary message holding the given frames (objects, encoded) or raw bytes. */
  deliver(...frames) {
    const parts = frames.map((f) => (f instanceof Uint8Array ? f : pack(f)));
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { all.set(p, at); at += p.length; }
    this.onmessage?.({ data: all.buffer });
  }

  deliverText(text) {
    this.onmessage?.({ data: text });
  }

  /** The server closes (or the connection drops, with 1006). */
  serverClose(code, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean: code !== 1006 });
  }

  /** Sent frames, decoded, in order (however they were grouped into messages); `take()` returns and forgets them. */
  frames() {
    return this.sent.flatMap(unpackAll);
  }

  take() {
    const f = this.frames();
    this.sent = [];
    return f;
  }

  /**
   * take(), once the client wrote what the current task queued: frames of an API call leave from a microtask
   * (so that what one task sends shares a message), not during the call.
   */
  async flushed() {
    await new Promise((resolve) => queueMicrotask(resolve));
    return this.take();
  }
}
