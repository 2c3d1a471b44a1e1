// The extended mode (PROTOCOL.md sections 1.2 and 14) of the built ES module, under node, against a fake WebSocket
// whose "server" is this test: negotiation, hello, credit, cancel, error, ping/pong, keepalive. Run by ApiNodeTest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeSocket, Ref, hex } from './fake-socket.mjs';

const dist = new URL('../../../target/classes/META-INF/resources/libchan4j/', import.meta.url);
const { connect, ChanError } = await import(new URL('libchan4j.js', dist).href);

const V1 = 'libchan4j.v1';
const serverHello = (cap = 64, win = 262144, ka = 25000) => ({ t: 'hello', v: 1, cap, win, ka });

/** A session whose server selected `protocol`; in the extended mode the client's hello is taken off the wire. */
async function open(protocol = V1, options = {}) {
  const pending = connect('ws://example.test/chan', { WebSocket: FakeSocket, ...options });
  const ws = FakeSocket.last;
  ws.open(protocol);
  const session = await pending;
  const helloBytes = ws.sent[0];
  const hello = protocol === V1 ? ws.take()[0] : undefined;
  return { session, ws, hello, helloBytes };
}

/** An extended session past both hellos: the server announced `cap` and `win`. */
async function extended(cap, win, options) {
  const opened = await open(V1, { keepAlive: 0, ...options });
  opened.ws.deliver(serverHello(cap, win, 0));
  return opened;
}

/** 'resolved', 'rejected' or 'pending' once every microtask and I/O callback queued so far has run. */
async function state(promise) {
  let s = 'pending';
  promise.then(() => { s = 'resolved'; }, () => { s = 'rejected'; });
  await new Promise((resolve) => setImmediate(resolve));
  return s;
}

/**
 * Advances mocked time in 5 ms steps: one large tick would run every due timer callback with Date.now() already at
 * the end, as no browser does.
 */
function advance(t, ms) {
  for (let left = ms; left > 0; left -= 5) t.mock.timers.tick(Math.min(5, left));
}

async function rejectsWith(promise, code, pattern) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof ChanError, `expected a ChanError, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

test('connect offers libchan4j.compat, then libchan4j.v1; mode compat offers nothing', async () => {
  const offered = await open('');
  assert.deepEqual(offered.ws.protocols, ['libchan4j.compat', V1]);
  assert.equal(offered.session.mode, 'compat', 'a server that selects nothing gets compat');
  assert.equal(offered.ws.sent.length, 0, 'no hello toward a compat server');
  const echoed = await open('libchan4j.compat');
  assert.equal(echoed.session.mode, 'compat', 'an echoing server selects the first offer: compat');
  const v1 = await open(V1);
  assert.equal(v1.session.mode, 'extended');
  const plain = await open('', { mode: 'compat' });
  assert.equal(plain.ws.protocols, undefined, "mode 'compat' offers no subprotocol (for jschan servers)");
  assert.equal(plain.session.mode, 'compat');
});

test('invalid options are refused before connecting', async () => {
  for (const options of [{ mode: 'v1' }, { capacity: -1 }, { capacity: 1.5 }, { streamWindow: 1000 },
    { keepAlive: '10' }, { resumeWindow: -1 }, { replayWindow: 1000 }, { reconnectDelay: 0 },
    { reconnectMaxDelay: 1.5 }]) {
    await assert.rejects(connect('ws://example.test/chan', { WebSocket: FakeSocket, ...options }), TypeError,
      JSON.stringify(options));
  }
});

test('hello goes first with the session settings; channel frames wait for the server hello', async () => {
  const { session, ws, hello } = await open(V1, { capacity: 8, streamWindow: 4096, keepAlive: 0 });
  assert.deepEqual(hello, { t: 'hello', v: 1, cap: 8, win: 4096, ka: 0, rs: 1048576 },
    'resumption is on by default: the hello announces the replay window');
  assert.deepEqual((await open(V1, { replayWindow: 2048 })).hello.rs, 2048);
  const defaults = (await open(V1, { resumeWindow: 0 })).hello;
  assert.deepEqual([defaults.cap, defaults.win], [1024, 1048576], 'default capacity 1,024 and stream window 1 MiB');
  const noResume = await open(V1, { resumeWindow: 0, capacity: 64, streamWindow: 262144 });
  assert.equal(hex(noResume.helloBytes), '85 a1 74 a5 68 65 6c 6c 6f a1 76 01 a3 63 61 70 40 a3 77 69 6e ce 00 04 00'
    + ' 00 a2 6b 61 cd 61 a8', 'golden vector frame-22: a hello without resumption');
  const out = session.newSender();
  const sent = out.send({ n: 1 });
  assert.equal(await state(sent), 'pending', 'nothing is transmitted before the server hello');
  assert.equal(ws.sent.length, 0);
  ws.deliver(serverHello());
  await sent;
  assert.deepEqual(ws.take(), [{ id: 1, data: { n: 1 }, parent: null }]);
});

test('false, 0 and "" are ordinary messages; null and undefined are refused', async () => {
  const { session, ws } = await extended();
  const out = session.newSender();
  for (const v of [false, 0, '']) await out.send(v);
  await rejectsWith(out.send(null), 'ENCODING', /never null/);
  await rejectsWith(out.send(undefined), 'ENCODING', /never null/);
  assert.deepEqual(ws.take().map((f) => f.data), [false, 0, '']);
});

test('credit goes back every half capacity, and at once when the writer may be waiting', async () => {
  const { session, ws } = await extended(64, 262144, { capacity: 4 });
  ws.deliver({ id: 2, data: 'a', parent: null }, { id: 2, data: 'b' });
  const channel = await session.accept();
  assert.equal(ws.sent.length, 0, 'no credit before the application takes a message');
  assert.equal(await channel.receive(), 'a');
  assert.deepEqual(await ws.flushed(), [], 'one of two for a batch (half of capacity 4): not yet');
  assert.equal(await channel.receive(), 'b');
  assert.deepEqual(await ws.flushed(), [{ t: 'credit', id: 2, credit: 2 }], 'half the capacity taken: credit');
  // A pending receive takes the message as it arrives; its credit waits for the next batch...
  const next = channel.receive();
  ws.deliver({ id: 2, data: 'c' });
  assert.equal(await next, 'c');
  assert.deepEqual(await ws.flushed(), [], 'one taken since the last credit');
  // ...unless the writer has used its whole capacity: then the slot the page freed goes back as the message comes.
  ws.deliver({ id: 2, data: 'd' }, { id: 2, data: 'e' }, { id: 2, data: 'f' });
  assert.deepEqual(ws.take(), [{ t: 'credit', id: 2, credit: 1 }], '4 in flight: the writer may be waiting');
  ws.deliver({ id: 4, data: 'd', parent: null });
  const got = [];
  (await session.accept()).onMessage((m) => got.push(m));
  await state(Promise.resolve());
  assert.deepEqual(got, ['d'], 'an onMessage callback takes messages too');
});

test('an unbuffered send (capacity 0) resolves only when the server takes the message', async () => {
  const { session, ws } = await extended(0);
  const out = session.newSender();
  const first = out.send('one');
  const second = out.send('two');
  assert.equal(await state(first), 'pending');
  assert.deepEqual(ws.take(), [{ id: 1, data: 'one', parent: null }], 'one message in flight at most');
  ws.deliver({ t: 'credit', id: 1, credit: 1 });
  assert.equal(await state(first), 'resolved');
  assert.equal(await state(second), 'pending');
  assert.deepEqual(ws.take(), [{ id: 1, data: 'two' }]);
  ws.deliver({ t: 'credit', id: 1, credit: 1 });
  await second;
});

test('a return channel carries its capacity: newReceiver({capacity}) or the session default', async () => {
  const first = await extended();
  const requests = first.session.newSender();
  await requests.send({ reply: requests.newReceiver({ capacity: 0 }) });
  assert.equal(hex(first.ws.sent[0]), '83 a2 69 64 01 a4 64 61 74 61 81 a5 72 65 70 6c 79 c7 09 01 02 00 00 00 03 00'
    + ' 00 00 00 a6 70 61 72 65 6e 74 c0', 'golden vector frame-29');
  const { session, ws } = await extended(64, 262144, { capacity: 16 });
  const out = session.newSender();
  await out.send({ unbuffered: out.newReceiver({ capacity: 0 }), dflt: session.newReceiver() });
  assert.deepEqual(ws.take()[0].data, { unbuffered: new Ref(3, 2, 0), dflt: new Ref(5, 2, 16) });
  assert.throws(() => out.newReceiver({ capacity: -1 }), TypeError);
  // In compat mode the option changes nothing on the wire.
  const compat = await open('');
  const top = compat.session.newSender();
  await top.send({ r: top.newReceiver({ capacity: 0 }) });
  assert.deepEqual(compat.ws.take()[0].data, { r: new Ref(3, 2) });
});

test('receiver.close() cancels the channel; later messages are dropped', async () => {
  const { session, ws } = await extended();
  ws.deliver({ id: 2, data: 'a', parent: null });
  const channel = await session.accept();
  channel.close();
  assert.deepEqual(await ws.flushed(), [{ t: 'cancel', id: 2 }]);
  ws.deliver({ id: 2, data: 'late' }, { id: 2 });
  assert.equal(await channel.receive(), undefined);
  assert.equal(ws.sent.length, 0, 'no credit for dropped messages');
  assert.equal(session.open, true);
});

test('an error frame fails the receiver with CHANNEL_FAILED and the writer code, after earlier messages', async () => {
  const { session, ws } = await extended();
  ws.deliver({ id: 2, data: 'x', parent: null }, { t: 'error', id: 2, code: 42, msg: 'disk full' });
  const channel = await session.accept();
  assert.equal(await channel.receive(), 'x');
  await assert.rejects(channel.receive(), (e) => {
    assert.ok(e instanceof ChanError);
    assert.equal(e.code, 'CHANNEL_FAILED');
    assert.equal(e.channelCode, 42);
    assert.match(e.message, /code 42: disk full/);
    return true;
  });
  assert.equal(session.open, true, 'a failed channel leaves the session open');
});

test('sender.fail(code, message) sends an error frame; in compat mode the channel ends normally', async () => {
  const { session, ws } = await extended();
  const out = session.newSender();
  await out.send('x');
  out.fail(7, 'gave up');
  out.fail(8, 'ignored: idempotent');
  await out.closed;
  const never = session.newSender();
  never.fail(-1);
  assert.deepEqual(await ws.flushed(), [{ id: 1, data: 'x', parent: null }, { t: 'error', id: 1, code: 7, msg: 'gave up' },
    { t: 'error', id: 3, code: -1, msg: '', parent: null }]);
  await rejectsWith(out.send('y'), 'CHANNEL_CLOSED');
  assert.throws(() => session.newSender().fail(1.5, 'no'), TypeError);

  const compat = await open('');
  const top = compat.session.newSender();
  await top.send('x');
  top.fail(7, 'gave up');
  assert.deepEqual(await compat.ws.flushed(), [{ id: 1, data: 'x', parent: null }, { id: 1 }]);
});

test('the server cancelling a channel rejects pending and later sends with CHANNEL_CLOSED, and closed', async () => {
  const { session, ws } = await extended(1);
  const out = session.newSender();
  await out.send('a');
  const queued = out.send('b');
  assert.equal(await state(queued), 'pending', 'capacity 1: the second message waits for credit');
  ws.deliver({ t: 'cancel', id: 1 });
  assert.deepEqual(ws.take(), [{ id: 1, data: 'a', parent: null }, { id: 1 }], 'queued message dropped, END sent');
  await rejectsWith(queued, 'CHANNEL_CLOSED', /receiver closed/);
  await rejectsWith(out.closed, 'CHANNEL_CLOSED', /receiver closed/);
  await rejectsWith(out.send('c'), 'CHANNEL_CLOSED');
});

test('ping is answered with pong', async () => {
  const { ws } = await extended();
  ws.deliver({ t: 'ping', seq: 5 });
  assert.deepEqual(ws.take(), [{ t: 'pong', seq: 5 }]);
});

test('keepalive: a silent server is pinged after one interval and the session fails with 4000 after two', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'Date'], now: 1_000_000 });
  try {
    const { session, ws } = await open(V1, { keepAlive: 100 });
    ws.deliver(serverHello());
    advance(t, 100);
    assert.deepEqual(ws.take(), [{ t: 'ping', seq: 1 }]);
    ws.deliver({ t: 'pong', seq: 1 });
    advance(t, 175);
    assert.equal(session.open, true, 'a pong counts as arrival');
    assert.deepEqual(ws.take(), [{ t: 'ping', seq: 2 }]);
    advance(t, 100);
    assert.equal(session.open, false);
    assert.equal(ws.closedWith.code, 4000);
    assert.match(ws.closedWith.reason, /keepalive timeout/);
    await rejectsWith(session.closed, 'SESSION_CLOSED', /keepalive timeout/);
    await session.closed.catch((e) => assert.equal(e.closeCode, 4000));
    advance(t, 1000);
    assert.equal(ws.sent.length, 0, 'the timer stopped with the session');
  } finally {
    t.mock.timers.reset();
  }
});

test('keepalive times each arrival, so a late timer (a hidden tab runs them once a minute) ends no live session',
  async (t) => {
    t.mock.timers.enable({ apis: ['setInterval', 'Date'], now: 0 });
    try {
      const { session, ws } = await open(V1, { keepAlive: 100 });
      ws.deliver(serverHello());
      t.mock.timers.setTime(190); // the timer did not run meanwhile
      ws.deliver({ t: 'ping', seq: 1 });
      t.mock.timers.tick(20); // the late timer catches up: 20 ms of silence, not 210
      assert.equal(session.open, true);
      // Timed at 190, the arrival finds 190 ms of silence: the client pings before it answers.
      assert.deepEqual(ws.take(), [{ t: 'ping', seq: 1 }, { t: 'pong', seq: 1 }]);
      advance(t, 180);
      assert.equal(session.open, true, 'silent since 190: pinged at 300, not yet two intervals');
      assert.deepEqual(ws.take(), [{ t: 'ping', seq: 2 }]);
      advance(t, 10);
      assert.equal(session.open, false, 'silent from 190 to 400');
      assert.equal(ws.closedWith.code, 4000);
    } finally {
      t.mock.timers.reset();
    }
  });

test('byte streams: writes resolve within the window, reads return byte credit, cancel rejects writes', async () => {
  const { session, ws } = await extended(64, 1024);
  const out = session.newSender();
  const stream = out.newByteStream();
  await out.send({ stream });
  assert.deepEqual(ws.take()[0].data, { stream: new Ref(3, undefined, 1048576) },
    'the page announces its window (default 1 MiB)');
  await stream.write(new Uint8Array(2000)); // a first chunk may exceed the window
  const waiting = stream.write(new Uint8Array(10));
  assert.equal(await state(waiting), 'pending', '2000 bytes in flight exceed the window of 1024');
  assert.deepEqual(ws.take().map((f) => f.data.length), [2000]);
  ws.deliver({ t: 'credit', id: 3, credit: 2000 });
  await waiting;
  assert.deepEqual(ws.take().map((f) => f.data.length), [10]);

  ws.deliver({ id: 3, data: new Uint8Array(100) });
  assert.equal((await stream.read()).length, 100);
  assert.deepEqual(ws.take(), [{ t: 'credit', id: 3, credit: 100 }]);

  await stream.write(new Uint8Array(1014));
  const blocked = stream.write(new Uint8Array(1));
  ws.deliver({ t: 'cancel', id: 3 });
  await rejectsWith(blocked, 'CHANNEL_CLOSED', /reader closed/);
  await rejectsWith(stream.write('more'), 'CHANNEL_CLOSED');
  ws.deliver({ id: 3, data: new Uint8Array([1]) }, { t: 'error', id: 3, code: 5, msg: 'broken' });
  assert.deepEqual([...await stream.read()], [1]);
  await rejectsWith(stream.read(), 'CHANNEL_FAILED', /broken/);
});

// ---- resumption (PROTOCOL.md section 14.6)

/** A resumable session past both hellos (the server announced rs and its token). */
async function resumable(options) {
  const opened = await open(V1, { keepAlive: 0, ...options });
  opened.ws.deliver({ ...serverHello(64, 262144, 0), rs: 4096, tok: 'secret-token' });
  const states = [];
  opened.session.onStateChange((s) => states.push(s));
  return { ...opened, states };
}

test('a drop suspends a resumable session: it reconnects at once, resumes, and replays what the server missed',
  async () => {
    // Capacity 1: the page credits each message it takes, so a credit is among what the server misses.
    const { session, ws, states } = await resumable({ capacity: 1 });
    const out = session.newSender();
    await out.send('one');
    assert.deepEqual(ws.take(), [{ id: 1, data: 'one', parent: null }]);
    ws.deliver({ id: 2, data: 'hi', parent: null });
    const inbound = await session.accept();
    ws.serverClose(1006);
    assert.equal(session.state, 'suspended');
    assert.equal(session.open, true, 'a suspended session is still open');
    const next = FakeSocket.last;
    assert.notEqual(next, ws, 'the first reconnect attempt is immediate');
    assert.equal(next.url, ws.url);
    assert.deepEqual(next.protocols, [V1], 'a resume offers only libchan4j.v1');
    await out.send('two'); // within the replay window: complete while suspended
    assert.equal(await inbound.receive(), 'hi');
    next.open(V1);
    assert.deepEqual(next.take(), [{ t: 'resume', tok: 'secret-token', n: 1 }], 'the resume request goes alone');
    assert.equal(session.state, 'suspended', 'until the server answers');
    next.deliver({ t: 'resumed', n: 0 });
    assert.equal(session.state, 'connected');
    assert.deepEqual(next.take(), [{ id: 1, data: 'one', parent: null }, { id: 1, data: 'two' },
      { t: 'credit', id: 2, credit: 1 }], 'everything the server did not receive, in order');
    next.deliver({ id: 2, data: 'again' });
    assert.equal(await inbound.receive(), 'again');
    ws.deliver({ id: 2, data: 'from the old connection' }); // ignored: not the current WebSocket
    await state(Promise.resolve());
    assert.deepEqual(states, ['suspended', 'connected']);
    session.close();
    assert.equal(session.state, 'closed');
  });

test('a refused resume (4100) ends the session with the server code and reason; channels fail with it', async () => {
  const { session, ws, states } = await resumable();
  const out = session.newSender();
  const replies = out.newReceiver();
  await out.send({ replies });
  ws.serverClose(1006);
  const next = FakeSocket.last;
  next.open(V1);
  next.serverClose(4100, 'resume refused: unknown or expired session');
  assert.equal(session.state, 'closed');
  assert.equal(session.open, false);
  const refused = /the server refused to resume the session \(4100 RESUME_REFUSED: resume refused: unknown or expired/;
  await rejectsWith(session.closed, 'SESSION_CLOSED', refused);
  await session.closed.catch((e) => assert.equal(e.closeCode, 4100));
  await rejectsWith(replies.receive(), 'SESSION_CLOSED', refused);
  await rejectsWith(out.send('late'), 'SESSION_CLOSED', refused);
  assert.deepEqual(states, ['suspended', 'closed']);
  assert.equal(FakeSocket.last, next, 'no further attempt');
});

test('without resumption (resumeWindow 0, or a server without rs) a drop ends the session with 1006', async () => {
  for (const [options, hello] of [[{ resumeWindow: 0 }, { rs: 4096, tok: 't' }], [{}, {}]]) {
    const { session, ws } = await open(V1, { keepAlive: 0, ...options });
    ws.deliver({ ...serverHello(64, 262144, 0), ...hello });
    ws.serverClose(1006);
    assert.equal(session.state, 'closed', JSON.stringify(options));
    assert.equal(FakeSocket.last, ws, 'no reconnect');
    await rejectsWith(session.closed, 'SESSION_CLOSED', /the connection dropped \(1006/);
  }
});

test('failed reconnects back off from reconnectDelay, doubling to the maximum with up to 20% jitter; the resume'
  + ' window then ends the session with 1006', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'setTimeout', 'Date'], now: 1_000_000 });
  try {
    const { session, ws, states } = await resumable({ resumeWindow: 2000, reconnectDelay: 100,
      reconnectMaxDelay: 400 });
    const out = session.newSender();
    ws.serverClose(1006);
    const sent = out.send('kept'); // into the replay buffer
    let attempt = FakeSocket.last;
    assert.notEqual(attempt, ws, 'first attempt at once');
    for (const delay of [100, 200, 400, 400]) {
      attempt.serverClose(1006); // refused before it opened
      advance(t, delay - 5);
      assert.equal(FakeSocket.last, attempt, `no attempt before ${delay} ms`);
      advance(t, delay * 0.2 + 5);
      assert.notEqual(FakeSocket.last, attempt, `an attempt within ${delay} ms + 20%`);
      attempt = FakeSocket.last;
    }
    assert.equal(session.state, 'suspended');
    assert.equal(await state(sent), 'resolved', 'a send within the replay window completes while suspended');
    advance(t, 800); // the window (2000 ms from the drop) passes: checked every quarter window
    assert.equal(session.state, 'closed');
    assert.deepEqual(attempt.closedWith.code, 4006, 'the pending attempt is closed (1006 goes out as 4006)');
    await rejectsWith(session.closed, 'SESSION_CLOSED', /connection lost \(1006 ABNORMAL\) and not resumed within 2000 ms/);
    await session.closed.catch((e) => assert.equal(e.closeCode, 1006));
    const last = FakeSocket.last;
    advance(t, 5000);
    assert.equal(FakeSocket.last, last, 'no attempt after the session ended');
    assert.deepEqual(states, ['suspended', 'closed']);
  } finally {
    t.mock.timers.reset();
  }
});

test('a keepalive timeout suspends a resumable session (closing the silent WebSocket with 4000)', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'setTimeout', 'Date'], now: 0 });
  try {
    const { session, ws } = await resumable({ keepAlive: 100 });
    advance(t, 200);
    assert.equal(ws.closedWith.code, 4000);
    assert.equal(session.state, 'suspended');
    const next = FakeSocket.last;
    assert.notEqual(next, ws);
    next.open(V1);
    assert.deepEqual(next.take(), [{ t: 'resume', tok: 'secret-token', n: 0 }]);
    next.deliver({ t: 'resumed', n: 0 });
    assert.equal(session.state, 'connected');
    session.close();
  } finally {
    t.mock.timers.reset();
  }
});
