package p2pshare.peer;

import static p2pshare.testkit.Await.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.RpcServer;

/**
 * A tracker that answers {@code sources} and {@code search} with scripted replies (in the shape docs/protocol.md
 * gives, or any other) and everything else with what a joined peer needs: a test controls exactly what a
 * downloader is told.
 */
final class FakeTracker implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final int port;
  private volatile JsonObject sources = new JsonObject().put("fileId", "").put("peers", new JsonArray());
  private volatile JsonObject search = new JsonObject().put("files", new JsonArray());

  FakeTracker() throws Exception {
    port = await(vertx.createNetServer().connectHandler(socket -> {
      RpcServer c = new RpcServer(new FrameChannel(vertx, socket, new FrameChannel.Limits(1 << 20, 0, 0)), 32)
          .serveHello("tracker");
      c.requestHandler(request -> {
        int id = request.getInteger("id");
        JsonObject reply = switch (request.getString("type")) {
          case "join" -> new JsonObject().put("type", "joined").put("peerId", "me").put("peerTimeoutSeconds", 60);
          case "sources" -> sources.copy().put("type", "sources");
          case "search" -> search.copy().put("type", "files");
          default -> new JsonObject().put("type", "ok");
        };
        return c.send(reply.put("id", id));
      });
    }).listen(0, "127.0.0.1")).actualPort();
  }

  /** What a {@code sources} request gets from now on (type and id are added). */
  FakeTracker sources(JsonObject reply) {
    this.sources = reply;
    return this;
  }

  /** What a {@code search} request gets from now on (type and id are added). */
  FakeTracker search(JsonObject reply) {
    this.search = reply;
    return this;
  }

  @Override
  public void close() throws Exception {
    await(vertx.close());
  }
}
