package org.libchan4j.examples;

import java.util.List;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.transport.InMemoryTransport;

/**
 * Request/reply with a return channel, plus a stream of progress updates on a second nested channel, between two
 * sessions wired in memory. The same code runs over WebSocket by changing only how the sessions are opened.
 */
public final class InMemoryRequestReply {

  /** One record type serves both sides, as in Go's libchan: the channels travel inside it. */
  public record Request(String cmd, List<String> args, Sender<Progress> progress, Sender<Status> status) {}

  public record Progress(int percent) {}

  public record Status(int code, String output) {}

  public static void main(String[] args) throws Exception {
    InMemoryTransport[] wire = InMemoryTransport.pair();
    try (Session client = Session.open(wire[0], SessionOptions.builder(Session.Role.CLIENT).build());
        Session server = Session.open(wire[1], SessionOptions.builder(Session.Role.SERVER).build())) {

      Thread service = new Thread(() -> serve(server), "service");
      service.start();

      Sender<Request> requests = client.newSender(Request.class);
      for (String word : List.of("hello", "channels")) {
        Pipe<Progress> progress = Pipe.buffered(16);
        Pipe<Status> status = Pipe.create();
        requests.send(new Request("upper", List.of(word), progress.sender(), status.sender()));
        for (Progress p : progress.receiver()) System.out.println("  progress " + p.percent() + "%");
        Status s = status.receiver().receive();
        System.out.println("upper(" + word + ") -> " + s.output() + " (code " + s.code() + ")");
      }
      requests.close();
      service.join();
    }
    System.out.println("done: two requests, each with its own return and progress channels");
  }

  private static void serve(Session server) {
    try {
      Receiver<Request> requests = server.accept(Request.class);
      for (Request r : requests) {
        for (int p = 50; p <= 100; p += 50) r.progress().send(new Progress(p));
        r.progress().close();
        r.status().send(new Status(0, String.join(" ", r.args()).toUpperCase()));
        r.status().close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
