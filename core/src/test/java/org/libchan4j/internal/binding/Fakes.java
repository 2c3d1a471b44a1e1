package org.libchan4j.internal.binding;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.libchan4j.ByteStream;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;

/** Stand-ins for the session's channel objects and reference handles. */
final class Fakes {
  private Fakes() {}

  static class FakeSender<T> implements Sender<T> {
    final String name;

    FakeSender(String name) {
      this.name = name;
    }

    @Override public void send(T message) {}
    @Override public CompletableFuture<Void> sendAsync(T message) { return CompletableFuture.completedFuture(null); }
    @Override public void close() {}
    @Override public void fail(int code, String message) {}
    @Override public boolean isClosed() { return false; }
    @Override public CompletableFuture<Void> closeFuture() { return new CompletableFuture<>(); }
    @Override public String toString() { return "FakeSender(" + name + ")"; }
  }

  static final class FakeReceiver<T> implements Receiver<T> {
    final String name;

    FakeReceiver(String name) {
      this.name = name;
    }

    @Override public T receive() { return null; }
    @Override public CompletableFuture<T> receiveAsync() { return CompletableFuture.completedFuture(null); }
    @Override public Iterator<T> iterator() { return Collections.emptyIterator(); }
    @Override public void close() {}
  }

  static final class FakeByteStream implements ByteStream {
    @Override public InputStream input() { return new ByteArrayInputStream(new byte[0]); }
    @Override public OutputStream output() { return new ByteArrayOutputStream(); }
    @Override public void close() {}
  }

  /** The engine's inbound reference handle; kind is from this side's point of view. */
  record InRef(OutRef.Kind kind, int id) {}

  record Call(InRef ref, Class<?> wanted, Type elementType) {}

  /** Resolves {@link InRef}s to fresh fakes and records every call. */
  static class FakeResolver implements RefResolver {
    final List<Call> calls = new ArrayList<>();

    @Override
    public boolean isRef(Object treeValue) {
      return treeValue instanceof InRef;
    }

    @Override
    public Object resolve(Object treeValue, Class<?> wanted, Type elementType) {
      InRef ref = (InRef) treeValue;
      calls.add(new Call(ref, wanted, elementType));
      Class<?> natural = natural(ref.kind());
      if (wanted != Object.class && wanted != natural) {
        throw new IllegalArgumentException(
            "expected a " + wanted.getSimpleName() + " but the peer sent " + describe(ref.kind()));
      }
      switch (ref.kind()) {
        case SENDER: return new FakeSender<>("in-" + ref.id());
        case RECEIVER: return new FakeReceiver<>("in-" + ref.id());
        case BYTE_STREAM: return new FakeByteStream();
        case INPUT_STREAM: return new ByteArrayInputStream(new byte[] {(byte) ref.id()});
        default: return new ByteArrayOutputStream();
      }
    }

    static Class<?> natural(OutRef.Kind kind) {
      switch (kind) {
        case SENDER: return Sender.class;
        case RECEIVER: return Receiver.class;
        case BYTE_STREAM: return ByteStream.class;
        case INPUT_STREAM: return InputStream.class;
        default: return OutputStream.class;
      }
    }

    static String describe(OutRef.Kind kind) {
      switch (kind) {
        case SENDER: return "a channel this side writes";
        case RECEIVER: return "a channel this side reads";
        default: return "a byte stream";
      }
    }
  }
}
