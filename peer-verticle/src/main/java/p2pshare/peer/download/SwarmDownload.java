package p2pshare.peer.download;

import static p2pshare.peer.download.FutureRx.completable;
import static p2pshare.peer.download.FutureRx.single;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.rxjava3.core.RxHelper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.share.FileIdentity;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.SharedFile;

/**
 * Fetches one file from many sources at once and reassembles it.
 *
 * <p>The missing chunks are a {@link Flowable} of indexes mapped with {@code flatMapMaybe} and a concurrency bound:
 * at most {@code maxInFlight} chunks are requested, verified or written at a time, which bounds the memory held
 * whatever the file size. Each chunk goes to the usable source with the fewest requests waiting, so faster sources
 * (which clear their requests sooner) take more chunks. A chunk that fails or does not match its SHA-256 is retried
 * on another source; verified chunks are written at their offset in the {@link PartFile}, which remembers them, so
 * a run that stops (no source left, cancel, shutdown) leaves a part file the next run resumes from. Everything runs
 * on the download engine's event loop except checking and writing a chunk, which run together on a worker thread.
 */
final class SwarmDownload implements Transfer {
  private static final Logger log = LoggerFactory.getLogger(SwarmDownload.class);
  /** How often a running download asks the tracker for new sources, when the tracker does not push them. */
  static final long REFRESH_MILLIS = 3_000;
  /**
   * How often it still asks when the tracker pushes them: a lookup is a random sample, so now and then it brings
   * sources a push never named (they joined before the subscription).
   */
  static final long PUSHED_REFRESH_MILLIS = 30_000;
  /** How long a pick with nothing to ask waits before it looks again anyway. */
  private static final long WAIT_MILLIS = 500;

  private final Vertx vertx;
  private final SwarmSetup setup;
  private final SwarmHooks hooks;
  private final DownloadProgress download;
  private final DownloadSettings settings;
  private final ChunkPicker<Source> picker;
  private final SwarmSources sources;
  private final SourceChanges changes;
  private final RateLimit rateLimit;
  private final PeerMeters meters;
  private final Scheduler timers;
  private Manifest manifest;
  private PartFile part;
  private BitSet wanted;
  private boolean ended;
  /** The flow of slots ended (failed or was disposed): a slot still at work has nothing left to say. */
  private boolean fetchEnded;
  private int[] attempts;
  private long lastLookup = System.nanoTime();

  /** @param peers the sources to start from, as the tracker lists them */
  SwarmDownload(SwarmSetup setup, DownloadProgress download, List<JsonObject> peers, SwarmHooks hooks) {
    this.vertx = setup.dialing().vertx();
    this.setup = setup;
    this.hooks = hooks;
    this.download = download;
    this.settings = setup.settings();
    this.meters = setup.meters();
    this.rateLimit = new RateLimit(settings.maxBytesPerSecond());
    this.timers = RxHelper.scheduler(io.vertx.rxjava3.core.Vertx.newInstance(vertx));
    this.changes = new SourceChanges(settings.perSourceInFlight(), WAIT_MILLIS, timers);
    this.picker = new ChunkPicker<>(settings.perSourceInFlight());
    this.sources = new SwarmSources(setup, download, changes::signal);
    addSources(peers);
    download.useSources(sources.list());
  }

  /** Adds the sources the download does not know yet ({@link SwarmSources#add}). */
  void addSources(List<JsonObject> peers) {
    if (!ended) { // else a lookup that answered after the run: its connections would never be closed
      sources.add(peers, manifest);
    }
  }

  @Override
  public void peerLeft(String peerId) {
    sources.left(peerId, "left the network");
    changes.signal();
  }

  @Override
  public void sourcesPushed(List<JsonObject> pushed, List<String> gone) {
    addSources(pushed);
    gone.forEach(peerId -> sources.left(peerId, "no longer offers the file"));
    changes.signal();
  }

  /**
   * Downloads, verifies and publishes the file; emits it with its identity on disk. Disposing it, or a failure,
   * closes the part file and keeps it for the next run; {@link #discard} removes it.
   */
  @Override
  public Single<SharedFile> run() {
    Path parts = setup.folders().parts();
    return manifest()
        .flatMap(m -> single(() -> PartFile.open(vertx, parts, m, settings.syncEveryBytes(),
            settings.directWrites())).flatMap(opened -> {
          part = opened;
          download.resumedFrom(opened.doneBytes());
          hooks.onOpened().accept(opened);
          download.chunksFrom(opened);
          new ArrayList<>(sources.list()).forEach(source -> source.manifest(download.fileId));
          return fetchMissing(m, opened)
              .andThen(Single.defer(() -> published(opened, m)))
              .doOnError(e -> opened.close())
              .doOnDispose(opened::close);
        }))
        .doFinally(() -> {
          ended = true;
          sources.closeAll();
        });
  }

  /** The complete part file under its final name, with its identity on disk (what the node then shares). */
  private Single<SharedFile> published(PartFile opened, Manifest m) {
    long allIn = System.nanoTime();
    return single(() -> opened.publish(setup.folders().downloads(), download.name, settings.verifyOnPublish()))
        .doOnSuccess(path -> download.published((System.nanoTime() - allIn) / 1_000_000))
        .flatMap(path -> single(() -> vertx.executeBlocking(() -> new SharedFile(path, FileIdentity.of(path), m),
            false)));
  }

  @Override
  public Future<Void> stop() {
    return part == null ? Future.succeededFuture() : part.close();
  }

  @Override
  public Future<Void> discard() {
    if (part != null) {
      return part.discard();
    }
    return vertx.executeBlocking(() -> {
      PartFile.deleteState(setup.folders().parts(), download.fileId);
      return null;
    }, false);
  }

  /**
   * The proven manifest ({@link ManifestProof}): sources that offered the file at another size are dropped, and the
   * hook checks it (room for the true size) before the part file is opened.
   */
  private Single<Manifest> manifest() {
    if (sources.list().isEmpty() && sources.unreached() != null) {
      return Single.error(DownloadException.noSource("no source but " + sources.unreached()));
    }
    return ManifestProof.fetch(vertx, setup.folders().parts(), download, sources.list())
        .doOnSuccess(m -> {
          manifest = m;
          download.manifestKnown(m);
          ManifestProof.dropLiars(m, sources.list(), download.name);
        })
        .flatMap(m -> completable(() -> hooks.onProven().apply(m)).toSingleDefault(m));
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
    long refresh = vertx.setPeriodic(REFRESH_MILLIS, t -> {
      if (!hooks.pushed().getAsBoolean() || System.nanoTime() - lastLookup >= PUSHED_REFRESH_MILLIS * 1_000_000) {
        refreshSources();
      }
    });
    // Each slot ends with one chunk written: which one is picked when its turn comes.
    return Flowable.range(0, wanted.cardinality())
        .flatMapMaybe(slot -> fetchOne(manifest, new HashSet<>(), 0), false, settings.maxInFlight())
        .doOnTerminate(() -> fetchEnded = true)
        .doOnCancel(() -> fetchEnded = true)
        .doOnNext(download::chunkWritten)
        .ignoreElements()
        .doFinally(() -> vertx.cancelTimer(refresh));
  }

  /** Asks the tracker for the file's sources again; a failed lookup changes nothing and is tried at the next turn. */
  @Override
  public void refreshSources() {
    lastLookup = System.nanoTime();
    hooks.lookup().get().onComplete(found -> {
      if (found.succeeded()) {
        addSources(found.result());
      } else {
        log.debug("download {} ({}): could not look its sources up again: {}", download.name,
            DownloadEngine.shortId(download.fileId), found.cause().getMessage());
      }
    });
  }

  /**
   * One chunk, verified and written: the rarest one a source with room offers ({@link ChunkPicker}), retried (as
   * the rarest chunk then) on failure. With none to ask now, it waits for a source change; after {@code stallMillis}
   * of that, or with no source left, the run ends and the download waits for better sources. The first slot that
   * finds the run cannot go on ends the flow, which disposes the others. A slot still at work when the flow ended
   * (it was handling a failure that woke the one that ended it) has nothing left to say: it ends empty, logged.
   */
  private Maybe<Integer> fetchOne(Manifest manifest, Set<Source> tried, long waitingSince) {
    // Wait for the bandwidth limit first and pick after, so the pick sees the requests really waiting.
    return Completable.defer(() -> delay(rateLimit.reserve(manifest.chunkSize()))).andThen(Maybe.defer(() -> {
      if (fetchEnded) {
        return Maybe.empty();
      }
      ChunkPicker.Pick<Source> pick = picker.pick(wanted, sources.list(), tried);
      if (pick == null) {
        long since = waitingSince == 0 ? System.nanoTime() : waitingSince;
        if (!sources.anyUsable()) {
          return Maybe.error(DownloadException.noSource("no source left: " + download.sourceErrors()));
        }
        if ((System.nanoTime() - since) / 1_000_000 >= settings.stallMillis()) {
          return Maybe.error(DownloadException.noSource("no source offers the chunks still missing: "
              + download.sourceErrors()));
        }
        return changes.next().andThen(Maybe.defer(() -> fetchOne(manifest, tried, since)));
      }
      int index = pick.index();
      wanted.clear(index);
      return Flowable.merge(verified(manifest, index, pick.source()).toFlowable(),
              secondOpinion(manifest, index, pick.source()).toFlowable())
          .firstElement()
          .onErrorResumeNext(e -> {
            wanted.set(index);
            changes.signal();
            if (fetchEnded) {
              log.debug("download {}: chunk {} failed after the run ended: {}", download.name, index, e.toString());
              return Maybe.empty();
            }
            // A disk that cannot keep the download's state does not get better on another source.
            if (e instanceof DownloadException d && !d.retryable() || ++attempts[index] >= settings.maxChunkAttempts()) {
              return Maybe.error(e instanceof DownloadException ? e
                  : DownloadException.noSource("chunk " + index + ": " + e.getMessage()));
            }
            tried.add(pick.source());
            return fetchOne(manifest, tried, 0);
          });
    }));
  }

  /** Chunk {@code index} from {@code source}, verified and written; emits its length. */
  private Single<Integer> verified(Manifest manifest, int index, Source source) {
    return Single.defer(() -> {
      long asked = System.nanoTime();
      return source.chunk(manifest.fileId(), index, data -> part.write(index, data)).map(ok -> {
        if (!ok) {
          meters.verifyFailed();
          source.sentBadChunk(index);
          setup.bans().ban(BanList.Key.of(manifest.fileId(), source));
          throw DownloadException.noSource("chunk " + index + " from " + source.name + " failed verification");
        }
        int length = manifest.length(index);
        source.delivered(length);
        changes.signal();
        meters.chunkFetched(System.nanoTime() - asked);
        meters.downloaded(manifest.fileId(), length);
        return length;
      });
    });
  }

  /**
   * In the end game (every chunk still missing has been asked for), a chunk that is still not there after
   * {@code endgameMillis} is asked of another free source too, and the first verified answer wins: one slow source
   * cannot hold the whole file back. Empty when there is no other source to ask, or when the second request failed
   * (its source counts the failure); the first request then decides alone.
   */
  private Maybe<Integer> secondOpinion(Manifest manifest, int index, Source first) {
    return delay(settings.endgameMillis()).andThen(Maybe.defer(() -> {
      Source other = wanted.isEmpty() ? sources.otherFor(index, first) : null;
      if (other != null) {
        return verified(manifest, index, other).toMaybe().onErrorResumeNext(e -> {
          log.debug("download {}: chunk {} asked again of {} failed: {}", download.name, index, other.name,
              e.getMessage());
          return Maybe.empty();
        });
      }
      return sources.anyUsableBut(first)
          ? secondOpinion(manifest, index, first)
          : Maybe.<Integer>empty();
    }));
  }

  private Completable delay(long millis) {
    return millis <= 0 ? Completable.complete() : Completable.timer(millis, TimeUnit.MILLISECONDS, timers);
  }
}
