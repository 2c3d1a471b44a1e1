// Type declarations of the libchan4j browser client (ES module libchan4j.js; the classic script
// umd/libchan4j.umd.js defines the same API as the global `libchan4j`, and for require()).
//
// Model: a Session is one WebSocket carrying many unidirectional channels and duplex byte streams. A message is a
// plain JavaScript value that may carry channel ends and byte streams anywhere inside it: you keep the end you put
// in the message (read from a Receiver, write into a Sender or ByteStream) and the peer gets the other end.
//
// An end travels once. What newReceiver(), newByteStream() or newSender() on a Sender made goes as itself, on the
// session that made it. Any other end (received from the peer, a top-level channel, or another session's end) is
// forwarded, as the JVM session does: the message carries a new channel or stream, and the library copies between
// the two (what a Receiver yields is sent on the new channel, what arrives on the new channel goes into a Sender, a
// ByteStream is copied both ways), with flow control, ends, failures and cancels passed along. The received id
// itself is never sent back (that would be jschan's "echoed channel"). A forwarded end is no longer yours to use.
//
// Modes: a session speaks jschan's wire format ('compat') or, when the server selects the WebSocket subprotocol
// libchan4j.v1, libchan4j's extended protocol ('extended', PROTOCOL.md section 14). The extended mode adds Go channel
// flow control (each channel has a capacity chosen by its receiver: send() resolves once the message fits it, and
// for capacity 0 once the receiving application took it), byte windows on streams, Sender.fail() seen by the
// receiver as CHANNEL_FAILED, Receiver.close() seen by the sender as CHANNEL_CLOSED, keepalive, and resumption: a
// dropped connection suspends the session (state 'suspended'), the client reconnects and resumes it, and no message
// is lost, duplicated or reordered (PROTOCOL.md section 14.6).

export as namespace libchan4j;

/**
 * Opens a session over a WebSocket to `url` (absolute `ws://`/`wss://`, or relative to the page such as
 * `"/chan"`). Resolves once the WebSocket is open; rejects with a ChanError `CONNECT_FAILED` for a malformed URL or
 * a connection that is refused or fails before opening. Its message says what happened as far as the platform
 * lets the client see it. In Node with `ws`, a refused handshake's HTTP status is the error's `httpStatus` and the
 * message names the server's hook that refused: 403 "Origin Not Allowed" its OriginPolicy, 401 its Authenticator
 * (a 403 "Forbidden" is the Authenticator's, or an OriginPolicy of a server that does not say); an unreachable
 * server gets the network error (`connect ECONNREFUSED ...`). A browser tells a page nothing of why a WebSocket
 * failed, so there the message lists the likely causes: the OriginPolicy first (a page served from another port,
 * such as a dev server, is another origin), then the Authenticator, then an unreachable server.
 */
export function connect(url: string, options?: ConnectOptions): Promise<Session>;

/**
 * Go's `select` over receive cases: waits for the first of `receivers` that can deliver and takes one message from
 * it alone. Exactly one receiver's message is consumed; the others lose nothing. When several can deliver at once,
 * one is picked at random (fair). Resolves with `{index, value}` (`value` is `undefined` when that receiver reached
 * its end), or rejects as that receiver's `receive()` would (its channel failed, its session ended). With
 * `options.timeout`, resolves with `{index: -1, value: undefined}` once it passes first; `timeout: 0` never waits
 * (Go's `default` case). Aborting `options.signal` rejects with the signal's reason, consuming nothing. Works
 * across sessions. Rejects with a TypeError for anything but an array of Receivers, or a bad timeout.
 */
export function select(receivers: readonly Receiver[], options?: SelectOptions): Promise<SelectResult>;

/** Options of `select()`. */
export interface SelectOptions {
  /** Gives up when aborted: the promise rejects with the signal's reason and no message is taken. */
  signal?: AbortSignal;
  /** Milliseconds (0..2^31-1) to wait before resolving with `{index: -1}`; 0 does not wait at all. Default: none. */
  timeout?: number;
}

/** What `select()` took: from `receivers[index]` (`-1`: the timeout passed first, nothing taken). */
export interface SelectResult {
  readonly index: number;
  readonly value: Received | undefined;
}

/**
 * Options of `receive()`, `read()` and `accept()`. A receive is cancel-safe: once `signal` is aborted it rejects
 * with the signal's reason (an `AbortError` DOMException unless you gave another) and takes nothing, even when a
 * message arrives while the abort is under way: the next receive gets it. (A receive abandoned without a signal,
 * e.g. lost in a `Promise.race` with a timer, still takes the next message: pass a signal, or
 * `AbortSignal.timeout(ms)`, instead.) A signal that is not an AbortSignal is a TypeError.
 */
export interface ReceiveOptions {
  signal?: AbortSignal;
}

/**
 * What `connect()` uses of a WebSocket: the browser's `WebSocket` and the `ws` package's both fit. The client sets
 * `binaryType` to `'arraybuffer'` and the `on*` handlers, sends Uint8Arrays and closes with a code and reason.
 */
export interface WebSocketLike {
  binaryType: string;
  readonly protocol: string;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/**
 * A WebSocket class `connect()` can instantiate as `new WebSocket(url, protocols)`: the browser's, or in Node the
 * `ws` package's (a subclass of it can pass `ws` options such as headers: see the README).
 */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface ConnectOptions {
  /**
   * The WebSocket class to use instead of the global one: in Node, the `ws` package's `WebSocket`, with which a
   * refused handshake's HTTP status reaches the ChanError (a browser does not tell it).
   */
  WebSocket?: WebSocketConstructor;
  /**
   * `'auto'` (default): offer the subprotocols `libchan4j.compat` and `libchan4j.v1`, in that order, and speak the
   * extended mode if the server selects `libchan4j.v1` (a libchan4j server does), else compat. `'compat'`: offer no
   * subprotocol and speak jschan's format (for jschan servers, which may echo any offered subprotocol).
   */
  mode?: 'auto' | 'compat';
  /** Extended mode: the default capacity of the channels this side reads, in messages (0 = unbuffered). Default 1024. */
  capacity?: number;
  /** Extended mode: the bytes the server may have in flight toward this side on one byte stream (>= 1024). Default 1048576. */
  streamWindow?: number;
  /**
   * Extended mode: the keepalive interval in ms (0 = none). A server silent for one interval is pinged; silent for
   * two, the connection is dropped with close code 4000: a resumable session is suspended and resumed, any other
   * ends (ChanError `SESSION_CLOSED`, closeCode 4000). Default 25000.
   */
  keepAlive?: number;
  /**
   * Extended mode: how long, in ms, a session whose connection dropped may take to resume (0 = no resumption: a
   * drop ends the session with 1006). Within it the session is `'suspended'`: channels stay open, sends go on
   * into the replay buffer, and the client reconnects to the same URL (subprotocol `libchan4j.v1` only). Past
   * it the session ends with ChanError `SESSION_CLOSED`, closeCode 1006 ("not resumed within N ms"). The server
   * keeps the session for its own window (a `ChanServer`: 30 s); if it refuses the resume (unknown or expired
   * session, other identity) the session ends with closeCode 4100 and the server's reason. Default 30000.
   */
  resumeWindow?: number;
  /**
   * Extended mode with resumption: the bytes of sent frames kept until the server acknowledges them (>= 1024).
   * While that much is unacknowledged, further `send()`/`write()` promises wait. Default 1048576 (1 MiB).
   */
  replayWindow?: number;
  /**
   * Reconnecting (ms, >= 1): the first attempt after a drop is immediate; after a failed one the next waits
   * `reconnectDelay`, doubling up to `reconnectMaxDelay`, each plus up to 20% jitter. Defaults 100 and 5000.
   */
  reconnectDelay?: number;
  reconnectMaxDelay?: number;
  /**
   * The most bytes of received messages (each counts its frame's encoded size) and byte-stream chunks (their
   * length) waiting for the application to take them, summed over the session (1..2^31-1). A server that outruns
   * the page past it ends the session with closeCode 1008 (ChanError `PROTOCOL`; sent as 4008), as a JVM session
   * does (`Limits.maxBufferedBytes`). Messages handed to a waiting `receive()` or an `onMessage` callback are never
   * held. Default 67108864 (64 MiB).
   */
  maxBufferedBytes?: number;
}

/**
 * Where a session stands: `'connected'`; `'suspended'` (its connection dropped and it is reconnecting to resume:
 * `open` is still true, channels stay open, sends are buffered); `'closed'` (ended: `closed` has settled).
 */
export type SessionState = 'connected' | 'suspended' | 'closed';

/** Options of `newReceiver()`. */
export interface ReceiverOptions {
  /**
   * Extended mode: the channel's capacity, announced to the writer: how many messages it may send ahead of your
   * receives; 0 makes each of its sends wait for your `receive()`, as an unbuffered Go channel does. Default: the
   * session's `capacity`. Compat mode has no flow control and ignores it.
   */
  capacity?: number;
}

/** The wire protocol a session speaks (see `ConnectOptions.mode`). */
export type SessionMode = 'compat' | 'extended';

/**
 * What a message can hold. Numbers that are integers in -2^31..2^32-1 travel as msgpack integers, other numbers as
 * float64; a BigInt must lie in that integer range. Uint8Array (any ArrayBuffer view, or an ArrayBuffer) travels as
 * msgpack bin. Plain objects are maps with string keys (properties whose value is `undefined` are left out), a
 * `Map` is a map with any keys. Class instances travel as their own enumerable properties; functions, symbols,
 * Dates and promises are refused with ChanError `ENCODING`.
 *
 * A top-level message is never `null` or `undefined`. In compat mode it must not be "falsy" at all (`false`, `0`,
 * `NaN` or `""` too): a jschan peer would read it as the end of the channel, so `send` refuses it with `ENCODING`.
 * The extended mode sends `false`, `0`, `NaN` and `""` as they are.
 */
export type Message =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | ArrayBuffer
  | ArrayBufferView
  | Sender
  | Receiver
  | ByteStream
  | readonly Message[]
  | ReadonlyMap<Message, Message>
  | { readonly [key: string]: Message };

/**
 * What a received message can hold: numbers (integers beyond 2^53 lose precision), strings, booleans, null,
 * Uint8Array for bin, arrays, plain objects for maps whose keys are all strings (a `Map` otherwise), and the
 * channel ends and byte streams the peer handed over.
 */
export type Received =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | Sender
  | Receiver
  | ByteStream
  | Received[]
  | Map<Received, Received>
  | { [key: string]: Received };

/** Error codes of ChanError. */
export type ChanErrorCode =
  /** The message cannot be encoded for the peer (a falsy top-level value, an unsupported type, a channel end that
   * cannot travel, too deep). Nothing was sent; the channel stays usable. */
  | 'ENCODING'
  /** The channel or stream was already closed/ended by this side, or (extended mode) its reader closed it. */
  | 'CHANNEL_CLOSED'
  /** Extended mode: the writer failed the channel or stream with `Sender.fail()` (`channelCode` is its code). */
  | 'CHANNEL_FAILED'
  /** The session has ended (`closeCode` tells how: 1006 a drop not resumed in time, 4000 the server was silent for
   * two keepalive intervals, 4100 the server refused to resume the session). */
  | 'SESSION_CLOSED'
  /** The server broke the protocol or a limit; this side closed the session (`closeCode`: 1002, 1003, 1007,
   * 1008 (e.g. `maxBufferedBytes`) or 1009; the browser sends it as 3000 + code, e.g. 4002, since pages may not
   * send 1002). */
  | 'PROTOCOL'
  /** The WebSocket could not be opened (`httpStatus` tells a refused handshake's status where known). */
  | 'CONNECT_FAILED'
  /** A local limit refused the operation (such as 10,000 open channels); the session stays open. */
  | 'LIMIT'
  /** A bug in libchan4j. */
  | 'INTERNAL';

/** Every failure this library reports. */
export class ChanError extends Error {
  constructor(code: string, message: string);
  readonly name: string;
  readonly code: ChanErrorCode | string;
  /** The WebSocket close code the session ended with, where one did. */
  readonly closeCode?: number;
  /** For `CHANNEL_FAILED`: the application code the writer failed the channel with. */
  readonly channelCode?: number;
  /**
   * For `CONNECT_FAILED`: the HTTP status the server refused the WebSocket upgrade with (401, 403...), where the
   * platform tells it: in Node with the `ws` package; never in a browser.
   */
  readonly httpStatus?: number;
}

/** How a session closed in an orderly way. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/**
 * One WebSocket connection. Lifecycle: open from `connect()` until `close()`, the server's close, or a protocol
 * violation. When it ends, every channel and stream still open fails with the session's ChanError (so a dropped
 * connection is never mistaken for a normal end), `accept()` yields `undefined` (orderly close) or rejects, and
 * `closed` settles. Async-iterating a session yields the channels the server opens, as `accept()` does.
 */
export class Session implements AsyncIterable<Receiver> {
  private constructor();
  /** Opens a new top-level channel toward the server. Throws the session's ChanError once it has ended. */
  newSender(): Sender;
  /** A channel to put in a message: the peer gets a Sender and you read what it sends. */
  newReceiver(options?: ReceiverOptions): Receiver;
  /** A byte stream to put in a message: the peer gets the other end. */
  newByteStream(): ByteStream;
  /**
   * The next top-level channel the server opens; `undefined` after an orderly close; rejects on failure.
   * `options.signal` as for `Receiver.receive()`.
   */
  accept(options?: ReceiveOptions): Promise<Receiver | undefined>;
  /** Hands every top-level channel the server opens (queued ones first) to `callback` instead of `accept()`. */
  onChannel(callback: (channel: Receiver) => void): this;
  /**
   * Closes the session with `code` (default 1000; a page may only send 1000 or 3000-4999) and `reason`. Open
   * channels fail with `SESSION_CLOSED`; `closed` resolves. Idempotent.
   */
  close(code?: number, reason?: string): void;
  /**
   * Resolves with `{code, reason}` after an orderly close (1000, 1001, 1005, or a `close()` of this side);
   * rejects with a ChanError (`SESSION_CLOSED` with another closeCode such as 1006 for a dropped connection that
   * was not resumed, 4100 for a resume the server refused, or `PROTOCOL`) otherwise.
   */
  readonly closed: Promise<CloseInfo>;
  /** True until the session has ended (also while it is suspended). */
  readonly open: boolean;
  /** `'connected'`, `'suspended'` (reconnecting to resume after a drop) or `'closed'`. */
  readonly state: SessionState;
  /**
   * Calls `callback` with the new state each time `state` changes (in a microtask): `'suspended'` when the
   * connection dropped, `'connected'` once the server resumed the session, `'closed'` when it ended. One callback
   * per session; a later call replaces it.
   */
  onStateChange(callback: (state: SessionState) => void): this;
  /** `'extended'` when the server selected `libchan4j.v1`, else `'compat'`. */
  readonly mode: SessionMode;
  /** The WebSocket URL. */
  readonly url: string;
  [Symbol.asyncIterator](): AsyncIterator<Receiver>;
}

/**
 * The writing end of a channel. Made by `session.newSender()` (a top-level channel), by `newSender()` on a Sender
 * (to put in a message: the peer gets the Receiver), or received from the peer (a return channel). Messages sent
 * on a Sender that has not travelled yet are held and sent, in order, right after the message that carries it.
 * Put in a message, a top-level or received Sender is forwarded: the peer gets a new channel whose messages the
 * library sends into this one.
 */
export class Sender {
  private constructor();
  /**
   * Sends one message. Resolves when it counts as sent: in compat mode once it is handed to the WebSocket (jschan
   * has no flow control); in the extended mode once it fits the receiver's capacity, and for capacity 0 once the
   * receiving application took it. Messages sent meanwhile wait in order, delaying no other channel. Rejects with
   * ChanError `ENCODING` (nothing sent, the channel stays usable), `CHANNEL_CLOSED` (after `close()`/`fail()`, or
   * the receiver closed the channel: messages not yet transmitted are dropped), or the session's error.
   */
  send(message: Message): Promise<void>;
  /** Ends the channel: the receiver sees the end after every message sent before. Idempotent. */
  close(): void;
  /**
   * Ends the channel with an error: after the messages sent before, the receiver's `receive()` rejects with
   * `CHANNEL_FAILED` carrying `code` (an int32) as `channelCode`, and `message`. In compat mode the channel ends
   * normally (jschan has no error frame). Idempotent, and a no-op after `close()`.
   */
  fail(code: number, message?: string): void;
  /**
   * Settles when the channel takes no more messages: resolves after `close()` or `fail()`; rejects with
   * `CHANNEL_CLOSED` when the receiver closed the channel (extended mode; a producer can stop work), or with the
   * session's error when the session ends first.
   */
  readonly closed: Promise<void>;
  /** A channel you write, to put in a message sent on this one (jschan's WriteChannel). */
  newSender(): Sender;
  /** A return channel to put in a message sent on this one: you read it (jschan's ReadChannel). */
  newReceiver(options?: ReceiverOptions): Receiver;
  /** A byte stream to put in a message sent on this one (jschan's BinaryStream). */
  newByteStream(): ByteStream;
}

/**
 * The reading end of a channel: its messages in order, then the end. Read with `receive()`, `for await`, `select()`
 * or the `onMessage`/`onEnd` callbacks (one style per receiver). Messages that arrive before you ask are buffered
 * (in the extended mode at most the channel's capacity: each message you take lets the writer send another; in all
 * modes at most `maxBufferedBytes` over the session). Breaking out of a `for await` loop closes the receiver. Put
 * in a message, a top-level or received Receiver is forwarded: the library sends what it yields on a new channel.
 */
export class Receiver implements AsyncIterable<Received> {
  private constructor();
  /**
   * The next message, or `undefined` once the sender ended the channel (or after `close()`). Rejects with the
   * session's ChanError if the session ends first, and with `CHANNEL_FAILED` (`channelCode`, message) after the
   * last message when the sender failed the channel (extended mode). With `options.signal`, an abort rejects with
   * the signal's reason and takes no message (see `ReceiveOptions`).
   */
  receive(options?: ReceiveOptions): Promise<Received | undefined>;
  /** Hands every message (buffered ones first) to `callback`, each in its own microtask. */
  onMessage(callback: (message: Received) => void): this;
  /** Called once with no argument after the end and the last message, or with the error (session ended, channel failed). */
  onEnd(callback: (error?: ChanError) => void): this;
  /**
   * Stops reading: buffered and later messages are dropped, pending receives resolve `undefined`. In the extended
   * mode the sender is told: its pending and later sends reject with `CHANNEL_CLOSED` and its `closed` rejects
   * (compat mode cannot tell it). Idempotent.
   */
  close(): void;
  [Symbol.asyncIterator](): AsyncIterator<Received>;
}

/**
 * One end of a duplex byte stream: each side writes and ends its own direction. Reads yield Uint8Array chunks
 * until the other side ends its direction. Writes made before the stream travelled are held and sent right after
 * the message that carries it. Breaking out of a `for await` loop stops reading (like `cancel()`). Put in a
 * message, a received ByteStream is forwarded: the peer gets a new stream, copied both ways.
 */
export class ByteStream implements AsyncIterable<Uint8Array> {
  private constructor();
  /**
   * Writes bytes (a string is written as UTF-8), in chunks of at most 64 KiB. Empty writes send nothing. Resolves
   * once handed to the WebSocket (compat mode) or once the bytes fit the reader's window (extended mode: reads on
   * the other side make room). Rejects with `CHANNEL_CLOSED` after `end()` or `fail()`, or once the reader
   * cancelled.
   */
  write(data: ArrayBuffer | ArrayBufferView | string): Promise<void>;
  /** Ends this side's direction. Idempotent. */
  end(): void;
  /**
   * Like `close()`, but ends this side's direction with an error: after the bytes written before, the other side's
   * read rejects with `CHANNEL_FAILED` carrying `code` (an int32) as `channelCode`, and `message` (a JVM peer's
   * `input()` throws an IOException caused by a ChannelFailedException). In compat mode the direction ends
   * normally (jschan has no error frame). Stops reading the input, like `cancel()`. Idempotent; after `end()` it
   * only stops reading.
   */
  fail(code: number, message?: string): void;
  /**
   * The next chunk, or `undefined` at the end of the input; rejects if the session ends first, or with
   * `CHANNEL_FAILED` when the other side failed its direction (extended mode). `options.signal` as for
   * `Receiver.receive()`.
   */
  read(options?: ReceiveOptions): Promise<Uint8Array | undefined>;
  /** Every remaining chunk, concatenated, once the other side ended its direction. */
  readAll(): Promise<Uint8Array>;
  /**
   * Stops reading: buffered and later input is dropped, pending reads resolve `undefined`. In the extended mode the
   * other side is told (cancel): its pending and later writes reject with `CHANNEL_CLOSED` (a JVM writer's
   * `output().write` throws). Compat mode cannot tell it. Your own direction goes on. Idempotent.
   */
  cancel(): void;
  /** `end()` and `cancel()`. */
  close(): void;
  /** A Web Streams view of the input (one per stream). */
  readonly readable: ReadableStream<Uint8Array>;
  /** A Web Streams view of the output: closing it ends this side's direction. */
  readonly writable: WritableStream<Uint8Array>;
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array>;
}
