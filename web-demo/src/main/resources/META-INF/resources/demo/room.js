// Rooms: join with an inbox channel and a posts channel; everything the room does arrives in the inbox.
import { connection } from './connection.js';
import * as files from './files.js';
import * as timeline from './timeline.js';
import { $, avatar, formatTime, h, toast } from './ui.js';

const TAB_KEY = 'libchan4j-demo.tab'; // this tab's profile, so a reload rejoins as the same member
const NAME_KEY = 'libchan4j-demo.name';

const state = {
  profile: null, // { name, room, clientId }
  me: null, // the name the server gave us
  posts: null, // Sender of our posts, while joined
  seen: new Set(), // chat lines shown, so a reconnect does not repeat history
  welcomed: false,
};
const leaveListeners = [];
const joinListeners = [];

export const room = {
  get me() { return state.me; },
  get posts() { return state.posts; },
  onJoined(fn) { joinListeners.push(fn); },
  onLeft(fn) { leaveListeners.push(fn); },
};

export function init() {
  try { state.profile = JSON.parse(sessionStorage.getItem(TAB_KEY)); } catch { state.profile = null; }
  const form = $('#join-form');
  const hashRoom = decodeURIComponent(location.hash.slice(1));
  $('#join-name').value = localStorage.getItem(NAME_KEY) || '';
  $('#join-room').value = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/.test(hashRoom) ? hashRoom : 'lobby';
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = $('#join-name').value.trim();
    const roomName = $('#join-room').value.trim().toLowerCase();
    if (!name || !roomName) return;
    localStorage.setItem(NAME_KEY, name);
    state.profile = { name, room: roomName, clientId: crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) };
    sessionStorage.setItem(TAB_KEY, JSON.stringify(state.profile));
    $('#join-submit').disabled = true;
    $('#join-submit').textContent = 'Joining…';
    const c = connection.current;
    if (c) join(c.requests);
  });
  $('#leave').addEventListener('click', leave);
  $('#composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('#composer-input');
    const text = input.value.trim();
    if (!text || !state.posts) return;
    state.posts.send({ text }).then(() => { input.value = ''; }, (err) => toast(`Not sent: ${err.message}`, 'error'));
  });
  $('#file-input').addEventListener('change', (e) => {
    for (const f of e.target.files) share(f);
    e.target.value = '';
  });
  setupDrop();
  connection.onOpen((session, requests) => {
    if (state.profile) join(requests); else showJoin();
  });
  connection.onLost(() => {
    state.posts = null;
    setComposer(false);
  });
  if (!state.profile) showJoin();
}

function showJoin(error) {
  $('#app').hidden = true;
  $('#me').hidden = true;
  $('#room-badge').hidden = true;
  $('#join-screen').hidden = false;
  $('#join-submit').disabled = false;
  $('#join-submit').textContent = 'Join room';
  if (error) toast(error, 'error');
  setTimeout(() => ($('#join-name').value ? $('#join-room') : $('#join-name')).focus(), 0);
}

async function join(requests) {
  const { name, room: roomName, clientId } = state.profile;
  const inbox = requests.newReceiver();
  const posts = requests.newSender();
  connection.made(2);
  try {
    await requests.send({ join: { room: roomName, name, client: 'browser', clientId, inbox, posts } });
  } catch (e) {
    toast(`Could not join: ${e.message}`, 'error');
    return;
  }
  let welcomed = false;
  try {
    for await (const ev of inbox) {
      if (ev.welcome) {
        welcomed = true;
        welcome(ev.welcome, posts);
      } else if (ev.presence) {
        presence(ev.presence);
      } else if (ev.chat) {
        chat(ev.chat);
      } else if (ev.file) {
        files.incoming(ev.file, state.me);
      } else if (ev.notice) {
        if (!welcomed && ev.notice.level === 'error') {
          sessionStorage.removeItem(TAB_KEY);
          state.profile = null;
          showJoin(ev.notice.text);
        } else {
          timeline.system(ev.notice.text, ev.notice.level === 'error' ? 'error' : '');
        }
      }
    }
  } catch {
    return; // the session ended; the connection reconnects and joins again
  }
  // The inbox ended: we left, or a newer tab with our identity replaced us.
  if (state.posts === posts) {
    state.posts = null;
    setComposer(false);
  }
}

function welcome(w, posts) {
  state.me = w.name;
  state.posts = posts;
  $('#join-screen').hidden = true;
  $('#app').hidden = false;
  $('#me').hidden = false;
  $('#room-badge').hidden = false;
  $('#room-name').textContent = w.room;
  $('#me-name').textContent = w.name;
  $('#me-avatar').replaceWith(Object.assign(avatar(w.name), { id: 'me-avatar' }));
  document.title = `#${w.room} · libchan4j demo`;
  if (location.hash.slice(1) !== w.room) history.replaceState(null, '', `#${w.room}`);
  if (!state.welcomed) {
    timeline.clear(['Nobody has said anything yet.', 'Open this page in another window, join the same room, and say hi.']);
  } else {
    timeline.system('Reconnected');
  }
  for (const c of w.history) chat(c);
  state.welcomed = true;
  setComposer(true);
  for (const fn of joinListeners) fn(w);
}

function presence(p) {
  const list = $('#members');
  const sorted = [...p.members].sort((a, b) => (b.name === state.me) - (a.name === state.me));
  list.replaceChildren(...sorted.map((m) => h(`li${m.name === state.me ? '.me-row' : ''}`,
    { dataset: { name: m.name, client: m.client } },
    avatar(m.name),
    h('span.who', m.name),
    h('span.tag', m.name === state.me ? 'you' : m.client === 'terminal' ? 'terminal' : ''))));
  $('#member-count').textContent = p.members.length;
  if (p.joined && p.joined !== state.me) timeline.system(`${p.joined} joined`);
  if (p.left && p.left !== state.me) timeline.system(`${p.left} left`);
}

function chat(c) {
  const key = `${c.at}|${c.from}|${c.text}`;
  if (state.seen.has(key)) return;
  state.seen.add(key);
  const mine = c.from === state.me;
  timeline.append(h(`div.msg${mine ? '.mine' : ''}`, { dataset: { from: c.from, text: c.text } },
    avatar(c.from),
    h('div', h('div.meta', mine ? null : h('b', c.from), formatTime(c.at)), h('div.bubble', c.text))));
}

function share(file) {
  if (!state.posts) {
    toast('Not connected: the file was not sent', 'error');
    return;
  }
  files.upload(file, state.posts);
}

function setComposer(enabled) {
  for (const id of ['#composer-input', '#composer-send']) $(id).disabled = !enabled;
  $('#composer-input').placeholder = enabled ? 'Message the room… (drop files here)' : 'Offline: waiting for the server…';
}

function leave() {
  if (state.posts) state.posts.close();
  state.posts = null;
  state.welcomed = false;
  state.seen.clear();
  sessionStorage.removeItem(TAB_KEY);
  state.profile = null;
  for (const fn of leaveListeners) fn();
  document.title = 'libchan4j · live demo';
  showJoin();
}

function setupDrop() {
  const chatPanel = document.querySelector('.chat');
  let depth = 0;
  chatPanel.addEventListener('dragenter', (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    depth++;
    $('#drop-hint').hidden = false;
  });
  chatPanel.addEventListener('dragleave', () => {
    if (--depth <= 0) { depth = 0; $('#drop-hint').hidden = true; }
  });
  chatPanel.addEventListener('dragover', (e) => e.preventDefault());
  chatPanel.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    $('#drop-hint').hidden = true;
    for (const f of e.dataTransfer.files) share(f);
  });
}
