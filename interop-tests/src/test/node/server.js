'use strict';
// Direction B: a jschan websocket server plays the server's part of one scenario for the Java client.
// Usage: node server.js <scenario> [tcp]. Listens on 127.0.0.1, port 0, and prints the port; serves one session,
// over WebSocket, or with 'tcp' over a raw node socket (jschan's streamSession with its 4-byte length header).
// The Java test plays the client's part (JschanServerTest).

var c = require('./common');

var name = process.argv[2];
var transport = process.argv[3];
c.watchdog(25000, name);

function byN(a, b) {
  return a.n - b.n;
}

var scenarios = {
  message: async function (s, chans) {
    c.equal(await c.reader(await chans.next()).all(), [{ text: 'hi', n: 1 }]);
  },

  'fifty-messages': async function (s, chans) {
    var got = await c.reader(await chans.next()).all();
    c.equal(got.map(function (m) { return m.n; }), Array.from({ length: 50 }, function (_, i) { return i + 1; }));
  },

  'many-messages': async function (s, chans) {
    var got = await c.reader(await chans.next()).all();
    c.equal(got.length, 5000, 'every message');
    c.equal(got.every(function (m, i) { return m.n === i + 1; }), true, 'in order');
  },

  'fifty-channels': async function (s, chans) {
    for (var i = 1; i <= 50; i++) {
      c.equal(await c.reader(await chans.next()).all(), [{ text: 'channel', n: i }], 'channel ' + i + ' in order');
    }
  },

  'big-message': async function (s, chans) {
    var big = await c.reader(await chans.next()).next();
    c.equal(big.numbers, Array.from({ length: 3000 }, function (_, i) { return i * 7919; }));
    c.equal(Buffer.isBuffer(big.blob) && big.blob.equals(c.bytes(1 << 20, 42)), true, '1 MiB blob as sent');
  },

  // The request waits in jschan until a 'channel' listener exists; the reply's nested channel is written before
  // the message that carries its reference (its id is 0, jschan's first server id).
  'late-rendezvous': async function (s) {
    var frames = c.recordFrames(s);
    await c.tick(200);
    var chans = c.channels(s);
    var msg = await c.reader(await chans.next()).next();
    var items = msg.reply.WriteChannel();
    items.write({ text: 'early', n: 1 });
    items.end();
    await c.tick(20);
    msg.reply.write({ items: items });
    msg.reply.end();
    await c.tick(20);
    c.equal(frames.slice(0, 3).map(function (f) { return f.id + (f.data ? '' : ' end'); }),
      [items.id + '', items.id + ' end', msg.reply.id + ''], 'frames overtake their reference');
  },

  // The reply carries a byte stream whose chunks and END were sent before it.
  'late-byte-stream': async function (s, chans) {
    var frames = c.recordFrames(s);
    var top = await chans.next();
    var d = await c.reader(top).next();
    var bin = top.ByteStream();
    c.writeAll(bin, c.bytes(100000, 9));
    await c.tick(20);
    d.reply.write({ stream: bin });
    await c.tick(20);
    c.equal(frames[frames.length - 1].id, d.reply.id, 'every chunk and the END went before the reference');
  },

  'return-channel': async function (s, chans) {
    var r = await c.reader(await chans.next()).next();
    c.equal([r.cmd, r.args], ['ls', ['-l']]);
    r.status.end({ code: 7 });
  },

  'write-sub-channel': async function (s, chans) {
    var u = await c.reader(await chans.next()).next();
    c.equal(u.name, 'file');
    var chunks = await c.reader(u.chunks).all();
    c.equal(chunks, Array.from({ length: 20 }, function (_, i) { return { seq: i, text: 'part' + i }; }));
    u.done.end({ code: chunks.length });
  },

  'byte-stream-echo': async function (s, chans) {
    var e = await c.reader(await chans.next()).next();
    await new Promise(function (resolve) {
      e.stream.on('finish', resolve);
      e.stream.pipe(e.stream);
    });
  },

  'channel-in-channel': async function (s, chans) {
    var top = await chans.next();
    var n1 = await c.reader(top).next();
    c.equal(n1.depth, 1);
    var level2 = top.ReadChannel();
    n1.down.write({ depth: 2, down: level2 });
    var n3 = await c.reader(level2).next();
    c.equal(n3.depth, 3);
    var up = n3.down.WriteChannel();
    n3.down.write({ depth: 4, up: up });
    up.end({ depth: 5 });
  },

  'byte-stream-through-return-channel': async function (s, chans) {
    var top = await chans.next();
    var d = await c.reader(top).next();
    var bin = top.ByteStream();
    d.reply.write({ stream: bin });
    c.writeAll(bin, c.bytes(300000, 3));
  },

  'server-opens-channel': async function (s) {
    s.WriteChannel().end({ text: 'event', n: 9 });
  },

  // One received byte stream piped into another: what the Java side writes comes back through the second.
  'auto-piped-streams': async function (s, chans) {
    var f = await c.reader(await chans.next()).next();
    await new Promise(function (resolve) {
      f.sink.on('finish', resolve);
      f.source.pipe(f.sink);
    });
  },

  'request-reply-frees-ids': async function (s, chans) {
    var requests = c.reader(await chans.next());
    for (var i = 1; i <= 200; i++) (await requests.next()).status.end({ code: i });
    c.equal(await requests.next(), null);
  },

  'compat-quirks': async function (s) {
    s.WriteChannel().end(c.quirks());
  },

  'compat-refusals': async function (s, chans) {
    c.checkSurvivors(await c.reader(await chans.next()).all());
  },

  // The Java client closes while jschan's channel toward it is open; jschan's session sees the close.
  'close-by-java': async function (s, chans) {
    c.equal(await c.reader(await chans.next()).next(), { text: 'hello', n: 1 });
    s.WriteChannel().write({ text: 'open', n: 1 });
  },

  // jschan closes its session while a request of the Java client is unanswered.
  'close-by-jschan': async function (s, chans) {
    var r = await c.reader(await chans.next()).next();
    c.equal(r.cmd, 'never answered');
    await new Promise(function (resolve) { s.close(resolve); });
    return 'closed';
  }
};

var scenario = scenarios[name];
if (!scenario) c.fail(new Error('unknown scenario ' + name));
var served = false;
c.listen(function (session) {
  if (served) return c.fail(new Error('a second connection'));
  served = true;
  var chans = name === 'late-rendezvous' ? null : c.channels(session);
  scenario(session, chans).then(function (result) {
    if (result === 'closed') return c.pass();
    return c.doneThenAwaitClose(session);
  }, c.fail);
}, transport);
