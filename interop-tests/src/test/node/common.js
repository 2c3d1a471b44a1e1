'use strict';
// Helpers shared by the jschan peers. Sessions are wired exactly as jschan's own websocket client and server
// do it (lib/websocket/*.js), without require('jschan'), whose main module loads spdy (broken on node 20).
//
// Every script prints one JSON object per line on stdout:
//   {"event":"listening","port":N}   a server is ready (port 0 was asked, this is the real one)
//   {"event":"done"}                 this side finished its part; it now waits for the Java side to close
//   {"event":"pass"} / {"event":"fail","message":...}   the final verdict; the exit code agrees (0 / 1)

var assert = require('assert');
var crypto = require('crypto');
var http = require('http');
var net = require('net');
var stream = require('stream');
var streamSession = require('jschan/lib/stream/session');
var websocket = require('websocket-stream');
var WebSocketServer = require('ws').Server;

var finished = false;

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function exit(code, line) {
  if (finished) return;
  finished = true;
  process.stdout.write(JSON.stringify(line) + '\n', function () {
    process.exit(code);
  });
}

function pass() {
  exit(0, { event: 'pass' });
}

function fail(err) {
  exit(1, { event: 'fail', message: err && err.stack ? err.stack : String(err) });
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

/** Fails the script if it has not finished within ms (the Java side kills it too; this says why). */
function watchdog(ms, what) {
  setTimeout(function () {
    fail(new Error('timed out after ' + ms + ' ms: ' + what));
  }, ms).unref();
}

/**
 * A client session to url, as jschan's websocket client makes it; for tcp://host:port, jschan's raw stream session
 * over a node net socket (default header mode: a 4-byte length before each frame).
 */
function connect(url) {
  if (url.indexOf('tcp://') === 0) {
    var target = new URL(url);
    var socket = net.connect(Number(target.port), target.hostname);
    var tcpSession = streamSession(socket, socket, {});
    tcpSession.on('error', fail);
    return tcpSession;
  }
  var ws = websocket(url);
  var session = streamSession(ws, ws, { header: false });
  session.on('error', fail);
  return session;
}

/**
 * A jschan websocket server on 127.0.0.1, any free port; onSession(session) for each connection. With transport
 * 'tcp', a node net server whose connections are jschan raw stream sessions (default header mode).
 */
function listen(onSession, transport) {
  if (transport === 'tcp') {
    var tcpServer = net.createServer(function (socket) {
      var tcpSession = streamSession(socket, socket, { server: true });
      tcpSession.on('error', fail);
      onSession(tcpSession);
    });
    tcpServer.listen(0, '127.0.0.1', function () {
      emit({ event: 'listening', port: tcpServer.address().port });
    });
    return tcpServer;
  }
  var httpServer = http.createServer();
  var wss = new WebSocketServer({ server: httpServer });
  wss.on('connection', function (ws) {
    var s = websocket(ws);
    var session = streamSession(s, s, { server: true, header: false });
    session.on('error', fail);
    onSession(session);
  });
  httpServer.listen(0, '127.0.0.1', function () {
    emit({ event: 'listening', port: httpServer.address().port });
  });
  return httpServer;
}

/** Resolves when the session's connection has closed (from either side). */
function closed(session) {
  return new Promise(function (resolve) {
    if (session._closed) return resolve();
    session.once('close', resolve);
  });
}

/** Reads a channel as a sequence: next() resolves with the next message, or null after its end. */
function reader(chan) {
  var queue = [];
  var waiters = [];
  var ended = false;
  chan.on('data', function (msg) {
    if (waiters.length) waiters.shift()(msg);
    else queue.push(msg);
  });
  chan.on('end', function () {
    ended = true;
    while (waiters.length) waiters.shift()(null);
  });
  return {
    next: function () {
      return new Promise(function (resolve) {
        if (queue.length) resolve(queue.shift());
        else if (ended) resolve(null);
        else waiters.push(resolve);
      });
    },
    all: async function () {
      var out = [];
      for (var m; (m = await this.next()) !== null; ) out.push(m);
      return out;
    }
  };
}

/** The top-level channels the peer opens, in order: next() resolves with the next one. */
function channels(session) {
  var queue = [];
  var waiters = [];
  session.on('channel', function (chan) {
    if (waiters.length) waiters.shift()(chan);
    else queue.push(chan);
  });
  return {
    next: function () {
      return new Promise(function (resolve) {
        if (queue.length) resolve(queue.shift());
        else waiters.push(resolve);
      });
    }
  };
}

/**
 * Everything a byte stream delivers until its end. It pipes: a jschan byte stream reaches its end only when piped.
 */
function collect(source) {
  return new Promise(function (resolve, reject) {
    var parts = [];
    var sink = new stream.Writable({
      write: function (chunk, enc, done) {
        parts.push(Buffer.from(chunk));
        done();
      }
    });
    sink.on('finish', function () {
      resolve(Buffer.concat(parts));
    });
    source.on('error', reject);
    source.pipe(sink);
  });
}

/** n deterministic bytes: xorshift32 from seed, low byte of each step (TestData.bytes on the Java side). */
function bytes(n, seed) {
  var out = Buffer.alloc(n);
  var x = seed >>> 0;
  for (var i = 0; i < n; i++) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** Writes buf to a byte stream in 64 KiB slices, then ends it. */
function writeAll(bin, buf) {
  for (var off = 0; off < buf.length; off += 65536) bin.write(buf.slice(off, off + 65536));
  bin.end();
}

function sha256(buf) {
  return crypto.createHash('sha256').update(buf).digest('hex');
}

/** Records the ids of the frames a session sends, in order, and whether each carried data. */
function recordFrames(session) {
  var log = [];
  var dispatch = session._dispatch;
  session._dispatch = function (obj, chan, done) {
    log.push({ id: obj.id, data: obj.data !== undefined, parent: obj.parent });
    return dispatch.call(this, obj, chan, done);
  };
  return log;
}

function tick(ms) {
  return new Promise(function (resolve) {
    setTimeout(resolve, ms || 0);
  });
}

/** Prints "done", then passes once the Java side has closed the session. */
async function doneThenAwaitClose(session) {
  emit({ event: 'done' });
  await closed(session);
  pass();
}

/** A message with every quirk of jschan's encoding (PROTOCOL.md section 7.4); Compat.checkQuirks on the Java side. */
function quirks() {
  return {
    tenth: 0.1,
    oneAndHalf: 1.5,
    wide: 123456789.5,
    nan: NaN,
    date: new Date(),
    undef: { a: undefined, b: 1 },
    minus32: -32,
    lowest: -214748364,
    uint32: 4294967294,
    uint32max: 4294967295,
    twoPow32: 4294967296
  };
}

/** What Compat.sendRefusedThenValid gets through to jschan: exactly these, in order (a wide map by its size). */
function checkSurvivors(got) {
  var summary = got.map(function (m) {
    return m !== null && typeof m === 'object' && Object.keys(m).length > 100 ? { keys: Object.keys(m).length } : m;
  });
  equal(summary, [-32, -33, -31, 4294967295, -2147483648, { keys: 65535 }, '0', [], {}, 0.5]);
}

function equal(actual, expected, what) {
  assert.deepStrictEqual(actual, expected, what);
}

module.exports = {
  emit: emit,
  pass: pass,
  fail: fail,
  watchdog: watchdog,
  connect: connect,
  listen: listen,
  closed: closed,
  reader: reader,
  channels: channels,
  collect: collect,
  bytes: bytes,
  writeAll: writeAll,
  sha256: sha256,
  recordFrames: recordFrames,
  tick: tick,
  doneThenAwaitClose: doneThenAwaitClose,
  equal: equal,
  quirks: quirks,
  checkSurvivors: checkSurvivors
};
