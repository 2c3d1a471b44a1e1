// Extended mode: the page closes a return channel after one reply; the JVM's sender learns it (cancel).
import { connect } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const top = session.newSender();
  const reply = top.newReceiver();
  await top.send({ ask: 'replies', reply });
  const { text } = await reply.receive();
  reply.close();
  return text;
}
