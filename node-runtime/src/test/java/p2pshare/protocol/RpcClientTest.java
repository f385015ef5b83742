package p2pshare.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The asking side against a scripted server that writes whatever bytes the test says, when it says: answers in any
 * order, answers to calls given up, and a close.
 */
@ExtendWith(VertxExtension.class)
class RpcClientTest {
  private final List<JsonObject> pushes = new CopyOnWriteArrayList<>();
  private final List<ByteBuffer> givenBack = new CopyOnWriteArrayList<>();
  private final AtomicInteger targetsTaken = new AtomicInteger();
  private final Promise<ByteBuffer> firstTarget = Promise.promise();
  private Context loop;
  private NetSocket server;
  private RpcClient client;

  @BeforeEach
  void connect(Vertx vertx) throws Exception {
    Promise<NetSocket> accepted = Promise.promise();
    int port = await(vertx.createNetServer().connectHandler(accepted::complete).listen(0, "127.0.0.1")).actualPort();
    loop = vertx.getOrCreateContext();
    client = await(onLoop(() -> vertx.createNetClient().connect(port, "127.0.0.1").map(socket ->
        new RpcClient(new FrameChannel(vertx, socket, new FrameChannel.Limits(65536, 65536, 0)))
            .pushHandler(pushes::add)
            .dataTargets((id, length) -> {
              targetsTaken.incrementAndGet();
              ByteBuffer target = ByteBuffer.allocate(length);
              firstTarget.tryComplete(target);
              return Future.succeededFuture(target);
            }, givenBack::add))));
    server = await(accepted.future());
  }

  @Test
  void aCallGivenUpBeforeItsAnswerFailsAndTheAnswerIsDroppedWhenItComes() throws Exception {
    Future<List<Future<Frame>>> calls = onLoop(() -> {
      Call<Frame> givenUp = client.call(request("manifest"));
      givenUp.cancel();
      Call<Frame> next = client.call(request("manifest"));
      return Future.succeededFuture(List.of(givenUp.future(), next.future()));
    });
    List<Future<Frame>> futures = await(calls);
    assertEquals(ErrorCode.CANCELLED, refusalOf(futures.get(0)).code());
    await(server.write(Frames.json(new JsonObject().put("type", "late").put("id", 1))
        .appendBuffer(Frames.json(new JsonObject().put("type", "manifest").put("id", 2)))));
    Frame answer = await(futures.get(1));
    assertEquals(2, Frames.jsonOf(answer.body()).getInteger("id"));
    assertEquals(List.of(), pushes, "the late answer is not a push");
    assertEquals(0, (int) await(onLoop(() -> Future.succeededFuture(client.inFlight()))));
  }

  @Test
  void cancellingAnAnsweredCallChangesNothing() throws Exception {
    Future<Frame> answer = await(onLoop(() -> {
      Call<Frame> call = client.call(request("manifest"));
      return Future.succeededFuture(call.future().andThen(done -> call.cancel()));
    }));
    await(server.write(Frames.json(new JsonObject().put("type", "manifest").put("id", 1))));
    assertEquals("manifest", Frames.jsonOf(await(answer).body()).getString("type"));
    assertTrue(answer.succeeded());
    assertTrue(await(onLoop(() -> Future.succeededFuture(client.isOpen() && client.inFlight() == 0))));
  }

  @Test
  void aDataAnswerToACallGivenUpIsReadWithoutTakingABuffer() throws Exception {
    Future<Frame> next = await(onLoop(() -> {
      client.call(request("chunk")).cancel();
      return Future.succeededFuture(client.call(request("manifest")).future());
    }));
    await(server.write(Frames.dataHeader(1, 1000).appendBytes(new byte[1000])
        .appendBuffer(Frames.json(new JsonObject().put("type", "manifest").put("id", 2)))));
    await(next);
    assertEquals(0, targetsTaken.get());
  }

  @Test
  void aCallGivenUpWhileItsDataIsReadGivesItsBufferBack() throws Exception {
    Call<Frame> chunk = await(onLoop(() -> Future.succeededFuture(client.call(request("chunk")))));
    await(server.write(Frames.dataHeader(1, 1000).appendBytes(new byte[10])));
    ByteBuffer target = await(firstTarget.future());
    Future<Frame> next = await(onLoop(() -> {
      chunk.cancel();
      return Future.succeededFuture(client.call(request("manifest")).future());
    }));
    await(server.write(Buffer.buffer(new byte[990])
        .appendBuffer(Frames.json(new JsonObject().put("type", "manifest").put("id", 2)))));
    await(next);
    assertEquals(ErrorCode.CANCELLED, refusalOf(chunk.future()).code());
    assertEquals(1, givenBack.size());
    assertSame(target, givenBack.get(0));
  }

  @Test
  void anErrorReplyFailsTheRequestWithItsCode() throws Exception {
    Future<JsonObject> reply = await(onLoop(() -> Future.succeededFuture(client.request(request("manifest")))));
    await(server.write(Frames.json(Frames.error(1, ErrorCode.UNKNOWN_FILE, "no such file"))));
    ProtocolException refusal = refusalOf(reply);
    assertEquals(ErrorCode.UNKNOWN_FILE, refusal.code());
    assertTrue(refusal.getMessage().contains("no such file"), refusal.getMessage());
  }

  @Test
  void aCloseFailsEveryPendingCallAndLaterOnesAtOnce() throws Exception {
    List<Future<Frame>> pending = await(onLoop(() -> Future.succeededFuture(
        List.of(client.call(request("chunk")).future(), client.call(request("chunk")).future()))));
    await(server.close());
    assertEquals(ErrorCode.CLOSED, refusalOf(pending.get(0)).code());
    assertEquals(ErrorCode.CLOSED, refusalOf(pending.get(1)).code());
    Future<Frame> after = await(onLoop(() -> Future.succeededFuture(client.call(request("chunk")).future())));
    assertEquals(ErrorCode.CLOSED, refusalOf(after).code());
  }

  private static JsonObject request(String type) {
    return new JsonObject().put("type", type);
  }

  private <T> Future<T> onLoop(Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    loop.runOnContext(v -> action.get().onComplete(done));
    return done.future();
  }

  private static ProtocolException refusalOf(Future<?> future) {
    ExecutionException failed = assertThrows(ExecutionException.class, () -> await(future));
    return (ProtocolException) failed.getCause();
  }
}
