package p2pshare.peer.share;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import p2pshare.peer.PeerBus;
import p2pshare.peer.download.FileNames;
import p2pshare.peer.download.FinalName;
import p2pshare.peer.download.FreeSpace;

/**
 * Files added to the share folder from outside the peer (the dashboard's upload): each is written under a hidden
 * temporary name in the share folder, which the scanner skips, and gets its final name only once complete; the
 * name is made safe and never replaces an existing file. The writer (the dashboard) streams the bytes itself;
 * this class owns the names. Runs on the peer's event loop; file work goes to worker threads.
 */
public final class ShareUploads {
  /** Prefix of the temporary files; left-overs of a crash are removed at start. */
  static final String TEMP_PREFIX = ".p2pshare-upload-";

  private final Vertx vertx;
  private final Path shareDir;
  private final int maxAtOnce;
  private final Runnable rescan;
  private final Map<String, Path> open = new HashMap<>();

  /** @param rescan asks the share watcher to look at the folder again once a file is published */
  public ShareUploads(Vertx vertx, Path shareDir, int maxAtOnce, Runnable rescan) {
    this.vertx = vertx;
    this.shareDir = shareDir;
    this.maxAtOnce = maxAtOnce;
    this.rescan = rescan;
  }

  /** Deletes the temporary files a previous run left behind (none can be in use before the start). */
  public Future<Void> clearLeftovers() {
    return vertx.executeBlocking(() -> {
      try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(shareDir, TEMP_PREFIX + "*")) {
        for (Path leftover : leftovers) {
          Files.deleteIfExists(leftover);
        }
      }
      return null;
    }, false);
  }

  /**
   * {@code {name, size?}} → {@code {uploadId, path}}: a new empty temporary file to write to. Fails with 400 for a
   * missing name, 503 when {@code maxAtOnce} uploads are open, 507 when {@code size} bytes do not fit.
   */
  public Future<JsonObject> begin(JsonObject request) {
    if (!(request.getValue("name") instanceof String name) || name.isBlank()) {
      return Future.failedFuture(PeerBus.failure(400, "name must be a non-empty string"));
    }
    long size = request.getValue("size") instanceof Number n ? n.longValue() : 0;
    if (open.size() >= maxAtOnce) {
      return Future.failedFuture(PeerBus.failure(503, "already " + open.size() + " uploads at once; try again"));
    }
    String id = UUID.randomUUID().toString().replace("-", "");
    Path temp = shareDir.resolve(TEMP_PREFIX + id);
    open.put(id, temp);
    return vertx.executeBlocking(() -> {
      long free = FreeSpace.FILE_STORE.usableBytes(shareDir);
      if (size > free) {
        throw PeerBus.failure(507, "not enough space in " + shareDir + ": needs " + size + " bytes, " + free
            + " free");
      }
      Files.createFile(temp);
      return new JsonObject().put("uploadId", id).put("path", temp.toString());
    }, false).onFailure(e -> open.remove(id));
  }

  /**
   * {@code {uploadId, name}} → {@code {name, size}}: gives the written file its safe final name in the share
   * folder (with " (n)" added when the name is taken) and has the folder scanned, so it is shared.
   */
  public Future<JsonObject> finish(JsonObject request) {
    String id = request.getString("uploadId", "");
    Path temp = open.remove(id);
    if (temp == null) {
      return Future.failedFuture(PeerBus.failure(404, "no such upload"));
    }
    String name = FileNames.sanitize(request.getString("name"), id);
    return vertx.executeBlocking(() -> {
      long size = Files.size(temp);
      Path published = FinalName.link(temp, shareDir, name, id);
      Files.deleteIfExists(temp); // the published name is a second link to it
      return new JsonObject().put("name", published.getFileName().toString()).put("size", size);
    }, false).onComplete(ar -> {
      if (ar.succeeded()) {
        rescan.run();
      } else {
        delete(temp);
      }
    });
  }

  /** {@code {uploadId}}: the upload failed or was refused; answers once its temporary file is gone. */
  public Future<JsonObject> abort(JsonObject request) {
    Path temp = open.remove(request.getString("uploadId", ""));
    return temp == null ? Future.succeededFuture(new JsonObject()) : delete(temp).map(new JsonObject());
  }

  private Future<Boolean> delete(Path temp) {
    return vertx.executeBlocking(() -> Files.deleteIfExists(temp), false);
  }
}
