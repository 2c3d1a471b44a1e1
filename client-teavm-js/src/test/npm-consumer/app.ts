// A typed Node application (checked by tsc --strict under node16 and bundler resolution): the ws class is accepted
// as ConnectOptions.WebSocket, and so is a subclass passing ws options.
import { connect, ChanError, type ConnectOptions, type Session, type Received } from 'libchan4j';
import WebSocket from 'ws';

class WithToken extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols, { headers: { Authorization: 'Bearer token' } });
  }
}

export async function main(url: string): Promise<Received[]> {
  const options: ConnectOptions = { WebSocket };
  const session: Session = await connect(url, options);
  const requests = session.newSender();
  const replies = requests.newReceiver();
  await requests.send({ cmd: 'typed', replyTo: replies });
  const got: Received[] = [];
  for await (const reply of replies) got.push(reply);
  session.close();
  return got;
}

export async function refused(url: string): Promise<number | undefined> {
  try {
    await connect(url, { WebSocket: WithToken });
    return undefined;
  } catch (e) {
    return e instanceof ChanError && e.code === 'CONNECT_FAILED' ? e.httpStatus : undefined;
  }
}
