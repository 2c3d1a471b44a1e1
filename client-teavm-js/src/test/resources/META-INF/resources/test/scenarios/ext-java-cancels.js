// Extended mode: the JVM closes the receiver of a channel the page writes; the page's sender learns it.
import { connect } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const out = session.newSender();
  await out.send({ text: 'one' });
  const closed = await out.closed.then(() => 'resolved', (e) => ({ code: e.code, message: e.message }));
  const laterSend = await out.send({ text: 'two' }).then(() => 'sent', (e) => e.code);
  return { closed, laterSend };
}
