// The page's one WebSocket session, kept alive: a dropped connection is resumed by the client library; a session
// that ends all the same (server restart, resume window passed) is replaced: the page reconnects with backoff and
// tells each feature to set up its channels again. Features register with onOpen(fn): fn(session, requests) runs on every (re)connection, where
// `requests` is the top-level channel every request of this page travels on.
import { connect } from '/libchan4j/libchan4j.js';
import { $ } from './ui.js';

const listeners = [];
const lostListeners = [];
let channels = 0;
let current = null;

export const connection = {
  /** fn(session, requests) on every new session. */
  onOpen(fn) { listeners.push(fn); if (current) fn(current.session, current.requests); },
  /** fn(error) when the session is lost (before reconnecting). */
  onLost(fn) { lostListeners.push(fn); },
  /** The live session and its requests channel, or null while offline. */
  get current() { return current; },
  /** Counts a channel this page made (shown in the status bar). */
  made(n = 1) {
    channels += n;
    $('#channel-count').textContent = channels.toLocaleString('en-US');
  },
};

function setState(state, text) {
  const el = $('#conn');
  el.dataset.state = state;
  document.body.classList.toggle('offline', state !== 'online');
  $('#conn-text').textContent = text;
}

function banner(text) {
  const el = $('#banner');
  el.hidden = !text;
  el.textContent = text || '';
}

export async function start() {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/chan`;
  $('#wire').textContent = `1 WebSocket · ${url}`;
  // ?mode=compat speaks jschan's format (no flow control on the wire); the default negotiates the extended mode.
  const options = new URLSearchParams(location.search).get('mode') === 'compat' ? { mode: 'compat' } : {};
  let attempt = 0;
  for (;;) {
    setState('connecting', attempt === 0 ? 'Connecting…' : 'Reconnecting…');
    let session;
    try {
      session = await connect(url, options);
    } catch (e) {
      attempt++;
      await countdown(attempt, `Cannot reach the server (${e.code || e.message})`);
      continue;
    }
    attempt = 0;
    const requests = session.newSender();
    connection.made();
    current = { session, requests };
    setState('online', 'Connected');
    $('#wire').textContent = `1 WebSocket · ${url} · ${session.mode === 'extended' ? 'libchan4j.v1 (flow-controlled)' : 'jschan format'}`;
    banner('');
    // A dropped connection is resumed by the client (extended mode): channels, rooms and transfers carry on.
    session.onStateChange((state) => {
      if (state === 'suspended') {
        setState('connecting', 'Resuming…');
        banner('Connection lost: resuming the session, nothing is lost…');
      } else if (state === 'connected') {
        setState('online', 'Connected');
        banner('');
      }
    });
    for (const fn of listeners) {
      try { fn(session, requests); } catch (e) { console.error(e); }
    }
    let reason;
    try {
      const info = await session.closed;
      reason = info.reason || `closed (${info.code})`;
    } catch (e) {
      reason = e.message || String(e);
    }
    current = null;
    for (const fn of lostListeners) {
      try { fn(reason); } catch (e) { console.error(e); }
    }
    attempt++;
    await countdown(attempt, `Connection lost: ${reason}`);
  }
}

/** Waits before the next attempt (1, 2, 4, 8 s), showing why and how long. */
async function countdown(attempt, why) {
  const seconds = Math.min(8, 2 ** (attempt - 1));
  for (let left = seconds; left > 0; left--) {
    setState('offline', `Offline · retry in ${left} s`);
    banner(`${why}. Reconnecting in ${left} s…`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  banner(`${why}. Reconnecting…`);
}

// Leaving the page closes the WebSocket in an orderly way, so the server sees the member go at once.
addEventListener('pagehide', () => { if (current) current.session.close(1000, 'page closed'); });
