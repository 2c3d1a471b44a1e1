package org.libchan4j.internal.session;

import java.io.IOException;
import org.libchan4j.ChannelClosedException;
import org.libchan4j.ChannelFailedException;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.internal.engine.ChanHandler;

/**
 * Internal: a stream's two directions on a session: the peer's bytes go into {@link #in} (credit returned as they
 * are read, the writer cancelled when it is closed), this side writes through {@link #out}.
 */
class StreamHandler implements ChanHandler {
  final Chan chan;
  final ByteQueue in;
  final ChanOutputStream out;

  StreamHandler(SessionImpl session, Chan chan, ByteQueue in) {
    this.chan = chan;
    this.in = in;
    this.out = new ChanOutputStream(session, chan);
    in.onConsumed(n -> session.ops.consumed(chan, n));
    in.onClose(() -> session.ops.cancelInput(chan));
  }

  @Override
  public void onData(Chan c, Object data, int wireBytes) {
    in.appendOwned((byte[]) data);
  }

  @Override
  public void onEnd(Chan c) {
    try {
      in.end();
    } catch (IOException e) {
      in.fail(e); // only a redirected queue's sink can fail here
    }
  }

  @Override
  public void onFailed(Chan c, RuntimeException cause) {
    in.fail(cause);
    if (!(cause instanceof ChannelFailedException)) out.cancelled(cause);
  }

  @Override
  public void onProgress(Chan c) {
    out.progress(c);
  }

  @Override
  public void onCancelled(Chan c) {
    out.cancelled(new ChannelClosedException("the reader closed " + c));
  }
}
