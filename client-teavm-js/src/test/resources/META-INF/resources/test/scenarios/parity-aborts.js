// Cancel-safe receives: for each of `count` numbers on an unbuffered return channel (the JVM sends the next one only
// once the page took the previous), one receive is aborted before anything can arrive and one races its abort (a
// macrotask) against the arrival. Nothing may be lost or taken twice.
import { connect } from '/libchan4j/libchan4j.js';

const macrotask = () => new Promise((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve();
  channel.port2.postMessage(null);
});

export async function run(params) {
  const count = Number(params.get('count'));
  const session = await connect('/chan');
  const top = session.newSender();
  const into = top.newReceiver({ capacity: 0 });
  await top.send({ count, into });
  const got = [];
  let aborted = 0;
  let raced = 0;
  const take = async (abortWhen) => {
    const controller = new AbortController();
    const receive = into.receive({ signal: controller.signal });
    await abortWhen();
    controller.abort();
    return receive.then((v) => ({ v }), (e) => {
      if (e.name !== 'AbortError') throw e;
      return null;
    });
  };
  for (;;) {
    if (await take(async () => {}) === null) aborted++; // nothing can have arrived yet
    const second = await take(macrotask);
    const outcome = second !== null ? second : { v: await into.receive() };
    if (second === null) raced++;
    if (outcome.v === undefined) break;
    got.push(outcome.v.i);
  }
  const inOrder = got.every((v, i) => v === i);
  session.close();
  return { received: got.length, inOrder, aborted, raced };
}
