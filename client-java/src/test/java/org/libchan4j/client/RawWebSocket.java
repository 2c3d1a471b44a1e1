package org.libchan4j.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client on a plain socket for abuse tests: it writes hand-made frames a client library would refuse to
 * produce (text frames, oversized or endless frames, thousands of libchan frames in one message) and can stop
 * reading altogether. It answers the server's close and records it.
 */
final class RawWebSocket implements AutoCloseable {
  final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  /** The subprotocol the server selected, or null. */
  final String subprotocol;
  final LinkedBlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
  /** The server's close code; completes exceptionally if the connection ends without a close frame. */
  final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  volatile String closeReason;
  /**
   * Whether the server's close frame is answered (and the socket closed) as a client library would. A peer that
   * does not answer goes on reading and writing: it floods past the close, or sits silent.
   */
  volatile boolean answerClose = true;

  private RawWebSocket(Socket socket, String subprotocol) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
    this.subprotocol = subprotocol;
  }

  /**
   * Opens a connection and completes the upgrade. With {@code read} false nothing is read after the handshake: the
   * socket's receive buffer is made small so that the server's writes back up quickly, as with a stalled peer.
   */
  static RawWebSocket connect(URI uri, boolean read, String... subprotocols) throws IOException {
    Socket s = new Socket();
    if (!read) s.setReceiveBufferSize(4096);
    s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
    s.setSoTimeout(20_000); // a handshake or frame read that hangs fails the test instead of the build
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n");
    if (subprotocols.length > 0) req.append("Sec-WebSocket-Protocol: ").append(String.join(", ", subprotocols)).append("\r\n");
    s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    String head = readHead(s.getInputStream());
    if (!head.startsWith("HTTP/1.1 101")) throw new IOException("upgrade refused: " + head);
    String selected = null;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-protocol:")) {
        selected = line.substring(line.indexOf(':') + 1).trim();
      }
    }
    RawWebSocket ws = new RawWebSocket(s, selected);
    if (read) {
      Thread t = new Thread(ws::readLoop, "raw-ws-reader");
      t.setDaemon(true);
      t.start();
    }
    return ws;
  }

  /** Starts reading a connection opened with {@code read} false: a peer that wrote all it had and now reads. */
  void startReading() {
    Thread t = new Thread(this::readLoop, "raw-ws-reader");
    t.setDaemon(true);
    t.start();
  }

  /** Reads an HTTP response head (up to the blank line) byte by byte, leaving what follows unread. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) throw new EOFException("connection closed in the response head: " + head);
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  void sendBinary(byte[] payload) throws IOException {
    sendFrame(0x2, true, payload);
  }

  void sendText(String text) throws IOException {
    sendFrame(0x1, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /** One masked frame (the mask is zero: XOR leaves the payload as is, which RFC 6455 allows). */
  synchronized void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
    out.write(header(opcode, fin, payload.length));
    out.write(payload);
    out.flush();
  }

  /** One final frame without the MASK bit, which RFC 6455 section 5.1 forbids a client. */
  synchronized void sendUnmasked(int opcode, byte[] payload) throws IOException {
    byte[] h = header(opcode, true, payload.length);
    h[1] &= 0x7F;
    out.write(h, 0, h.length - 4); // no masking key
    out.write(payload);
    out.flush();
  }

  /** Only the header of a frame announcing {@code length} payload bytes. */
  synchronized void sendHeader(int opcode, long length) throws IOException {
    out.write(header(opcode, true, length));
    out.flush();
  }

  private static byte[] header(int opcode, boolean fin, long length) {
    ByteArrayOutputStream h = new ByteArrayOutputStream(14);
    h.write((fin ? 0x80 : 0) | opcode);
    if (length < 126) {
      h.write(0x80 | (int) length);
    } else if (length <= 0xFFFF) {
      h.write(0x80 | 126);
      h.write((int) (length >> 8));
      h.write((int) length);
    } else {
      h.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) h.write((int) (length >> shift));
    }
    h.write(new byte[4], 0, 4); // masking key 00 00 00 00
    return h.toByteArray();
  }

  private void readLoop() {
    ByteArrayOutputStream partial = new ByteArrayOutputStream();
    try {
      for (;;) {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126) len = in.readUnsignedShort();
        else if (len == 127) len = in.readLong();
        byte[] payload = new byte[(int) len]; // server frames are unmasked
        in.readFully(payload);
        int opcode = b0 & 0x0F;
        if (opcode == 0x8) {
          int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
          closeReason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
          if (!answerClose) {
            closeCode.complete(code);
            continue;
          }
          try {
            sendFrame(0x8, true, java.util.Arrays.copyOf(payload, Math.min(2, payload.length)));
          } catch (IOException alreadyGone) {
            // the server may have closed the socket right after its close frame
          }
          closeCode.complete(code);
          socket.close();
          return;
        }
        if (opcode == 0x9) {
          sendFrame(0xA, true, payload);
          continue;
        }
        if (opcode >= 0x8) continue;
        partial.write(payload, 0, payload.length);
        if ((b0 & 0x80) != 0) {
          messages.add(partial.toByteArray());
          partial.reset();
        }
      }
    } catch (IOException e) {
      closeCode.completeExceptionally(e);
      ended.complete(e);
    }
  }

  /**
   * Completes when reading ends, with what ended it: an {@link EOFException} when the server closed the connection
   * cleanly, a {@link java.net.SocketException} on a reset, a {@link java.net.SocketTimeoutException} after 20 s of
   * silence. Only without {@link #answerClose} (which closes the socket at the close frame).
   */
  final CompletableFuture<IOException> ended = new CompletableFuture<>();

  /** The server's close code; fails if none arrives within 20 s or the connection ends without one. */
  int awaitClose() throws Exception {
    return closeCode.get(20, TimeUnit.SECONDS);
  }

  /** True once reading the socket returns end-of-stream (or a reset): the server closed the connection. */
  boolean awaitEof() throws IOException {
    try {
      return socket.getInputStream().read() < 0;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
