package org.libchan4j.internal.session;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import org.libchan4j.ByteStream;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.internal.binding.RefResolver;
import org.libchan4j.internal.engine.Chan;

/**
 * Internal: the JVM objects of references the peer sent: {@link #attach} gives each arriving reference its object
 * (under the session's lock), and binding resolves a tree's references to those objects, typed as the field asks.
 */
final class RefResolution implements RefResolver {

  /** A reference arrived inside a message: its Receiver, Sender or ByteStream, as its handler and attachment. */
  static void attach(SessionImpl session, Chan chan) {
    org.libchan4j.internal.engine.ChanHandler handler;
    switch (chan.kind()) {
      case IN:
        handler = new RemoteReceiver<>(session, chan);
        break;
      case OUT:
        handler = new RemoteSender<>(session, chan);
        break;
      default:
        handler = new RemoteByteStream(session, chan);
    }
    chan.setHandler(handler);
    chan.attachment = handler;
  }
  @Override
  public boolean isRef(Object treeValue) {
    return treeValue instanceof Chan;
  }

  @Override
  public Object resolve(Object treeValue, Class<?> wanted, Type elementType) {
    Object attachment = ((Chan) treeValue).attachment;
    if (wanted == Object.class) return attachment;
    if (wanted == Sender.class || wanted == Receiver.class) {
      if (attachment instanceof RemoteSender && wanted == Sender.class) {
        return ((RemoteSender<?>) attachment).typed(elementType);
      }
      if (attachment instanceof RemoteReceiver && wanted == Receiver.class) {
        return ((RemoteReceiver<?>) attachment).typed(elementType);
      }
    } else if (attachment instanceof RemoteByteStream) {
      RemoteByteStream stream = (RemoteByteStream) attachment;
      if (wanted == ByteStream.class) return stream;
      if (wanted == InputStream.class) return stream.readOnly();
      if (wanted == OutputStream.class) return stream.writeOnly();
    }
    throw new IllegalArgumentException("expected a " + wanted.getSimpleName() + " but the peer sent " + kindOf(attachment));
  }

  private static String kindOf(Object attachment) {
    if (attachment instanceof RemoteSender) return "a channel this side writes (a Sender)";
    if (attachment instanceof RemoteReceiver) return "a channel this side reads (a Receiver)";
    return "a byte stream";
  }
}
