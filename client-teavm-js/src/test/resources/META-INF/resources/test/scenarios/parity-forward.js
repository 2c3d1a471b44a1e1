// Forwarding: the JVM hands the page a Receiver, a Sender and a ByteStream; the page puts all three, as received,
// into a message back to the JVM, which then talks to itself through the page's copies.
import { connect } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const { feed, sink, file } = await (await session.accept()).receive();
  const back = session.newSender();
  await back.send({ feed, sink, file });
  back.close();
  return 'forwarded';
}
