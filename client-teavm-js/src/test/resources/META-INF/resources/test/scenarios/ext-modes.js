// Negotiation: by default the page offers libchan4j.compat and libchan4j.v1 and the server selects the extended
// mode; with {mode: 'compat'} it offers nothing and speaks jschan's format. A request-reply in each mode.
import { connect } from '/libchan4j/libchan4j.js';

async function ask(options, name) {
  const session = await connect('/chan', options);
  const top = session.newSender();
  const reply = top.newReceiver();
  await top.send({ ask: name, reply });
  const { text } = await reply.receive();
  session.close();
  return { mode: session.mode, server: text };
}

export async function run() {
  return { auto: await ask(undefined, 'auto'), compat: await ask({ mode: 'compat' }, 'compat') };
}
