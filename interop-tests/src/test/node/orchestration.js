'use strict';
// Orchestration: two jschan clients connected to the Java server, which hands a channel or a byte stream from
// one session to the other (OrchestrationTest). Usage: node orchestration.js <ws-url> <scenario>.
// Each client opens a channel and introduces itself with {who: "first"|"second", ...}.

var c = require('./common');

var url = process.argv[2];
var name = process.argv[3];
c.watchdog(25000, name);

var scenarios = {
  // first hands over a channel it writes; second reads it through the server.
  'write-channel': async function (first, second) {
    var chan1 = first.WriteChannel();
    var more = chan1.WriteChannel();
    chan1.write({ who: 'first', more: more });
    for (var i = 1; i <= 3; i++) more.write({ hello: 'world', n: i });
    more.end();

    var chan2 = second.WriteChannel();
    var ret = chan2.ReadChannel();
    chan2.write({ who: 'second', ret: ret });
    var handed = await c.reader(ret).next();
    c.equal(await c.reader(handed.more).all(), [1, 2, 3].map(function (n) { return { hello: 'world', n: n }; }));
  },

  // second hands over a channel it reads (a return channel); first writes into it through the server.
  'read-channel': async function (first, second) {
    var chan1 = first.WriteChannel();
    var ret1 = chan1.ReadChannel();
    chan1.write({ who: 'first', ret: ret1 });

    var chan2 = second.WriteChannel();
    var inbox = chan2.ReadChannel();
    chan2.write({ who: 'second', chan: inbox });

    var handed = await c.reader(ret1).next();
    handed.chan.end({ hello: 'world' });
    c.equal(await c.reader(inbox).all(), [{ hello: 'world' }]);
  },

  // first hands over a byte stream; second echoes it back, both directions pass through the server.
  'byte-stream': async function (first, second) {
    var chan1 = first.WriteChannel();
    var bin = chan1.ByteStream();
    chan1.write({ who: 'first', bin: bin });

    var chan2 = second.WriteChannel();
    var ret = chan2.ReadChannel();
    chan2.write({ who: 'second', ret: ret });
    var handed = await c.reader(ret).next();
    handed.bin.pipe(handed.bin);

    var data = c.bytes(256 * 1024, 11);
    var back = c.collect(bin);
    c.writeAll(bin, data);
    c.equal(c.sha256(await back), c.sha256(data), 'the bytes came back through both sessions');
  }
};

var scenario = scenarios[name];
if (!scenario) c.fail(new Error('unknown scenario ' + name));
var first = c.connect(url);
var second = c.connect(url);
scenario(first, second).then(async function () {
  c.emit({ event: 'done' });
  await Promise.all([c.closed(first), c.closed(second)]);
  c.pass();
}, c.fail);
