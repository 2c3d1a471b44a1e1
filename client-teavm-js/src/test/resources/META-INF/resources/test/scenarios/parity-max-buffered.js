// maxBufferedBytes: the page lets the JVM's messages pile up unread past its limit.
import { connect } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan', { maxBufferedBytes: 4096 });
  const channel = await session.accept();
  const e = await session.closed.then(() => null, (error) => error);
  let delivered = 0;
  let failure = null;
  try {
    while (await channel.receive() !== undefined) delivered++;
  } catch (error) {
    failure = error.code;
  }
  return { code: e.code, closeCode: e.closeCode, message: e.message, delivered, failure };
}
