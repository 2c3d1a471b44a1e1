// File sharing. Sending: the file's bytes go on a byte stream inside the post, and the server's progress reports
// come back on a channel inside the same post; at most WINDOW bytes beyond the last report are in flight.
// Receiving: the server's event carries the byte stream, an acks channel (what we have read, so the server sends
// at most WINDOW more) and an outcome channel (complete or not, and the uploader's SHA-256).
import { connection } from './connection.js';
import { Sha256 } from './sha256.js';
import * as timeline from './timeline.js';
import { formatBytes, h, throttle, toast } from './ui.js';

const WINDOW = 1 << 20; // Files.WINDOW on the server
const ACK_EVERY = 256 << 10; // Files.REPORT

function extension(name) {
  const m = /\.([a-z0-9]{1,4})$/i.exec(name);
  return m ? m[1] : 'file';
}

/** A card in the timeline with a progress bar; returns its update functions. */
function card(name, size, sub, mine) {
  const bar = h('span');
  const status = h('div.file-status');
  const actions = h('div.file-actions');
  const el = h(`div.file-card${mine ? '.mine' : ''}`, { dataset: { name, size, state: 'active', updates: 0 } },
    h('div.file-icon', extension(name)),
    h('div.file-body', h('div.file-name', { title: name }, name), h('div.file-sub', sub), h('div.bar', bar), status),
    actions);
  timeline.append(el);
  return {
    el,
    status,
    actions,
    progress(bytes, text) {
      bar.style.width = `${size > 0 ? Math.min(100, (bytes / size) * 100) : 100}%`;
      el.dataset.bytes = bytes;
      el.dataset.updates = Number(el.dataset.updates) + 1;
      status.replaceChildren(text);
    },
    finish(state, ...content) {
      el.dataset.state = state;
      status.replaceChildren(...content);
    },
  };
}

export async function upload(file, posts) {
  const data = posts.newByteStream();
  const progress = posts.newReceiver();
  connection.made(2);
  const c = card(file.name, file.size, `${formatBytes(file.size)} · to everyone in the room`, true);
  c.progress(0, 'Starting…');
  try {
    await posts.send({ file: { name: file.name, type: file.type || 'application/octet-stream', size: file.size, data, progress } });
  } catch (e) {
    c.finish('failed', h('span.bad', `Not sent: ${e.message}`));
    return;
  }
  let confirmed = 0;
  let last = null;
  let wake = null;
  const show = throttle(() => c.progress(confirmed, `${formatBytes(confirmed)} of ${formatBytes(file.size)} · ${last?.receivers ?? '…'} receiving`), 100);
  const reports = (async () => {
    try {
      for await (const u of progress) {
        last = u;
        confirmed = u.bytes;
        show();
        if (wake) wake();
        if (u.done) break;
      }
    } catch (e) {
      last = { done: true, error: e.message };
    }
    if (!last?.done) last = { done: true, error: 'the server ended the transfer' };
    if (wake) wake();
  })();
  let written = 0;
  try {
    const reader = file.stream().getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      while (written - confirmed >= WINDOW && !last?.done) await new Promise((r) => { wake = r; });
      if (last?.done) { reader.cancel(); break; }
      await data.write(value);
      written += value.length;
    }
    data.end();
  } catch (e) {
    data.close();
    last = { done: true, error: e.message };
  }
  await reports;
  show.flush();
  if (last.error) {
    c.finish('failed', h('span.bad', `Not sent: ${last.error}`));
    toast(`${file.name} was not sent: ${last.error}`, 'error');
  } else {
    c.el.dataset.sha256 = last.sha256;
    c.finish('done', h('span.ok', `Sent to ${last.receivers} ${last.receivers === 1 ? 'member' : 'members'}`),
      h('code', { title: `SHA-256 ${last.sha256}` }, `sha-256 ${last.sha256.slice(0, 10)}…`));
  }
}

export async function incoming(f, me) {
  connection.made(3); // made by the server, but they are channels of this page's session too
  const c = card(f.name, f.size, `${formatBytes(f.size)} · from ${f.from}`, false);
  c.el.dataset.from = f.from;
  const cancel = h('button', { type: 'button', onclick: () => { cancelled = true; f.acks.close(); f.data.cancel(); } }, 'Cancel');
  c.actions.append(cancel);
  let cancelled = false;
  const chunks = [];
  const sha = new Sha256();
  let got = 0;
  let acked = 0;
  const started = performance.now();
  const show = throttle(() => {
    const secs = (performance.now() - started) / 1000;
    c.progress(got, `${formatBytes(got)} of ${formatBytes(f.size)}${secs > 0.5 ? ` · ${formatBytes(got / secs)}/s` : ''}`);
  }, 100);
  show();
  try {
    for await (const chunk of f.data) {
      chunks.push(chunk);
      sha.update(chunk);
      got += chunk.length;
      if (got - acked >= ACK_EVERY) {
        acked = got;
        f.acks.send({ bytes: got }).catch(() => {});
      }
      show();
    }
    show.flush();
    if (!cancelled) {
      f.acks.send({ bytes: got }).catch(() => {});
      f.acks.close();
    }
    const outcome = cancelled ? null : await f.outcome.receive();
    cancel.remove();
    const hex = sha.hex();
    c.el.dataset.sha256 = hex;
    if (cancelled) {
      c.finish('failed', h('span.bad', 'Cancelled'));
    } else if (outcome?.complete && outcome.sha256 === hex && got === f.size) {
      const url = URL.createObjectURL(new Blob(chunks, { type: f.type || 'application/octet-stream' }));
      c.actions.append(h('a.download', { href: url, download: f.name }, 'Download'));
      c.finish('done', h('span.ok', '✓ Received intact'), h('code', { title: `SHA-256 ${hex}` }, `sha-256 ${hex.slice(0, 10)}…`));
    } else {
      const why = outcome?.error || (outcome ? 'the checksum does not match' : 'the transfer ended early');
      c.finish('failed', h('span.bad', `Incomplete: ${why}`));
    }
  } catch (e) {
    cancel.remove();
    c.finish('failed', h('span.bad', `Interrupted: ${e.message}`));
  }
}
