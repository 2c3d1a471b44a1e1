// Channels inside channels, four levels deep, both ways.
import { connect, Receiver } from '/libchan4j/libchan4j.js';

export async function run() {
  const session = await connect('/chan');
  const top = session.newSender();
  const back = top.newReceiver();
  let level = top.newSender();
  await top.send({ level: 1, next: level, back });
  for (let n = 2; n <= 4; n++) {
    const next = n < 4 ? level.newSender() : undefined;
    await level.send(next ? { level: n, next } : { level: n, text: 'deep from the page' });
    level.close();
    level = next;
  }
  let msg = await back.receive();
  const levels = [msg.level];
  while (msg.next instanceof Receiver) {
    msg = await msg.next.receive();
    levels.push(msg.level);
  }
  session.close();
  return { levels, text: msg.text };
}
