// Browser to browser, page A: hands the server a channel to write to A and one to read from A.
import { connect } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const top = session.newSender();
  const inbox = top.newReceiver();
  const outbox = top.newSender();
  await top.send({ name: 'A', inbox, outbox });
  await outbox.send({ from: 'A', text: 'hello B' });
  const got = await inbox.receive();
  await outbox.send({ from: 'A', text: `A got: ${got.text}` });
  outbox.close();
  const end = await inbox.receive();
  return { got, endedByB: end === undefined };
}
