package p2pshare.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static p2pshare.testkit.Await.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.tls.NetworkTls;

/** The accepting server: connections over either limit are closed on arrival, and a closed one frees its slot. */
@ExtendWith(VertxExtension.class)
class FrameServerTest {
  private final LinkedBlockingQueue<ProtocolException> closed = new LinkedBlockingQueue<>();
  private Context loop;
  private FrameServer server;
  private int port;

  private void listen(Vertx vertx, int max, int maxPerAddress) throws Exception {
    loop = vertx.getOrCreateContext();
    server = new FrameServer(vertx, NetworkTls.open(), new FrameServer.Settings("test server", "this server", "srv",
        max, maxPerAddress, new FrameChannel.Limits(65536, 0, 0), 4), (connection, socket) -> {
          connection.requestHandler(request -> connection.send(new JsonObject().put("type", "ok")
              .put("id", request.getValue("id"))));
          return closed::add;
        });
    port = await(onLoop(() -> server.listen(new NetServerOptions(), "127.0.0.1", 0)));
  }

  @Test
  void aConnectionOverTheLimitPerAddressIsClosedAndAFreedSlotIsReused(Vertx vertx) throws Exception {
    listen(vertx, 10, 2);
    RpcClient first = hello(vertx);
    hello(vertx);
    assertEquals(2, server.connections());
    refused(vertx);
    assertEquals(2, server.connections());
    await(onLoop(() -> {
      first.close();
      return Future.succeededFuture();
    }));
    assertEquals(ErrorCode.CLOSED, closed.poll(10, TimeUnit.SECONDS).code());
    assertEquals(1, server.connections());
    hello(vertx);
    assertEquals(2, server.connections());
  }

  @Test
  void aConnectionOverTheTotalLimitIsClosed(Vertx vertx) throws Exception {
    listen(vertx, 1, 5);
    RpcClient only = hello(vertx);
    refused(vertx);
    assertEquals("ok", await(onLoop(() -> only.request(new JsonObject().put("type", "work")))).getString("type"));
    assertEquals(1, server.connections());
  }

  @Test
  void aPortInUseFailsWithWhere(Vertx vertx) throws Exception {
    listen(vertx, 1, 1);
    FrameServer second = new FrameServer(vertx, NetworkTls.open(), new FrameServer.Settings("test server",
        "this server", "srv", 1, 1, new FrameChannel.Limits(65536, 0, 0), 4), (connection, socket) -> why -> { });
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> await(onLoop(() -> second.listen(new NetServerOptions(), "127.0.0.1", port))));
    String message = failed.getCause().getMessage();
    assertEquals("cannot listen on 127.0.0.1:" + port + ": ", message.substring(0, message.indexOf(": ") + 2));
  }

  /** A client that connected and was served its hello. */
  private RpcClient hello(Vertx vertx) throws Exception {
    RpcClient client = await(connect(vertx));
    await(onLoop(() -> client.hello("client")));
    return client;
  }

  /** A client that connected and was closed before its hello was answered. */
  private void refused(Vertx vertx) throws Exception {
    RpcClient client = await(connect(vertx));
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> await(onLoop(() -> client.hello("client"))));
    assertEquals(ErrorCode.CLOSED, ((ProtocolException) failed.getCause()).code());
  }

  private Future<RpcClient> connect(Vertx vertx) {
    return onLoop(() -> vertx.createNetClient().connect(port, "127.0.0.1").map(socket ->
        new RpcClient(new FrameChannel(vertx, socket, new FrameChannel.Limits(65536, 0, 0)))));
  }

  private <T> Future<T> onLoop(Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    loop.runOnContext(v -> action.get().onComplete(done));
    return done.future();
  }
}
