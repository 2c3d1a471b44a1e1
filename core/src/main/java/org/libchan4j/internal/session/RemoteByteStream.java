package org.libchan4j.internal.session;

import java.io.InputStream;
import java.io.OutputStream;
import org.libchan4j.ByteStream;
import org.libchan4j.internal.engine.Chan;

/** Internal: a byte stream received from the peer: the peer's bytes buffered for {@link #input()}, ours sent in its window. */
final class RemoteByteStream extends StreamHandler implements ByteStream {
  RemoteByteStream(SessionImpl session, Chan chan) {
    super(session, chan, new ByteQueue(session.account()));
  }

  @Override
  public InputStream input() {
    return in.input();
  }

  @Override
  public OutputStream output() {
    return out;
  }

  /** Bound to an {@code InputStream} field: this side will never write (see {@link SessionImpl#abandonOutput}). */
  InputStream readOnly() {
    out.abandon();
    return in.input();
  }

  /** Bound to an {@code OutputStream} field: this side will never read. */
  OutputStream writeOnly() {
    in.close();
    return out;
  }

  @Override
  public void close() {
    out.close();
    in.close();
  }

  @Override
  public void fail(int code, String message) {
    out.fail(code, message);
    in.close();
  }

  @Override
  public String toString() {
    return "ByteStream(" + chan + ")";
  }
}
