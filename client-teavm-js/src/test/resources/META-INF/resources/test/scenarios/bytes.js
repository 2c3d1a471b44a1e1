// Byte streams both ways, 1 MiB each, compared by SHA-256.
import { connect } from '/libchan4j/libchan4j.js';

const sha256 = async (bytes) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))]
  .map((b) => b.toString(16).padStart(2, '0')).join('');

export async function run(params) {
  const size = Number(params.get('size'));
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (i * 7 + (i >>> 10)) & 255; // the page's pattern (see BrowserTest)
  const session = await connect('/chan');
  const top = session.newSender();
  const upload = top.newByteStream();
  const digests = top.newReceiver();
  await top.send({ size, upload, digests });
  await upload.write(data);
  upload.end();
  const downloaded = await upload.readAll();
  const jvm = await digests.receive();
  session.close();
  return {
    sentSha: await sha256(data), jvmReceived: jvm,
    downloadedSha: await sha256(downloaded), downloadedLength: downloaded.length,
  };
}
