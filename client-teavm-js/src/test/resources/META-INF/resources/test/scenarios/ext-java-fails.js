// Extended mode: the JVM fails the channel it opened; the page's receive rejects with CHANNEL_FAILED and its code.
import { connect, ChanError } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const channel = await session.accept();
  const { text: first } = await channel.receive();
  const error = await channel.receive().then((value) => ({ value }),
    (e) => ({ isChanError: e instanceof ChanError, code: e.code, channelCode: e.channelCode, message: e.message }));
  return { first, error, sessionOpen: session.open };
}
