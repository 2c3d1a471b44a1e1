package org.libchan4j.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.libchan4j.ChannelClosedException;
import org.libchan4j.ChannelFailedException;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;

/**
 * The extended mode (PROTOCOL.md section 14) between headless Chromium and the real server
 * ({@link BrowserHarness}): negotiation, fail and cancel both ways, and an unbuffered return channel whose Java
 * send completes only when the page receives. Synchronised on futures and page results, never on sleeps.
 */
class ExtendedBrowserTest extends BrowserHarness {

  record Note(String text) {}

  record Ask(String ask, Sender<Note> reply) {}

  @Test
  void thePageGetsTheExtendedModeByDefaultAndCompatWhenItAsks() throws Exception {
    serveHandshake((session, handshake) -> {
      Ask ask = session.accept(Ask.class).receive();
      String selected = handshake.subprotocol() == null ? "none" : handshake.subprotocol();
      ask.reply().send(new Note(selected));
      ask.reply().close();
      return ask.ask() + ": " + selected;
    });
    Map<?, ?> page = (Map<?, ?>) run("ext-modes");
    assertEquals(Map.of("mode", "extended", "server", "libchan4j.v1"), page.get("auto"));
    assertEquals(Map.of("mode", "compat", "server", "none"), page.get("compat"));
    assertEquals(List.of("auto: libchan4j.v1", "compat: none"), List.of(serverOutcome(), serverOutcome()));
  }

  @Test
  void javaFailsAChannelAndThePageReceiveRejectsWithItsCode() throws Exception {
    serve(session -> {
      Sender<Note> out = session.newSender(Note.class);
      out.send(new Note("before the failure"));
      out.fail(42, "disk full");
      return "failed";
    });
    Map<?, ?> page = (Map<?, ?>) run("ext-java-fails");
    assertEquals("before the failure", page.get("first"));
    Map<?, ?> error = (Map<?, ?>) page.get("error");
    assertEquals(true, error.get("isChanError"), error.toString());
    assertEquals("CHANNEL_FAILED", error.get("code"));
    assertEquals(42L, error.get("channelCode"));
    assertTrue(((String) error.get("message")).contains("disk full"), error.toString());
    assertEquals(true, page.get("sessionOpen"), "a failed channel leaves the session open");
    assertEquals("failed", serverOutcome());
  }

  @Test
  void thePageFailsAChannelAndJavaReceiveThrowsWithItsCode() throws Exception {
    serve(session -> {
      Receiver<Note> in = session.accept(Note.class);
      String first = in.receive().text();
      ChannelFailedException e = assertThrows(ChannelFailedException.class, in::receive);
      return List.of(first, e.code(), e.getMessage());
    });
    assertEquals("failed", run("ext-page-fails"));
    List<?> jvm = (List<?>) serverOutcome();
    assertEquals("before the failure", jvm.get(0));
    assertEquals(7, jvm.get(1));
    assertTrue(((String) jvm.get(2)).contains("the page gave up"), jvm.toString());
  }

  @Test
  void thePageClosingAReceiverCancelsTheJavaSender() throws Exception {
    serve(session -> {
      Ask ask = session.accept(Ask.class).receive();
      Sender<Note> reply = ask.reply();
      reply.send(new Note("first"));
      ExecutionException cancelled = assertThrows(ExecutionException.class,
          () -> reply.closeFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      assertInstanceOf(ChannelClosedException.class, cancelled.getCause());
      assertThrows(ChannelClosedException.class, () -> reply.send(new Note("second")));
      return "cancelled";
    });
    assertEquals("first", run("ext-page-cancels"));
    assertEquals("cancelled", serverOutcome());
  }

  @Test
  void javaClosingAReceiverRejectsThePageSends() throws Exception {
    serve(session -> {
      Receiver<Note> in = session.accept(Note.class);
      String first = in.receive().text();
      in.close();
      return first;
    });
    Map<?, ?> page = (Map<?, ?>) run("ext-java-cancels");
    Map<?, ?> closed = (Map<?, ?>) page.get("closed");
    assertEquals("CHANNEL_CLOSED", closed.get("code"), page.toString());
    assertTrue(((String) closed.get("message")).contains("receiver closed"), page.toString());
    assertEquals("CHANNEL_CLOSED", page.get("laterSend"));
    assertEquals("one", serverOutcome());
  }

  record Setup(Sender<Note> replies, Sender<Note> control, Receiver<Note> acks) {}

  @Test
  void anUnbufferedReturnChannelCompletesTheJavaSendOnlyWhenThePageReceives() throws Exception {
    serve(session -> {
      Setup s = session.accept(Setup.class).receive();
      List<String> events = new ArrayList<>();
      CompletableFuture<Void> sent = s.replies().sendAsync(new Note("unbuffered"));
      events.add("sent");
      // A round trip over the same WebSocket: the reply arrived at the page before the ping did, and any credit
      // for it would have reached this side before the pong.
      s.control().send(new Note("ping"));
      events.add("page: " + s.acks().receive().text());
      events.add(sent.isDone() ? "done before the page received" : "not done");
      s.control().send(new Note("receive now"));
      events.add("page: " + s.acks().receive().text());
      sent.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      events.add("done");
      return events;
    });
    assertEquals("received unbuffered", run("ext-unbuffered"));
    assertEquals(List.of("sent", "page: pong", "not done", "page: received unbuffered", "done"), serverOutcome());
  }
}
