package org.libchan4j.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.libchan4j.ByteStream;
import org.libchan4j.BytePipe;
import org.libchan4j.ChannelClosedException;
import org.libchan4j.ChannelFailedException;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.SessionClosedException;

/**
 * Browser parity with the JVM session (issue #15, point 8) between headless Chromium and the real server
 * ({@link BrowserHarness}): ends received from the JVM forwarded back to it, {@code ByteStream.fail} and
 * {@code cancel} as the JVM sees them, {@code maxBufferedBytes}, cancel-safe receives and {@code select} against
 * concurrent Java senders. Synchronised on futures, blocking calls and page results, never on sleeps.
 */
class ParityBrowserTest extends BrowserHarness {

  record Note(String text) {}

  record Offer(Receiver<Note> feed, Sender<Note> sink, ByteStream file) {}

  record Back(Receiver<Note> feed, Sender<Note> sink, ByteStream file) {}

  private static final int NOTES = 200;

  @Test
  void thePageForwardsAReceivedReceiverSenderAndByteStreamBackToTheJvm() throws Exception {
    byte[] down = random(300_000, 1);
    byte[] up = random(300_000, 2);
    serve(session -> {
      Pipe<Note> feed = Pipe.buffered(8);
      Pipe<Note> sink = Pipe.buffered(8);
      BytePipe file = BytePipe.create();
      Sender<Offer> offers = session.newSender(Offer.class);
      offers.send(new Offer(feed.receiver(), sink.sender(), file.remote()));
      offers.close();
      // The page sends the three ends back as it received them: the JVM then talks to itself through its copies.
      Back back = session.accept(Back.class).receive();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> writers = List.of(
            pool.submit(call(() -> {
              for (int i = 0; i < NOTES; i++) feed.sender().send(new Note("f" + i));
              feed.sender().fail(7, "feed broke");
            })),
            pool.submit(call(() -> {
              for (int i = 0; i < NOTES; i++) back.sink().send(new Note("s" + i));
              back.sink().close();
            })),
            pool.submit(call(() -> {
              try (OutputStream out = file.local().output()) {
                out.write(down);
              }
            })),
            pool.submit(call(() -> {
              try (OutputStream out = back.file().output()) {
                out.write(up);
              }
            })));
        List<String> fed = new ArrayList<>();
        for (int i = 0; i < NOTES; i++) fed.add(back.feed().receive().text());
        ChannelFailedException failed = assertThrows(ChannelFailedException.class, () -> back.feed().receive());
        List<String> sunk = new ArrayList<>();
        for (Note n : sink.receiver()) sunk.add(n.text());
        byte[] downGot = back.file().input().readAllBytes();
        byte[] upGot = file.local().input().readAllBytes();
        for (Future<?> w : writers) w.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return List.of(fed, failed.code(), failed.getMessage(), sunk, Arrays.equals(down, downGot),
            Arrays.equals(up, upGot));
      } finally {
        pool.shutdownNow();
      }
    });
    assertEquals("forwarded", run("parity-forward"));
    List<?> jvm = (List<?>) serverOutcome();
    assertEquals(numbered("f"), jvm.get(0), "the JVM's feed came back through the page's copy, in order");
    assertEquals(7, jvm.get(1), "its failure too, with the code");
    assertTrue(((String) jvm.get(2)).contains("feed broke"), jvm.toString());
    assertEquals(numbered("s"), jvm.get(3), "what the JVM sent on the page's new channel reached its own sink");
    assertEquals(true, jvm.get(4), "300,000 bytes JVM -> page -> JVM through the forwarded stream");
    assertEquals(true, jvm.get(5), "and 300,000 bytes the other way");
  }

  record Upload(ByteStream data) {}

  @Test
  void thePageFailsAByteStreamAndTheJvmReadThrowsChannelFailedException() throws Exception {
    serve(session -> {
      Upload upload = session.accept(Upload.class).receive();
      InputStream in = upload.data().input();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      IOException failure = assertThrows(IOException.class, () -> in.transferTo(got));
      ChannelFailedException cause = assertInstanceOf(ChannelFailedException.class, failure.getCause());
      return List.of(got.toString(StandardCharsets.UTF_8), cause.code(), cause.getMessage());
    });
    assertEquals("CHANNEL_CLOSED", run("parity-stream-fail"), "the page's writes after fail() are refused");
    List<?> jvm = (List<?>) serverOutcome();
    assertEquals("partial upload", jvm.get(0), "the bytes written before the failure arrive first");
    assertEquals(42, jvm.get(1));
    assertTrue(((String) jvm.get(2)).contains("disk full"), jvm.toString());
  }

  @Test
  void thePageCancellingAByteStreamFailsTheJvmWriter() throws Exception {
    serve(session -> {
      Upload upload = session.accept(Upload.class).receive();
      OutputStream out = upload.data().output();
      byte[] chunk = new byte[64 * 1024];
      long written = 0;
      // Far more than the page's 1 MiB window: without the cancel this blocks once the window is full.
      for (int i = 0; i < 1024; i++) {
        try {
          out.write(chunk);
        } catch (IOException e) {
          // A write waiting for the window fails with the cancel as its cause; a later one finds the output closed.
          boolean cancelled = e.getCause() instanceof ChannelClosedException
              || e.getMessage().contains("output is closed");
          return List.of(cancelled, session.isOpen(), written, e.toString());
        }
        written += chunk.length;
      }
      return List.of(false, session.isOpen(), written, "never failed");
    });
    assertEquals(Map.of("first", true, "after", true), run("parity-stream-cancel"));
    List<?> jvm = (List<?>) serverOutcome();
    assertEquals(true, jvm.get(0), "the JVM's write failed because the page cancelled: " + jvm);
    assertEquals(true, jvm.get(1), "with the session still open");
    assertTrue((Long) jvm.get(2) <= 2L << 20, "the writer stopped within about a window: " + jvm);
  }

  @Test
  void unreadMessagesPastThePagesMaxBufferedBytesCloseTheSessionWith1008() throws Exception {
    serve(session -> {
      Sender<Note> out = session.newSender(Note.class);
      String kib = "x".repeat(1024);
      for (int i = 0; i < 16; i++) out.sendAsync(new Note(kib)); // later ones fail once the page has closed
      ExecutionException closed = assertThrows(ExecutionException.class,
          () -> session.closeFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      SessionClosedException cause = assertInstanceOf(SessionClosedException.class, closed.getCause());
      return List.of(cause.closeCode(), cause.getMessage());
    });
    Map<?, ?> page = (Map<?, ?>) run("parity-max-buffered");
    assertEquals("PROTOCOL", page.get("code"), page.toString());
    assertEquals(1008L, page.get("closeCode"));
    assertTrue(((String) page.get("message")).contains("more than maxBufferedBytes 4096 bytes"), page.toString());
    assertEquals("PROTOCOL", page.get("failure"), "after what it held, the unread channel fails with the session");
    assertTrue((Long) page.get("delivered") <= 4, "at most 4 KiB was held: " + page);
    List<?> jvm = (List<?>) serverOutcome();
    assertEquals(4008, jvm.get(0), "1008 as a page may send it (3000 + code)");
    assertTrue(((String) jvm.get(1)).contains("maxBufferedBytes"), jvm.toString());
  }

  record Num(int i) {}

  record Numbers(int count, Sender<Num> into) {}

  @Test
  void thousandsOfAbortedReceivesInterleavedWithJvmSendsLoseAndDuplicateNothing() throws Exception {
    int count = 2000;
    serve(session -> {
      Numbers request = session.accept(Numbers.class).receive();
      for (int i = 0; i < request.count(); i++) request.into().send(new Num(i)); // unbuffered: one at a time
      request.into().close();
      return request.count();
    });
    Map<?, ?> page = (Map<?, ?>) run("parity-aborts", "count=" + count);
    assertEquals((long) count, page.get("received"), page.toString());
    assertEquals(true, page.get("inOrder"), "every number once, in order: " + page);
    assertTrue((Long) page.get("aborted") >= count, "a receive aborted before each number arrived: " + page);
    assertEquals(count, serverOutcome());
  }

  record Into(List<Sender<Num>> into) {}

  private static final int PER_CHANNEL = 500;

  @Test
  void selectOverReceiversFedByConcurrentJvmSendersDeliversEachMessageExactlyOnce() throws Exception {
    int channels = 4;
    serve(session -> {
      Into request = session.accept(Into.class).receive();
      ExecutorService pool = Executors.newFixedThreadPool(request.into().size());
      try {
        List<Future<?>> senders = new ArrayList<>();
        for (Sender<Num> s : request.into()) {
          senders.add(pool.submit(call(() -> {
            for (int i = 0; i < PER_CHANNEL; i++) s.send(new Num(i));
            s.close();
          })));
        }
        for (Future<?> f : senders) f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return request.into().size();
      } finally {
        pool.shutdownNow();
      }
    });
    Map<?, ?> page = (Map<?, ?>) run("parity-select", "channels=" + channels);
    List<Long> expected = IntStream.range(0, PER_CHANNEL).mapToObj(i -> (long) i).toList();
    List<?> seen = (List<?>) page.get("seen");
    assertEquals(channels, seen.size());
    for (int k = 0; k < channels; k++) assertEquals(expected, seen.get(k), "channel " + k + ": each message once");
    assertTrue((Long) page.get("selects") >= channels * (PER_CHANNEL + 1L), page.toString());
    assertEquals(channels, serverOutcome());
  }

  // ---------------------------------------------------------------- helpers

  interface Body {
    void run() throws Exception;
  }

  private static Callable<Void> call(Body body) {
    return () -> {
      body.run();
      return null;
    };
  }

  private static List<String> numbered(String prefix) {
    return IntStream.range(0, NOTES).mapToObj(i -> prefix + i).toList();
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
