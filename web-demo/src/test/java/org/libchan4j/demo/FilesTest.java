package org.libchan4j.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.libchan4j.SessionOptions;
import org.libchan4j.demo.Protocol.Incoming;
import org.libchan4j.demo.Protocol.Outcome;
import org.libchan4j.demo.Protocol.Upload;

class FilesTest {
  private static final int MIB = 1 << 20;
  private Harness h;

  @AfterEach
  void close() {
    if (h != null) h.close();
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private static String sha(byte[] b) {
    return HexFormat.of().formatHex(Files.sha256().digest(b));
  }

  /** Sends {@code data} from {@code from} on another thread, recording the progress it sees. */
  private CompletableFuture<Upload> send(Harness.Client from, String name, byte[] data, List<Long> progress) {
    return send(from, name, data, progress::add);
  }

  private CompletableFuture<Upload> send(Harness.Client from, String name, byte[] data,
      java.util.function.LongConsumer progress) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return Transfers.send(from.posts.sender(), name, "application/octet-stream", data.length,
            new ByteArrayInputStream(data), progress);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    }, h.executor);
  }

  private CompletableFuture<Transfers.Received> receive(Incoming file, OutputStream sink) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return Transfers.receive(file, sink, n -> {});
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    }, h.executor);
  }

  private Harness.Client member(String room, String name, int expectedMembers) throws Exception {
    Harness.Client c = h.join(room, name);
    c.next(e -> e.presence() != null && e.presence().members().size() == expectedMembers);
    return c;
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void aFileReachesEveryoneElseIntactWithProgress(SessionOptions.Mode mode) throws Exception {
    h = new Harness(mode);
    Harness.Client alice = member("files", "alice", 1);
    Harness.Client bob = member("files", "bob", 2);
    Harness.Client carol = member("files", "carol", 3);
    byte[] data = random(5 * MIB + 123);
    List<Long> progress = new CopyOnWriteArrayList<>();
    CompletableFuture<Upload> upload = send(alice, "report.bin", data, progress);

    List<CompletableFuture<Transfers.Received>> received = new java.util.ArrayList<>();
    List<ByteArrayOutputStream> sinks = List.of(new ByteArrayOutputStream(), new ByteArrayOutputStream());
    int i = 0;
    for (Harness.Client c : List.of(bob, carol)) {
      Incoming in = c.next(e -> e.file() != null).file();
      assertEquals("report.bin", in.name());
      assertEquals("alice", in.from());
      assertEquals(data.length, in.size());
      received.add(receive(in, sinks.get(i++)));
    }
    Upload done = Harness.await(upload);
    assertTrue(done.done());
    assertNull(done.error());
    assertEquals(data.length, done.bytes());
    assertEquals(2, done.receivers());
    assertEquals(sha(data), done.sha256());
    assertTrue(progress.size() >= 5, "progress reports: " + progress);
    for (int k = 1; k < progress.size(); k++) assertTrue(progress.get(k) >= progress.get(k - 1), progress.toString());
    for (int k = 0; k < 2; k++) {
      Transfers.Received r = Harness.await(received.get(k));
      assertTrue(r.verified(), r.toString());
      assertEquals(sha(data), sha(sinks.get(k).toByteArray()));
    }
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void aReceiverThatDoesNotReadHoldsTheUploadWithinItsWindows(SessionOptions.Mode mode) throws Exception {
    h = new Harness(mode);
    Harness.Client alice = member("slow", "alice", 1);
    Harness.Client bob = member("slow", "bob", 2);
    byte[] data = random(12 * MIB);
    CompletableFuture<Void> stalled = new CompletableFuture<>();
    long bound = Files.WINDOW + Files.LAG + 64 * 1024;
    // where the upload stops: bob's lag queue, plus what is in flight to him (the extended mode's stream window,
    // 256 KiB by default, is smaller than the demo's own)
    long plateau = Math.min(Files.WINDOW, mode == SessionOptions.Mode.EXTENDED ? 256 * 1024 : Files.WINDOW) + Files.LAG;
    List<Long> progress = new CopyOnWriteArrayList<>();
    CompletableFuture<Upload> upload = send(alice, "big.bin", data, n -> {
      progress.add(n);
      if (n >= plateau - Files.REPORT) stalled.complete(null);
    });
    Incoming in = bob.next(e -> e.file() != null).file();
    // bob reads nothing yet: the server takes at most one window (in flight to bob) plus bob's lag queue
    Harness.await(stalled);
    assertFalse(upload.isDone());
    List<Long> beforeBobReads = List.copyOf(progress);
    for (long taken : beforeBobReads) {
      assertTrue(taken <= bound, "the server took " + taken + " bytes while bob read nothing (bound " + bound + ")");
    }

    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    Transfers.Received r = Harness.await(receive(in, sink));
    assertTrue(r.verified(), r.toString());
    assertEquals(data.length, Harness.await(upload).bytes());
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void aReceiverThatCancelsDropsOutAndTheOthersGetTheFile(SessionOptions.Mode mode) throws Exception {
    h = new Harness(mode);
    Harness.Client alice = member("cancel", "alice", 1);
    Harness.Client bob = member("cancel", "bob", 2);
    Harness.Client carol = member("cancel", "carol", 3);
    byte[] data = random(8 * MIB);
    CompletableFuture<Upload> upload = send(alice, "x.bin", data, new CopyOnWriteArrayList<>());
    Incoming toBob = bob.next(e -> e.file() != null).file();
    Incoming toCarol = carol.next(e -> e.file() != null).file();
    CompletableFuture<Transfers.Received> carolGot = receive(toCarol, new ByteArrayOutputStream());
    // bob reads nothing and cancels: the end of his acks channel is the demo's cancel, whatever the wire mode
    toBob.acks().close();
    toBob.data().close();
    Outcome bobs = Harness.next(toBob.outcome());
    assertFalse(bobs.complete());
    assertEquals("cancelled by the receiver", bobs.error());
    assertTrue(Harness.await(carolGot).verified());
    Upload done = Harness.await(upload);
    assertEquals(data.length, done.bytes());
    assertEquals(1, done.receivers());
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void aReceiverThatLeavesDoesNotStopTheOthers(SessionOptions.Mode mode) throws Exception {
    h = new Harness(mode);
    Harness.Client alice = member("leave", "alice", 1);
    Harness.Client bob = member("leave", "bob", 2);
    Harness.Client carol = member("leave", "carol", 3);
    byte[] data = random(8 * MIB);
    CompletableFuture<Upload> upload = send(alice, "x.bin", data, new CopyOnWriteArrayList<>());
    Incoming toBob = bob.next(e -> e.file() != null).file();
    Incoming toCarol = carol.next(e -> e.file() != null).file();
    CompletableFuture<Transfers.Received> carolGot = receive(toCarol, new ByteArrayOutputStream());
    assertTrue(toBob.data().input().read(new byte[10]) > 0); // bob starts, then his connection drops
    bob.session.close();
    Transfers.Received r = Harness.await(carolGot);
    assertTrue(r.verified(), r.toString());
    Upload done = Harness.await(upload);
    assertEquals(data.length, done.bytes());
    assertEquals(1, done.receivers(), "bob is no longer counted");
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void sharingInAnEmptyRoomIsRefusedOnTheProgressChannel(SessionOptions.Mode mode) throws Exception {
    h = new Harness(mode);
    Harness.Client alice = member("alone", "alice", 1);
    Upload u = Harness.await(send(alice, "x.bin", random(3 * MIB), new CopyOnWriteArrayList<>()));
    assertTrue(u.done());
    assertEquals("nobody else is in this room to receive it", u.error());
  }
}
