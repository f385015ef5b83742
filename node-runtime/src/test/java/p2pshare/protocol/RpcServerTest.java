package p2pshare.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The serving side, driven by an {@link RpcClient}: requests one at a time and in order, the hello, pushes. */
@ExtendWith(VertxExtension.class)
class RpcServerTest {
  private Context loop;

  /** A client connected to a server set up by {@code setUp}; both run on {@link #loop}. */
  private RpcClient connect(Vertx vertx, Consumer<RpcServer> setUp) throws Exception {
    int port = await(vertx.createNetServer().connectHandler(socket -> setUp.accept(server(vertx, socket)))
        .listen(0, "127.0.0.1")).actualPort();
    loop = vertx.getOrCreateContext();
    return await(onLoop(() -> vertx.createNetClient().connect(port, "127.0.0.1").map(socket ->
        new RpcClient(new FrameChannel(vertx, socket, new FrameChannel.Limits(65536, 0, 0))))));
  }

  private static RpcServer server(Vertx vertx, NetSocket socket) {
    return new RpcServer(new FrameChannel(vertx, socket, new FrameChannel.Limits(65536, 0, 0)), 4)
        .serveHello("server");
  }

  @Test
  void pipelinedRequestsAreServedOneAtATimeInOrder(Vertx vertx) throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    RpcClient client = connect(vertx, server -> server.requestHandler(request -> {
      int n = request.getInteger("n");
      events.add("start " + n);
      Promise<Void> replied = Promise.promise();
      // Each takes its own time, so a server that overlapped them would finish them out of order.
      vertx.setTimer(1 + ThreadLocalRandom.current().nextInt(10), t -> {
        events.add("end " + n);
        server.send(new JsonObject().put("type", "ok").put("n", n).put("id", request.getValue("id")))
            .onComplete(replied);
      });
      return replied.future();
    }));
    List<Future<JsonObject>> replies = await(onLoop(() -> {
      List<Future<JsonObject>> all = new ArrayList<>();
      for (int n = 0; n < 12; n++) {
        all.add(client.request(new JsonObject().put("type", "work").put("n", n)));
      }
      return Future.succeededFuture(all);
    }));
    List<String> expected = new ArrayList<>();
    for (int n = 0; n < 12; n++) {
      assertEquals(n, await(replies.get(n)).getInteger("n"));
      expected.add("start " + n);
      expected.add("end " + n);
    }
    assertEquals(expected, events);
  }

  @Test
  void aServedHelloAgreesOnTheVersionAndLearnsTheName(Vertx vertx) throws Exception {
    Promise<RpcServer> served = Promise.promise();
    RpcClient client = connect(vertx, served::complete);
    JsonObject theirs = await(onLoop(() -> client.hello("alice")));
    assertEquals("server", theirs.getString("name"));
    assertEquals(Hello.VERSION, await(onLoop(() -> Future.succeededFuture(client.version()))));
    RpcServer server = await(served.future());
    assertEquals("alice", server.remoteName());
    assertEquals(Hello.VERSION, server.version());
  }

  @Test
  void aFirstMessageThatIsNotAHelloMarksAVersionOnePeer(Vertx vertx) throws Exception {
    Promise<RpcServer> served = Promise.promise();
    RpcClient client = connect(vertx, server -> served.complete(server.requestHandler(request ->
        server.send(new JsonObject().put("type", "ok").put("id", request.getValue("id"))))));
    assertEquals("ok", await(onLoop(() -> client.request(new JsonObject().put("type", "work")))).getString("type"));
    assertEquals(1, await(served.future()).version());
  }

  @Test
  void aRefusedHelloIsAnsweredWithWhyAndTheConnectionEnds(Vertx vertx) throws Exception {
    Promise<ProtocolException> closed = Promise.promise();
    RpcClient client = connect(vertx, server -> server.refuseHello(ErrorCode.FORBIDDEN, "not you"));
    await(onLoop(() -> {
      client.closeHandler(closed::tryComplete);
      return Future.succeededFuture();
    }));
    ExecutionException failed = assertThrows(ExecutionException.class, () -> await(onLoop(() -> client.hello("x"))));
    ProtocolException refusal = (ProtocolException) failed.getCause();
    assertEquals(ErrorCode.FORBIDDEN, refusal.code());
    assertTrue(refusal.getMessage().contains("not you"), refusal.getMessage());
    assertEquals(ErrorCode.CLOSED, await(closed.future()).code());
  }

  @Test
  void messagesWithoutAnIdGoToThePushHandlerOutOfTurn(Vertx vertx) throws Exception {
    Promise<JsonObject> pushed = Promise.promise();
    RpcClient client = connect(vertx, server -> server.pushHandler(pushed::tryComplete)
        .requestHandler(request -> Promise.<Void>promise().future())); // a request that is never answered
    await(onLoop(() -> {
      client.call(new JsonObject().put("type", "chunk"));
      return client.send(new JsonObject().put("type", "cancel").put("request", 1));
    }));
    assertEquals("cancel", await(pushed.future()).getString("type"));
  }

  private <T> Future<T> onLoop(Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    loop.runOnContext(v -> action.get().onComplete(done));
    return done.future();
  }
}
