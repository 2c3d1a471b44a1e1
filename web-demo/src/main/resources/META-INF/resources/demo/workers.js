// The compute grid. Volunteering hands the server a jobs channel (and a status channel we write); every job
// carries its own reply channel. The board arrives on a channel the page hands over with a watch request.
import { connection } from './connection.js';
import { room } from './room.js';
import { $, formatNumber, formatRate, h, toast } from './ui.js';

const VOLUNTEER_KEY = 'libchan4j-demo.volunteer';

const state = {
  volunteering: false, // what the user asked for
  live: null, // { status, jobs } while registered on the current session
  holding: false,
  release: [], // resolvers waiting for hold to be released
  job: null,
  jobsDone: 0,
  numbers: 0,
  busyMs: 0,
};

let sieve = null;
let sieveSeq = 0;
const sievePending = new Map();

function compute(from, to) {
  if (!sieve) {
    sieve = new Worker('/demo/sieve-worker.js');
    sieve.onmessage = (e) => {
      const resolve = sievePending.get(e.data.id);
      sievePending.delete(e.data.id);
      resolve?.(e.data);
    };
  }
  const id = ++sieveSeq;
  return new Promise((resolve) => {
    sievePending.set(id, resolve);
    sieve.postMessage({ id, from, to });
  });
}

export function init() {
  state.volunteering = sessionStorage.getItem(VOLUNTEER_KEY) === '1';
  $('#volunteer-toggle').addEventListener('click', () => setVolunteering(!state.volunteering));
  $('#hold-toggle').addEventListener('change', (e) => setHolding(e.target.checked));
  $('#batch-form').addEventListener('submit', (e) => {
    e.preventDefault();
    runBatch();
  });
  connection.onOpen((session, requests) => {
    watch(requests);
    if (state.volunteering && room.me) volunteer(requests);
  });
  room.onJoined(() => {
    const c = connection.current;
    if (state.volunteering && c && !state.live) volunteer(c.requests);
  });
  room.onLeft(() => setVolunteering(false));
  connection.onLost(() => {
    state.live = null;
    state.job = null;
    renderMine();
  });
  renderMine();
}

function setVolunteering(on) {
  state.volunteering = on;
  sessionStorage.setItem(VOLUNTEER_KEY, on ? '1' : '0');
  const c = connection.current;
  if (on && c && !state.live) volunteer(c.requests);
  if (!on && state.live) {
    state.live.status.close(); // withdrawing: the server hands back any job we hold
    state.live = null;
  }
  renderMine();
}

function setHolding(on) {
  state.holding = on;
  if (state.live) state.live.status.send({ holding: on }).catch(() => {});
  if (!on) for (const r of state.release.splice(0)) r();
  renderMine();
}

const released = () => (state.holding ? new Promise((r) => state.release.push(r)) : Promise.resolve());

async function volunteer(requests) {
  const jobs = requests.newReceiver();
  const status = requests.newSender();
  connection.made(2);
  const live = { jobs, status };
  state.live = live;
  renderMine();
  try {
    await requests.send({ volunteer: { name: room.me || 'worker', jobs, status } });
    if (state.holding) status.send({ holding: true }).catch(() => {});
    for await (const job of jobs) {
      connection.made();
      state.job = job;
      renderMine();
      await released();
      const result = await compute(job.from, job.to);
      await released();
      if (state.live !== live) break; // withdrew meanwhile: the server has given the job to someone else
      await job.reply.send({ primes: result.primes, millis: result.millis });
      job.reply.close();
      state.jobsDone++;
      state.numbers += job.to - job.from;
      state.busyMs += Math.max(1, result.millis);
      state.job = null;
      renderMine();
    }
  } catch {
    // the session ended: the connection reconnects and we volunteer again
  }
  if (state.live === live) state.live = null;
  state.job = null;
  renderMine();
}

function renderMine() {
  const card = $('#my-worker');
  const button = $('#volunteer-toggle');
  const statusText = $('#my-worker-status');
  let s = 'off';
  let text = 'Not volunteering';
  if (state.volunteering && !state.live) { s = 'connecting'; text = 'Waiting for the server…'; }
  if (state.live) {
    const speed = state.busyMs ? ` · ${formatRate((state.numbers * 1000) / state.busyMs)} numbers/s` : '';
    if (state.job && state.holding) { s = 'holding'; text = `Holding job ${state.job.id} (not finishing it)`; }
    else if (state.job) { s = 'working'; text = `Counting primes in ${formatNumber(state.job.from)}–${formatNumber(state.job.to)}`; }
    else { s = 'idle'; text = `Ready · ${state.jobsDone} jobs done${speed}`; }
  }
  card.dataset.state = s;
  card.dataset.jobs = state.jobsDone;
  card.dataset.job = state.job ? state.job.id : '';
  statusText.textContent = text;
  button.textContent = state.volunteering ? 'Stop' : 'Volunteer';
  button.classList.toggle('on', state.volunteering);
}

async function watch(requests) {
  const board = requests.newReceiver();
  connection.made();
  try {
    await requests.send({ watch: { board } });
    for await (const b of board) renderBoard(b);
  } catch {
    // reconnecting
  }
}

function renderBoard(b) {
  $('#throughput').textContent = formatRate(b.numbersPerSecond);
  $('#worker-count').textContent = b.workers.length;
  $('#queued').textContent = b.queued;
  const workers = $('#workers');
  if (b.workers.length === 0) {
    workers.replaceChildren(h('li.empty', 'No volunteers yet. Press ', h('b', 'Volunteer'), '.'));
  } else {
    workers.replaceChildren(...b.workers.map((w) => h('li', { dataset: { name: w.name, state: w.state, jobs: w.jobs } },
      h('span.name', w.name, h('small', w.job ? `job ${w.job}` : `${w.jobs} jobs done`)),
      h(`span.pill.${w.state}`, w.state),
      h('span.speed', w.numbersPerSecond ? `${formatRate(w.numbersPerSecond)}/s` : '–'))));
  }
  const batches = $('#batches');
  if (b.batches.length === 0) {
    batches.replaceChildren(h('li.empty', 'No batches yet.'));
    return;
  }
  batches.replaceChildren(...[...b.batches].reverse().map((x) => {
    const pct = (x.done / x.jobs) * 100;
    const checked = x.finished && x.expected
      ? (x.primes === x.expected ? h('span.ok', '✓ matches π(n)') : h('span.bad', `✗ expected ${formatNumber(x.expected)}`))
      : null;
    return h('li', { dataset: { id: x.id, finished: x.finished, primes: x.primes, reassigned: x.reassigned, done: x.done } },
      h('div.batch-top', h('span', `π(${formatNumber(x.limit)})`), h('span.elapsed', `${(x.elapsedMs / 1000).toFixed(1)} s`)),
      h('div.bar', Object.assign(h('span'), { style: `width:${pct}%` })),
      h('div.batch-sub',
        h('span', x.finished ? `${formatNumber(x.primes)} primes` : `${x.done}/${x.jobs} jobs · ${formatNumber(x.primes)} primes so far`),
        checked,
        x.reassigned ? h('span.badge', `${x.reassigned} reassigned`) : null,
        h('span', { style: 'color:var(--ink-3)' }, `by ${x.by}`)));
  }));
}

async function runBatch() {
  const c = connection.current;
  if (!c) { toast('Offline: try again when connected', 'error'); return; }
  const limit = Number($('#batch-limit').value);
  const jobs = Math.max(1, Math.min(1000, Math.floor(Number($('#batch-jobs').value) || 1)));
  const result = c.requests.newReceiver();
  connection.made();
  try {
    await c.requests.send({ batch: { by: room.me || 'someone', limit, jobs, result } });
  } catch (e) {
    toast(`The batch was not sent: ${e.message}`, 'error');
    return;
  }
  if (!document.querySelector('#workers li:not(.empty)')) toast('Queued: waiting for volunteers');
  try {
    const info = await result.receive();
    if (!info) toast('The server refused the batch', 'error');
    else toast(`π(${formatNumber(info.limit)}) = ${formatNumber(info.primes)} in ${(info.elapsedMs / 1000).toFixed(1)} s`, 'ok');
  } catch {
    // lost with the session
  }
}
