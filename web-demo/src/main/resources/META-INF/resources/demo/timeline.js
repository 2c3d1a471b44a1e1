// The chat timeline: messages, system lines and file cards, kept scrolled to the newest unless the reader
// scrolled up.
import { $, h } from './ui.js';

const el = () => $('#timeline');

export function append(node) {
  const t = el();
  const nearBottom = t.scrollHeight - t.scrollTop - t.clientHeight < 80;
  t.querySelector('.empty-room')?.remove();
  t.append(node);
  if (nearBottom) t.scrollTop = t.scrollHeight;
  return node;
}

export function system(text, kind = '') {
  return append(h(`div.sys${kind ? '.' + kind : ''}`, text));
}

export function clear(emptyText) {
  const t = el();
  t.replaceChildren();
  if (emptyText) {
    t.append(h('div.empty-room', h('b', emptyText[0]), emptyText[1]));
  }
}
