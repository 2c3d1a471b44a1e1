'use strict';
// The Socket.IO fan-out server (socket.io 4.8.4, WebSocket transport only): a socket joins the room with
// emit('join', 'lobby'); a round is one io.to('lobby').emit('tick', {room, round, sent, text}) (Socket.IO encodes
// the packet once and writes it to every socket in the room). The same stdin commands as the Java fan-out servers
// (org.libchan4j.bench.fanout.FanoutCommands): "subscribers" and "publish <round>"; the end of stdin stops it.
// Stamps are process.hrtime (CLOCK_MONOTONIC, the clock System.nanoTime reads in the Java processes); the payload is
// org.libchan4j.bench.fanout.Tick's.

var http = require('http');
var readline = require('readline');
var Server = require('socket.io').Server;

var ROOM = 'lobby';
var TEXT = 'the quick brown fox jumps over the lazy dog';
var START = process.hrtime.bigint();

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

var httpServer = http.createServer();
var io = new Server(httpServer, { transports: ['websocket'], serveClient: false });
io.on('connection', function (socket) {
  socket.on('join', function (room) { socket.join(room); });
});

function subscribers() {
  var room = io.of('/').adapter.rooms.get(ROOM);
  return room ? room.size : 0;
}

httpServer.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, function () {
  emit({ event: 'listening', url: 'http://127.0.0.1:' + httpServer.address().port, node: process.version });
});

var lines = readline.createInterface({ input: process.stdin });
lines.on('line', function (line) {
  var words = line.trim().split(/\s+/);
  if (words[0] === 'subscribers') {
    emit({ event: 'subscribers', n: subscribers() });
  } else if (words[0] === 'publish') {
    var round = Number(words[1]);
    var stamp = process.hrtime.bigint();
    io.to(ROOM).emit('tick', { room: ROOM, round: round, sent: Number(((stamp - START) / 1000n) % 2147483648n), text: TEXT });
    var took = process.hrtime.bigint() - stamp;
    emit({ event: 'published', round: round, nanos: Number(stamp), publishNanos: Number(took), n: subscribers() });
  } else if (words[0] === 'heap') {
    emit({ event: 'heap', bytes: process.memoryUsage().heapUsed });
  } else if (words[0] !== '') {
    emit({ event: 'error', message: 'unknown command ' + line });
  }
});
lines.on('close', function () { process.exit(0); });
