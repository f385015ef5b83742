package p2pshare.peer.download;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.processors.PublishProcessor;
import java.util.concurrent.TimeUnit;

/**
 * The changes a waiting pick depends on (a source told its offer or has one more chunk, a request ended, a source
 * came or went), as a stream the download's slots wait on. Each change wakes at most {@code fanOut} waiting slots,
 * the longest waiting first: one change rarely makes room for more than a source's share of requests, and waking
 * every waiting slot costs more than it finds. Event loop only.
 */
final class SourceChanges {
  private static final Object CHANGE = new Object();
  private final PublishProcessor<Object> changes = PublishProcessor.create();
  private final int fanOut;
  private final long patienceMillis;
  private final Scheduler timers;
  private int wakes;

  /** @param patienceMillis how long a slot waits before it looks again anyway */
  SourceChanges(int fanOut, long patienceMillis, Scheduler timers) {
    this.fanOut = fanOut;
    this.patienceMillis = patienceMillis;
    this.timers = timers;
  }

  /** Completes at one of the next changes, or after the patience. */
  Completable next() {
    return changes.filter(change -> wakes > 0 && wakes-- > 0).firstElement().ignoreElement()
        .timeout(patienceMillis, TimeUnit.MILLISECONDS, timers, Completable.complete());
  }

  /** Something changed: up to {@code fanOut} waiting slots look again. */
  void signal() {
    if (changes.hasSubscribers()) {
      wakes = fanOut;
      changes.onNext(CHANGE);
      wakes = 0;
    }
  }
}
