package p2pshare.tracker.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import p2pshare.protocol.FrameStream;

/**
 * The generator's side of one tracker connection, kept cheap so the generator measures the tracker and not itself:
 * requests are written from heads encoded beforehand ({@link RequestFrames}) with only their id added, and since the
 * tracker answers one connection's requests in order (a connection without {@code hello} speaks version 1), each
 * reply goes to the oldest waiting request without being parsed here (its reader checks the id). Runs on the
 * socket's event loop only.
 */
final class LoadConnection {
  private static final int MAX_FRAME = 64 << 20;

  /** Takes the reply body to request {@code id} (JSON kind byte first), or null when the connection closed. */
  interface Answer {
    void accept(long id, Buffer body);
  }

  private record Waiting(long id, Answer answer) {
  }

  private final NetSocket socket;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private Runnable closeHandler = () -> { };
  private boolean closed;
  private long nextId = 1;

  LoadConnection(NetSocket socket) {
    this.socket = socket;
    new FrameStream(socket, MAX_FRAME, 0, null, null)
        .handler(frame -> {
          if (isEvent(frame.body())) {
            return; // a push (the reachability of this simulated peer, say): it answers no request
          }
          Waiting next = waiting.poll();
          if (next != null) {
            next.answer.accept(next.id, frame.body());
          }
        })
        .exceptionHandler(e -> socket.close())
        .endHandler(v -> onClosed());
  }

  /** Whether a JSON frame body is an event: every reply starts {@code {"type":T,"id":}, no event has an id. */
  private static boolean isEvent(Buffer body) {
    int head = Math.min(body.length(), 64);
    return !body.getString(0, head, "ISO-8859-1").contains(",\"id\":");
  }

  LoadConnection closeHandler(Runnable handler) {
    this.closeHandler = handler;
    return this;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Sends the request whose head ({@link RequestFrames}: its JSON text up to {@code "id":}) is
   * {@code head[offset .. offset + length)}; the id is chosen and added here.
   */
  void send(byte[] head, int offset, int length, Answer answer) {
    long id = nextId++;
    if (closed) {
      answer.accept(id, null);
      return;
    }
    waiting.add(new Waiting(id, answer));
    socket.write(RequestFrames.frame(head, offset, length, id));
  }

  void send(byte[] head, Answer answer) {
    send(head, 0, head.length, answer);
  }

  void close() {
    socket.close();
  }

  private void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    Waiting next;
    while ((next = waiting.poll()) != null) {
      next.answer.accept(next.id, null);
    }
    closeHandler.run();
  }
}
