package p2pshare.peer.share;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link ShareIndex} in step with the disk: a first scan at start (trusting the hash cache), then a
 * rescan every {@code rescanMillis} on a worker thread. Rescans only stat unchanged files, so they are cheap.
 * Each change (files added, changed or removed) is reported to the listener, which tells the tracker.
 */
public final class ShareWatcher {
  private static final Logger log = LoggerFactory.getLogger(ShareWatcher.class);

  private final Vertx vertx;
  private final ShareIndex index;
  private final ShareScanner scanner;
  private final HashCache cache;
  private final long rescanMillis;
  private final Consumer<ShareIndex.Change> listener;
  private Map<Path, SharedFile> known = new HashMap<>();
  private boolean scanning;
  private boolean stale;
  private boolean again;
  private boolean lastScanOk = true;
  private long timer = -1;

  public ShareWatcher(Vertx vertx, ShareIndex index, ShareScanner scanner, HashCache cache, long rescanMillis,
      Consumer<ShareIndex.Change> listener) {
    this.vertx = vertx;
    this.index = index;
    this.scanner = scanner;
    this.cache = cache;
    this.rescanMillis = rescanMillis;
    this.listener = listener;
  }

  /** Loads the cache, scans once, then rescans periodically. */
  public Future<Void> start() {
    return vertx.executeBlocking(cache::load, false)
        .compose(cached -> {
          known = cached;
          return scan();
        })
        .onSuccess(v -> timer = vertx.setPeriodic(rescanMillis, t -> scan()));
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** False when the last scan could not read the folders (for example, the share folder is gone). */
  public boolean lastScanOk() {
    return lastScanOk;
  }

  /** Offers a file that just appeared (a finished download) without waiting for the next scan. */
  public boolean add(SharedFile file) {
    stale = scanning; // a scan in progress may have missed it; its result is then discarded
    known.put(file.path(), file);
    return index.add(file);
  }

  /**
   * Scans now, for example because a shared file turned out to have changed or a file was added; a scan in
   * progress may have looked before the change, so another one follows it.
   */
  public Future<Void> rescanNow() {
    if (scanning) {
      again = true;
      return Future.succeededFuture();
    }
    return scan();
  }

  /**
   * Hashes the file at {@code path} again at once, without trusting what was known of it: its content changed
   * without its size and mtime changing (a chunk no longer matched its hash).
   */
  public Future<Void> rehash(Path path) {
    known.remove(path);
    stale = scanning; // a scan in progress trusted the old hashes: its result is discarded
    return scan();
  }

  private Future<Void> scan() {
    if (scanning) {
      return Future.succeededFuture();
    }
    scanning = true;
    stale = false;
    Map<Path, SharedFile> snapshot = new HashMap<>(known);
    return vertx.executeBlocking(() -> {
      List<SharedFile> files = scanner.scan(snapshot);
      cache.save(files);
      return files;
    }, false).transform(ar -> {
      scanning = false;
      lastScanOk = ar.succeeded();
      if (ar.failed()) {
        log.warn("scanning the shared folders failed: {}", ar.cause().toString());
        return Future.succeededFuture();
      }
      if (stale) {
        return scan();
      }
      known = new HashMap<>();
      ar.result().forEach(f -> known.put(f.path(), f));
      ShareIndex.Change change = index.replaceAll(ar.result());
      if (!change.isEmpty()) {
        change.added().forEach(f -> log.info("sharing {} ({} bytes, {})", f.path().getFileName(), f.size(),
            f.fileId().substring(0, 12)));
        change.removed().forEach(f -> log.info("no longer sharing {} ({})", f.path().getFileName(),
            f.fileId().substring(0, 12)));
        listener.accept(change);
      }
      if (again) {
        again = false;
        return scan();
      }
      return Future.succeededFuture();
    });
  }
}
