package p2pshare.peer.download;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.rxjava3.core.RxHelper;
import io.vertx.rxjava3.impl.AsyncResultCompletable;
import io.vertx.rxjava3.impl.AsyncResultMaybe;
import io.vertx.rxjava3.impl.AsyncResultSingle;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.wire.ChunkBuffers;

/**
 * Fetches one file from many sources at once and reassembles it.
 *
 * <p>The missing chunks are a {@link Flowable} of indexes mapped with {@code flatMapSingle} and a concurrency bound:
 * at most {@code maxInFlight} chunks are requested, verified or written at a time, which bounds the memory held
 * whatever the file size. Each chunk goes to the usable source with the fewest requests waiting, so faster sources
 * (which clear their requests sooner) take more chunks. A chunk that fails or does not match its SHA-256 is retried
 * on another source; verified chunks are written at their offset in the {@link PartFile}, which remembers them, so
 * a run that stops (no source left, cancel, shutdown) leaves a part file the next run resumes from. Everything runs
 * on the download engine's event loop except checking and writing a chunk, which run together on a worker thread.
 */
final class SwarmDownload {
  private static final Logger log = LoggerFactory.getLogger(SwarmDownload.class);
  private final Vertx vertx;
  private final Download download;
  private final List<Source> sources;
  private final DownloadSettings settings;
  private final Path partDir;
  private final Path downloadDir;
  private final RateLimit rateLimit;
  private final PeerMeters meters;
  private Manifest manifest;
  private PartFile part;
  private final Scheduler timers;
  private int outstanding;

  SwarmDownload(Vertx vertx, NetClient client, ChunkBuffers buffers, String self, Download download,
      List<JsonObject> peers, DownloadSettings settings, Path partDir, Path downloadDir, PeerMeters meters) {
    this.vertx = vertx;
    this.meters = meters;
    this.download = download;
    this.settings = settings;
    this.partDir = partDir;
    this.downloadDir = downloadDir;
    this.rateLimit = new RateLimit(settings.maxBytesPerSecond());
    this.timers = RxHelper.scheduler(io.vertx.rxjava3.core.Vertx.newInstance(vertx));
    this.sources = peers.stream()
        .map(p -> new Source(vertx, client, p, self, buffers, settings.stallMillis(), settings.maxSourceFailures(),
            download.name() + " (" + download.fileId().substring(0, 12) + ")"))
        .toList();
    download.useSources(sources);
  }

  /**
   * Downloads, verifies and publishes the file; emits the final path. Disposing it, or a failure, closes the part
   * file and keeps it for the next run; {@link #discard} removes it.
   */
  Single<Path> run() {
    return manifest()
        .flatMap(m -> single(() -> PartFile.open(vertx, partDir, m, settings.syncEveryBytes())).flatMap(opened -> {
          part = opened;
          download.resumedFrom(opened.doneBytes());
          return fetchMissing(m, opened)
              .andThen(Single.defer(() -> {
                long allIn = System.nanoTime();
                return single(() -> opened.publish(downloadDir, download.name(), settings.verifyOnPublish()))
                    .doOnSuccess(path -> log.info("download {} ({}): all chunks in, published {} ms later",
                        download.name(), DownloadEngine.shortId(download.fileId()),
                        (System.nanoTime() - allIn) / 1_000_000));
              }))
              .doOnError(e -> opened.close())
              .doOnDispose(opened::close);
        }))
        .doFinally(() -> sources.forEach(Source::close));
  }

  /** Closes the part file and saves its bitmap once the writes under way are done; the next run resumes from it. */
  Future<Void> stop() {
    return part == null ? Future.succeededFuture() : part.close();
  }

  /** Closes, then removes the part file and what belongs to it; call after the run ended or was disposed. */
  Future<Void> discard() {
    if (part != null) {
      return part.discard();
    }
    return vertx.executeBlocking(() -> {
      PartFile.deleteState(partDir, download.fileId());
      return null;
    }, false);
  }

  /** The checked manifest, once known. */
  Manifest checkedManifest() {
    return manifest;
  }

  /** The manifest saved by an earlier run, or else the first one a source sends (checked against the fileId). */
  private Single<Manifest> manifest() {
    return maybe(() -> ManifestStore.load(vertx, partDir, download.fileId()))
        .switchIfEmpty(Flowable.fromIterable(sources)
            .concatMapMaybe(s -> single(() -> s.manifest(download.fileId())).toMaybe()
                .onErrorResumeNext(e -> Maybe.empty()))
            .firstElement()
            .flatMapSingle(m -> completable(() -> ManifestStore.save(vertx, partDir, m)).toSingleDefault(m))
            .switchIfEmpty(Single.error(() -> DownloadException.noSource("no source could send the manifest: "
                + download.sourceErrors()))))
        .doOnSuccess(m -> {
          manifest = m;
          download.manifestKnown(m);
        });
  }

  private Completable fetchMissing(Manifest manifest, PartFile part) {
    int concurrency = Math.min(settings.maxInFlight(), Math.max(1, sources.size() * settings.perSourceInFlight()));
    outstanding = (int) java.util.stream.IntStream.range(0, manifest.chunkCount()).filter(i -> !part.has(i)).count();
    return Flowable.range(0, manifest.chunkCount())
        .filter(index -> !part.has(index))
        .flatMapSingle(index -> fetchChunk(manifest, index, new HashSet<>()), false, concurrency)
        .doOnNext(length -> {
          outstanding--;
          download.chunkWritten(length);
        })
        .ignoreElements();
  }

  /** The end game: so few chunks are left that each can be asked of a second source. */
  private boolean endgame() {
    return outstanding <= sources.stream().filter(Source::usable).count();
  }

  /** One chunk, verified, from whichever source is free; retried elsewhere on failure. */
  private Single<Integer> fetchChunk(Manifest manifest, int index, Set<Source> tried) {
    // Wait for the bandwidth limit first and pick the source after, so the pick sees the requests really waiting.
    return Completable.defer(() -> delay(rateLimit.reserve(manifest.length(index)))).andThen(Single.defer(() -> {
      Source source = pick(tried);
      if (source == null) {
        return Single.<Integer>error(DownloadException.noSource("no source left: " + download.sourceErrors()));
      }
      tried.add(source);
      return verified(manifest, index, source).ambWith(secondOpinion(manifest, index, source));
    })).retry((attempt, error) -> attempt < settings.maxChunkAttempts() && sources.stream().anyMatch(Source::usable)
            // A disk that cannot keep the download's state does not get better on another source.
            && !(error instanceof DownloadException d && !d.retryable()))
        // Whatever the sources did, it is theirs: the download waits for better ones rather than failing.
        .onErrorResumeNext(e -> Single.error(e instanceof DownloadException ? e
            : DownloadException.noSource("chunk " + index + ": " + e.getMessage())));
  }

  /** Chunk {@code index} from {@code source}, verified and written; emits its length. */
  private Single<Integer> verified(Manifest manifest, int index, Source source) {
    return Single.defer(() -> {
      long asked = System.nanoTime();
      return source.chunk(manifest.fileId(), index, data -> part.write(index, data)).map(ok -> {
        if (!ok) {
          meters.verifyFailed();
          source.sentBadChunk(index);
          throw DownloadException.noSource("chunk " + index + " from " + source.name + " failed verification");
        }
        int length = manifest.length(index);
        source.delivered(length);
        meters.chunkFetched(System.nanoTime() - asked);
        meters.downloaded(manifest.fileId(), length);
        return length;
      });
    });
  }

  /**
   * In the end game, a chunk that is still not there after {@code endgameMillis} is asked of another free source
   * too, and the first verified answer wins: one slow source cannot hold the whole file back. Never completes
   * otherwise, so {@code ambWith} leaves the first request alone.
   */
  private Single<Integer> secondOpinion(Manifest manifest, int index, Source first) {
    return delay(settings.endgameMillis()).andThen(Single.defer(() -> {
      Source other = endgame() ? sources.stream().filter(Source::usable).filter(s -> s != first)
          .min(Comparator.comparingInt(Source::inFlight).thenComparingInt(Source::chunks)).orElse(null) : null;
      if (other != null) {
        return verified(manifest, index, other).onErrorResumeNext(e -> Single.never());
      }
      return sources.stream().anyMatch(s -> s.usable() && s != first)
          ? secondOpinion(manifest, index, first)
          : Single.<Integer>never();
    }));
  }

  /**
   * The usable source with the fewest requests waiting, preferring ones this chunk has not failed on; among
   * equally idle ones the one that delivered least, so a slow-paced download (a bandwidth limit) still spreads.
   */
  private Source pick(Set<Source> tried) {
    Comparator<Source> load = Comparator.comparingInt(Source::inFlight).thenComparingInt(Source::chunks);
    return sources.stream().filter(Source::usable).filter(s -> !tried.contains(s)).min(load)
        .or(() -> sources.stream().filter(Source::usable).min(load))
        .orElse(null);
  }

  private Completable delay(long millis) {
    return millis <= 0 ? Completable.complete() : Completable.timer(millis, TimeUnit.MILLISECONDS, timers);
  }

  /** Empty when the future's result is null. */
  static <T> Maybe<T> maybe(Supplier<Future<T>> call) {
    return AsyncResultMaybe.toMaybe(call, value -> value);
  }

  static <T> Single<T> single(Supplier<Future<T>> call) {
    return AsyncResultSingle.toSingle(call, value -> value);
  }

  static Completable completable(Supplier<Future<Void>> call) {
    return AsyncResultCompletable.toCompletable(call);
  }
}
