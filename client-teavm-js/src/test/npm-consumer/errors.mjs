// Connect errors in Node with ws: an Origin refusal, an Authenticator refusal, an unreachable server. Prints JSON.
import { connect, ChanError } from 'libchan4j';
import WebSocket from 'ws';

const [chanUrl, authUrl, unreachableUrl] = process.argv.slice(2);

/** A ws subclass passing ws options (here an Origin a browser on another site would send). */
class ForeignPage extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { origin: 'https://evil.example' });
  }
}

class WithToken extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { headers: { Authorization: 'Bearer good' } });
  }
}

async function failure(url, WebSocketClass) {
  try {
    (await connect(url, { WebSocket: WebSocketClass })).close();
    return { connected: true };
  } catch (e) {
    if (!(e instanceof ChanError)) throw e;
    return { code: e.code, httpStatus: e.httpStatus ?? null, closeCode: e.closeCode ?? null, message: e.message };
  }
}

console.log(JSON.stringify({
  origin: await failure(chanUrl, ForeignPage),
  auth: await failure(authUrl, WebSocket),
  authorized: await failure(authUrl, WithToken),
  unreachable: await failure(unreachableUrl, WebSocket),
}));
