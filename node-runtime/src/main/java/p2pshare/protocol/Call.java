package p2pshare.protocol;

import io.vertx.core.Future;
import java.util.function.Function;

/**
 * A request in flight: its answer, and the way to give it up. Cancelling a request that is still unanswered fails
 * {@link #future()} with a local {@link ErrorCode#CANCELLED} and drops its answer if one comes; once answered,
 * {@link #cancel()} does nothing.
 */
public final class Call<T> {
  private final int id;
  private final Future<T> future;
  private final Runnable giveUp;

  public Call(int id, Future<T> future, Runnable giveUp) {
    this.id = id;
    this.future = future;
    this.giveUp = giveUp;
  }

  /** A call that failed before it was sent (the connection was closed). */
  public static <T> Call<T> failed(Throwable cause) {
    return new Call<>(-1, Future.failedFuture(cause), () -> { });
  }

  /** The request's id on its connection (-1 for a call never sent). */
  public int id() {
    return id;
  }

  public Future<T> future() {
    return future;
  }

  /** Gives the request up if it is still unanswered. */
  public void cancel() {
    if (!future.isComplete()) {
      giveUp.run();
    }
  }

  /** The same request, its answer transformed; cancelling it still gives the request up. */
  public <U> Call<U> map(Function<Future<T>, Future<U>> answer) {
    return new Call<>(id, answer.apply(future), giveUp);
  }

  /** The same request, with {@code also} run when it is given up (after this call's own giving up). */
  public Call<T> onCancel(Runnable also) {
    return new Call<>(id, future, () -> {
      giveUp.run();
      also.run();
    });
  }
}
