'use strict';
// A Socket.IO fan-out client process: node fanout-client.js url=http://... sessions=n rounds=r
// Opens n socket.io-client 4.8.4 sockets (WebSocket transport, forceNew: one connection each), 100 at a time; each
// joins the room. Prints {"event":"ready"}, then per round, once all n have its message, {"event":"round",
// "round":r,"last":nanos} with the latest receive time (process.hrtime: CLOCK_MONOTONIC, as the other processes).
// Same accounting as org.libchan4j.bench.fanout.Rounds. Stops at the end of stdin (or "quit").

var readline = require('readline');
var ioc = require('socket.io-client');

var args = {};
process.argv.slice(2).forEach(function (a) {
  var eq = a.indexOf('=');
  args[a.slice(0, eq)] = a.slice(eq + 1);
});
var n = Number(args.sessions);
var rounds = Number(args.rounds);
var counts = new Int32Array(rounds + 1);
var last = new Float64Array(rounds + 1);
var quitting = false;

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

function received(round) {
  var now = Number(process.hrtime.bigint());
  if (!(round > 0 && round <= rounds)) return die(new Error('round ' + round + ' out of range'));
  if (now > last[round]) last[round] = now;
  var c = ++counts[round];
  if (c === n) emit({ event: 'round', round: round, last: last[round] });
  else if (c > n) die(new Error('round ' + round + ' arrived ' + c + ' times'));
}

function connect() {
  return new Promise(function (resolve, reject) {
    var socket = ioc(args.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    socket.on('tick', function (m) { received(m.round); });
    socket.once('connect', function () {
      socket.emit('join', 'lobby');
      resolve(socket);
    });
    socket.once('connect_error', reject);
    socket.on('disconnect', function (reason) {
      if (!quitting) die(new Error('socket disconnected: ' + reason));
    });
  });
}

(async function () {
  var sockets = [];
  for (var i = 0; i < n; i += 100) {
    var batch = [];
    for (var j = i; j < Math.min(n, i + 100); j++) batch.push(connect());
    sockets.push.apply(sockets, await Promise.all(batch));
  }
  emit({ event: 'ready', sessions: sockets.length });
  await new Promise(function (resolve) {
    var lines = readline.createInterface({ input: process.stdin });
    lines.on('line', function (l) { if (l.trim() === 'quit') resolve(); });
    lines.on('close', resolve);
  });
  quitting = true;
  sockets.forEach(function (s) { s.disconnect(); });
  process.stdout.write('', function () { process.exit(0); });
})().catch(die);
