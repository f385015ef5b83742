package p2pshare.peer.download;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.rxjava3.CompletableHelper;
import io.vertx.rxjava3.MaybeHelper;
import io.vertx.rxjava3.SingleHelper;
import java.util.function.Supplier;

/**
 * Vert.x futures as lazy Rx sources, through the public Vert.x RxJava 3 helpers: the call runs when subscribed, and
 * its outcome is signalled on the thread that completes the future (the download's event loop).
 */
final class FutureRx {
  private FutureRx() {
  }

  static <T> Single<T> single(Supplier<Future<T>> call) {
    return SingleHelper.toSingle(handler -> call.get().onComplete(handler));
  }

  /** Empty when the future's result is null. */
  static <T> Maybe<T> maybe(Supplier<Future<T>> call) {
    return MaybeHelper.toMaybe(handler -> call.get().onComplete(handler));
  }

  static Completable completable(Supplier<Future<Void>> call) {
    return CompletableHelper.toCompletable(handler -> call.get().onComplete(handler));
  }
}
