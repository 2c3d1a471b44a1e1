package org.libchan4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.BytePipe;
import org.libchan4j.ByteStream;
import org.libchan4j.ChannelFailedException;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;

/** {@link ByteStream#fail}: an error the other end's input reports after the bytes written before it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ByteStreamFailTest {
  record Carry(ByteStream stream) {}

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  private Session[] pair(SessionOptions.Mode mode) {
    InMemoryTransport[] t = InMemoryTransport.pair();
    Session c = Session.open(t[0], SessionOptions.builder(Session.Role.CLIENT).mode(mode).build());
    Session s = Session.open(t[1], SessionOptions.builder(Session.Role.SERVER).mode(mode).build());
    open.add(c);
    open.add(s);
    return new Session[] {c, s};
  }

  /** Reads everything before the failure into {@code before}, then returns the failure the read threw. */
  private static IOException readUntilFailure(InputStream in, ByteArrayOutputStream before) {
    return assertThrows(IOException.class, () -> {
      byte[] buf = new byte[1024];
      for (int n; (n = in.read(buf)) >= 0; ) before.write(buf, 0, n);
    }, "the input must fail, not end normally");
  }

  @Test
  void receivedStreamFailedByItsHolderFailsTheSendersInput() throws Exception {
    Session[] s = pair(SessionOptions.Mode.EXTENDED);
    BytePipe pipe = BytePipe.create();
    s[0].newSender(Carry.class).send(new Carry(pipe.remote()));
    ByteStream atServer = s[1].accept(Carry.class).receive().stream();
    atServer.output().write("partial".getBytes(StandardCharsets.UTF_8));
    atServer.fail(403, "connect to db:5432 denied");

    ByteArrayOutputStream before = new ByteArrayOutputStream();
    IOException e = readUntilFailure(pipe.local().input(), before);
    assertEquals("partial", before.toString(StandardCharsets.UTF_8), "bytes written before the failure arrive");
    ChannelFailedException cause = assertInstanceOf(ChannelFailedException.class, e.getCause());
    assertEquals(403, cause.code());
    assertTrue(cause.getMessage().contains("connect to db:5432 denied"), cause.getMessage());
  }

  @Test
  void localPipeEndFailedFailsThePeersInput() throws Exception {
    Session[] s = pair(SessionOptions.Mode.EXTENDED);
    BytePipe pipe = BytePipe.create();
    s[0].newSender(Carry.class).send(new Carry(pipe.remote()));
    ByteStream atServer = s[1].accept(Carry.class).receive().stream();
    pipe.local().output().write(new byte[] {1, 2, 3});
    pipe.local().fail(7, "disk full");

    ByteArrayOutputStream before = new ByteArrayOutputStream();
    IOException e = readUntilFailure(atServer.input(), before);
    assertArrayEquals(new byte[] {1, 2, 3}, before.toByteArray());
    ChannelFailedException cause = assertInstanceOf(ChannelFailedException.class, e.getCause());
    assertEquals(7, cause.code());
    assertTrue(cause.getMessage().contains("disk full"), cause.getMessage());
  }

  @Test
  void failureBeforeThePipeEndIsSentTravelsWithIt() throws Exception {
    Session[] s = pair(SessionOptions.Mode.EXTENDED);
    BytePipe pipe = BytePipe.create();
    pipe.local().output().write(new byte[] {9});
    pipe.local().fail(12, "gave up early");
    s[0].newSender(Carry.class).send(new Carry(pipe.remote()));
    ByteStream atServer = s[1].accept(Carry.class).receive().stream();

    ByteArrayOutputStream before = new ByteArrayOutputStream();
    IOException e = readUntilFailure(atServer.input(), before);
    assertArrayEquals(new byte[] {9}, before.toByteArray());
    assertEquals(12, assertInstanceOf(ChannelFailedException.class, e.getCause()).code());
  }

  @Test
  void inProcessPipe() throws Exception {
    BytePipe pipe = BytePipe.create();
    pipe.local().output().write(new byte[] {4, 5});
    pipe.local().fail(99, "no more");
    ByteArrayOutputStream before = new ByteArrayOutputStream();
    IOException e = readUntilFailure(pipe.remote().input(), before);
    assertArrayEquals(new byte[] {4, 5}, before.toByteArray());
    ChannelFailedException cause = assertInstanceOf(ChannelFailedException.class, e.getCause());
    assertEquals(99, cause.code());
    assertEquals("no more", cause.getMessage());
    assertThrows(IOException.class, () -> pipe.local().output().write(1), "the failed output takes no more bytes");
  }

  @Test
  void compatModeFallsBackToAPlainEnd() throws Exception {
    Session[] s = pair(SessionOptions.Mode.COMPAT);
    BytePipe pipe = BytePipe.create();
    s[0].newSender(Carry.class).send(new Carry(pipe.remote()));
    ByteStream atServer = s[1].accept(Carry.class).receive().stream();
    atServer.output().write("bye".getBytes(StandardCharsets.UTF_8));
    atServer.fail(403, "denied");
    // jschan has no error frame: the reader sees the bytes and a normal end of stream.
    assertEquals("bye", new String(pipe.local().input().readAllBytes(), StandardCharsets.UTF_8));
  }
}
