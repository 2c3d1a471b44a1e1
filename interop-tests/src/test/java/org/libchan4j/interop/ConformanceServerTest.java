package org.libchan4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.reflect.TypeToken;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.BytePipe;
import org.libchan4j.ByteStream;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.client.ChanClient;

/** The conformance server's operations (PROTOCOL.md section 13) run from the Java client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConformanceServerTest {
  private static final Type MAP = new TypeToken<Map<String, Object>>() {}.getType();
  private static ConformanceServer server;
  private final List<Session> sessions = new ArrayList<>();

  @BeforeAll
  static void start() {
    server = ConformanceServer.start(0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void closeSessions() {
    sessions.forEach(Session::close);
  }

  private Session connect() {
    Session s = ChanClient.connect(server.uri());
    sessions.add(s);
    return s;
  }

  /** Sends {@code fields} plus a fresh {@code reply} channel on a new channel; returns everything replied. */
  private static List<Map<String, Object>> request(Session s, Map<String, Object> fields) throws Exception {
    Pipe<Map<String, Object>> reply = Pipe.buffered(16);
    Map<String, Object> m = new HashMap<>(fields);
    m.put("reply", reply.sender());
    s.newSender(MAP).send(m);
    return all(reply.receiver());
  }

  private static List<Map<String, Object>> all(Receiver<Map<String, Object>> in) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> m : in) out.add(m);
    return out;
  }

  @Test
  void echo() throws Exception {
    Map<String, Object> value = Map.of("a", List.of(1L, "x"), "ok", true);
    assertEquals(List.of(Map.of("value", value)), request(connect(), Map.of("op", "echo", "value", value)));
  }

  @Test
  void echoCarriesChannels() throws Exception {
    Session s = connect();
    Pipe<Object> items = Pipe.buffered(2);
    items.sender().send("one");
    items.sender().send("two");
    items.sender().close();
    List<Map<String, Object>> replies = request(s, Map.of("op", "echo", "value", items.receiver()));
    @SuppressWarnings("unchecked")
    Receiver<Object> echoed = assertInstanceOf(Receiver.class, replies.get(0).get("value"));
    assertEquals("one", echoed.receive());
    assertEquals("two", echoed.receive());
    assertNull(echoed.receive());
  }

  @Test
  void stream() throws Exception {
    List<Map<String, Object>> want = new ArrayList<>();
    for (long i = 0; i < 5; i++) want.add(Map.of("i", i));
    assertEquals(want, request(connect(), Map.of("op", "stream", "count", 5)));
    assertEquals(List.of(), request(connect(), Map.of("op", "stream", "count", 0)));
  }

  @Test
  void sink() throws Exception {
    Pipe<Object> in = Pipe.buffered(10);
    for (int i = 0; i < 7; i++) in.sender().send(Map.of("n", i));
    in.sender().close();
    assertEquals(List.of(Map.of("count", 7L)), request(connect(), Map.of("op", "sink", "in", in.receiver())));
  }

  @Test
  void bytesEcho() throws Exception {
    Session s = connect();
    BytePipe bytes = BytePipe.create();
    Pipe<Map<String, Object>> reply = Pipe.buffered(2);
    s.newSender(MAP).send(Map.of("op", "bytes-echo", "stream", bytes.remote(), "reply", reply.sender()));
    byte[] data = TestData.bytes(1 << 20, 21);
    CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> readAll(bytes.local()));
    try (OutputStream o = bytes.local().output()) {
      o.write(data);
    }
    assertArrayEquals(TestData.sha256(data), TestData.sha256(back.get(30, TimeUnit.SECONDS)));
    assertEquals(List.of(Map.of("length", (long) data.length)), all(reply.receiver()));
  }

  @Test
  void bytesSum() throws Exception {
    Session s = connect();
    BytePipe bytes = BytePipe.create();
    Pipe<Map<String, Object>> reply = Pipe.buffered(2);
    s.newSender(MAP).send(Map.of("op", "bytes-sum", "stream", bytes.remote(), "reply", reply.sender()));
    byte[] data = TestData.bytes(300_000, 22);
    try (OutputStream o = bytes.local().output()) {
      o.write(data);
    }
    Map<String, Object> sum = reply.receiver().receive();
    assertEquals((long) data.length, sum.get("length"));
    assertArrayEquals(TestData.sha256(data), (byte[]) sum.get("sha256"));
    assertNull(reply.receiver().receive());
    assertEquals(0, bytes.local().input().readAllBytes().length, "the server ends its side, having written nothing");
  }

  @Test
  void open() throws Exception {
    Session s = connect();
    s.newSender(MAP).send(Map.of("op", "open", "value", "hi"));
    assertEquals(List.of(Map.of("value", "hi")), all(s.accept(MAP)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void nest() throws Exception {
    List<Map<String, Object>> level = request(connect(), Map.of("op", "nest", "depth", 3));
    for (int d = 0; d < 3; d++) {
      assertEquals(1, level.size(), "one message at depth " + d);
      level = all((Receiver<Map<String, Object>>) level.get(0).get("next"));
    }
    assertEquals(List.of(Map.of("value", "bottom")), level);
  }

  @Test
  void registerAndSendToForwardChannelsBetweenSessions() throws Exception {
    Session bob = connect();
    Session alice = connect();
    Pipe<Map<String, Object>> inbox = Pipe.buffered(4);
    Pipe<Map<String, Object>> registered = Pipe.buffered(1);
    bob.newSender(MAP).send(Map.of("op", "register", "name", "bob", "inbox", inbox.sender(),
        "reply", registered.sender()));
    assertEquals(List.of(Map.of("registered", "bob")), all(registered.receiver()));

    Pipe<Object> back = Pipe.buffered(1);
    BytePipe file = BytePipe.create();
    List<Map<String, Object>> sent = request(alice, Map.of("op", "send-to", "name", "bob",
        "value", Map.of("hello", "world", "back", back.sender(), "file", file.remote())));
    assertEquals(List.of(Map.of("sent", true)), sent);

    Map<String, Object> letter = inbox.receiver().receive();
    assertEquals("world", letter.get("hello"));
    @SuppressWarnings("unchecked")
    Sender<Object> answer = assertInstanceOf(Sender.class, letter.get("back"));
    answer.send("thanks");
    answer.close();
    assertEquals("thanks", back.receiver().receive());
    assertNull(back.receiver().receive());
    try (OutputStream o = file.local().output()) {
      o.write(TestData.bytes(10_000, 1));
    }
    ByteStream received = assertInstanceOf(ByteStream.class, letter.get("file"));
    assertArrayEquals(TestData.bytes(10_000, 1), received.input().readAllBytes());
  }

  @Test
  void sendToWaitsForTheNameToBeRegistered() throws Exception {
    Session alice = connect();
    Pipe<Map<String, Object>> sent = Pipe.buffered(1);
    alice.newSender(MAP).send(Map.of("op", "send-to", "name", "late", "value", "hello", "reply", sent.sender()));
    Session bob = connect();
    Pipe<Object> inbox = Pipe.buffered(1);
    bob.newSender(MAP).send(Map.of("op", "register", "name", "late", "inbox", inbox.sender()));
    assertEquals("hello", inbox.receiver().receive());
    assertEquals(List.of(Map.of("sent", true)), all(sent.receiver()));
  }

  @Test
  void unknownOp() throws Exception {
    assertEquals(List.of(Map.of("error", "unknown op: frobnicate")), request(connect(), Map.of("op", "frobnicate")));
  }

  @Test
  void malformedMessageFailsOnlyItsChannel() throws Exception {
    Session s = connect();
    Pipe<Map<String, Object>> reply = Pipe.buffered(1);
    Sender<Object> chan = s.newSender(Object.class);
    chan.send(Map.of("op", "stream", "count", "ten", "reply", reply.sender()));
    List<Map<String, Object>> error = all(reply.receiver());
    assertEquals(1, error.size());
    assertTrue(((String) error.get(0).get("error")).contains("'count' must be an integer"), error.toString());
    // Not a map, no op: the channel fails quietly; the session and its other channels go on.
    Sender<Object> other = s.newSender(Object.class);
    other.send(List.of("not", "a", "map"));
    assertEquals(List.of(Map.of("value", "still here")), request(s, Map.of("op", "echo", "value", "still here")));
  }

  private static byte[] readAll(ByteStream stream) {
    try {
      return stream.input().readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
