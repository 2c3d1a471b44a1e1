// ByteStream.fail: the page writes into a stream it gave the JVM, then fails it with a code.
import { connect } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const out = session.newSender();
  const data = out.newByteStream();
  await out.send({ data });
  await data.write('partial upload');
  data.fail(42, 'disk full');
  const later = await data.write('more').then(() => 'written', (e) => e.code);
  return later;
}
