// The server closes the session: a pending receive rejects and session.closed settles.
import { connect, ChanError } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const top = session.newSender();
  const replies = top.newReceiver();
  await top.send({ please: 'close me', replies });
  const pending = await replies.receive().then((value) => ({ value }),
    (e) => ({ isChanError: e instanceof ChanError, isError: e instanceof Error, code: e.code, closeCode: e.closeCode,
      message: e.message }));
  const closed = await session.closed.then((info) => ({ resolved: info }),
    (e) => ({ rejected: { code: e.code, closeCode: e.closeCode } }));
  return { pending, closed, open: session.open };
}
