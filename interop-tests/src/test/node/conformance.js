'use strict';
// A jschan client running one operation of the conformance server (PROTOCOL.md section 13) and checking the answer.
// Usage: node conformance.js <url> <op>, url ws://... or tcp://host:port (a raw stream session). One session per run: after a byte-stream END arrives, a jschan
// session processes nothing more (section 9).

var c = require('./common');

var url = process.argv[2];
var name = process.argv[3];
c.watchdog(25000, name);

/** Sends one request on a new channel of s with a fresh return channel; resolves with everything replied. */
function request(s, fields) {
  var chan = s.WriteChannel();
  var reply = chan.ReadChannel();
  fields.reply = reply;
  chan.write(fields);
  return { chan: chan, replies: c.reader(reply).all() };
}

var ops = {
  echo: async function (s) {
    c.equal(await request(s, { op: 'echo', value: { a: [1, 'x'], ok: true } }).replies,
      [{ value: { a: [1, 'x'], ok: true } }]);
  },

  stream: async function (s) {
    c.equal(await request(s, { op: 'stream', count: 5 }).replies, [0, 1, 2, 3, 4].map(function (i) { return { i: i }; }));
  },

  sink: async function (s) {
    var chan = s.WriteChannel();
    var input = chan.WriteChannel();
    var reply = chan.ReadChannel();
    chan.write({ op: 'sink', in: input, reply: reply });
    for (var i = 0; i < 7; i++) input.write({ n: i });
    input.end();
    c.equal(await c.reader(reply).all(), [{ count: 7 }]);
  },

  'bytes-echo': async function (s) {
    var chan = s.WriteChannel();
    var bin = chan.ByteStream();
    var reply = chan.ReadChannel();
    chan.write({ op: 'bytes-echo', stream: bin, reply: reply });
    var replies = c.reader(reply).all();
    var data = c.bytes(1 << 20, 21);
    var back = c.collect(bin);
    c.writeAll(bin, data);
    c.equal(await replies, [{ length: data.length }], 'the reply arrives before the stream ends');
    c.equal(c.sha256(await back), c.sha256(data), 'every byte echoed');
  },

  'bytes-sum': async function (s) {
    var chan = s.WriteChannel();
    var bin = chan.ByteStream();
    var reply = chan.ReadChannel();
    chan.write({ op: 'bytes-sum', stream: bin, reply: reply });
    var data = c.bytes(300000, 22);
    c.writeAll(bin, data);
    var sums = await c.reader(reply).all();
    c.equal(sums.length, 1);
    c.equal(sums[0].length, data.length);
    c.equal(sums[0].sha256.toString('hex'), c.sha256(data));
  },

  open: async function (s) {
    var opened = c.channels(s).next();
    s.WriteChannel().write({ op: 'open', value: 'hi' });
    c.equal(await c.reader(await opened).all(), [{ value: 'hi' }]);
  },

  nest: async function (s) {
    var chan = s.WriteChannel();
    var reply = chan.ReadChannel();
    chan.write({ op: 'nest', depth: 3, reply: reply });
    var level = reply;
    for (var d = 0; d < 3; d++) {
      var msgs = await c.reader(level).all();
      c.equal(msgs.length, 1, 'one message at depth ' + d);
      level = msgs[0].next;
    }
    c.equal(await c.reader(level).all(), [{ value: 'bottom' }]);
  },

  // Two sessions talk through the server: bob registers an inbox, alice sends it a return channel, bob answers.
  'register-send-to': async function (bob) {
    var alice = c.connect(url);
    var bobChan = bob.WriteChannel();
    var inbox = bobChan.ReadChannel();
    var registered = bobChan.ReadChannel();
    bobChan.write({ op: 'register', name: 'bob', inbox: inbox, reply: registered });
    c.equal(await c.reader(registered).all(), [{ registered: 'bob' }]);

    var aliceChan = alice.WriteChannel();
    var back = aliceChan.ReadChannel();
    var sent = aliceChan.ReadChannel();
    aliceChan.write({ op: 'send-to', name: 'bob', value: { hello: 'world', back: back }, reply: sent });
    var letter = await c.reader(inbox).next();
    c.equal(letter.hello, 'world');
    letter.back.end({ thanks: true });
    c.equal(await c.reader(back).all(), [{ thanks: true }]);
    c.equal(await c.reader(sent).all(), [{ sent: true }]);
  },

  'unknown-op': async function (s) {
    c.equal(await request(s, { op: 'frobnicate' }).replies, [{ error: 'unknown op: frobnicate' }]);
  },

  // A malformed request fails its channel with an error on its reply; the session goes on.
  malformed: async function (s) {
    var replies = await request(s, { op: 'stream', count: 'ten' }).replies;
    c.equal(replies.length, 1);
    c.equal(/'count' must be an integer/.test(replies[0].error), true, replies[0].error);
    c.equal(await request(s, { op: 'echo', value: 'still here' }).replies, [{ value: 'still here' }]);
  }
};

var op = ops[name];
if (!op) c.fail(new Error('unknown op ' + name));
op(c.connect(url)).then(c.pass, c.fail);
