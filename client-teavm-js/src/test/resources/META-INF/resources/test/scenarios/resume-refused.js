// A resume the server refuses (its session expired meanwhile): the page's session and channels end with 4100 and
// the server's reason.
import { connect, ChanError } from '/libchan4j/libchan4j.js';

export async function run(params) {
  const states = [];
  const session = await connect(params.get('url'), { reconnectDelay: 10, reconnectMaxDelay: 50 });
  session.onStateChange((s) => states.push(s));
  const top = session.newSender();
  const replies = top.newReceiver();
  const acks = top.newSender();
  await top.send({ replies, acks });
  const hello = await replies.receive();
  await acks.send({ text: 'got it' }); // the server cuts once it knows the hello arrived
  const failure = (e) => ({ isChanError: e instanceof ChanError, code: e.code, closeCode: e.closeCode,
    message: e.message });
  const pending = await replies.receive().then((value) => ({ value }), failure);
  const closed = await session.closed.then((info) => ({ resolved: info }), failure);
  return { hello, pending, closed, states, state: session.state, open: session.open };
}
