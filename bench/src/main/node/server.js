'use strict';
// The jschan benchmark server: the same protocol as org.libchan4j.bench.chan.ChanBenchServer.
// Usage: node --expose-gc server.js. Prints {"event":"listening","url":...}; the stdin line "heap" answers with the
// used V8 heap after GC; the end of stdin stops it.

var stream = require('stream');
var readline = require('readline');
var c = require('./common');

c.listen(function (session) {
  rounds(session).catch(function (err) {
    process.stderr.write('round failed: ' + (err && err.stack || err) + '\n');
  });
});

async function rounds(session) {
  var chans = c.channels(session);
  for (;;) {
    var ctlChan = await chans.next();
    var ctl = c.reader(ctlChan);
    var req = await ctl.next();
    var n;
    if (req.op === 'oneway') n = await oneway(await chans.next());
    else if (req.op === 'reqrep') n = await reqrep(await chans.next());
    else if (req.op === 'nested') n = await nested(await chans.next());
    else if (req.op === 'bytes') n = await bytes(req, ctl);
    else throw new Error('unknown op ' + req.op);
    req.reply.end({ n: n });
  }
}

async function oneway(data) {
  var n = 0;
  data.on('data', function () { n++; });
  await c.ended(data);
  return n;
}

async function reqrep(requests) {
  var n = 0;
  requests.on('data', function (r) {
    n++;
    r.reply.end(r.p);
  });
  await c.ended(requests);
  return n;
}

// The reply carries a channel this side writes, ended at once.
async function nested(requests) {
  var n = 0;
  requests.on('data', function (r) {
    n++;
    var done = r.reply.WriteChannel();
    r.reply.end({ done: done });
    done.end();
  });
  await c.ended(requests);
  return n;
}

// Counts the stream's bytes until the client's second control message says how many were sent. (A jschan byte
// stream ends only when piped; the client never ends it, see PROTOCOL.md section 9.)
function bytes(req, ctl) {
  return new Promise(function (resolve, reject) {
    var count = 0;
    var total = -1;
    var acked = 0;
    function check() {
      if (total >= 0 && count >= total) resolve(count);
    }
    req.stream.pipe(new stream.Writable({
      write: function (chunk, enc, done) {
        count += chunk.length;
        if (req.acks && count - acked >= 1048576) {
          acked = count;
          req.acks.write({ n: count });
        }
        check();
        done();
      }
    }));
    ctl.next().then(function (m) {
      if (!m || m.op !== 'total') return reject(new Error('expected {op: total}, got ' + JSON.stringify(m)));
      total = m.total;
      check();
    });
  });
}

var lines = readline.createInterface({ input: process.stdin });
lines.on('line', function (line) {
  if (line.trim() === 'heap') {
    for (var i = 0; i < 4; i++) global.gc();
    c.emit({ event: 'heap', bytes: process.memoryUsage().heapUsed });
  }
});
lines.on('close', function () { process.exit(0); });
