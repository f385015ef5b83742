package p2pshare.peer.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.serve.ChunkServer;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ShareIndex;
import p2pshare.peer.share.ShareScanner;
import p2pshare.protocol.FrameStream;
import p2pshare.protocol.Frames;
import p2pshare.protocol.Hello;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.ReceiveBudget;
import p2pshare.testkit.Poll;

/**
 * Many sources that send all but the last byte of the largest frames the protocol allows, manifests and chunks,
 * all at once, hold no more of the node's memory than its receive budget (the frames wait for room instead, their
 * connections not reading); the hoarders are cut off as stalled, every byte they held is given back, and an honest
 * source asked meanwhile gets its manifest through the same budget.
 */
@ExtendWith(VertxExtension.class)
class NodeReceiveBudgetTest {
  /** Long enough that a loaded machine does not make the honest source look stalled while it answers. */
  private static final long STALL_MILLIS = 1_000;
  /** Two budgets' worth of manifests. */
  private static final int HOSTILE_MANIFESTS = 8;
  private static final int HOSTILE_CHUNKS = 4;
  /** Four of the largest frames and a little more: most hostile sources wait for room. */
  private static final long BUDGET = 4L * PeerWire.MAX_MANIFEST_FRAME + (1 << 20);

  @TempDir
  Path dir;

  private Context context;

  /**
   * Answers the hello, then each manifest request with a JSON frame of the largest size and each chunk request with
   * a DATA frame of the largest chunk, both complete but for their last byte, which never comes.
   */
  private static int hoardingServer(Vertx vertx) {
    // One body for all of them: the frames are large, and only their headers differ.
    Buffer body = Buffer.buffer(new byte[Manifest.MAX_CHUNK_SIZE - 1]);
    return vertx.createNetServer().connectHandler(socket -> {
      new FrameStream(socket, 65536, 0, null, null).handler(frame -> {
        JsonObject request = new JsonObject(frame.body().slice(1, frame.body().length()));
        int id = request.getInteger("id");
        if (Hello.is(request)) {
          socket.write(Frames.json(Hello.of("hoarder").put("id", id)));
        } else if (PeerWire.MANIFEST.equals(request.getString("type"))) {
          // A JSON frame of the largest size: its kind byte and all but the last byte of its body.
          socket.write(Buffer.buffer().appendInt(PeerWire.MAX_MANIFEST_FRAME).appendByte(Frames.JSON));
          socket.write(body.slice(0, PeerWire.MAX_MANIFEST_FRAME - 2));
        } else {
          socket.write(Frames.dataHeader(id, Manifest.MAX_CHUNK_SIZE));
          socket.write(body);
        }
      });
    }).listen(0, "127.0.0.1").await().actualPort();
  }

  @Test
  void hoardingSourcesHoldNoMoreThanTheBudgetAndAnHonestOneWaitsItsTurn(Vertx vertx) throws Exception {
    context = vertx.getOrCreateContext();
    ReceiveBudget budget = new ReceiveBudget(BUDGET);
    ChunkBuffers buffers = new ChunkBuffers(budget);
    NetClient client = vertx.createNetClient();
    int hoarder = hoardingServer(vertx);
    int honest = honestServer(vertx);

    // Manifests first (JSON frames): alone they are more than the budget, so some must wait for room.
    List<Future<?>> hostile = new ArrayList<>(ask(vertx, client, hoarder, buffers, HOSTILE_MANIFESTS, true));
    awaitOnContext(budget::contended, "manifest frames wait for room");
    // Then chunks (DATA frames), counted in the same budget.
    hostile.addAll(ask(vertx, client, hoarder, buffers, HOSTILE_CHUNKS, false));
    Future<PeerConnection.Offer> honestOffer = onContext(() -> Future.succeededFuture(
        PeerConnection.connect(vertx, client, "127.0.0.1", honest, "leecher", STALL_MILLIS, buffers)
            .compose(p -> p.manifest(honestFileId))));

    for (Future<?> outcome : hostile) {
      assertEquals("timeout", failure(outcome).code().wire());
    }
    PeerConnection.Offer offer = await(honestOffer);
    assertEquals(honestFileId, offer.manifest().fileId(), "the honest source got through");

    long[] after = onContext(() -> Future.succeededFuture(
        new long[] {budget.peak(), budget.held(), buffers.lent(), buffers.allocatedBytes()}));
    assertTrue(after[0] <= BUDGET, "held at most the budget: " + after[0]);
    assertTrue(after[0] >= 2L * PeerWire.MAX_MANIFEST_FRAME, "the hostile frames did fill it: " + after[0]);
    assertEquals(0, after[2], "every chunk buffer came back");
    assertEquals(after[3], after[1], "no frame holds room any more: only buffers kept for reuse count");
    client.close();
  }

  private String honestFileId;

  /** {@code count} hostile sources, each asked for a manifest or for a chunk. */
  private List<Future<?>> ask(Vertx vertx, NetClient client, int port, ChunkBuffers buffers, int count,
      boolean manifests) throws Exception {
    return onContext(() -> {
      List<Future<?>> asked = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Future<PeerConnection> c = PeerConnection.connect(vertx, client, "127.0.0.1", port, "leecher",
            STALL_MILLIS, buffers);
        asked.add(manifests ? c.compose(p -> p.manifest("ab".repeat(32))) : c.compose(p -> p.chunk("ab".repeat(32), 0).future()));
      }
      return Future.succeededFuture(asked);
    });
  }

  private int honestServer(Vertx vertx) throws Exception {
    byte[] data = new byte[5 * 64 * 1024 + 3];
    new Random(5).nextBytes(data);
    Path share = Files.createDirectories(dir.resolve("share"));
    Files.write(share.resolve("honest.bin"), data);
    ShareIndex index = new ShareIndex();
    index.replaceAll(new ShareScanner(List.of(share), 64 * 1024, 10).scan(Map.of()));
    honestFileId = index.files().iterator().next().fileId();
    return new ChunkServer(vertx, index, new ChunkServer.Limits(8, 8, 60), PeerMeters.none(), s -> { })
        .listen("127.0.0.1", 0).await();
  }

  private <T> T onContext(Supplier<Future<T>> call) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(result));
    return await(result.future());
  }

  /** Waits, checking on the event loop every few milliseconds, until {@code condition} holds (at most 10 s). */
  private void awaitOnContext(Supplier<Boolean> condition, String what) throws Exception {
    Poll.until(context, condition::get, 5, 10, what);
  }

  private static ProtocolException failure(Future<?> outcome) throws Exception {
    try {
      await(outcome);
    } catch (ExecutionException e) {
      return (ProtocolException) e.getCause();
    }
    throw new AssertionError("a hoarding source was not cut off");
  }
}
