package p2pshare.peer.tracker;

import static p2pshare.testkit.Await.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.Hello;
import p2pshare.protocol.RpcServer;

/**
 * A tracker on a loopback port, in its own Vert.x, whose answers a test scripts ({@link #script}): by default it
 * takes every join (peerId {@code p1}, secret {@code s1}) and answers {@code ok} to anything else. It records every
 * request it gets, can push events and drop its connections, or close each connection at the hello.
 */
final class ScriptedTracker implements AutoCloseable {
  static final Function<JsonObject, Future<JsonObject>> TAKES_ALL = request -> Future.succeededFuture(
      "join".equals(request.getString("type"))
          ? new JsonObject().put("type", "joined").put("peerId", "p1").put("secret", "s1")
              .put("tracker", new JsonObject().put("clustered", false))
          : new JsonObject().put("type", "ok"));

  final Vertx vertx = Vertx.vertx();
  final List<JsonObject> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();
  private final Map<RpcServer, Context> open = new ConcurrentHashMap<>();
  private final NetServer server;
  private volatile Function<JsonObject, Future<JsonObject>> script = TAKES_ALL;
  private volatile boolean closeAtHello;
  private volatile int speaks = Hello.VERSION;

  ScriptedTracker() throws Exception {
    this(0);
  }

  ScriptedTracker(int port) throws Exception {
    server = vertx.createNetServer().connectHandler(socket -> {
      connections.incrementAndGet();
      if (closeAtHello) {
        socket.closeHandler(v -> closed.incrementAndGet());
        socket.handler(bytes -> socket.close());
        return;
      }
      RpcServer c = new RpcServer(new FrameChannel(vertx, socket, new FrameChannel.Limits(1 << 20, 0, 0)), 32)
          .serveHello("tracker", speaks);
      open.put(c, Vertx.currentContext());
      c.closeHandler(why -> {
        open.remove(c);
        closed.incrementAndGet();
      });
      c.requestHandler(request -> {
        requests.add(request.copy());
        int id = request.getInteger("id");
        script.apply(request).onSuccess(reply -> c.send(reply.copy().put("id", id)));
        return Future.succeededFuture();
      });
    });
    await(server.listen(port, "127.0.0.1"));
  }

  int port() {
    return server.actualPort();
  }

  TrackerAddress address() {
    return new TrackerAddress("127.0.0.1", port());
  }

  /** How requests are answered from now on: a future that never completes is a tracker that stays silent. */
  ScriptedTracker script(Function<JsonObject, Future<JsonObject>> script) {
    this.script = script;
    return this;
  }

  /** From now on, answers each new connection's hello as a tracker of protocol version {@code version}. */
  ScriptedTracker speaks(int version) {
    this.speaks = version;
    return this;
  }

  /** From now on, closes each new connection as soon as its first bytes (the hello) arrive. */
  ScriptedTracker closeAtHello() {
    this.closeAtHello = true;
    return this;
  }

  /** The requests of {@code type} received so far, in order. */
  List<JsonObject> received(String type) {
    return requests.stream().filter(r -> type.equals(r.getString("type"))).toList();
  }

  /** Pushes {@code event} to every open connection. */
  void push(JsonObject event) throws Exception {
    List<Future<Void>> sent = new ArrayList<>();
    open.forEach((c, context) -> {
      Promise<Void> done = Promise.promise();
      context.runOnContext(v -> c.send(event).onComplete(done));
      sent.add(done.future());
    });
    await(Future.all(sent));
  }

  /** Closes every open connection, as a tracker that restarts would. */
  void dropAll() {
    open.forEach((c, context) -> context.runOnContext(v -> c.close()));
  }

  /** An error reply with {@code code}, as the tracker refuses. */
  static JsonObject error(String code, String message) {
    return new JsonObject().put("type", "error").put("code", code).put("message", message);
  }

  @Override
  public void close() throws Exception {
    await(vertx.close());
  }
}
