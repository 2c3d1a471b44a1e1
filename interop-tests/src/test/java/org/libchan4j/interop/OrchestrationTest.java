package org.libchan4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.ByteStream;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;

/**
 * Orchestration: two jschan clients (one node process, {@code orchestration.js}) connected to the Java server. The
 * server takes a channel or a byte stream out of one session and puts it into a message on the other; the libchan4j
 * session creates a new channel there and pipes between the two, and data flows end to end between the clients.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrchestrationTest {
  private static final Type MAP = new TypeToken<Map<String, Object>>() {}.getType();
  private static QueuedServer server;
  private final List<AutoCloseable> open = new ArrayList<>();
  private NodePeer node;

  @BeforeAll
  static void startServer() {
    server = new QueuedServer();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    server.clear();
  }

  /** Starts both clients; returns their first messages by the name they introduce themselves with. */
  private Map<String, Map<String, Object>> clients(String scenario) throws Exception {
    node = NodePeer.start("orchestration.js", server.uri().toString(), scenario);
    open.add(node);
    Map<String, Map<String, Object>> byName = new HashMap<>();
    for (int i = 0; i < 2; i++) {
      Session s = server.next(node);
      open.add(s);
      node.closesOnFailure(s);
      Receiver<Map<String, Object>> in = s.accept(MAP);
      Map<String, Object> hello = in.receive();
      byName.put((String) hello.get("who"), hello);
    }
    assertEquals(2, byName.size(), "one first and one second client");
    return byName;
  }

  /** Node checked the data at the far end: close both sessions; node passes when it sees the closes. */
  private void finish() throws Exception {
    node.awaitEvent("done");
    for (AutoCloseable c : open) if (c instanceof Session) ((Session) c).close();
    node.awaitPass();
  }

  @SuppressWarnings("unchecked")
  private static Sender<Object> sender(Object ref) {
    return (Sender<Object>) assertInstanceOf(Sender.class, ref);
  }

  @Test
  void writeChannelFromOneSessionToTheOther() throws Exception {
    Map<String, Map<String, Object>> c = clients("write-channel");
    Receiver<?> more = assertInstanceOf(Receiver.class, c.get("first").get("more"));
    sender(c.get("second").get("ret")).send(Map.of("more", more));
    finish();
  }

  @Test
  void readChannelFromOneSessionToTheOther() throws Exception {
    Map<String, Map<String, Object>> c = clients("read-channel");
    Sender<Object> inboxOfSecond = sender(c.get("second").get("chan"));
    sender(c.get("first").get("ret")).send(Map.of("chan", inboxOfSecond));
    finish();
  }

  @Test
  void byteStreamFromOneSessionToTheOther() throws Exception {
    Map<String, Map<String, Object>> c = clients("byte-stream");
    ByteStream bin = assertInstanceOf(ByteStream.class, c.get("first").get("bin"));
    sender(c.get("second").get("ret")).send(Map.of("bin", bin));
    finish();
  }
}
