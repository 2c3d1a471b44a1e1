// The server's numbers in the status bar: the page watches them with one request and the server pushes a fresh
// snapshot every second (counted by the endpoint's ChanMetrics, the libchan4j-micrometer module).
import { connection } from './connection.js';
import { $ } from './ui.js';

export function init() {
  connection.onOpen((session, requests) => watch(requests));
}

async function watch(requests) {
  const updates = requests.newReceiver();
  connection.made();
  try {
    await requests.send({ stats: { updates } });
    for await (const s of updates) render(s);
  } catch {
    // reconnecting
  }
}

function render(s) {
  const n = (v) => Number(v).toLocaleString('en-US');
  const el = $('#server-stats');
  el.dataset.sessions = s.sessions;
  el.dataset.messagesIn = s.messagesIn;
  el.textContent = `server: ${n(s.sessions)} session${Number(s.sessions) === 1 ? '' : 's'}, ${n(s.channels)} channels`
    + ` · ${n(s.messagesIn)} messages in, ${n(s.messagesOut)} out`
    + ` · ${n(s.kibIn)} KiB in, ${n(s.kibOut)} KiB out`;
}
