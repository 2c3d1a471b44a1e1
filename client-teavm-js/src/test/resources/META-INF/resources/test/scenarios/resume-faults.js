// Resumption through a fault proxy: the JVM cuts the connection at chosen points while messages flow both ways and
// a byte stream is echoed; the page checks order and content and reports counts, digests and its state changes.
import { connect } from '/libchan4j/libchan4j.js';

const sha256 = async (bytes) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))]
  .map((b) => b.toString(16).padStart(2, '0')).join('');

export async function run(params) {
  const count = Number(params.get('count'));
  const size = Number(params.get('size'));
  const states = [];
  const session = await connect(params.get('url'), { reconnectDelay: 10, reconnectMaxDelay: 100, capacity: 64 });
  session.onStateChange((s) => states.push(s));
  const top = session.newSender();
  const up = top.newSender();
  const down = top.newReceiver();
  const stream = top.newByteStream();
  const report = top.newReceiver();
  await top.send({ up, down, stream, report, count });
  for (let i = 0; i < count; i++) await up.send({ n: i, text: `up ${i}` });
  up.close();
  let received = 0;
  for await (const m of down) {
    if (m.n !== received || m.text !== `down ${received}`) {
      throw new Error(`message ${received}: got ${JSON.stringify(m)}`);
    }
    received++;
  }
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + (i >>> 12)) & 255;
  const echoed = stream.readAll(); // read while writing: the JVM echoes as it reads
  await stream.write(data);
  stream.end();
  const back = await echoed;
  const jvm = await report.receive();
  const result = {
    received, jvm, states: [...states], state: session.state,
    sentSha: await sha256(data), echoedSha: await sha256(back), echoedLength: back.length,
  };
  session.close();
  return result;
}
