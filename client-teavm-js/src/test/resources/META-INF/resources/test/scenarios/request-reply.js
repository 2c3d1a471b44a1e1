// Browser to JVM: a request carrying a nested return channel; the JVM answers three times and ends it.
import { connect } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect(`ws://${location.host}/chan`);
  const requests = session.newSender();
  const replies = requests.newReceiver();
  await requests.send({ cmd: 'hello', args: ['a', 'b'], replyTo: replies });
  const got = [];
  for await (const msg of replies) got.push(msg);
  requests.close();
  session.close();
  return got;
}
