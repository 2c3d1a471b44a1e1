// Browser to browser, page B: receives page A's channels through the server and talks to A.
import { connect } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const top = session.newSender();
  const mailbox = top.newReceiver();
  await top.send({ name: 'B', mailbox });
  const { toA, fromA } = await mailbox.receive();
  const first = await fromA.receive();
  await toA.send({ from: 'B', text: 'hello A' });
  const second = await fromA.receive();
  toA.close();
  const end = await fromA.receive();
  return { first, second, endedByA: end === undefined };
}
