// A typed example of the browser API: it only has to compile (tsc --noEmit, strict) against libchan4j.d.ts.
import {
  connect, select, ChanError, Session, Sender, Receiver, ByteStream, Received, CloseInfo, ConnectOptions, SessionMode,
  SessionState, SelectResult, ReceiveOptions,
} from 'libchan4j';

interface Reply {
  text: string;
}

function isReply(m: Received | undefined): m is Received & Reply {
  return typeof m === 'object' && m !== null && !(m instanceof Uint8Array) && !Array.isArray(m)
    && !(m instanceof Map) && typeof (m as { text?: unknown }).text === 'string';
}

export async function requestReply(): Promise<string[]> {
  const session: Session = await connect(`ws://${location.host}/chan`);
  const requests: Sender = session.newSender();
  const replies: Receiver = requests.newReceiver();
  await requests.send({ cmd: 'hello', replyTo: replies, data: new Uint8Array([1, 2, 3]), n: 42, ok: true });
  const texts: string[] = [];
  for await (const msg of replies) {
    if (isReply(msg)) texts.push(msg.text);
  }
  requests.close();
  const info: CloseInfo = await (session.close(), session.closed);
  texts.push(String(info.code));
  return texts;
}

export async function callbacksAndStreams(session: Session): Promise<Uint8Array> {
  session.onChannel((channel: Receiver) => {
    channel.onMessage((m) => console.log(m)).onEnd((error?: ChanError) => console.log('end', error?.code));
  });
  const upload: ByteStream = session.newByteStream();
  const files = session.newSender();
  await files.send({ name: 'a.bin', body: upload, meta: new Map<string, number>([['size', 3]]) });
  await upload.write(new Uint8Array([1, 2, 3]));
  await upload.write('text is written as UTF-8');
  upload.end();
  for await (const chunk of upload) console.log(chunk.byteLength);
  const reader = upload.readable.getReader();
  await reader.read();
  const writer = upload.writable.getWriter();
  await writer.close();
  return upload.readAll();
}

export async function errors(session: Session): Promise<void> {
  try {
    await session.newSender().send(0);
  } catch (e) {
    if (e instanceof ChanError) {
      const code: string = e.code;
      const closeCode: number | undefined = e.closeCode;
      console.log(code, closeCode, e.message, e.stack);
    }
  }
  const next: Receiver | undefined = await session.accept();
  if (next) next.close();
  for await (const ch of session) {
    const first = await ch.receive();
    if (first instanceof Uint8Array) console.log(first.length);
  }
  session.close(4000, 'bye');
  console.log(session.open, session.url, new ChanError('APP', 'made by the app').code);
}

export async function extendedMode(): Promise<SessionMode> {
  const options: ConnectOptions = { capacity: 16, streamWindow: 64 * 1024, keepAlive: 10_000 };
  const session = await connect('/chan', options);
  const jobs = session.newSender();
  const results = jobs.newReceiver({ capacity: 0 }); // each send of the server waits for our receive()
  await jobs.send({ job: 'resize', results });
  jobs.closed.catch((e: ChanError) => console.log('the server stopped reading:', e.code));
  try {
    for await (const r of results) console.log(r);
  } catch (e) {
    if (e instanceof ChanError && e.code === 'CHANNEL_FAILED') console.log(e.channelCode, e.message);
  }
  jobs.fail(500, 'giving up');
  const plain = await connect('/jschan', { mode: 'compat' });
  plain.close();
  return session.mode;
}

export async function resumption(): Promise<SessionState> {
  const options: ConnectOptions = { resumeWindow: 60_000, replayWindow: 4 << 20, reconnectDelay: 250,
    reconnectMaxDelay: 10_000 };
  const session = await connect('/chan', options);
  session.onStateChange((state: SessionState) => {
    if (state === 'suspended') console.log('offline: reconnecting, sends are buffered');
  });
  session.closed.catch((e: ChanError) => {
    if (e.closeCode === 4100) console.log('the server refused to resume:', e.message);
  });
  const noResume = await connect('/chan', { resumeWindow: 0 });
  noResume.close();
  return session.state;
}

export async function parity(session: Session, a: Receiver, b: Receiver): Promise<number> {
  const limited = await connect('/chan', { maxBufferedBytes: 1 << 20 });
  limited.close();
  // Forwarding: ends received from the peer (or top-level ones) may go back in a message.
  const first = await a.receive();
  if (typeof first === 'object' && first !== null && 'reply' in first && first.reply instanceof Sender) {
    await session.newSender().send({ forwarded: first.reply, feed: b });
  }
  const options: ReceiveOptions = { signal: AbortSignal.timeout(1000) };
  const next: Received | undefined = await a.receive(options).catch(() => undefined);
  console.log(next);
  const chosen: SelectResult = await select([a, b], { timeout: 500, signal: new AbortController().signal });
  const stream: ByteStream = session.newByteStream();
  const chunk: Uint8Array | undefined = await stream.read({ signal: AbortSignal.timeout(10) });
  console.log(chunk?.length);
  stream.cancel();
  stream.fail(7, 'checksum mismatch');
  await session.accept({ signal: AbortSignal.timeout(10) });
  return chosen.index;
}
