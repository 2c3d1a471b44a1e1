// The JavaScript API of the built ES module (target/classes/META-INF/resources/libchan4j/libchan4j.js), under node,
// against a fake WebSocket: exact bytes on the wire, value mapping, errors, lifecycle. Run by ApiNodeTest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { FakeSocket, Ref, hex } from './fake-socket.mjs';

const dist = new URL('../../../target/classes/META-INF/resources/libchan4j/', import.meta.url);
const lib = await import(new URL('libchan4j.js', dist).href);
const { connect, ChanError, Session, Sender, Receiver, ByteStream } = lib;

async function open() {
  const pending = connect('ws://example.test/chan', { WebSocket: FakeSocket });
  const ws = FakeSocket.last;
  ws.open();
  return { session: await pending, ws };
}

async function rejectsWith(promise, code, pattern) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof ChanError, `expected a ChanError, got ${e}`);
    assert.ok(e instanceof Error);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

test('the worked example of PROTOCOL.md goes out byte for byte (golden vector frame-13)', async () => {
  const { session } = await open();
  const ws = FakeSocket.last;
  const requests = session.newSender();
  const returnChannel = requests.newReceiver();
  await requests.send({ hello: 'world', returnChannel });
  assert.equal(hex(ws.sent[0]), '83 a2 69 64 01 a4 64 61 74 61 82 a5 68 65 6c 6c 6f a5 77 6f 72 6c 64 ad 72 65 74 75 72 6e'
    + ' 43 68 61 6e 6e 65 6c c7 05 01 02 00 00 00 03 a6 70 61 72 65 6e 74 c0');
  // The server answers on 3 (frame-05), then ends it (81 a2 69 64 03).
  ws.deliver({ id: 3, data: { ok: true }, parent: null });
  ws.deliver(new Uint8Array([0x81, 0xa2, 0x69, 0x64, 0x03]));
  const got = [];
  for await (const m of returnChannel) got.push(m);
  assert.deepEqual(got, [{ ok: true }]);
  assert.equal(await returnChannel.receive(), undefined);
});

test('JavaScript values map to msgpack as documented', async () => {
  const { session, ws } = await open();
  const out = session.newSender();
  await out.send({
    int: 1, negative: -33, int32min: -2147483648, uint32max: 4294967295, big: 2 ** 32, float: 1.5, nan: NaN,
    bigint: 7n, text: 'héllo', yes: true, no: false, nothing: null, dropped: undefined,
    bytes: new Uint8Array([1, 2, 3]), buffer: new Uint8Array([4]).buffer, list: [1, undefined, 'x'],
    map: new Map([[1, 'one'], ['k', 'v']]),
  });
  const [frame] = ws.take();
  assert.equal(frame.id, 1);
  assert.equal(frame.parent, null);
  assert.deepEqual(frame.data, {
    int: 1, negative: -33, int32min: -2147483648, uint32max: 4294967295, big: 2 ** 32, float: 1.5, nan: NaN,
    bigint: 7, text: 'héllo', yes: true, no: false, nothing: null,
    bytes: new Uint8Array([1, 2, 3]), buffer: new Uint8Array([4]), list: [1, null, 'x'],
    map: { 1: 'one', k: 'v' }, // the oracle decodes every map to an object; the bytes are checked below
  });
  await out.send(new Map([[1, 'one']]));
  assert.equal(hex(ws.sent.pop()), '82 a2 69 64 01 a4 64 61 74 61 81 01 a3 6f 6e 65');
  // Integers in int32/uint32 use integer formats; 2^32 and 1.5 are float64 (cb).
  await out.send([2 ** 32, 1.5, 255]);
  assert.equal(hex(ws.sent[0]), '82 a2 69 64 01 a4 64 61 74 61 93 cb 41 f0 00 00 00 00 00 00 cb 3f f8 00 00 00 00 00 00 cc ff');
});

test('received values map back: bin to Uint8Array, string-keyed maps to objects, others to Map', async () => {
  const { session, ws } = await open();
  ws.deliver({ id: 2, parent: null, data: { n: 5, f: 0.25, s: 'x', b: new Uint8Array([9, 8]), a: [null, true], ['__proto__']: 1 } });
  // {id: 2, data: {1: "one"}}: a map with an integer key.
  ws.deliver(new Uint8Array([0x82, 0xa2, 0x69, 0x64, 0x02, 0xa4, 0x64, 0x61, 0x74, 0x61, 0x81, 0x01, 0xa3, 0x6f, 0x6e, 0x65]));
  const channel = await session.accept();
  assert.ok(channel instanceof Receiver);
  const first = await channel.receive();
  assert.equal(first.n, 5);
  assert.equal(first.f, 0.25);
  assert.ok(first.b instanceof Uint8Array);
  assert.deepEqual([...first.b], [9, 8]);
  assert.deepEqual(first.a, [null, true]);
  assert.equal(Object.getPrototypeOf(first), Object.prototype, '__proto__ stays an own property');
  assert.equal(Object.getOwnPropertyDescriptor(first, '__proto__').value, 1);
  const second = await channel.receive();
  assert.ok(second instanceof Map);
  assert.equal(second.get(1), 'one');
});

test('uint64 above 2^63-1 arrives as a number (the browser build decodes it without BigInteger)', async () => {
  const { session, ws } = await open();
  // {id: 2, parent: nil, data: [2^64-1, 2^63, 2^63-1]}, the first two as uint64 (cf), the last as int64 (d3).
  ws.deliver(new Uint8Array([0x83, 0xa2, 0x69, 0x64, 0x02, 0xa6, 0x70, 0x61, 0x72, 0x65, 0x6e, 0x74, 0xc0,
    0xa4, 0x64, 0x61, 0x74, 0x61, 0x93, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xcf, 0x80, 0, 0, 0, 0, 0, 0, 0, 0xd3, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
  assert.deepEqual(await (await session.accept()).receive(), [2 ** 64, 2 ** 63, 2 ** 63]);
});

test('bin map keys compare by content (the browser build does it without ByteBuffer): a duplicate is refused',
  async () => {
    const { session, ws } = await open();
    // {id: 2, parent: nil, data: {bin(01 80): 'a', bin(01 81): 'b', bin(01): 'c'}}, then the same key twice.
    const id = [0xa2, 0x69, 0x64, 0x02], data = [0xa4, 0x64, 0x61, 0x74, 0x61];
    ws.deliver(new Uint8Array([0x83, ...id, 0xa6, 0x70, 0x61, 0x72, 0x65, 0x6e, 0x74, 0xc0, ...data,
      0x83, 0xc4, 2, 1, 0x80, 0xa1, 0x61, 0xc4, 2, 1, 0x81, 0xa1, 0x62, 0xc4, 1, 1, 0xa1, 0x63]));
    const received = await (await session.accept()).receive();
    assert.deepEqual([...received].map(([k, v]) => [[...k], v]), [[[1, 0x80], 'a'], [[1, 0x81], 'b'], [[1], 'c']]);
    ws.deliver(new Uint8Array([0x82, ...id, ...data, 0x82, 0xc4, 2, 7, 0xff, 0xa1, 0x61, 0xc4, 2, 7, 0xff, 0xa1, 0x62]));
    await rejectsWith(session.closed, 'PROTOCOL', /duplicate map key/);
  });

test('an error message quotes a string key with its quotes and backslashes escaped', async () => {
  const { session, ws } = await open();
  // {id: 2, parent: nil, data: {'q"\': 1, 'q"\': 2}}: the browser build escapes with JavaScript's split and join.
  ws.deliver(new Uint8Array([0x83, 0xa2, 0x69, 0x64, 0x02, 0xa6, 0x70, 0x61, 0x72, 0x65, 0x6e, 0x74, 0xc0,
    0xa4, 0x64, 0x61, 0x74, 0x61, 0x82, 0xa3, 0x71, 0x22, 0x5c, 0x01, 0xa3, 0x71, 0x22, 0x5c, 0x02]));
  await rejectsWith(session.closed, 'PROTOCOL', /duplicate map key "q\\"\\\\" at offset 24/);
});

test('falsy top-level messages are refused with ENCODING and nothing is sent', async () => {
  const { session, ws } = await open();
  const out = session.newSender();
  for (const v of [0, '', false, null, undefined, NaN]) {
    await rejectsWith(out.send(v), 'ENCODING', /jschan peer reads it as the end of the channel/);
  }
  assert.equal(ws.sent.length, 0);
  await out.send({ still: 'usable' });
  assert.equal(ws.sent.length, 1);
});

test('values that cannot travel are refused with a clear ENCODING error', async () => {
  const { session, ws } = await open();
  const out = session.newSender();
  await rejectsWith(out.send({ when: new Date() }), 'ENCODING', /cannot send a Date/);
  await rejectsWith(out.send({ f() {} }), 'ENCODING', /cannot send function/);
  await rejectsWith(out.send({ n: 2n ** 40n }), 'ENCODING', /BigInt/);
  const cyclic = {};
  cyclic.self = cyclic;
  await rejectsWith(out.send(cyclic), 'ENCODING', /nested deeper than 63/);
  await rejectsWith(out.send({ me: session }), 'ENCODING', /Session cannot be sent/);
  const r = out.newReceiver();
  await rejectsWith(out.send([r, r]), 'ENCODING', /appears twice/);
  assert.equal(ws.sent.length, 0);
});

test('a channel travels once; ends that cannot travel themselves are forwarded, never echoed', async () => {
  const { session, ws } = await open();
  const { session: other } = await open();
  const out = session.newSender();
  const r = out.newReceiver();
  await out.send({ r });
  await rejectsWith(out.send({ r }), 'ENCODING', /already sent/);
  ws.deliver({ id: 2, parent: null, data: { reply: new Ref(4, 2), updates: new Ref(6, 1), file: new Ref(8) } });
  const msg = await (await session.accept()).receive();
  assert.ok(msg.reply instanceof Sender);
  assert.ok(msg.updates instanceof Receiver);
  assert.ok(msg.file instanceof ByteStream);
  ws.take();
  // Received ends, a top-level channel and another session's end go as new channels (see parity.test.mjs).
  await out.send({ reply: msg.reply, updates: msg.updates, file: msg.file, top: session.newSender(),
    foreign: other.newReceiver() });
  // (The top-level Sender took id 5 when it was made.)
  assert.deepEqual(ws.take()[0].data, { reply: new Ref(7, 2), updates: new Ref(9, 1), file: new Ref(11),
    top: new Ref(13, 2), foreign: new Ref(15, 1) });
  await rejectsWith(out.send({ echo: msg.reply }), 'ENCODING', /already sent/);
});

test('a received Sender writes to the peer; its first frame has a nil parent', async () => {
  const { session, ws } = await open();
  ws.deliver({ id: 2, parent: null, data: { reply: new Ref(4, 2) } });
  const { reply } = await (await session.accept()).receive();
  await reply.send('pong');
  await reply.send('again');
  reply.close();
  assert.deepEqual(await ws.flushed(), [{ id: 4, data: 'pong', parent: null }, { id: 4, data: 'again' }, { id: 4 }]);
});

test('a nested Sender holds what it is given until the message carrying it goes', async () => {
  const { session, ws } = await open();
  const out = session.newSender();
  const updates = out.newSender();
  const early = updates.send({ n: 1 });
  updates.close();
  assert.equal(ws.sent.length, 0);
  await out.send({ updates });
  await early;
  const frames = ws.take();
  assert.deepEqual(frames[0].data, { updates: new Ref(3, 1) });
  assert.deepEqual(frames.slice(1), [{ id: 3, data: { n: 1 }, parent: 1 }, { id: 3 }]);
  await rejectsWith(updates.send({ n: 2 }), 'CHANNEL_CLOSED');
});

test('channels nest: a received message may carry channels that carry channels', async () => {
  const { session, ws } = await open();
  ws.deliver({ id: 2, parent: null, data: { inner: new Ref(4, 1) } });
  const { inner } = await (await session.accept()).receive();
  ws.deliver({ id: 4, parent: 2, data: { deeper: new Ref(6, 1) } });
  const { deeper } = await inner.receive();
  ws.deliver({ id: 6, parent: 4, data: 'depth 3' }, { id: 6 });
  assert.equal(await deeper.receive(), 'depth 3');
  assert.equal(await deeper.receive(), undefined);
});

test('callbacks: onChannel, onMessage and onEnd run in order, outside the engine', async () => {
  const { session, ws } = await open();
  const events = [];
  let done;
  const finished = new Promise((resolve) => { done = resolve; });
  session.onChannel((ch) => {
    events.push('channel');
    ch.onMessage((m) => events.push(m.n)).onEnd((error) => { events.push(error === undefined ? 'end' : error); done(); });
  });
  ws.deliver({ id: 2, parent: null, data: { n: 1 } }, { id: 2, data: { n: 2 } }, { id: 2 });
  await finished;
  assert.deepEqual(events, ['channel', 1, 2, 'end']);
});

test('byte streams: writes go out in chunks of 64 KiB, reads yield chunks, readAll and Web Streams work', async () => {
  const { session, ws } = await open();
  const out = session.newSender();
  const stream = out.newByteStream();
  const early = stream.write('hi');
  await out.send({ stream });
  await early;
  const big = new Uint8Array(150000).map((_, i) => i & 255);
  await stream.write(big);
  await stream.write(new Uint8Array(0));
  stream.end();
  const frames = await ws.flushed();
  assert.deepEqual(frames[0].data, { stream: new Ref(3) });
  assert.deepEqual(frames.slice(1).map((f) => f.data?.length), [2, 65536, 65536, 150000 - 131072, undefined]);
  assert.ok(frames.slice(1).every((f) => f.id === 3 && !('parent' in f)));
  ws.deliver({ id: 3, data: new Uint8Array([1, 2]) }, { id: 3, data: new Uint8Array([3]) }, { id: 3 });
  assert.deepEqual([...await stream.readAll()], [1, 2, 3]);

  const second = out.newByteStream();
  await out.send({ second });
  ws.deliver({ id: 5, data: new Uint8Array([7]) }, { id: 5 });
  const chunks = [];
  for await (const c of second.readable) chunks.push(...c);
  assert.deepEqual(chunks, [7]);
  const writer = second.writable.getWriter();
  await writer.write(new Uint8Array([5, 6]));
  await writer.close();
  assert.deepEqual(ws.take().slice(-2), [{ id: 5, data: new Uint8Array([5, 6]) }, { id: 5 }]);
  await assert.rejects(out.newByteStream().write(42), TypeError);
});

test('the server closing the session fails open channels and resolves closed', async () => {
  const { session, ws } = await open();
  const r = session.newSender().newReceiver();
  const pending = r.receive();
  const accepting = session.accept();
  ws.serverClose(1000, 'bye');
  await rejectsWith(pending, 'SESSION_CLOSED', /closed by the server \(1000 NORMAL: bye\)/);
  assert.equal(await accepting, undefined);
  assert.deepEqual(await session.closed, { code: 1000, reason: 'bye' });
  assert.equal(session.open, false);
  assert.throws(() => session.newSender(), (e) => e instanceof ChanError && e.code === 'SESSION_CLOSED');
  await rejectsWith(r.receive(), 'SESSION_CLOSED');
});

test('a dropped connection rejects closed with SESSION_CLOSED 1006', async () => {
  const { session, ws } = await open();
  ws.serverClose(1006);
  await rejectsWith(session.closed, 'SESSION_CLOSED', /connection dropped/);
  await session.closed.catch((e) => assert.equal(e.closeCode, 1006));
  await rejectsWith(session.accept(), 'SESSION_CLOSED');
});

test('a protocol violation closes the session with the code a page may send (4002 for 1002)', async () => {
  const { session, ws } = await open();
  ws.deliver({ data: 'no id' });
  await rejectsWith(session.closed, 'PROTOCOL', /frame without an id/);
  await session.closed.catch((e) => assert.equal(e.closeCode, 1002));
  assert.equal(ws.closedWith.code, 4002);
  assert.match(ws.closedWith.reason, /frame without an id/);
});

test('a text message closes the session with 1003 (sent as 4003)', async () => {
  const { session, ws } = await open();
  ws.deliverText('hello');
  await rejectsWith(session.closed, 'PROTOCOL', /text message/);
  assert.equal(ws.closedWith.code, 4003);
});

test('close() sends 1000 by default, resolves closed, and rejects codes a page may not send', async () => {
  const { session, ws } = await open();
  assert.throws(() => session.close(1002), TypeError);
  session.close(undefined, 'done');
  assert.deepEqual(ws.closedWith, { code: 1000, reason: 'done' });
  assert.deepEqual(await session.closed, { code: 1000, reason: 'done' });
  session.close();
});

test('connect rejects a malformed URL and a refused connection with CONNECT_FAILED', async () => {
  await rejectsWith(connect('not a url'), 'CONNECT_FAILED', /no WebSocket implementation/);
  await rejectsWith(connect('', { WebSocket: FakeSocket }), 'CONNECT_FAILED', /needs a WebSocket URL/);
  class Throwing { constructor(url) { throw new SyntaxError(`The URL '${url}' is invalid.`); } }
  await rejectsWith(connect('bad://', { WebSocket: Throwing }), 'CONNECT_FAILED', /invalid WebSocket URL 'bad:\/\/'/);
  const refused = connect('ws://127.0.0.1:1/chan', { WebSocket: FakeSocket });
  FakeSocket.last.onerror?.({ type: 'error' }); // a browser's error event says nothing
  FakeSocket.last.serverClose(1006);
  await rejectsWith(refused, 'CONNECT_FAILED', new RegExp('^could not connect to ws://127\\.0\\.0\\.1:1/chan: the'
    + ' connection closed before it opened \\(1006 [A-Z_]+\\); the browser does not tell why; likely causes: the'
    + " server's OriginPolicy refused this page's origin .*Authenticator.*unreachable$"));
  assert.equal((await refused.catch((e) => e)).httpStatus, undefined);
});

/** What the `ws` package does with a refused upgrade when 'unexpected-response' has a listener. */
class FakeWs extends FakeSocket {
  on(event, listener) {
    if (event === 'unexpected-response') this.unexpected = listener;
    return this;
  }

  terminate() {
    this.terminated = true;
    this.onerror?.({ message: 'WebSocket was closed before the connection was established' });
    this.serverClose(1006);
  }

  refuse(statusCode, statusMessage) {
    this.unexpected({}, { statusCode, statusMessage });
  }
}

test('in Node with ws, a refused upgrade says which hook refused it and carries httpStatus', async () => {
  const cases = [
    [403, 'Origin Not Allowed', /: HTTP 403 Origin Not Allowed: the server's OriginPolicy refused the Origin header$/],
    [403, 'Forbidden', /: HTTP 403 Forbidden: the server's Authenticator forbade the request, or its OriginPolicy/],
    [401, 'Unauthorized', /: HTTP 401 Unauthorized: the server's Authenticator refused the credentials$/],
  ];
  for (const [status, phrase, pattern] of cases) {
    const pending = connect('ws://127.0.0.1:8080/chan', { WebSocket: FakeWs });
    const ws = FakeSocket.last;
    ws.refuse(status, phrase);
    assert.ok(ws.terminated, 'the handshake is aborted');
    await rejectsWith(pending, 'CONNECT_FAILED', pattern);
    const e = await pending.catch((x) => x);
    assert.equal(e.httpStatus, status);
    assert.equal(e.closeCode, 1006);
  }
  const unreachable = connect('ws://127.0.0.1:1/chan', { WebSocket: FakeWs });
  FakeSocket.last.onerror({ message: 'connect ECONNREFUSED 127.0.0.1:1' });
  FakeSocket.last.serverClose(1006);
  await rejectsWith(unreachable, 'CONNECT_FAILED', /^could not connect to ws:\/\/127\.0\.0\.1:1\/chan: connect ECONNREFUSED 127\.0\.0\.1:1 \(1006 /);
  assert.equal((await unreachable.catch((e) => e)).httpStatus, undefined);
});

test('the module exports exactly the documented API', () => {
  assert.deepEqual(Object.keys(lib).sort(), ['ByteStream', 'ChanError', 'Receiver', 'Sender', 'Session', 'connect',
    'select']);
});

test('ChanError is an Error subclass with a code', () => {
  const e = new ChanError('APP', 'made by the app');
  assert.ok(e instanceof Error);
  assert.ok(e instanceof ChanError);
  assert.equal(e.name, 'ChanError');
  assert.equal(e.code, 'APP');
  assert.equal(e.message, 'made by the app');
  assert.equal(String(e), 'ChanError: made by the app');
  assert.match(e.stack, /made by the app/);
});

test('the UMD build, run as a classic script, defines the global libchan4j with the same API', () => {
  const context = vm.createContext({});
  vm.runInContext(readFileSync(new URL('umd/libchan4j.umd.js', dist), 'utf8'), context);
  const umd = context.libchan4j;
  assert.deepEqual(Object.keys(umd).sort(), Object.keys(lib).sort());
  assert.equal(typeof umd.connect, 'function');
  assert.ok(vm.runInContext("new libchan4j.ChanError('X', 'y') instanceof Error", context));
});

test('a session is async-iterable over the channels the server opens', async () => {
  const { session, ws } = await open();
  ws.deliver({ id: 2, parent: null, data: 'a' }, { id: 4, parent: null, data: 'b' });
  const firsts = [];
  for await (const ch of session) {
    firsts.push(await ch.receive());
    if (firsts.length === 2) break;
  }
  assert.deepEqual(firsts, ['a', 'b']);
  assert.ok(session instanceof Session);
});
