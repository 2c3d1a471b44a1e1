// ByteStream.cancel: the page asks the JVM for a long download, reads one chunk and cancels.
import { connect } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const out = session.newSender();
  const data = out.newByteStream();
  await out.send({ data });
  const first = await data.read();
  data.cancel();
  const after = await data.read();
  return { first: first.length > 0, after: after === undefined };
}
