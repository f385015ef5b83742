package p2pshare.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A socket as a stream of frames, over a real connection: pause, fetch and resume hold, even from a handler. */
@ExtendWith(VertxExtension.class)
class FrameStreamTest {
  private static final int FRAMES = 2_000;

  private static int serverSending(Vertx vertx) throws Exception {
    Buffer all = Buffer.buffer();
    for (int i = 0; i < FRAMES; i++) {
      all.appendBuffer(Frames.json(new JsonObject().put("n", i)));
    }
    // Written and kept open: a closed connection drops what a paused stream has not delivered.
    return vertx.createNetServer().connectHandler(socket -> socket.write(all)).listen(0, "127.0.0.1").await()
        .actualPort();
  }

  @Test
  void framesComeOnceAndInOrderWhenAHandlerPausesAndResumesInsideIt(Vertx vertx) throws Exception {
    int port = serverSending(vertx);
    NetClient client = vertx.createNetClient();
    Promise<List<Integer>> received = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.connect(port, "127.0.0.1").onSuccess(socket -> {
      List<Integer> seen = new ArrayList<>();
      FrameStream[] stream = new FrameStream[1];
      stream[0] = new FrameStream(socket, 1024, 0, null, null).handler(frame -> {
        seen.add(new JsonObject(frame.body().slice(1, frame.body().length())).getInteger("n"));
        stream[0].pause();
        stream[0].resume(); // from inside the handler, as a server whose reply was already written does
        if (seen.size() == FRAMES) {
          received.tryComplete(seen);
        }
      });
    }));
    List<Integer> seen = received.future().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    for (int i = 0; i < FRAMES; i++) {
      assertEquals(i, seen.get(i));
    }
    client.close();
  }

  @Test
  void aPausedStreamDeliversOnlyWhatIsFetched(Vertx vertx) throws Exception {
    int port = serverSending(vertx);
    NetClient client = vertx.createNetClient();
    Promise<FrameStream> opened = Promise.promise();
    List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.vertx.core.Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> client.connect(port, "127.0.0.1").onSuccess(socket -> {
      FrameStream stream = new FrameStream(socket, 1024, 0, null, null);
      stream.pause();
      stream.handler(frame -> seen.add(new JsonObject(frame.body().slice(1, frame.body().length())).getInteger("n")));
      opened.complete(stream);
    }));
    FrameStream stream = opened.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Promise<Void> fetched = Promise.promise();
    vertx.setTimer(300, t -> context.runOnContext(v -> {
      assertEquals(0, seen.size(), "nothing before a fetch");
      stream.fetch(5);
      fetched.complete();
    }));
    fetched.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Promise<Integer> count = Promise.promise();
    vertx.setTimer(300, t -> context.runOnContext(v -> count.complete(seen.size())));
    assertEquals(5, count.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertEquals(List.of(0, 1, 2, 3, 4), seen);
    client.close();
  }
}
