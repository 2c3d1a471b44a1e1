'use strict';
// The jschan benchmark client: the same scenarios as org.libchan4j.bench.chan.ChanBenchClient, against the jschan
// server or the libchan4j server. Usage: node client.js url=ws://... scenarios=a,b warm=ms measure=ms idle=n
// Prints {"event":"result","scenario":...,"value":...,"unit":...} lines; for idle-heap {"event":"ready"} and waits
// for the end of stdin.

var readline = require('readline');
var c = require('./common');

var args = {};
process.argv.slice(2).forEach(function (a) {
  var eq = a.indexOf('=');
  args[a.slice(0, eq)] = a.slice(eq + 1);
});
var warm = Number(args.warm || 2000);
var measure = Number(args.measure || 4000);
var MAX_BUFFERED = 4 << 20;

/**
 * Lets the socket drain while more than MAX_BUFFERED bytes wait in it (node streams' own backpressure). Sleeps
 * rather than spins: a busy loop here takes a core from the server on a 2-core machine.
 */
async function drain(session) {
  while (session.ws.bufferedAmount > MAX_BUFFERED) await new Promise(function (r) { setTimeout(r, 1); });
}

function round(session, op, extra) {
  var ctl = session.WriteChannel();
  var reply = ctl.ReadChannel();
  var msg = { op: op, reply: reply };
  Object.assign(msg, extra || {});
  ctl.write(msg);
  return { ctl: ctl, done: c.reader(reply), extra: msg };
}

async function finish(r, expected) {
  var done = await r.done.next();
  if (!done || (expected >= 0 && done.n !== expected)) {
    throw new Error('server counted ' + (done && done.n) + ', sent ' + expected);
  }
  r.ctl.end();
  return done.n;
}

async function oneway(session, size, ms) {
  var r = round(session, 'oneway');
  var data = session.WriteChannel();
  var payload = Buffer.alloc(size, 7);
  var t0 = c.nowNanos();
  var deadline = t0 + ms * 1e6;
  var sent = 0;
  do {
    for (var i = 0; i < 64; i++) data.write(payload);
    sent += 64;
    await drain(session);
    if (sent % 4096 === 0) await c.yieldNow();
  } while (c.nowNanos() < deadline);
  data.end();
  var n = await finish(r, sent);
  return n * 1e9 / (c.nowNanos() - t0);
}

function firstMessage(chan) {
  return new Promise(function (resolve) {
    var got = false;
    chan.on('data', function (m) {
      if (!got) {
        got = true;
        resolve(m);
      }
    });
  });
}

async function reqrep(session, ms, lat) {
  var r = round(session, 'reqrep');
  var requests = session.WriteChannel();
  var payload = Buffer.alloc(32, 7);
  var t0 = c.nowNanos();
  var deadline = t0 + ms * 1e6;
  var n = 0;
  for (var now = t0; now < deadline; n++) {
    var back = requests.ReadChannel();
    var reply = firstMessage(back);
    requests.write({ p: payload, reply: back });
    if ((await reply).length !== 32) throw new Error('bad reply');
    var t = c.nowNanos();
    lat.push(t - now);
    now = t;
  }
  var elapsed = c.nowNanos() - t0;
  requests.end();
  await finish(r, n);
  return n * 1e9 / elapsed;
}

async function nested(session, ms) {
  var r = round(session, 'nested');
  var requests = session.WriteChannel();
  var t0 = c.nowNanos();
  var deadline = t0 + ms * 1e6;
  var n = 0;
  do {
    var back = requests.ReadChannel();
    var reply = firstMessage(back);
    requests.write({ reply: back });
    var m = await reply;
    var end = c.ended(m.done);
    m.done.on('data', function () { throw new Error('the nested channel should carry nothing'); });
    await end;
    n++;
  } while (c.nowNanos() < deadline);
  var elapsed = c.nowNanos() - t0;
  requests.end();
  await finish(r, n);
  return n * 1e9 / elapsed;
}

// The byte stream is never ended: after a byte-stream END a jschan peer processes no more frames (PROTOCOL.md 9).
async function bytes(session, ms) {
  var ctl = session.WriteChannel();
  var reply = ctl.ReadChannel();
  var stream = ctl.ByteStream();
  ctl.write({ op: 'bytes', reply: reply, stream: stream });
  var done = c.reader(reply);
  var chunk = Buffer.alloc(65536, 7);
  var t0 = c.nowNanos();
  var deadline = t0 + ms * 1e6;
  var total = 0;
  do {
    if (!stream.write(chunk)) await new Promise(function (resolve) { stream.once('drain', resolve); });
    total += chunk.length;
    await drain(session);
  } while (c.nowNanos() < deadline);
  ctl.write({ op: 'total', total: total });
  var got = await done.next();
  if (!got || got.n !== total) throw new Error('server counted ' + (got && got.n) + ' bytes, sent ' + total);
  return total / 1e6 / ((c.nowNanos() - t0) / 1e9);
}

function percentile(sorted, p) {
  var rank = Math.ceil(p / 100 * sorted.length);
  return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000;
}

function result(scenario, value, unit) {
  c.emit({ event: 'result', scenario: scenario, value: value, unit: unit });
}

async function idle(n) {
  var sessions = [];
  for (var i = 0; i < n; i += 100) {
    var batch = [];
    for (var j = i; j < Math.min(n, i + 100); j++) batch.push(c.connect(args.url));
    sessions.push.apply(sessions, await Promise.all(batch));
  }
  c.emit({ event: 'ready', sessions: n });
  await new Promise(function (resolve) {
    var lines = readline.createInterface({ input: process.stdin });
    lines.on('line', function (l) { if (l.trim() === 'quit') resolve(); });
    lines.on('close', resolve);
  });
  sessions.forEach(function (s) { s.ws.terminate(); });
}

async function run(scenario) {
  if (scenario === 'idle-heap') return idle(Number(args.idle || 10000));
  var session = await c.connect(args.url);
  if (scenario === 'oneway-32B' || scenario === 'oneway-1KiB') {
    var size = scenario === 'oneway-32B' ? 32 : 1024;
    await oneway(session, size, warm);
    result(scenario, await oneway(session, size, measure), 'msg/s');
  } else if (scenario === 'reqrep') {
    await reqrep(session, warm, []);
    var lat = [];
    result('reqrep', await reqrep(session, measure, lat), 'rt/s');
    lat.sort(function (a, b) { return a - b; });
    result('reqrep-p50', percentile(lat, 50), 'us');
    result('reqrep-p99', percentile(lat, 99), 'us');
  } else if (scenario === 'nested-setup') {
    await nested(session, warm);
    result(scenario, await nested(session, measure), 'ops/s');
  } else if (scenario === 'bytestream') {
    await bytes(session, warm);
    result(scenario, await bytes(session, measure), 'MB/s');
  } else {
    throw new Error('unknown scenario ' + scenario);
  }
  session.ws.terminate();
}

(async function () {
  for (var s of args.scenarios.split(',')) await run(s);
  process.stdout.write('', function () { process.exit(0); });
})().catch(c.die);
