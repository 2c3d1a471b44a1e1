// Browser parity with the JVM session (issue #15, point 8) of the built ES module, under node, against a fake
// WebSocket whose "server" is this test: forwarding received ends, ByteStream.fail and cancel, maxBufferedBytes,
// receive({signal}) and select. Run by ApiNodeTest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { FakeSocket, Ref } from './fake-socket.mjs';

const dist = new URL('../../../target/classes/META-INF/resources/libchan4j/', import.meta.url);
const { connect, select, ChanError, Receiver } = await import(new URL('libchan4j.js', dist).href);

const V1 = 'libchan4j.v1';

/** A session whose server selected `protocol`; in the extended mode past both hellos (server capacity 64). */
async function open(protocol = V1, options = {}) {
  const pending = connect('ws://example.test/chan', { WebSocket: FakeSocket, keepAlive: 0, ...options });
  const ws = FakeSocket.last;
  ws.open(protocol);
  const session = await pending;
  if (protocol === V1) {
    ws.take();
    ws.deliver({ t: 'hello', v: 1, cap: 64, win: 262144, ka: 0 });
  }
  return { session, ws };
}

/** Every microtask and I/O callback queued so far has run (the copies between forwarded ends included). */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** 'resolved', 'rejected' or 'pending' once everything queued so far has run. */
async function state(promise) {
  let s = 'pending';
  promise.then(() => { s = 'resolved'; }, () => { s = 'rejected'; });
  await settled();
  return s;
}

async function rejectsWith(promise, code, pattern) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof ChanError, `expected a ChanError, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

const isAbort = (e) => e.name === 'AbortError';
const bytes = (...b) => new Uint8Array(b);
/** The frames sent for channel or stream `id`. */
const of = (frames, id) => frames.filter((f) => f.id === id);

/** The server opens top-level channel `id` carrying `data`; resolves with the page's Receiver and that message. */
async function accepted(session, ws, id, data) {
  ws.deliver({ id, parent: null, data });
  const channel = await session.accept();
  return { channel, first: await channel.receive() };
}

// ---- forwarding (what core's RefWiring and Pump do on the JVM)

test('a received Receiver in a message is forwarded on a new channel: its messages, then its failure', async () => {
  const { session, ws } = await open();
  const { first: { updates } } = await accepted(session, ws, 2, { updates: new Ref(4, 1) });
  assert.ok(updates instanceof Receiver);
  const out = session.newSender();
  await out.send({ fwd: updates });
  assert.deepEqual(ws.take(), [{ id: 1, data: { fwd: new Ref(3, 1) }, parent: null }],
    'a new channel this side writes (id 3), not the echoed id 4');
  ws.deliver({ id: 4, parent: 2, data: 'a' }, { id: 4, data: { n: 2 } });
  await settled();
  ws.deliver({ t: 'error', id: 4, code: 9, msg: 'upstream broke' });
  await settled();
  const copied = of(ws.take(), 3);
  assert.deepEqual(copied.slice(0, 2), [{ id: 3, data: 'a', parent: 1 }, { id: 3, data: { n: 2 } }]);
  assert.equal(copied.length, 3);
  assert.equal(copied[2].t, 'error');
  assert.equal(copied[2].code, 9, 'the failure travels on with its code');
  assert.match(copied[2].msg, /upstream broke/);
  await rejectsWith(out.send({ again: updates }), 'ENCODING', /already sent/);
});

test('a received Sender in a message is forwarded: what arrives on the new channel goes into it', async () => {
  const { session, ws } = await open();
  const { first: { reply } } = await accepted(session, ws, 2, { reply: new Ref(4, 2, 64) });
  const out = session.newSender();
  await out.send({ replyTo: reply });
  assert.deepEqual(ws.take(), [{ id: 1, data: { replyTo: new Ref(3, 2, 1024) }, parent: null }],
    'a new channel this side reads (id 3), with the session capacity');
  ws.deliver({ id: 3, parent: 1, data: 'x' }, { id: 3, data: 'y' }, { id: 3 });
  await settled();
  assert.deepEqual(of(ws.take(), 4), [{ id: 4, data: 'x', parent: null }, { id: 4, data: 'y' }, { id: 4 }]);
});

test('a forwarded Sender whose reader cancels cancels the new channel in turn', async () => {
  const { session, ws } = await open();
  const { first: { reply } } = await accepted(session, ws, 2, { reply: new Ref(4, 2, 64) });
  const out = session.newSender();
  await out.send({ replyTo: reply });
  ws.take();
  ws.deliver({ t: 'cancel', id: 4 });
  assert.deepEqual(ws.take(), [{ id: 4 }], 'the cancelled Sender answers with its END');
  ws.deliver({ id: 3, parent: 1, data: 'too late' });
  await settled();
  assert.deepEqual(ws.take().filter((f) => f.t === 'cancel'), [{ t: 'cancel', id: 3 }]);
});

test('a received ByteStream in a message is forwarded both ways, ends included', async () => {
  const { session, ws } = await open();
  const { first: { file } } = await accepted(session, ws, 2, { file: new Ref(4, undefined, 65536) });
  const out = session.newSender();
  await out.send({ file });
  assert.deepEqual(ws.take(), [{ id: 1, data: { file: new Ref(3, undefined, 1048576) }, parent: null }]);
  ws.deliver({ id: 4, data: bytes(1, 2) }, { id: 3, data: bytes(9) });
  await settled();
  const frames = ws.take();
  assert.deepEqual(of(frames, 3).filter((f) => f.data), [{ id: 3, data: bytes(1, 2) }]);
  assert.deepEqual(of(frames, 4).filter((f) => f.data), [{ id: 4, data: bytes(9) }]);
  ws.deliver({ id: 4 });
  await settled();
  assert.deepEqual(of(ws.take(), 3), [{ id: 3 }], "the source's end ends the copy");
  ws.deliver({ t: 'error', id: 3, code: 5, msg: 'bad disk' });
  await settled();
  const failed = of(ws.take(), 4);
  assert.equal(failed.length, 1);
  assert.deepEqual([failed[0].t, failed[0].code], ['error', 5], 'a failed direction fails the copy');
});

test('top-level channels and ends of another session are forwarded too (a bridge between two sessions)',
  async () => {
    const a = await open();
    const b = await open();
    const { first: { feed } } = await accepted(b.session, b.ws, 2, { feed: new Ref(4, 1) });
    const out = a.session.newSender();
    await out.send({ feed, top: b.session.newSender() });
    const sent = a.ws.take()[0].data;
    assert.deepEqual(sent, { feed: new Ref(3, 1), top: new Ref(5, 2, 1024) });
    b.ws.deliver({ id: 4, parent: 2, data: 'across' }, { id: 4 });
    await settled();
    assert.deepEqual(of(a.ws.take(), 3), [{ id: 3, data: 'across', parent: 1 }, { id: 3 }]);
    a.ws.deliver({ id: 5, parent: 1, data: 'back' });
    await settled();
    assert.deepEqual(b.ws.take(), [{ id: 1, data: 'back', parent: null }], "into b's top-level channel");
  });

test('a message that is not sent forwards nothing: the received end stays readable and can travel later',
  async () => {
    const { session, ws } = await open();
    const { first: { updates } } = await accepted(session, ws, 2, { updates: new Ref(4, 1) });
    const out = session.newSender();
    await rejectsWith(out.send({ fwd: updates, bad() {} }), 'ENCODING', /function/);
    await rejectsWith(out.send([updates, updates]), 'ENCODING', /appears twice/);
    assert.equal(ws.sent.length, 0);
    ws.deliver({ id: 4, parent: 2, data: 'kept' });
    assert.equal(await updates.receive(), 'kept', 'no copy took it');
    await out.send({ fwd: updates });
    assert.deepEqual(ws.take()[0].data, { fwd: new Ref(3, 1) }, 'the refused message left no channel behind');
  });

// ---- ByteStream.fail and cancel

test('stream.fail(code, message): an error frame after the bytes written, and the input is cancelled', async () => {
  const { session, ws } = await open();
  const out = session.newSender();
  const stream = out.newByteStream();
  const early = stream.write('ab');
  stream.fail(3, 'gave up');
  stream.fail(4, 'ignored: idempotent');
  await out.send({ stream });
  await early;
  assert.deepEqual(ws.take().slice(1), [{ id: 3, data: bytes(97, 98) }, { t: 'error', id: 3, code: 3, msg: 'gave up' },
    { t: 'cancel', id: 3 }], 'held bytes, the error, and the cancel of the input, once it travelled');
  await rejectsWith(stream.write('more'), 'CHANNEL_CLOSED');
  assert.equal(await stream.read(), undefined);
  assert.throws(() => out.newByteStream().fail(1.5), TypeError);

  const bound = out.newByteStream();
  await out.send({ bound });
  ws.take();
  bound.end();
  bound.fail(6, 'after end: a no-op');
  assert.deepEqual(await ws.flushed(), [{ id: 5 }, { t: 'cancel', id: 5 }]);

  const compat = await open('');
  const top = compat.session.newSender();
  const s = top.newByteStream();
  await top.send({ s });
  compat.ws.take();
  s.fail(3, 'jschan has no error frame');
  assert.deepEqual(await compat.ws.flushed(), [{ id: 3 }], 'compat mode: a normal end, and no cancel frame');
});

test('stream.cancel() tells the writer (extended mode); later chunks are dropped; the output goes on', async () => {
  const { session, ws } = await open();
  const out = session.newSender();
  const stream = out.newByteStream();
  await out.send({ stream });
  ws.take();
  ws.deliver({ id: 3, data: bytes(1) });
  stream.cancel();
  stream.cancel();
  assert.deepEqual(await ws.flushed(), [{ t: 'cancel', id: 3 }]);
  assert.equal(await stream.read(), undefined, 'buffered input is dropped');
  ws.deliver({ id: 3, data: bytes(2) });
  assert.equal(await stream.read(), undefined);
  assert.deepEqual(ws.take(), [], 'no credit for dropped chunks');
  await stream.write('still writing');
  assert.equal(of(await ws.flushed(), 3).length, 1);

  const early = out.newByteStream();
  early.cancel();
  await out.send({ early });
  assert.deepEqual(ws.take().slice(1), [{ t: 'cancel', id: 5 }], 'a cancel before travelling goes once it did');
});

// ---- maxBufferedBytes

test('maxBufferedBytes: unread messages past the limit fail the session with 1008, sent as 4008', async () => {
  const { session, ws } = await open(V1, { maxBufferedBytes: 100 });
  const { channel } = await accepted(session, ws, 2, 'x'.repeat(40));
  ws.deliver({ id: 2, data: 'y'.repeat(40) }); // about 50 bytes held
  assert.equal((await channel.receive()).length, 40, 'taken: released');
  const waiting = channel.receive();
  ws.deliver({ id: 2, data: 'z'.repeat(90) }); // handed to a waiting receive: never held
  assert.equal((await waiting).length, 90);
  ws.deliver({ id: 2, data: 'a'.repeat(40) });
  assert.equal(session.open, true, 'one message of about 50 bytes held');
  ws.deliver({ id: 2, data: 'b'.repeat(40) });
  assert.equal(session.open, false, 'about 100 bytes held: over the limit');
  assert.equal(ws.closedWith.code, 4008);
  await rejectsWith(session.closed, 'PROTOCOL',
    /more than maxBufferedBytes 100 bytes received and not yet read by the application/);
  await session.closed.catch((e) => assert.equal(e.closeCode, 1008));
});

test('maxBufferedBytes counts unread stream chunks by their length; cancelled input is released', async () => {
  const { session, ws } = await open(V1, { maxBufferedBytes: 1000 });
  const out = session.newSender();
  const stream = out.newByteStream();
  const other = out.newByteStream();
  await out.send({ stream, other });
  ws.deliver({ id: 3, data: new Uint8Array(600) }, { id: 5, data: new Uint8Array(300) });
  stream.cancel(); // drops its 600 bytes
  ws.deliver({ id: 5, data: new Uint8Array(600) });
  assert.equal(session.open, true, '900 bytes held');
  ws.deliver({ id: 5, data: new Uint8Array(101) });
  assert.equal(session.open, false);
  await rejectsWith(session.closed, 'PROTOCOL', /maxBufferedBytes 1000/);
  for (const options of [{ maxBufferedBytes: 0 }, { maxBufferedBytes: 1.5 }]) {
    await assert.rejects(connect('ws://example.test/chan', { WebSocket: FakeSocket, ...options }), TypeError);
  }
});

// ---- receive({signal}): cancel-safe receives

test('an aborted receive rejects with the signal reason and takes no message: the next receive gets it',
  async () => {
    const { session, ws } = await open();
    const { channel } = await accepted(session, ws, 2, 'first');
    const controller = new AbortController();
    const aborted = channel.receive({ signal: controller.signal });
    controller.abort();
    await assert.rejects(aborted, isAbort);
    ws.deliver({ id: 2, data: 'second' });
    assert.equal(await channel.receive(), 'second');
    ws.deliver({ id: 2, data: 'third' });
    await assert.rejects(channel.receive({ signal: AbortSignal.abort(new Error('why')) }), /why/,
      'an aborted signal rejects at once, even with a message queued');
    assert.equal(await channel.receive(), 'third');
    assert.throws(() => channel.receive({ signal: {} }), TypeError);
  });

test('the hand-off skips a receive whose signal is aborted, even before its abort listener ran', async () => {
  const { session, ws } = await open();
  const { channel } = await accepted(session, ws, 2, 'first');
  const controller = new AbortController();
  // Registered before the receive's own listener: a message arrives while the abort is being dispatched.
  controller.signal.addEventListener('abort', () => ws.deliver({ id: 2, data: 'during the abort' }));
  const aborted = channel.receive({ signal: controller.signal });
  controller.abort();
  await assert.rejects(aborted, isAbort);
  assert.equal(await channel.receive(), 'during the abort');
});

test('receives that complete release their abort listener; read() and accept() take a signal too', async () => {
  const { session, ws } = await open();
  const { channel } = await accepted(session, ws, 2, 'first');
  const controller = new AbortController();
  const { signal } = controller;
  const pending = [channel.receive({ signal }), channel.receive({ signal })];
  assert.equal(getEventListeners(signal, 'abort').length, 2);
  ws.deliver({ id: 2, data: 'a' }, { id: 2, data: 'b' });
  assert.deepEqual(await Promise.all(pending), ['a', 'b']);
  assert.equal(getEventListeners(signal, 'abort').length, 0, 'no listener left behind');

  const accepting = session.accept({ signal });
  const stream = session.newSender().newByteStream();
  const reading = stream.read({ signal });
  controller.abort();
  await assert.rejects(accepting, isAbort);
  await assert.rejects(reading, isAbort);
  ws.deliver({ id: 4, parent: null, data: 'next channel' });
  assert.equal(await (await session.accept()).receive(), 'next channel', 'the aborted accept took no channel');
});

test('thousands of receives, every other one aborted, interleaved with arrivals: nothing lost or duplicated',
  async () => {
    const { session, ws } = await open();
    const { channel } = await accepted(session, ws, 2, 'first');
    const got = [];
    let sent = 0;
    let abortedCount = 0;
    for (let round = 0; round < 3000; round++) {
      const controller = new AbortController();
      // With a message still queued this receive takes it at once, before the abort: that is no loss either.
      const abandoned = channel.receive({ signal: controller.signal }).then((v) => ({ v }), (e) => e);
      const kept = channel.receive();
      controller.abort();
      if (round % 3 === 0) ws.deliver({ id: 2, data: sent++ }, { id: 2, data: sent++ });
      else ws.deliver({ id: 2, data: sent++ });
      const outcome = await abandoned;
      if (isAbort(outcome)) abortedCount++;
      else got.push(outcome.v);
      got.push(await kept);
    }
    while (got.length < sent) got.push(await channel.receive());
    assert.equal(await state(channel.receive()), 'pending', 'nothing more than was sent');
    assert.deepEqual(got, Array.from({ length: sent }, (_, i) => i), 'every message once, in order');
    // A round after one that delivered two messages finds one queued: 1,000 of the 3,000 take it.
    assert.equal(abortedCount, 2000, 'the other receives were aborted before taking anything');
  });

// ---- select

test('select takes one message from the first receiver that delivers; the others keep theirs', async () => {
  const { session, ws } = await open();
  const { channel: a } = await accepted(session, ws, 2, 'a0');
  const { channel: b } = await accepted(session, ws, 4, 'b0');
  const { channel: c } = await accepted(session, ws, 6, 'c0');
  const chosen = select([a, b, c]);
  assert.equal(await state(chosen), 'pending');
  ws.deliver({ id: 4, data: 'b1' }, { id: 2, data: 'a1' }); // one WebSocket message, two channels
  assert.deepEqual(await chosen, { index: 1, value: 'b1' });
  ws.deliver({ id: 6, data: 'c1' });
  assert.equal(await a.receive(), 'a1', 'the losing cases lost nothing');
  assert.equal(await c.receive(), 'c1', 'and left no taker behind');
  const next = select([a, b]);
  ws.deliver({ id: 2, data: 'a2' });
  assert.deepEqual(await next, { index: 0, value: 'a2' });
});

test('select among ready receivers picks at random (fair) and consumes exactly one message each time',
  async () => {
    const { session, ws } = await open();
    const { channel: a } = await accepted(session, ws, 2, 'a');
    const { channel: b } = await accepted(session, ws, 4, 'b');
    for (let i = 0; i < 200; i++) ws.deliver({ id: 2, data: `a${i}` }, { id: 4, data: `b${i}` });
    const counts = [0, 0];
    const seen = [];
    for (let i = 0; i < 200; i++) {
      const { index, value } = await select([a, b]);
      counts[index]++;
      seen.push(value);
    }
    assert.ok(counts[0] > 50 && counts[1] > 50, `both chosen often: ${counts}`);
    for (let i = counts[0]; i < 200; i++) seen.push(await a.receive());
    for (let i = counts[1]; i < 200; i++) seen.push(await b.receive());
    assert.deepEqual(seen.sort(), Array.from({ length: 200 }, (_, i) => [`a${i}`, `b${i}`]).flat().sort());
  });

test('select: timeout 0 does not wait; a timeout resolves {index: -1}; an abort rejects; none consumes',
  async (t) => {
    const { session, ws } = await open();
    const { channel: a } = await accepted(session, ws, 2, 'a');
    assert.deepEqual(await select([a], { timeout: 0 }), { index: -1, value: undefined });
    t.mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const timed = select([a], { timeout: 50 });
      t.mock.timers.tick(49);
      assert.equal(await state(timed), 'pending');
      t.mock.timers.tick(1);
      assert.deepEqual(await timed, { index: -1, value: undefined });
    } finally {
      t.mock.timers.reset();
    }
    const controller = new AbortController();
    const aborted = select([a], { signal: controller.signal });
    controller.abort();
    await assert.rejects(aborted, isAbort);
    ws.deliver({ id: 2, data: 'kept' });
    assert.equal(await a.receive(), 'kept');
    await assert.rejects(select([a], { signal: AbortSignal.abort() }), isAbort);
  });

test('select: an ended receiver yields undefined, a failed one rejects; bad arguments are TypeErrors', async () => {
  const { session, ws } = await open();
  const { channel: a } = await accepted(session, ws, 2, 'a');
  const { channel: b } = await accepted(session, ws, 4, 'b');
  const waiting = select([a, b]);
  ws.deliver({ id: 4 });
  assert.deepEqual(await waiting, { index: 1, value: undefined });
  ws.deliver({ t: 'error', id: 2, code: 3, msg: 'broken' });
  await rejectsWith(select([a]), 'CHANNEL_FAILED', /broken/);
  await assert.rejects(select([{}]), TypeError);
  await assert.rejects(select(a), TypeError);
  await assert.rejects(select([a], { timeout: -1 }), TypeError);
});
