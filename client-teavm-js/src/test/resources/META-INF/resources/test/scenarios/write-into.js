// JVM to browser: the JVM opens a channel and hands the page a Sender; the page writes into it.
import { connect, Sender } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const offers = await session.accept();
  const { sink, count } = await offers.receive();
  for (let i = 1; i <= count; i++) await sink.send({ i, text: `item ${i}` });
  sink.close();
  return { wrote: count, sinkIsSender: sink instanceof Sender };
}
