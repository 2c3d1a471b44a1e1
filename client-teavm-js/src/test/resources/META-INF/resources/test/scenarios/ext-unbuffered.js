// Extended mode: an unbuffered (capacity 0) return channel. The JVM's send on it completes only once the page
// receives; the page answers a ping first without receiving, so the JVM can see the send still pending.
import { connect } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const top = session.newSender();
  const replies = top.newReceiver({ capacity: 0 });
  const control = top.newReceiver();
  const acks = top.newSender();
  await top.send({ replies, control, acks });
  const ping = await control.receive();
  await acks.send({ text: ping.text === 'ping' ? 'pong' : `unexpected ${ping.text}` });
  await control.receive(); // "receive now"
  const reply = await replies.receive();
  await acks.send({ text: `received ${reply.text}` });
  return `received ${reply.text}`;
}
