// connect() rejects a malformed URL, a refused connection and refused handshakes (no endpoint, another origin's
// OriginPolicy) with CONNECT_FAILED.
import { connect, ChanError } from '/libchan4j/libchan4j.js';

export async function run(params) {
  const cases = {
    malformed: 'ws://[not a host',
    refused: `ws://127.0.0.1:${params.get('closedPort')}/chan`,
    notFound: '/no-such-endpoint',
    originRefused: `ws://127.0.0.1:${params.get('foreignPort')}/chan`,
  };
  const results = {};
  for (const [name, url] of Object.entries(cases)) {
    try {
      (await connect(url)).close();
      results[name] = 'connected';
    } catch (e) {
      results[name] = { isChanError: e instanceof ChanError, name: e.name, code: e.code, message: e.message };
    }
  }
  return results;
}
