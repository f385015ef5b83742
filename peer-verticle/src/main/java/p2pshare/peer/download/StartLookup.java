package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import p2pshare.peer.download.DownloadException.Reason;
import p2pshare.peer.share.Manifest;

/**
 * What a start request names, resolved with the tracker: the fileId (given, or the one file of an exact name), then
 * the swarm to start from. Failures are {@link DownloadException}s. Event loop only.
 */
final class StartLookup {
  private final Vertx vertx;
  private final SourceLookup lookup;
  private final Path parts;

  StartLookup(Vertx vertx, SourceLookup lookup, Path parts) {
    this.vertx = vertx;
    this.lookup = lookup;
    this.parts = parts;
  }

  /** The fileId of {@code {"fileId": …}} or {@code {"name": …}}. */
  Future<String> fileIdOf(JsonObject request) {
    Object fileId = request.getValue("fileId");
    Object name = request.getValue("name");
    if ((fileId == null) == (name == null)) {
      return Future.failedFuture(new DownloadException(Reason.BAD_REQUEST, "give exactly one of fileId or name"));
    }
    if (fileId != null && !(fileId instanceof String id && Manifest.isFileId(id))) {
      return Future.failedFuture(new DownloadException(Reason.BAD_REQUEST, "fileId must be 64 lowercase hex digits"));
    }
    if (name != null && !(name instanceof String n && !n.isEmpty())) {
      return Future.failedFuture(new DownloadException(Reason.BAD_REQUEST, "name must be a non-empty string"));
    }
    return fileId != null ? Future.succeededFuture((String) fileId) : lookup.fileIdOf((String) name);
  }

  /** The tracker's {@code sources} reply for {@code fileId} ({@link SourceLookup#sources}), or {@link #keptEarlier}. */
  Future<JsonObject> swarm(String fileId) {
    return lookup.sources(fileId).recover(e -> keptEarlier(fileId, e));
  }

  /**
   * With no source to be had, a download whose part file an earlier one kept (one that could not be published, or
   * a leftover of a crash) starts from it anyway, with no peers: complete, it is published; else it waits for one.
   */
  private Future<JsonObject> keptEarlier(String fileId, Throwable noSources) {
    if (!(noSources instanceof DownloadException d && d.retryable())) {
      return Future.failedFuture(noSources);
    }
    return ManifestStore.load(vertx, parts, fileId).compose(manifest -> manifest == null
        ? Future.failedFuture(noSources)
        : Future.succeededFuture(new JsonObject().put("fileId", fileId).put("name", manifest.name())
            .put("size", manifest.size()).put("peers", new JsonArray())));
  }
}
