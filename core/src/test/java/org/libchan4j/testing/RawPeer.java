package org.libchan4j.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;

/** A hand-driven peer for protocol tests: sends exact bytes and records what arrives. */
public final class RawPeer implements TransportListener {
  private final Transport transport;
  private final LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private volatile String closeReason;

  /** Hex of an extended-mode hello: {"t":"hello","v":1,"cap":64,"win":262144,"ka":0}. */
  public static final String HELLO = "85 a1 74 a5 68 65 6c 6c 6f a1 76 01 a3 63 61 70 40 a3 77 69 6e ce 00 04 00 00"
      + " a2 6b 61 00";

  public RawPeer(Transport transport) {
    this.transport = transport;
    transport.start(this);
  }

  /** A raw peer for a session in {@code mode}: in the extended mode it says hello first, as the protocol requires. */
  public static RawPeer forMode(Transport transport, org.libchan4j.SessionOptions.Mode mode) {
    RawPeer peer = new RawPeer(transport);
    if (mode == org.libchan4j.SessionOptions.Mode.EXTENDED) peer.sendHex(HELLO);
    return peer;
  }

  public void send(byte[] message) {
    transport.send(message);
    transport.flush();
  }

  public void sendHex(String hex) {
    send(Hex.decode(hex));
  }

  /** The next message from the peer; fails after 10 s. */
  public byte[] next() throws InterruptedException {
    byte[] m = received.poll(10, TimeUnit.SECONDS);
    if (m == null) throw new AssertionError("no message from the peer within 10 s");
    return m;
  }

  /** The close code, once the transport has closed; fails after 10 s. */
  public int awaitClose() throws Exception {
    return closed.get(10, TimeUnit.SECONDS);
  }

  public String closeReason() {
    return closeReason;
  }

  public void close() {
    transport.close(1000, "");
  }

  @Override
  public void onMessage(byte[] message) {
    received.add(message);
  }

  @Override
  public void onClosed(int code, String reason, Throwable cause) {
    closeReason = reason;
    closed.complete(code);
  }
}
