// Java client to browser: the page registers an inbox; a Java client writes into it through the server and the
// page answers on the return channel each letter carries.
import { connect } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const top = session.newSender();
  const inbox = top.newReceiver();
  await top.send({ name: 'page', inbox });
  const got = [];
  for await (const letter of inbox) {
    got.push(letter.text);
    await letter.reply.send({ text: `ack ${letter.text}` });
    letter.reply.close();
  }
  return got;
}
