package p2pshare.testkit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits, from a test thread, for something to hold, checking it on an event loop at a fixed pace. Each check
 * schedules the next as a one-shot timer, so nothing has to cancel a periodic timer from inside its own handler.
 */
public final class Poll {
  private Poll() {}

  /** Checks {@code condition} on {@code context} every {@code everyMillis}; fails after {@code seconds}. */
  public static void until(Context context, BooleanSupplier condition, long everyMillis, long seconds,
      String what) throws Exception {
    Promise<Void> met = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    context.runOnContext(v -> check(context.owner(), condition, everyMillis, deadline, what, met));
    Await.await(met.future(), seconds + 10);
  }

  /** {@link #until(Context, BooleanSupplier, long, long, String)} on a context of {@code vertx}. */
  public static void until(Vertx vertx, BooleanSupplier condition, long everyMillis, long seconds, String what)
      throws Exception {
    until(vertx.getOrCreateContext(), condition, everyMillis, seconds, what);
  }

  /**
   * Repeats {@code attempt} every {@code everyMillis} until its result passes {@code done}; returns that result.
   * Fails after {@code seconds} with the last result or failure.
   */
  public static <T> T until(Vertx vertx, Supplier<Future<T>> attempt, Predicate<T> done, long everyMillis,
      long seconds) throws Exception {
    Promise<T> result = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    vertx.getOrCreateContext().runOnContext(v -> attempt(vertx, attempt, done, everyMillis, deadline, result));
    return Await.await(result.future(), seconds + 10);
  }

  private static void check(Vertx vertx, BooleanSupplier condition, long everyMillis, long deadline, String what,
      Promise<Void> met) {
    if (condition.getAsBoolean()) {
      met.complete();
    } else if (System.nanoTime() > deadline) {
      met.fail("not " + what + " in time");
    } else {
      vertx.setTimer(everyMillis, t -> check(vertx, condition, everyMillis, deadline, what, met));
    }
  }

  private static <T> void attempt(Vertx vertx, Supplier<Future<T>> attempt, Predicate<T> done, long everyMillis,
      long deadline, Promise<T> result) {
    attempt.get().onComplete(ar -> {
      if (ar.succeeded() && done.test(ar.result())) {
        result.complete(ar.result());
      } else if (System.nanoTime() > deadline) {
        result.fail("gave up waiting; last: " + (ar.succeeded() ? ar.result() : ar.cause()));
      } else {
        vertx.setTimer(everyMillis, t -> attempt(vertx, attempt, done, everyMillis, deadline, result));
      }
    });
  }
}
