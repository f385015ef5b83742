package p2pshare.peer.share;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists manifests between runs (keyed by path, trusted while size and mtime match) so a restart does not hash
 * every file again. The file is {@code {"version": 2, "files": [entry]}}, each entry a {@link SharedFile#toJson()}
 * with its file key. A cache of another version, or one that cannot be read, is not trusted at all: its files are
 * hashed again and the next save replaces it. Written to a temporary file and moved into place, so a crash never
 * leaves half a cache. Blocking: worker threads only.
 */
public final class HashCache {
  /** Version 1 had no version field and no file keys. */
  static final int VERSION = 2;
  private static final Logger log = LoggerFactory.getLogger(HashCache.class);
  private final Path file;

  public HashCache(Path file) {
    this.file = file;
  }

  /** The cached files by path; empty when there is no cache or it cannot be trusted (one log line says why). */
  public Map<Path, SharedFile> load() {
    Map<Path, SharedFile> cached = new HashMap<>();
    try {
      JsonObject json = new JsonObject(Buffer.buffer(Files.readAllBytes(file)));
      Object version = json.getValue("version");
      if (!Integer.valueOf(VERSION).equals(version)) {
        log.info("hash cache {} is not version {} (it has {}); its files are hashed again", file, VERSION,
            version == null ? "none" : version);
        return new HashMap<>();
      }
      JsonArray entries = json.getJsonArray("files");
      for (int i = 0; i < entries.size(); i++) {
        SharedFile shared = SharedFile.fromJson(entries.getJsonObject(i));
        cached.put(shared.path(), shared);
      }
    } catch (NoSuchFileException e) {
      return cached;
    } catch (IOException | RuntimeException e) {
      log.warn("hash cache {} is unreadable ({}); its files are hashed again", file, e.toString());
      return new HashMap<>();
    }
    return cached;
  }

  public void save(Collection<SharedFile> files) throws IOException {
    JsonArray entries = new JsonArray();
    files.forEach(f -> entries.add(f.toJson()));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, new JsonObject().put("version", VERSION).put("files", entries).toBuffer().getBytes());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
