package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the unfinished downloads (one small JSON file each), so a node that stops or crashes takes them up
 * again at its next start, paused if it was paused. A download's record goes when it completes, fails or is
 * cancelled. The writes of one record go one after the other, so the last change is the one on disk. Use it from
 * the download engine's event loop only.
 */
final class DownloadStore {
  /**
   * The record format; version 1 records had no version field and are read the same way. A record without
   * {@code paused} (written before downloads could be paused) is not paused.
   */
  static final int VERSION = 2;
  private static final Logger log = LoggerFactory.getLogger(DownloadStore.class);
  private final Vertx vertx;
  private final Path dir;
  private final Map<String, Future<Void>> writing = new HashMap<>();

  DownloadStore(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.dir = dir;
  }

  Future<Void> save(Download download) {
    JsonObject record = new JsonObject().put("version", VERSION).put("id", download.id()).put("fileId", download.fileId())
        .put("name", download.name()).put("size", download.size()).put("createdAt", download.createdAt())
        .put("paused", download.state() == Download.State.PAUSED);
    return inTurn(download.id(), () -> vertx.fileSystem().mkdirs(dir.toString())
        .compose(v -> vertx.fileSystem().writeFile(file(download.id()).toString(), record.toBuffer())));
  }

  Future<Void> delete(String id) {
    return inTurn(id, () -> vertx.fileSystem().delete(file(id).toString()).recover(e -> Future.succeededFuture()));
  }

  /** True for a record saved while its download was paused. */
  static boolean paused(JsonObject record) {
    return Boolean.TRUE.equals(record.getValue("paused"));
  }

  /** Runs {@code write} once the earlier writes of record {@code id} are done, whatever their outcome. */
  private Future<Void> inTurn(String id, Supplier<Future<Void>> write) {
    Future<Void> next = writing.getOrDefault(id, Future.succeededFuture()).transform(ar -> write.get());
    writing.put(id, next);
    next.onComplete(ar -> writing.remove(id, next));
    return next;
  }

  /** The saved records, oldest first; unreadable ones are skipped. Blocking. */
  List<JsonObject> loadAll() throws IOException {
    List<JsonObject> records = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return records;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        try {
          JsonObject record = new JsonObject(Buffer.buffer(Files.readAllBytes(file)));
          Object version = record.getValue("version", 1);
          if (!(version instanceof Integer v) || v < 1 || v > VERSION) {
            log.warn("ignoring download record {} of unknown format version {}", file, version);
          } else if (record.getString("id") != null && record.getString("fileId") != null) {
            records.add(record);
          }
        } catch (RuntimeException e) {
          log.warn("ignoring unreadable download record {}: {}", file, e.getMessage());
        }
      }
    }
    records.sort((a, b) -> Long.compare(a.getLong("createdAt", 0L), b.getLong("createdAt", 0L)));
    return records;
  }

  private Path file(String id) {
    return dir.resolve(id.replaceAll("[^A-Za-z0-9-]", "_") + ".json");
  }
}
