package p2pshare.peer.download;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ManifestBuilder;

/**
 * Fetches one file from many sources at once and reassembles it.
 *
 * <p>The chunks are a {@link Flowable} of indexes mapped with {@code flatMapSingle} and a concurrency bound: at
 * most {@code maxInFlight} chunks are requested, verified or written at a time, which bounds the memory held
 * whatever the file size. Each chunk goes to the usable source with the fewest requests waiting, so faster sources
 * (which clear their requests sooner) take more chunks. A chunk that fails or does not match its SHA-256 is retried
 * on another source; verified chunks are written at their offset in the {@link PartFile}. Everything runs on the
 * download engine's event loop except hashing, which runs on worker threads.
 */
final class SwarmDownload {
  private final Vertx vertx;
  private final Download download;
  private final List<Source> sources;
  private final DownloadSettings settings;
  private final Path partDir;
  private final Path downloadDir;
  private Manifest manifest;

  SwarmDownload(Vertx vertx, NetClient client, Download download, List<JsonObject> peers, DownloadSettings settings,
      Path partDir, Path downloadDir) {
    this.vertx = vertx;
    this.download = download;
    this.settings = settings;
    this.partDir = partDir;
    this.downloadDir = downloadDir;
    this.sources = peers.stream()
        .map(p -> new Source(vertx, client, p, settings.stallMillis(), settings.maxSourceFailures())).toList();
    download.useSources(sources);
  }

  /** Downloads, verifies and publishes the file; emits the final path. Disposing it stops the transfer. */
  Single<Path> run() {
    return fetchManifest().flatMap(manifest -> single(() -> PartFile.create(vertx,
            partDir.resolve(manifest.fileId() + ".part"), manifest))
        .flatMap(part -> fetchAll(manifest, part)
            .andThen(single(() -> part.publish(downloadDir, download.name())))
            .doOnError(e -> part.discard())
            .doOnDispose(part::discard)))
        .doFinally(() -> sources.forEach(Source::close));
  }

  /** The checked manifest, once the first source sent it. */
  Manifest manifest() {
    return manifest;
  }

  private Single<Manifest> fetchManifest() {
    return Flowable.fromIterable(sources)
        .concatMapMaybe(s -> single(() -> s.manifest(download.fileId())).toMaybe()
            .onErrorResumeNext(e -> Maybe.empty()))
        .firstElement()
        .switchIfEmpty(Single.error(() -> new DownloadException("no source could send the manifest: "
            + download.sourceErrors())))
        .doOnSuccess(m -> {
          manifest = m;
          download.manifestKnown(m);
        });
  }

  private Completable fetchAll(Manifest manifest, PartFile part) {
    int concurrency = Math.min(settings.maxInFlight(), Math.max(1, sources.size() * settings.perSourceInFlight()));
    return Flowable.range(0, manifest.chunkCount())
        .flatMapSingle(index -> fetchChunk(manifest, index, new HashSet<>())
            .flatMap(data -> completable(() -> part.write(index, data)).toSingleDefault(data.length())),
            false, concurrency)
        .doOnNext(download::chunkWritten)
        .ignoreElements();
  }

  /** One chunk, verified, from whichever source is free; retried elsewhere on failure. */
  private Single<Buffer> fetchChunk(Manifest manifest, int index, Set<Source> tried) {
    return Single.defer(() -> {
      Source source = pick(tried);
      if (source == null) {
        return Single.error(new DownloadException("every source failed: " + download.sourceErrors()));
      }
      tried.add(source);
      return single(() -> source.chunk(manifest.fileId(), index))
          .flatMap(data -> single(() -> verify(manifest, index, data)).map(ok -> {
            if (!ok) {
              source.sentBadChunk(index);
              throw new DownloadException("chunk " + index + " from " + source.name + " failed verification");
            }
            source.delivered(data.length());
            return data;
          }));
    }).retry((attempt, error) -> attempt < settings.maxChunkAttempts() && sources.stream().anyMatch(Source::usable));
  }

  private Future<Boolean> verify(Manifest manifest, int index, Buffer data) {
    if (data.length() != manifest.length(index)) {
      return Future.succeededFuture(false);
    }
    return vertx.executeBlocking(() -> ManifestBuilder.sha256Hex(data).equals(manifest.chunks().get(index)), false);
  }

  /** The usable source with the fewest requests waiting, preferring ones this chunk has not failed on. */
  private Source pick(Set<Source> tried) {
    Comparator<Source> load = Comparator.comparingInt(Source::inFlight);
    return sources.stream().filter(Source::usable).filter(s -> !tried.contains(s)).min(load)
        .or(() -> sources.stream().filter(Source::usable).min(load))
        .orElse(null);
  }

  static <T> Single<T> single(Supplier<Future<T>> call) {
    return Single.create(emitter -> call.get().onComplete(ar -> {
      if (ar.succeeded()) {
        emitter.onSuccess(ar.result());
      } else {
        emitter.tryOnError(ar.cause());
      }
    }));
  }

  static Completable completable(Supplier<Future<Void>> call) {
    return Completable.create(emitter -> call.get().onComplete(ar -> {
      if (ar.succeeded()) {
        emitter.onComplete();
      } else {
        emitter.tryOnError(ar.cause());
      }
    }));
  }
}
