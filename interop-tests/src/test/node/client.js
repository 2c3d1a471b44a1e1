'use strict';
// Direction A: a jschan client plays the client's part of one scenario against the Java server.
// Usage: node client.js <ws-url> <scenario>. The Java test plays the server's part (JschanClientsTest).

var stream = require('stream');
var c = require('./common');

var url = process.argv[2];
var name = process.argv[3];
c.watchdog(25000, name);

var scenarios = {
  message: async function (s) {
    var chan = s.WriteChannel();
    chan.write({ text: 'hi', n: 1 });
    chan.end();
  },

  'fifty-messages': async function (s) {
    var chan = s.WriteChannel();
    for (var i = 1; i <= 50; i++) chan.write({ text: 'm', n: i });
    chan.end();
  },

  'fifty-channels': async function (s) {
    for (var i = 1; i <= 50; i++) s.WriteChannel().end({ text: 'channel', n: i });
  },

  'big-message': async function (s) {
    var numbers = [];
    for (var i = 0; i < 3000; i++) numbers.push(i * 7919);
    s.WriteChannel().write({ numbers: numbers, blob: c.bytes(1 << 20, 42) });
  },

  // Data and END of a nested channel go out before the message that carries its reference.
  'late-rendezvous': async function (s) {
    var frames = c.recordFrames(s);
    var chan = s.WriteChannel();
    var items = chan.WriteChannel();
    items.write({ text: 'early', n: 1 });
    items.end();
    await c.tick(20);
    chan.write({ items: items });
    await c.tick(20);
    var order = frames.map(function (f) { return f.id + (f.data ? '' : ' end'); });
    c.equal(order, [items.id + '', items.id + ' end', chan.id + ''], 'frames overtake their reference');
    c.equal(frames[0].parent, chan.id, 'the early first frame names its parent');
  },

  // Chunks and END of a byte stream go out before the message that carries its reference.
  'late-byte-stream': async function (s) {
    var frames = c.recordFrames(s);
    var chan = s.WriteChannel();
    var bin = chan.ByteStream();
    c.writeAll(bin, c.bytes(100000, 9));
    await c.tick(20);
    chan.write({ stream: bin });
    await c.tick(20);
    c.equal(frames[frames.length - 1].id, chan.id, 'every chunk and the END went before the reference');
  },

  'return-channel': async function (s) {
    var chan = s.WriteChannel();
    var status = chan.ReadChannel();
    chan.write({ cmd: 'ls', args: ['-l'], status: status });
    c.equal(await c.reader(status).all(), [{ code: 7 }]);
  },

  'write-sub-channel': async function (s) {
    var chan = s.WriteChannel();
    var chunks = chan.WriteChannel();
    var done = chan.ReadChannel();
    chan.write({ name: 'file', chunks: chunks, done: done });
    for (var i = 0; i < 20; i++) chunks.write({ seq: i, text: 'part' + i });
    chunks.end();
    c.equal(await c.reader(done).next(), { code: 20 });
  },

  'byte-stream-echo': async function (s) {
    var chan = s.WriteChannel();
    var bin = chan.ByteStream();
    chan.write({ stream: bin });
    var data = c.bytes(1 << 20, 7);
    var back = c.collect(bin);
    c.writeAll(bin, data);
    var got = await back;
    c.equal(got.length, data.length, 'echoed length');
    c.equal(c.sha256(got), c.sha256(data), 'echoed content');
  },

  // Each level carries a channel the other side uses to go one deeper; depth 4 hands back a channel to read.
  'channel-in-channel': async function (s) {
    var chan = s.WriteChannel();
    var level1 = chan.ReadChannel();
    chan.write({ depth: 1, down: level1 });
    var n2 = await c.reader(level1).next();
    c.equal(n2.depth, 2);
    var level3 = chan.ReadChannel();
    n2.down.write({ depth: 3, down: level3 });
    var n4 = await c.reader(level3).next();
    c.equal(n4.depth, 4);
    c.equal((await c.reader(n4.up).all()).map(function (m) { return m.depth; }), [5]);
  },

  'byte-stream-through-return-channel': async function (s) {
    var chan = s.WriteChannel();
    var reply = chan.ReadChannel();
    chan.write({ reply: reply });
    var payload = await c.reader(reply).next();
    var got = await c.collect(payload.stream);
    c.equal(got.equals(c.bytes(300000, 3)), true, '300,000 bytes as sent');
  },

  'server-opens-channel': async function (s) {
    var chan = await c.channels(s).next();
    c.equal(await c.reader(chan).all(), [{ text: 'event', n: 9 }]);
  },

  // A node Readable and Writable in a message: jschan pipes each through a byte stream of its own.
  'auto-piped-streams': async function (s) {
    var data = c.bytes(200000, 5);
    var parts = [];
    var source = new stream.Readable({ read: function () {} });
    source.push(data);
    source.push(null);
    var finished = new Promise(function (resolve) {
      var sink = new stream.Writable({
        write: function (chunk, enc, done) {
          parts.push(Buffer.from(chunk));
          done();
        }
      });
      sink.on('finish', resolve);
      s.WriteChannel().write({ source: source, sink: sink });
    });
    await finished;
    c.equal(Buffer.concat(parts).equals(data), true, 'the sink got back what the source sent');
  },

  'request-reply-frees-ids': async function (s) {
    var chan = s.WriteChannel();
    for (var i = 0; i < 200; i++) {
      var status = chan.ReadChannel();
      chan.write({ cmd: 'n', args: [], status: status });
      c.equal(await c.reader(status).all(), [{ code: i + 1 }]);
    }
    chan.end();
  },

  // jschan closes its session while a request of its own is unanswered; then the Java side checks what failed.
  'close-by-jschan': async function (s) {
    var chan = s.WriteChannel();
    var status = chan.ReadChannel();
    status.resume(); // jschan's close waits for every read channel's end, which a paused one never emits
    chan.write({ cmd: 'never answered', args: [], status: status });
    var pushed = await c.channels(s).next();
    c.equal(await c.reader(pushed).next(), { text: 'open', n: 1 });
    await new Promise(function (resolve) { s.close(resolve); });
    return 'closed';
  },

  'compat-quirks': async function (s) {
    s.WriteChannel().end(c.quirks());
  },

  'compat-refusals': async function (s) {
    c.checkSurvivors(await c.reader(await c.channels(s).next()).all());
  },

  'close-by-java': async function (s) {
    s.WriteChannel().write({ text: 'hello', n: 1 });
  }
};

var scenario = scenarios[name];
if (!scenario) c.fail(new Error('unknown scenario ' + name));
var session = c.connect(url);
scenario(session).then(function (result) {
  if (result === 'closed') return c.pass();
  return c.doneThenAwaitClose(session);
}, c.fail);
