'use strict';
// Shared by the jschan benchmark peers. Sessions are wired exactly as jschan's own websocket client and server do
// it (lib/websocket/*.js), without require('jschan'), whose main module loads spdy (broken on node 20).
// Line protocol with the Java harness: one JSON object per line on stdout (see org.libchan4j.bench.Emit).

var http = require('http');
var streamSession = require('jschan/lib/stream/session');
var websocket = require('websocket-stream');
var WebSocketServer = require('ws').Server;

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function die(err) {
  process.stderr.write((err && err.stack ? err.stack : String(err)) + '\n');
  process.stdout.write(JSON.stringify({ event: 'error', message: String(err && err.message || err) }) + '\n',
    function () { process.exit(1); });
}

process.on('uncaughtException', die);
process.on('unhandledRejection', die);

/** A client session to url, as jschan's websocket client makes it; resolves once the socket is open. */
function connect(url) {
  return new Promise(function (resolve, reject) {
    var ws = websocket(url);
    var session = streamSession(ws, ws, { header: false });
    session.on('error', die);
    session.ws = ws.socket;
    ws.socket.once('open', function () { resolve(session); });
    ws.socket.once('error', reject);
  });
}

/** A jschan websocket server on 127.0.0.1, any free port; onSession(session) for each connection. */
function listen(onSession) {
  var httpServer = http.createServer();
  var wss = new WebSocketServer({ server: httpServer });
  wss.on('connection', function (ws) {
    var s = websocket(ws);
    var session = streamSession(s, s, { server: true, header: false });
    session.on('error', function (err) {
      process.stderr.write('session error: ' + err + '\n');
    });
    onSession(session);
  });
  httpServer.listen(0, '127.0.0.1', function () {
    emit({ event: 'listening', url: 'ws://127.0.0.1:' + httpServer.address().port + '/' });
  });
  return httpServer;
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

/** Resolves when a readable channel has ended (it must be flowing: a 'data' listener is attached). */
function ended(chan) {
  return new Promise(function (resolve) {
    chan.on('end', resolve);
  });
}

function yieldNow() {
  return new Promise(function (resolve) { setImmediate(resolve); });
}

function nowNanos() {
  return Number(process.hrtime.bigint());
}

module.exports = {
  emit: emit, die: die, connect: connect, listen: listen, reader: reader, channels: channels, ended: ended,
  yieldNow: yieldNow, nowNanos: nowNanos
};
