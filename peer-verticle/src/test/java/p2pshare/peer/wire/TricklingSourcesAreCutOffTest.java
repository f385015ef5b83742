package p2pshare.peer.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.peer.share.Manifest;
import p2pshare.protocol.FrameStream;
import p2pshare.protocol.Frames;
import p2pshare.protocol.Hello;
import p2pshare.protocol.ProtocolException;

/**
 * Sources that announce a frame of the largest size and then send its body a few bytes at a time are cut off after
 * {@code stallMillis}, whether a request waits for that frame or nobody asked for it, and while 50 of them are open
 * the downloader's chunk buffers stay within their budget and all come back.
 */
@ExtendWith(VertxExtension.class)
class TricklingSourcesAreCutOffTest {
  private static final long STALL_MILLIS = 600;
  private static final int SOURCES = 50;
  /**
   * Room for ten chunks of the largest size: 40 of the 50 sources wait for a buffer. Waiting for room is not the
   * source's stall, so they are cut off ten at a time, each a stall period after its buffer came.
   */
  private static final long BUDGET = 10L * Manifest.MAX_CHUNK_SIZE;

  /** A chunk server that says hello, then answers every chunk request (or nothing) with a trickled DATA frame. */
  private static int tricklingServer(Vertx vertx, boolean unasked) throws Exception {
    return vertx.createNetServer().connectHandler(socket -> {
      new FrameStream(socket, 65536, 0, null, null).handler(frame -> {
        JsonObject request = new JsonObject(frame.body().slice(1, frame.body().length()));
        if (Hello.is(request)) {
          socket.write(Frames.json(Hello.of("trickler").put("id", request.getValue("id"))));
          if (unasked) {
            trickle(vertx, socket, 999_999);
          }
        } else if (!unasked) {
          trickle(vertx, socket, request.getInteger("id"));
        }
      });
    }).listen(0, "127.0.0.1").await().actualPort();
  }

  private static void trickle(Vertx vertx, NetSocket socket, int requestId) {
    socket.write(Frames.dataHeader(requestId, Manifest.MAX_CHUNK_SIZE));
    long timer = vertx.setPeriodic(50, t -> socket.write(Buffer.buffer(new byte[16])));
    socket.closeHandler(v -> vertx.cancelTimer(timer));
  }

  @Test
  void aTrickledAnswerIsCutOffAndTheBuffersStayBounded(Vertx vertx) throws Exception {
    cutOff(vertx, tricklingServer(vertx, false), false);
  }

  @Test
  void aTrickledFrameNobodyAskedForIsCutOffToo(Vertx vertx) throws Exception {
    cutOff(vertx, tricklingServer(vertx, true), true);
  }

  private void cutOff(Vertx vertx, int port, boolean unasked) throws Exception {
    Context context = vertx.getOrCreateContext();
    ChunkBuffers buffers = new ChunkBuffers(BUDGET);
    NetClient client = vertx.createNetClient();
    Promise<List<Future<?>>> started = Promise.promise();
    long t0 = System.nanoTime();
    context.runOnContext(v -> {
      List<Future<?>> outcomes = new ArrayList<>();
      for (int i = 0; i < SOURCES; i++) {
        Future<PeerConnection> connected = PeerConnection.connect(vertx, client, "127.0.0.1", port, "leecher",
            STALL_MILLIS, buffers);
        if (unasked) {
          // Nothing asked: the connection must close by itself. Awaiting its manifest shows when it did.
          outcomes.add(connected.compose(c -> c.manifest("ab".repeat(32))));
        } else {
          outcomes.add(connected.compose(c -> c.chunk("ab".repeat(32), 0).future()));
        }
      }
      started.complete(outcomes);
    });
    List<Future<?>> outcomes = started.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    for (Future<?> outcome : outcomes) {
      ProtocolException failure = failureOf(outcome);
      assertEquals("timeout", failure.code().wire(), failure.getMessage());
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    assertTrue(seconds < 10, "all cut off within a few stall periods, took " + seconds + " s");
    Promise<long[]> pool = Promise.promise();
    context.runOnContext(v -> pool.complete(new long[] {buffers.lent(), buffers.allocatedBytes()}));
    long[] state = pool.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(0, state[0], "every buffer came back");
    assertTrue(state[1] <= BUDGET, "buffers stayed within the budget: " + state[1]);
    client.close();
  }

  private static ProtocolException failureOf(Future<?> outcome) throws Exception {
    try {
      outcome.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return (ProtocolException) e.getCause();
    }
    throw new AssertionError("a trickling source was not cut off");
  }

  @Test
  void theBufferBudgetHoldsWhenAskedForMore() {
    ChunkBuffers buffers = new ChunkBuffers(3L << 20);
    List<ByteBuffer> taken = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      taken.add(buffers.take(1 << 20).result());
    }
    Future<ByteBuffer> fourth = buffers.take(1 << 20);
    assertTrue(!fourth.isComplete(), "the budget is spent: the fourth waits");
    buffers.give(taken.get(0));
    assertTrue(fourth.succeeded(), "a buffer given back goes to the one waiting");
    assertTrue(fourth.result() == taken.get(0), "reused, not allocated");
    assertEquals(3L << 20, buffers.allocatedBytes());
  }
}
