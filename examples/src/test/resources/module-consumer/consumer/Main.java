package consumer;

import java.net.InetSocketAddress;
import org.libchan4j.Pipe;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.client.ChanClient;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.socket.ChanListener;
import org.libchan4j.socket.ChanSockets;

/** A request and its reply over WebSocket (ChanServer and ChanClient) and over TCP (ChanSockets), as a module. */
public final class Main {
  public record Request(String text, Sender<Reply> reply) {}

  public record Reply(String text) {}

  public static void main(String[] args) throws Exception {
    ChanEndpoint endpoint = ChanEndpoint.builder((session, handshake) -> serve(session)).build();
    try (ChanServer server = ChanServer.builder(endpoint).build().start(); // 127.0.0.1, a free port
        Session session = ChanClient.connect(server.uri())) {
      System.out.println("websocket: " + ask(session, "over websocket"));
    }
    try (ChanListener listener = ChanSockets.listen(new InetSocketAddress("127.0.0.1", 0), Main::serve);
        Session session = ChanSockets.dial(listener.address())) {
      System.out.println("socket: " + ask(session, "over tcp"));
    }
  }

  private static void serve(Session session) throws InterruptedException {
    for (Request r : session.accept(Request.class)) {
      r.reply().send(new Reply(r.text()));
      r.reply().close();
    }
  }

  private static String ask(Session session, String text) throws InterruptedException {
    Sender<Request> requests = session.newSender(Request.class);
    Pipe<Reply> reply = Pipe.create();
    requests.send(new Request(text, reply.sender()));
    String answer = reply.receiver().receive().text();
    requests.close(); // the server's accept loop ends
    return answer;
  }
}
