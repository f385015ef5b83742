package p2pshare.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2pshare.testkit.Await.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.tls.NetworkTls;

/**
 * A server that hands connections beginning with one message type to someone else, and serves every other
 * connection as before, whatever pieces its first bytes come in.
 */
@ExtendWith(VertxExtension.class)
class FrameServerHandOffTest {
  private final LinkedBlockingQueue<JsonObject> handedOff = new LinkedBlockingQueue<>();
  private final CompletableFuture<NetSocket> taken = new CompletableFuture<>();
  private Context loop;
  private FrameServer server;
  private int port;

  private void listen(Vertx vertx) throws Exception {
    loop = vertx.getOrCreateContext();
    server = new FrameServer(vertx, NetworkTls.open(), new FrameServer.Settings("test server", "this server", "srv",
        10, 10, new FrameChannel.Limits(65536, 0, 0), 4), (connection, socket) -> {
          connection.requestHandler(request -> connection.send(new JsonObject().put("type", "ok")
              .put("id", request.getValue("id")).put("echo", request.getValue("type"))));
          return why -> { };
        }).handOff("reverse", (first, socket) -> {
          handedOff.add(first);
          taken.complete(socket);
        });
    port = await(onLoop(() -> server.listen(new NetServerOptions(), "127.0.0.1", 0)));
  }

  @Test
  void aConnectionThatBeginsWithTheTypeIsHandedOverWithItsSocket(Vertx vertx) throws Exception {
    listen(vertx);
    NetSocket dialler = await(onLoop(() -> vertx.createNetClient().connect(port, "127.0.0.1")));
    dialler.write(Frames.json(new JsonObject().put("type", "reverse").put("token", "t1")));

    assertEquals(new JsonObject().put("type", "reverse").put("token", "t1"), handedOff.poll(10, TimeUnit.SECONDS));
    assertEquals(0, server.connections(), "a handed-off connection is not the server's any more");
    // The socket now works the other way round: the taker asks, the dialler answers.
    NetSocket socket = taken.get(10, TimeUnit.SECONDS);
    CompletableFuture<Buffer> heard = new CompletableFuture<>();
    dialler.handler(heard::complete);
    loop.runOnContext(v -> socket.write(Buffer.buffer("ping")));
    assertEquals("ping", heard.get(10, TimeUnit.SECONDS).toString());
  }

  @Test
  void anyOtherStartIsServedAsBeforeEvenOneByteAtATime(Vertx vertx) throws Exception {
    listen(vertx);
    NetSocket client = await(onLoop(() -> vertx.createNetClient().connect(port, "127.0.0.1")));
    LinkedBlockingQueue<Frame> replies = new LinkedBlockingQueue<>();
    loop.runOnContext(v -> new FrameStream(client, 65536, 0, null, null).handler(replies::add));
    Buffer hello = Frames.json(Hello.of("client").put("id", 1));
    Buffer work = Frames.json(new JsonObject().put("type", "work").put("id", 2));
    Buffer both = hello.copy().appendBuffer(work);
    for (int i = 0; i < both.length(); i++) {
      client.write(both.slice(i, i + 1).copy());
    }
    assertEquals("hello", Frames.jsonOf(replies.poll(10, TimeUnit.SECONDS).body()).getString("type"));
    assertEquals("work", Frames.jsonOf(replies.poll(10, TimeUnit.SECONDS).body()).getString("echo"));
    assertEquals(0, handedOff.size());
    assertEquals(1, server.connections());
  }

  @Test
  void aLargeFirstFrameIsNoHandOffAndIsReadWhole(Vertx vertx) throws Exception {
    listen(vertx);
    NetSocket client = await(onLoop(() -> vertx.createNetClient().connect(port, "127.0.0.1")));
    LinkedBlockingQueue<Frame> replies = new LinkedBlockingQueue<>();
    loop.runOnContext(v -> new FrameStream(client, 65536, 0, null, null).handler(replies::add));
    // Of the type, but longer than a hand-off's first message may be: served, by the request handler.
    client.write(Frames.json(new JsonObject().put("type", "reverse").put("id", 1).put("pad", "x".repeat(4000))));
    assertEquals("reverse", Frames.jsonOf(replies.poll(10, TimeUnit.SECONDS).body()).getString("echo"));
    assertEquals(0, handedOff.size());
  }

  @Test
  void aBurstOfPipelinedRequestsAsTheFirstBytesIsServedWhole(Vertx vertx) throws Exception {
    listen(vertx);
    NetSocket client = await(onLoop(() -> vertx.createNetClient().connect(port, "127.0.0.1")));
    LinkedBlockingQueue<Frame> replies = new LinkedBlockingQueue<>();
    loop.runOnContext(v -> new FrameStream(client, 65536, 0, null, null).handler(replies::add));
    Buffer burst = Buffer.buffer();
    for (int i = 1; i <= 40; i++) {
      burst.appendBuffer(Frames.json(new JsonObject().put("type", "work").put("id", i).put("pad", "y".repeat(4000))));
    }
    client.write(burst); // about 160 KB in one write: the first read is as large as the socket makes it
    for (int i = 1; i <= 40; i++) {
      JsonObject reply = Frames.jsonOf(replies.poll(10, TimeUnit.SECONDS).body());
      assertEquals(i, reply.getInteger("id"));
    }
    assertEquals(0, handedOff.size());
  }

  private <T> Future<T> onLoop(Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    loop.runOnContext(v -> action.get().onComplete(done));
    return done.future();
  }
}
