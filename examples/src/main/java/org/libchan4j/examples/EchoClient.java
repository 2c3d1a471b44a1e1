package org.libchan4j.examples;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.libchan4j.Pipe;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.client.ChanClient;
import org.libchan4j.examples.EchoService.Reply;
import org.libchan4j.examples.EchoService.Request;

/**
 * Connects to an {@link EchoService} and sends each text as a request with a fresh return channel:
 *
 * <pre>
 * mvn -q -pl examples exec:java -Dexec.mainClass=org.libchan4j.examples.EchoClient \
 *     -Dexec.args="ws://127.0.0.1:8080/chan hello channels"
 * </pre>
 */
public final class EchoClient {
  private EchoClient() {}

  /** Sends every text in order, waiting for each reply; returns the replies. */
  public static List<Reply> run(URI service, List<String> texts) throws InterruptedException {
    try (Session session = ChanClient.connect(service)) {
      Sender<Request> requests = session.newSender(Request.class); // the channel the service accepts
      List<Reply> replies = new ArrayList<>();
      for (String text : texts) {
        Pipe<Reply> reply = Pipe.create(); // keep the receiver, send the sender along
        requests.send(new Request(text, reply.sender()));
        replies.add(reply.receiver().receive());
      }
      requests.close();
      return replies;
    }
  }

  /** {@code EchoClient [uri [text...]]}; defaults: {@code ws://127.0.0.1:8080/chan}, "hello" and "channels". */
  public static void main(String[] args) throws InterruptedException {
    URI service = URI.create(args.length > 0 ? args[0] : "ws://127.0.0.1:8080/chan");
    List<String> texts = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of("hello", "channels");
    for (Reply r : run(service, texts)) System.out.println("reply " + r.n() + ": " + r.text());
  }
}
