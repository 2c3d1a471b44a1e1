package org.libchan4j.internal.session;

import java.io.InputStream;
import java.io.OutputStream;
import org.libchan4j.ByteStream;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.internal.engine.ChanHandler;

/** Internal: a byte stream bound to a session: the peer's bytes buffered for {@link #input()}, ours sent at once. */
final class RemoteByteStream implements ByteStream, ChanHandler {
  private final Chan chan;
  private final ByteQueue in;
  private final ChanOutputStream out;

  RemoteByteStream(SessionImpl session, Chan chan) {
    this.chan = chan;
    this.in = new ByteQueue(session.account());
    this.in.onConsumed(n -> session.consumed(chan, n));
    this.out = new ChanOutputStream(session, chan);
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
  public void onData(Chan c, Object data, int wireBytes) {
    in.appendOwned((byte[]) data);
  }

  @Override
  public void onEnd(Chan c) {
    try {
      in.end();
    } catch (java.io.IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  @Override
  public void onFailed(Chan c, RuntimeException cause) {
    in.fail(cause);
    if (!(cause instanceof org.libchan4j.ChannelFailedException)) out.cancelled(cause);
  }

  @Override
  public void onProgress(Chan c) {
    out.progress(c);
  }

  @Override
  public void onCancelled(Chan c) {
    out.cancelled(new org.libchan4j.ChannelClosedException("the reader closed " + c));
  }

  @Override
  public String toString() {
    return "ByteStream(" + chan + ")";
  }
}
