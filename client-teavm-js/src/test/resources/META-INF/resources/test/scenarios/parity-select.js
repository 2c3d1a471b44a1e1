// select over several return channels that the JVM fills from concurrent threads: each message exactly once.
import { connect, select } from '/libchan4j/libchan4j.js';

export async function run(params) {
  const channels = Number(params.get('channels'));
  const session = await connect('/chan');
  const top = session.newSender();
  const receivers = Array.from({ length: channels }, () => top.newReceiver());
  await top.send({ into: receivers });
  const seen = receivers.map(() => []);
  const active = receivers.map((r, i) => i);
  let timeouts = 0;
  let selects = 0;
  while (active.length > 0) {
    const { index, value } = await select(active.map((i) => receivers[i]), { timeout: selects % 2 ? 0 : 5000 });
    selects++;
    if (index < 0) {
      timeouts++;
      continue;
    }
    const ch = active[index];
    if (value === undefined) active.splice(index, 1);
    else seen[ch].push(value.i);
  }
  session.close();
  return { seen, selects, timeouts };
}
