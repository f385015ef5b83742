package p2pshare.peer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The upload pacer alone: who gets the next turn, and what waiting costs. */
@ExtendWith(VertxExtension.class)
class UploadPacerTest {
  private static final int KIB = 1024;

  @Test
  void withoutALimitEveryPermitIsGrantedAtOnce(Vertx vertx) throws Exception {
    UploadPacer pacer = new UploadPacer(vertx, 0);
    for (int i = 0; i < 1000; i++) {
      assertTrue(pacer.permit("p", 16 * 1024 * 1024, () -> true).succeeded());
    }
  }

  @Test
  void aPeerWithOneRequestWaitingIsNotQueuedBehindAnotherPeersMany(Vertx vertx) throws Exception {
    UploadPacer pacer = new UploadPacer(vertx, 1024 * KIB);
    List<String> order = new ArrayList<>();
    List<Future<Void>> permits = await(onContext(vertx, () -> {
      List<Future<Void>> asked = new ArrayList<>();
      for (String peer : List.of("a", "a", "a", "a", "a", "a", "b", "b")) {
        asked.add(pacer.permit(peer, 64 * KIB, () -> true).onSuccess(v -> order.add(peer)));
      }
      return Future.succeededFuture(asked);
    }));
    await(Future.all(permits));
    // a's first goes at once (64 KiB take longer than the 50 ms of rate an idle pacer has saved, so the next must
    // wait); from then on a and b take turns while both wait.
    assertEquals(List.of("a", "a", "b", "a", "b", "a", "a", "a"), order);
  }

  @Test
  void aRequestWhoseConnectionClosedWhileWaitingUsesNoneOfTheRate(Vertx vertx) throws Exception {
    UploadPacer pacer = new UploadPacer(vertx, 100 * KIB);
    long start = System.nanoTime();
    List<Future<Void>> permits = await(onContext(vertx, () -> Future.succeededFuture(List.of(
        pacer.permit("a", 100 * KIB, () -> true),
        pacer.permit("b", 100 * KIB, () -> false),
        pacer.permit("c", KIB, () -> true)))));
    assertTrue(permits.get(0).succeeded(), "the first goes at once");
    await(permits.get(2).transform(done -> Future.succeededFuture()));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(permits.get(1).failed(), "dropped, not granted");
    assertTrue(permits.get(2).succeeded());
    // a's 100 KiB are paid for after 1 s; b's would have taken another second.
    assertTrue(seconds >= 0.9 && seconds < 1.6, "c waited " + seconds + " s");
  }

  private static <T> Future<T> onContext(Vertx vertx, Supplier<Future<T>> call) {
    Promise<T> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> call.get().onComplete(result));
    return result.future();
  }
}
