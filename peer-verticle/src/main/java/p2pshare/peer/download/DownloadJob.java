package p2pshare.peer.download;

import static p2pshare.peer.download.FutureRx.completable;
import static p2pshare.peer.download.FutureRx.single;

import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.observers.DisposableSingleObserver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.peer.download.DownloadException.Reason;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.SharedFile;

/**
 * One download from its start to its end: its state ({@link JobState}, moved only along the legal moves; an illegal
 * move is refused with an {@link IllegalStateException} and changes nothing), its transfer, its retry timer and its
 * part file. What it does in a state (a lookup, a retry timer, a running transfer) is one {@link Disposable}, let go
 * at every move, so nothing it started in an earlier state can act on a later one. The engine gives it a slot
 * ({@link #start}) and is told each move. Runs on the engine's event loop only.
 */
final class DownloadJob {
  private static final Logger log = LoggerFactory.getLogger(DownloadJob.class);

  /** What every job of an engine shares. */
  record Setup(Vertx vertx, Transfers transfers, DownloadStore store, DownloadSettings settings) {
  }

  /** Told each move, once made. */
  interface Listener {
    void moved(DownloadJob job, JobState from);
  }

  private final Setup setup;
  private final DownloadProgress progress;
  private final Listener listener;
  private JobState state;
  private String error;
  private long retryAt;
  private long finishedAt;
  private SharedFile published;
  /** The last transfer: running, or stopped with its part file kept (the next one opens it once this one closed it). */
  private Transfer transfer;
  private Disposable work = Disposable.disposed();
  private int waits;
  private long runStarted;

  /** @param state {@link JobState#QUEUED}, or {@link JobState#PAUSED} for a download taken up paused */
  DownloadJob(Setup setup, DownloadProgress progress, JobState state, Listener listener) {
    if (state != JobState.QUEUED && state != JobState.PAUSED) {
      throw new IllegalArgumentException("a job begins queued or paused, not " + state);
    }
    this.setup = setup;
    this.progress = progress;
    this.state = state;
    this.listener = listener;
  }

  /** The slot is given with the sources the start just found: the transfer runs at once. */
  void start(List<JsonObject> peers) {
    waits = 0;
    move(JobState.STARTING, null, 0);
    run(peers);
  }

  /**
   * The slot is given: once the last transfer closed its part file, the job looks for sources (the disk may have
   * filled up since, and sources come and go) and runs, waits, or fails.
   */
  void start() {
    waits = 0;
    move(JobState.STARTING, null, 0);
    await(sourcesOnceClosed(), this::run);
  }

  /**
   * Pauses it: its transfer stops (chunks being checked or written still land), its part file stays, and its record
   * says it is paused, so it stays paused after a restart too. Completes once the part file is closed and the record
   * saved; fails as {@link Reason#STORAGE} when the record could not be saved.
   */
  Future<Void> pause() {
    move(JobState.PAUSED, null, 0);
    log.info("download {} ({}) paused", progress.name, shortId());
    Future<Void> closed = transfer == null ? Future.succeededFuture() : transfer.stop().recover(e -> {
      // Only a hint is lost: the next run fetches again what the saved bitmap does not claim.
      log.warn("download {} ({}) paused, but its chunk bitmap could not be saved: {}", progress.name, shortId(),
          messageOf(e));
      return Future.succeededFuture();
    });
    Future<Void> saved = saveRecord();
    return closed.compose(v -> saved);
  }

  /** Puts it back in the queue; completes once its record says it is no longer paused. */
  Future<Void> resume() {
    move(JobState.QUEUED, null, 0);
    log.info("download {} ({}) resumed", progress.name, shortId());
    return saveRecord();
  }

  /** Cancels it; completes once its part file and record are gone. */
  Future<Void> cancel() {
    move(JobState.CANCELLED, null, 0);
    log.info("download {} ({}) cancelled", progress.name, shortId());
    return ended(true);
  }

  /** Stops what it does, with no move: its part file is closed and kept, and its record stays, for the next start. */
  Future<Void> close() {
    work.dispose();
    return transfer == null ? Future.succeededFuture() : transfer.stop();
  }

  void peerLeft(String peerId) {
    if (state == JobState.RUNNING) {
      transfer.peerLeft(peerId);
    }
  }

  void sourcesChanged() {
    if (state == JobState.RUNNING) {
      transfer.refreshSources();
    }
  }

  /**
   * The tracker pushed changes of the file's sources: a running transfer takes them (and looks the file up again
   * when the push says that more changed than it lists); a job waiting for a source that hears of one tries now.
   */
  void sourcesPushed(List<JsonObject> sources, List<String> gone, boolean more) {
    if (state == JobState.RUNNING) {
      transfer.sourcesPushed(sources, gone);
      if (more) {
        transfer.refreshSources();
      }
    } else if (state == JobState.WAITING && (more || !sources.isEmpty())) {
      work.dispose(); // the retry timer
      await(sourcesOnceClosed(), this::run);
    }
  }

  JobState state() {
    return state;
  }

  DownloadProgress progress() {
    return progress;
  }

  /** Why it failed or what it waits for, or null. */
  String error() {
    return error;
  }

  /** When a waiting job looks for sources again (epoch ms), else 0. */
  long retryAt() {
    return retryAt;
  }

  long finishedAt() {
    return finishedAt;
  }

  /** The published file, once completed. */
  SharedFile published() {
    return published;
  }

  Path path() {
    return published == null ? null : published.path();
  }

  Download snapshot() {
    return Download.of(this);
  }

  /** The file's sources, looked up once the last transfer (if any) closed its part file: the next one opens it. */
  private Single<List<JsonObject>> sourcesOnceClosed() {
    Single<List<JsonObject>> lookup = single(() -> setup.transfers().sources(progress.fileId));
    Transfer last = transfer;
    return last == null ? lookup : completable(last::stop).onErrorComplete(e -> {
      log.warn("download {} ({}): its last run's part file did not close cleanly: {}", progress.name, shortId(),
          messageOf(e));
      return true;
    }).andThen(lookup);
  }

  private void run(List<JsonObject> peers) {
    transfer = setup.transfers().open(progress, peers, this::proven);
    runStarted = System.nanoTime();
    move(JobState.RUNNING, null, 0);
    log.info("download {} ({}) running with {} sources", progress.name, shortId(), peers.size());
    await(transfer.run(), this::completed);
  }

  /** The manifest proved the file's size (and the disk has room for it): the record keeps the size. */
  private Future<Void> proven(Manifest manifest) {
    return state == JobState.RUNNING ? saveRecord() : Future.succeededFuture();
  }

  /** The lookup or the transfer could not go on: the job waits and tries again, or fails. */
  private void stopped(Throwable cause) {
    String message = messageOf(cause);
    if (!(cause instanceof DownloadException d && d.retryable())) {
      failed(cause, message);
      return;
    }
    DownloadSettings settings = setup.settings();
    long delay = Math.min(settings.retryMaxMillis(), settings.retryMinMillis() << Math.min(waits++, 20));
    log.warn("download {} ({}) has no source: {}; trying again in {} ms", progress.name, shortId(), message, delay);
    move(JobState.WAITING, "waiting for a source (" + message + "); next try in " + (delay + 999) / 1000 + " s",
        System.currentTimeMillis() + delay);
    long timer = setup.vertx().setTimer(delay, t -> await(sourcesOnceClosed(), this::run));
    work = Disposable.fromAction(() -> setup.vertx().cancelTimer(timer));
  }

  private void failed(Throwable cause, String message) {
    log.warn("download {} ({}) failed: {}", progress.name, shortId(), message);
    move(JobState.FAILED, message, 0);
    // Verified chunks that only could not be published stay for a retry; no longer offered, though.
    boolean keep = cause instanceof DownloadException d && d.reason() == Reason.PUBLISH;
    if (keep) {
      setup.transfers().withdraw(progress.fileId, false);
    }
    ended(!keep).onFailure(e -> log.warn("download {} ({}) failed, and what it leaves could not all be removed: {}",
        progress.name, shortId(), messageOf(e)));
  }

  private void completed(SharedFile file) {
    double seconds = Math.max((System.nanoTime() - runStarted) / 1e9, 1e-3);
    log.info("download {} ({}) completed in {} s at {} MB/s, published {} ms after its last chunk: {}",
        progress.name, shortId(), String.format("%.2f", seconds),
        String.format("%.1f", progress.bytesFetched() / seconds / 1e6), progress.publishMillis(), file.path());
    published = file;
    ended(false).onFailure(e -> log.warn("download {} ({}) completed, but its record could not be removed: {}",
        progress.name, shortId(), messageOf(e)));
    move(JobState.COMPLETED, null, 0);
    setup.transfers().withdraw(progress.fileId, true);
  }

  /** Its record goes, and with {@code discard} its part file (no longer offered first). */
  private Future<Void> ended(boolean discard) {
    Future<Void> removed = Future.succeededFuture();
    if (discard) {
      setup.transfers().withdraw(progress.fileId, false);
      removed = transfer != null ? transfer.discard() : setup.transfers().discardPart(progress.fileId);
    }
    return removed.eventually(() -> setup.store().delete(progress.id));
  }

  /**
   * Moves to {@code next}, or refuses with an {@link IllegalStateException} and changes nothing. What the job did in
   * its state is let go; the listener is told.
   */
  private void move(JobState next, String why, long nextTry) {
    if (!state.canMoveTo(next)) {
      throw new IllegalStateException("download " + progress.id + " cannot go from " + state + " to " + next);
    }
    Disposable done = work;
    work = Disposable.disposed();
    done.dispose();
    JobState from = state;
    state = next;
    error = why;
    retryAt = nextTry;
    if (next.finished()) {
      finishedAt = System.currentTimeMillis();
    }
    listener.moved(this, from);
  }

  /**
   * Makes {@code single} what the job does now: its value goes to {@code then}, its failure to {@link #stopped}, and
   * neither once the job moved on.
   */
  private <T> void await(Single<T> single, Consumer<T> then) {
    DisposableSingleObserver<T> observer = new DisposableSingleObserver<>() {
      @Override
      public void onSuccess(T value) {
        then.accept(value);
      }

      @Override
      public void onError(Throwable cause) {
        stopped(cause);
      }
    };
    work = observer;
    single.subscribe(observer);
  }

  /** Saves the record; a failure is the download's storage problem. */
  private Future<Void> saveRecord() {
    return setup.store().save(snapshot()).recover(e -> Future.failedFuture(new DownloadException(Reason.STORAGE,
        "could not save the download's record: " + messageOf(e))));
  }

  private String shortId() {
    return DownloadEngine.shortId(progress.fileId);
  }

  static String messageOf(Throwable error) {
    return error.getMessage() == null ? error.toString() : error.getMessage();
  }
}
