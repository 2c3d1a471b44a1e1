// Extended mode: the page fails a channel it writes; the JVM's receive throws ChannelFailedException.
import { connect } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const out = session.newSender();
  await out.send({ text: 'before the failure' });
  out.fail(7, 'the page gave up');
  await out.closed;
  return 'failed';
}
