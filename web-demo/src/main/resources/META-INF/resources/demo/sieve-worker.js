// A Web Worker that counts primes in [from, to) with a segmented sieve, so the page stays responsive.
const SEGMENT = 1 << 18;

function count(from, to) {
  const lo = Math.max(from, 2);
  if (to <= lo) return 0;
  const root = Math.floor(Math.sqrt(to)) + 1;
  const composite = new Uint8Array(root + 1);
  const small = [];
  for (let i = 2; i <= root; i++) {
    if (composite[i]) continue;
    small.push(i);
    for (let j = i * i; j <= root; j += i) composite[j] = 1;
  }
  const segment = new Uint8Array(SEGMENT);
  let primes = 0;
  for (let start = lo; start < to; start += SEGMENT) {
    const len = Math.min(SEGMENT, to - start);
    const end = start + len;
    segment.fill(0, 0, len);
    for (const p of small) {
      if (p * p >= end) break;
      let j = Math.max(p * p, Math.ceil(start / p) * p);
      for (; j < end; j += p) segment[j - start] = 1;
    }
    for (let i = 0; i < len; i++) if (segment[i] === 0) primes++;
  }
  return primes;
}

self.onmessage = (e) => {
  const { id, from, to } = e.data;
  const started = performance.now();
  const primes = count(from, to);
  self.postMessage({ id, primes, millis: Math.round(performance.now() - started) });
};
