package p2pshare.peer.download;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.rxjava3.core.RxHelper;
import io.vertx.rxjava3.impl.AsyncResultCompletable;
import io.vertx.rxjava3.impl.AsyncResultMaybe;
import io.vertx.rxjava3.impl.AsyncResultSingle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.peer.wire.PeerDialer;

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
  /** How often a running download asks the tracker for new sources. */
  static final long REFRESH_MILLIS = 3_000;
  /** How long a pick with nothing to ask waits before it looks again anyway. */
  private static final long WAIT_MILLIS = 500;

  private final Vertx vertx;
  private final PeerDialer client;
  private final ChunkBuffers buffers;
  private final String self;
  private final Supplier<Future<List<JsonObject>>> lookup;
  private final Consumer<PartFile> onOpened;
  private final BanList bans;
  private final Function<Manifest, Future<Void>> onProven;
  private final ChunkPicker<Source> picker;
  private final List<Source> sources = new ArrayList<>();
  private final List<Promise<Void>> waiting = new ArrayList<>();
  private final Download download;
  private final DownloadSettings settings;
  private final Path partDir;
  private final Path downloadDir;
  private final RateLimit rateLimit;
  private final PeerMeters meters;
  private Manifest manifest;
  private PartFile part;
  private final Scheduler timers;
  private BitSet wanted;
  private boolean ended;
  private boolean stopping;
  private int[] attempts;

  /** A transfer whose bans last as long as it does and whose proven manifest needs no check (tests). */
  SwarmDownload(Vertx vertx, PeerDialer client, ChunkBuffers buffers, String self, Download download,
      List<JsonObject> peers, DownloadSettings settings, Path partDir, Path downloadDir, PeerMeters meters,
      Supplier<Future<List<JsonObject>>> lookup, Consumer<PartFile> onOpened) {
    this(vertx, client, buffers, self, download, peers, settings, partDir, downloadDir, meters, lookup, onOpened,
        BanList.inMemory(vertx, settings.banMillis()), m -> Future.succeededFuture());
  }

  /**
   * @param lookup asks the tracker for the file's sources again while the download runs
   * @param onOpened told when the part file is open, so its verified chunks can be offered to others
   * @param bans sources banned from files for bad chunks: never added, and one that sends a bad chunk joins them
   * @param onProven checks the manifest once it is proven (the file's true size), before the part file is opened;
   *     its failure ends the run
   */
  SwarmDownload(Vertx vertx, PeerDialer client, ChunkBuffers buffers, String self, Download download,
      List<JsonObject> peers, DownloadSettings settings, Path partDir, Path downloadDir, PeerMeters meters,
      Supplier<Future<List<JsonObject>>> lookup, Consumer<PartFile> onOpened, BanList bans,
      Function<Manifest, Future<Void>> onProven) {
    this.vertx = vertx;
    this.client = client;
    this.buffers = buffers;
    this.self = self;
    this.meters = meters;
    this.download = download;
    this.settings = settings;
    this.partDir = partDir;
    this.downloadDir = downloadDir;
    this.lookup = lookup;
    this.onOpened = onOpened;
    this.bans = bans;
    this.onProven = onProven;
    this.rateLimit = new RateLimit(settings.maxBytesPerSecond());
    this.timers = RxHelper.scheduler(io.vertx.rxjava3.core.Vertx.newInstance(vertx));
    this.picker = new ChunkPicker<>(settings.perSourceInFlight());
    addSources(peers);
    download.useSources(sources);
  }

  /**
   * Adds sources the download does not know yet, complete ones first, up to {@code maxSources} usable ones. Sources
   * banned from the file are left out, and so, once the manifest proved the file's size, are sources that offer it
   * at another size: the fileId covers the size, so they lie.
   */
  void addSources(List<JsonObject> peers) {
    if (ended) {
      return; // a lookup that answered after the run: its connections would never be closed
    }
    List<JsonObject> ordered = new ArrayList<>(peers.stream()
        .filter(p -> !bans.banned(BanList.Key.of(download.fileId(), p)))
        .filter(p -> manifest == null || p.getLong("size", manifest.size()) == manifest.size())
        .toList());
    ordered.sort(Comparator.comparing((JsonObject p) -> Boolean.TRUE.equals(p.getValue("partial")))
        .thenComparing(p -> -p.getLong("chunks", 0L)));
    for (JsonObject peer : ordered) {
      String peerId = peer.getString("peerId");
      if (sources.stream().filter(Source::usable).count() >= settings.maxSources()
          || sources.stream().anyMatch(s -> s.peerId.equals(peerId) && s.usable())) {
        continue;
      }
      sources.removeIf(s -> s.peerId.equals(peerId)); // a dropped one that came back starts afresh
      Source source = new Source(vertx, client, peer, download.fileId(), self, buffers, this::wake,
          settings.stallMillis(), settings.maxSourceFailures(),
          download.name() + " (" + download.fileId().substring(0, 12) + ")");
      sources.add(source);
      if (manifest != null) {
        meters.sourceAdded();
        source.manifest(download.fileId()); // learn its offer now; a failure is the source's
      }
    }
  }

  /** The tracker says this peer left: it is no source any more. */
  void peerLeft(String peerId) {
    sources.stream().filter(s -> s.peerId.equals(peerId)).forEach(s -> s.drop("left the network"));
    wake();
  }

  /**
   * Downloads, verifies and publishes the file; emits the final path. Disposing it, or a failure, closes the part
   * file and keeps it for the next run; {@link #discard} removes it.
   */
  Single<Path> run() {
    return manifest()
        .flatMap(m -> single(() -> PartFile.open(vertx, partDir, m, settings.syncEveryBytes(),
            settings.directWrites())).flatMap(opened -> {
          part = opened;
          download.resumedFrom(opened.doneBytes());
          onOpened.accept(opened);
          download.chunksFrom(opened);
          new ArrayList<>(sources).forEach(source -> source.manifest(download.fileId()));
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
        .doFinally(() -> {
          ended = true;
          sources.forEach(Source::close);
        });
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

  /**
   * The proven manifest ({@link ManifestProof}): sources that offered the file at another size are dropped, and the
   * engine checks it (room for the true size) before the part file is opened.
   */
  private Single<Manifest> manifest() {
    return ManifestProof.fetch(vertx, partDir, download, sources)
        .doOnSuccess(m -> {
          manifest = m;
          download.manifestKnown(m);
          ManifestProof.dropLiars(m, sources, download.name());
        })
        .flatMap(m -> completable(() -> onProven.apply(m)).toSingleDefault(m));
  }

  private Completable fetchMissing(Manifest manifest, PartFile part) {
    wanted = new BitSet(manifest.chunkCount());
    download.wantedFrom(() -> wanted);
    for (int i = 0; i < manifest.chunkCount(); i++) {
      if (!part.has(i)) {
        wanted.set(i);
      }
    }
    attempts = new int[manifest.chunkCount()];
    long refresh = vertx.setPeriodic(REFRESH_MILLIS, t -> refreshSources());
    // Each slot ends with one chunk written: which one is picked when its turn comes.
    return Flowable.range(0, wanted.cardinality())
        .flatMapSingle(slot -> fetchOne(manifest, new HashSet<>(), 0), false, settings.maxInFlight())
        .doOnNext(download::chunkWritten)
        .ignoreElements()
        .doFinally(() -> vertx.cancelTimer(refresh));
  }

  /** Asks the tracker for the file's sources again (a lookup is a sample: absence from it means nothing). */
  void refreshSources() {
    lookup.get().onSuccess(this::addSources);
  }

  /**
   * The end game: every chunk still missing has been asked for, so a chunk that is slow to come can be asked of a
   * second source as well.
   */
  private boolean endgame() {
    return wanted.isEmpty();
  }

  /**
   * One chunk, verified and written: the rarest one a source with room offers ({@link ChunkPicker}), retried (as
   * the rarest chunk then) on failure. With none to ask now, it waits for a change (an offer, a free source, a new
   * source); after {@code stallMillis} of that, or with no source left, the download waits for better sources.
   */
  private Single<Integer> fetchOne(Manifest manifest, Set<Source> tried, long waitingSince) {
    // Wait for the bandwidth limit first and pick after, so the pick sees the requests really waiting.
    return Completable.defer(() -> delay(rateLimit.reserve(manifest.chunkSize()))).andThen(Single.defer(() -> {
      ChunkPicker.Pick<Source> pick = picker.pick(wanted, sources, tried);
      if (pick == null) {
        long since = waitingSince == 0 ? System.nanoTime() : waitingSince;
        if (sources.stream().noneMatch(Source::usable)) {
          return stopRun(DownloadException.noSource("no source left: " + download.sourceErrors()));
        }
        if ((System.nanoTime() - since) / 1_000_000 >= settings.stallMillis()) {
          return stopRun(DownloadException.noSource("no source offers the chunks still missing: "
              + download.sourceErrors()));
        }
        return changed().andThen(Single.defer(() -> fetchOne(manifest, tried, since)));
      }
      int index = pick.index();
      wanted.clear(index);
      return verified(manifest, index, pick.source()).ambWith(secondOpinion(manifest, index, pick.source()))
          .onErrorResumeNext(e -> {
            wanted.set(index);
            wake();
            // A disk that cannot keep the download's state does not get better on another source.
            if (e instanceof DownloadException d && !d.retryable() || ++attempts[index] >= settings.maxChunkAttempts()) {
              return stopRun(e instanceof DownloadException ? e
                  : DownloadException.noSource("chunk " + index + ": " + e.getMessage()));
            }
            tried.add(pick.source());
            return fetchOne(manifest, tried, 0);
          });
    }));
  }

  /**
   * Ends the run with {@code why}: the first slot that finds it cannot go on says why, and the others that find it
   * too (woken by the same change) wait to be disposed with the run, since a flow takes only one error.
   */
  private Single<Integer> stopRun(Throwable why) {
    if (stopping) {
      return Single.never();
    }
    stopping = true;
    return Single.error(why);
  }

  /** Completes at the next {@link #wake}, or after a short while to look again anyway. */
  private Completable changed() {
    return Completable.create(emitter -> {
      Promise<Void> woken = Promise.promise();
      waiting.add(woken);
      long timer = vertx.setTimer(WAIT_MILLIS, t -> woken.tryComplete());
      woken.future().onComplete(v -> emitter.onComplete());
      emitter.setCancellable(() -> {
        waiting.remove(woken);
        vertx.cancelTimer(timer);
      });
    });
  }

  /**
   * Something a waiting pick depends on changed: a few waiting picks look again (one change rarely makes room for
   * more than a source's share of requests; waking every waiting slot costs more than it finds).
   */
  private void wake() {
    for (int n = 0; n < settings.perSourceInFlight() && !waiting.isEmpty(); n++) {
      waiting.remove(waiting.size() - 1).tryComplete();
    }
  }

  /** Chunk {@code index} from {@code source}, verified and written; emits its length. */
  private Single<Integer> verified(Manifest manifest, int index, Source source) {
    return Single.defer(() -> {
      long asked = System.nanoTime();
      return source.chunk(manifest.fileId(), index, data -> part.write(index, data)).map(ok -> {
        if (!ok) {
          meters.verifyFailed();
          source.sentBadChunk(index);
          bans.ban(BanList.Key.of(manifest.fileId(), source));
          throw DownloadException.noSource("chunk " + index + " from " + source.name + " failed verification");
        }
        int length = manifest.length(index);
        source.delivered(length);
        wake();
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
          .filter(s -> s.offers(index) || s.complete())
          .min(Comparator.comparingInt(Source::inFlight).thenComparingInt(Source::chunks)).orElse(null) : null;
      if (other != null) {
        return verified(manifest, index, other).onErrorResumeNext(e -> Single.never());
      }
      return sources.stream().anyMatch(s -> s.usable() && s != first)
          ? secondOpinion(manifest, index, first)
          : Single.<Integer>never();
    }));
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
