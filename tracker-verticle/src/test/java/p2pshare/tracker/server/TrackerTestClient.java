package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import p2pshare.protocol.FrameStream;
import p2pshare.protocol.Frames;
import p2pshare.protocol.ProtocolException;

/** A blocking tracker client for tests: sends requests, waits for replies by id, collects messages without id. */
final class TrackerTestClient {
  static final long WAIT_SECONDS = 15;

  private final NetSocket socket;
  private final FrameStream frames;
  private final Context context;
  private final AtomicLong nextId = new AtomicLong(1);
  private final Map<Long, CompletableFuture<JsonObject>> waiting = new ConcurrentHashMap<>();
  private final BlockingQueue<JsonObject> withoutId = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final List<Long> replyOrder = new CopyOnWriteArrayList<>();
  /** Set by {@link #joined}. */
  String peerId;

  /** Held so the client is not garbage-collected, and closed with it, while its connection is in use. */
  private final NetClient client;

  private TrackerTestClient(NetClient client, NetSocket socket) {
    this.client = client;
    this.socket = socket;
    this.context = Vertx.currentContext();
    this.frames = new FrameStream(socket, 64 << 20, 0, null, null);
    frames.handler(frame -> onFrame(frame.body()))
        .exceptionHandler(why -> socket.close())
        .endHandler(v -> {
          closed.complete(null);
          // Requests sent to a connection that closes get no reply: say so instead of letting them wait.
          waiting.values().forEach(reply -> reply.completeExceptionally(new IllegalStateException("closed")));
        });
  }

  static TrackerTestClient connect(Vertx vertx, int port) {
    return connectFrom(vertx, port, null);
  }

  /** Connects from {@code localAddress} (on Linux any of 127.0.0.0/8 is loopback), or from any if null. */
  static TrackerTestClient connectFrom(Vertx vertx, int port, String localAddress) {
    return connect(vertx, port, new NetClientOptions().setLocalAddress(localAddress));
  }

  static TrackerTestClient connect(Vertx vertx, int port, NetClientOptions options) {
    try {
      // Handlers go on in the connect callback, on the socket's event loop: a close that follows at once (a refused
      // connection) cannot happen before they are there.
      NetClient client = vertx.createNetClient(options);
      return client.connect(port, "127.0.0.1").map(socket -> new TrackerTestClient(client, socket))
          .await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("cannot connect to the tracker: " + e, e);
    }
  }

  /** Connects and joins with these files; returns the client, whose {@link #peerId} is then set. */
  static TrackerTestClient joined(Vertx vertx, int port, String name, int servePort, JsonObject... files) {
    return joinedFrom(vertx, port, null, name, servePort, files);
  }

  /** As {@link #joined}, connecting from {@code localAddress}. */
  static TrackerTestClient joinedFrom(Vertx vertx, int port, String localAddress, String name, int servePort,
      JsonObject... files) {
    TrackerTestClient client = connectFrom(vertx, port, localAddress);
    JsonObject reply = client.call(join(name, servePort, files));
    assertEquals("joined", reply.getString("type"), reply.encode());
    client.peerId = reply.getString("peerId");
    return client;
  }

  static JsonObject join(String name, int servePort, JsonObject... files) {
    return new JsonObject().put("type", "join").put("name", name).put("host", "127.0.0.1").put("port", servePort)
        .put("files", new JsonArray(List.of((Object[]) files)));
  }

  static JsonObject request(String type) {
    return new JsonObject().put("type", type);
  }

  /** Sends a request (an id is added unless it has one) and waits for the reply with that id. */
  JsonObject call(JsonObject request) {
    CompletableFuture<JsonObject> reply = send(request);
    try {
      return reply.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no reply to " + request.encode() + ": " + e, e);
    }
  }

  /** Sends a request without waiting (an id is added unless it has one); the reply completes the result. */
  CompletableFuture<JsonObject> send(JsonObject request) {
    long id = request.containsKey("id") ? request.getLong("id") : nextId.getAndIncrement();
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    waiting.put(id, reply);
    socket.write(Frames.json(request.copy().put("id", id)));
    return reply;
  }

  /** Sends a request already encoded with {@link Frames} whose id is {@code id}; the reply completes the result. */
  CompletableFuture<JsonObject> sendEncoded(long id, Buffer frame) {
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    waiting.put(id, reply);
    socket.write(frame);
    if (closed.isDone()) {
      reply.completeExceptionally(new IllegalStateException("closed"));
    }
    return reply;
  }

  /** The ids of all replies received so far, in arrival order. */
  List<Long> replyOrder() {
    return List.copyOf(replyOrder);
  }

  /** Sends a request and expects an error reply with this code. */
  void expectError(JsonObject request, String code) {
    JsonObject reply = call(request);
    assertEquals("error", reply.getString("type"), reply.encode());
    assertEquals(code, reply.getString("code"), reply.encode());
  }

  /** Stops reading: what the tracker sends waits in its queues and the sockets' buffers. */
  void pauseReading() {
    onSocketThread(frames::pause);
  }

  void resumeReading() {
    onSocketThread(frames::resume);
  }

  private void onSocketThread(Runnable action) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      action.run();
      done.complete(null);
    });
    done.join();
  }

  void sendRaw(Buffer bytes) {
    socket.write(bytes);
  }

  /** The next message without an id: an event, or an error about a request without a usable id. */
  JsonObject nextWithoutId() {
    try {
      JsonObject message = withoutId.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (message == null) {
        fail("no message without id within " + WAIT_SECONDS + " s");
      }
      return message;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The messages without an id received and not yet taken. */
  int waitingWithoutId() {
    return withoutId.size();
  }

  boolean awaitClosed(long millis) {
    try {
      closed.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  void assertClosed() {
    if (!awaitClosed(WAIT_SECONDS * 1000)) {
      fail("the tracker did not close the connection");
    }
  }

  boolean isClosed() {
    return closed.isDone();
  }

  void close() {
    socket.close();
    assertClosed();
  }

  private void onFrame(Buffer body) {
    try {
      JsonObject message = Frames.jsonOf(body);
      Long id = message.getLong("id");
      CompletableFuture<JsonObject> reply = id == null ? null : waiting.remove(id);
      if (id != null) {
        replyOrder.add(id);
      }
      if (reply != null) {
        reply.complete(message);
      } else {
        withoutId.add(message);
      }
    } catch (ProtocolException e) {
      withoutId.add(new JsonObject().put("type", "unreadable").put("message", e.getMessage()));
    }
  }
}
