// 1,000 messages each way, in order.
import { connect } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const incoming = await session.accept();
  let received = 0;
  let outOfOrder = 0;
  for await (const { i } of incoming) {
    if (i !== received) outOfOrder++;
    received++;
  }
  const out = session.newSender();
  const sends = [];
  for (let i = 0; i < 1000; i++) sends.push(out.send({ i }));
  await Promise.all(sends);
  out.close();
  const verdict = await (await session.accept()).receive();
  session.close();
  return { received, outOfOrder, jvm: verdict };
}
