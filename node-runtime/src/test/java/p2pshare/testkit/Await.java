package p2pshare.testkit;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** Blocks a test thread (never an event loop) until a Vert.x future completes. */
public final class Await {
  private static final long DEFAULT_SECONDS = 60;

  private Await() {}

  /** The future's result, or its failure thrown; fails after 60 s. */
  public static <T> T await(Future<T> future) throws Exception {
    return await(future, DEFAULT_SECONDS);
  }

  /** The future's result, or its failure thrown; fails after {@code seconds}. */
  public static <T> T await(Future<T> future, long seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
