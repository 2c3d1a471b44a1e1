// Small DOM helpers shared by the demo's modules.

/** Creates an element: h('div.card#id', {attrs}, ...children). */
export function h(spec, attrs, ...children) {
  const [, tag = 'div', rest = ''] = /^([a-z0-9]*)(.*)$/i.exec(spec);
  const el = document.createElement(tag || 'div');
  for (const part of rest.match(/[.#][^.#]+/g) || []) {
    if (part[0] === '.') el.classList.add(part.slice(1)); else el.id = part.slice(1);
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export const $ = (sel) => document.querySelector(sel);

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function formatNumber(n) {
  return Math.round(n).toLocaleString('en-US');
}

/** 12,345,678 -> "12.3 M". */
export function formatRate(n) {
  for (const [unit, scale] of [['G', 1e9], ['M', 1e6], ['k', 1e3]]) {
    if (n >= scale) return `${(n / scale).toFixed(n >= 100 * scale ? 0 : 1)} ${unit}`;
  }
  return String(Math.round(n));
}

export function formatTime(seconds) {
  return new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

const PALETTE = ['#5b5bd6', '#0e9f6e', '#d9480f', '#c2255c', '#1c7ed6', '#7048e8', '#2b8a3e', '#e67700', '#0b7285'];

export function avatar(name) {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  const initials = name.replace(/\(\d+\)$/, '').trim().split(/\s+/).map((w) => [...w][0] || '').join('').slice(0, 2);
  const el = h('span.avatar', initials.toUpperCase() || '?');
  el.style.background = PALETTE[hash % PALETTE.length];
  return el;
}

/** Shows a short message in the corner; kind is '', 'error' or 'ok'. */
export function toast(text, kind = '') {
  const el = h(`div.toast${kind ? '.' + kind : ''}`, { role: kind === 'error' ? 'alert' : 'status' }, text);
  $('#toasts').append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 7000 : 4000);
}

/** Calls fn at most every `ms` (trailing call guaranteed); flush() runs a pending call now. */
export function throttle(fn, ms) {
  let last = 0;
  let timer = null;
  const run = () => { timer = null; last = performance.now(); fn(); };
  const throttled = () => {
    if (timer) return;
    const wait = last + ms - performance.now();
    if (wait <= 0) run(); else timer = setTimeout(run, wait);
  };
  throttled.flush = () => { if (timer) clearTimeout(timer); run(); };
  return throttled;
}
