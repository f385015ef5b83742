package p2pshare.peer.download;

import static p2pshare.peer.download.FutureRx.completable;
import static p2pshare.peer.download.FutureRx.maybe;
import static p2pshare.peer.download.FutureRx.single;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.net.HostText;
import p2pshare.peer.share.Manifest;

/**
 * A download's manifest, which proves the file's size: the fileId is a hash of the size, the chunk size and the
 * chunk hashes, so a manifest that hashes to the fileId is the file's, whoever sent it. The tracker cannot check the
 * sizes peers announce (docs/protocol.md), so sources that offered the file at another size lie, and are dropped.
 * Runs on the download's event loop.
 */
final class ManifestProof {
  private static final Logger log = LoggerFactory.getLogger(ManifestProof.class);

  private ManifestProof() {
  }

  /**
   * The manifest saved by an earlier run, or else the first one a source sends that checks out against the fileId
   * (then saved for the next run). Every source is asked at once (they are all connected to right after anyway, to
   * learn what they offer), so sources that connect and stay silent cost one stall together, not one each; later
   * answers only tell what their sources offer. Fails with {@code NO_SOURCE} when no source sends one.
   */
  static Single<Manifest> fetch(Vertx vertx, Path partDir, DownloadProgress download, List<Source> sources) {
    List<Source> asked = new ArrayList<>(sources);
    return maybe(() -> ManifestStore.load(vertx, partDir, download.fileId))
        .switchIfEmpty(Flowable.fromIterable(asked)
            .flatMapMaybe(s -> single(() -> s.manifest(download.fileId)).toMaybe()
                .onErrorResumeNext(e -> Maybe.empty()), false, Math.max(1, asked.size()))
            .firstElement()
            .flatMapSingle(m -> completable(() -> ManifestStore.save(vertx, partDir, m)).toSingleDefault(m))
            .switchIfEmpty(Single.error(() -> DownloadException.noSource("no source could send the manifest: "
                + download.sourceErrors()))));
  }

  /** Drops the sources that offered the file at another size than the proven {@code manifest}'s. */
  static void dropLiars(Manifest manifest, List<Source> sources, String file) {
    long size = manifest.size();
    sources.stream().filter(s -> s.usable() && s.advertisedSize >= 0 && s.advertisedSize != size).forEach(s -> {
      log.warn("dropping source {} ({}) for {}: it offers the file at {} bytes, but the file has {}", s.name,
          HostText.withPort(s.host, s.port), file, s.advertisedSize, size);
      s.drop("offered the file at " + s.advertisedSize + " bytes, but it has " + size);
    });
  }
}
