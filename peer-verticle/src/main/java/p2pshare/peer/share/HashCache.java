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
 * every file again. Written to a temporary file and moved into place, so a crash never leaves half a cache.
 * Blocking: worker threads only.
 */
public final class HashCache {
  private static final Logger log = LoggerFactory.getLogger(HashCache.class);
  private final Path file;

  public HashCache(Path file) {
    this.file = file;
  }

  public Map<Path, SharedFile> load() {
    Map<Path, SharedFile> cached = new HashMap<>();
    try {
      JsonArray entries = new JsonObject(Buffer.buffer(Files.readAllBytes(file))).getJsonArray("files");
      for (int i = 0; i < entries.size(); i++) {
        SharedFile shared = SharedFile.fromJson(entries.getJsonObject(i));
        cached.put(shared.path(), shared);
      }
    } catch (NoSuchFileException e) {
      return cached;
    } catch (IOException | RuntimeException e) {
      log.warn("ignoring unreadable hash cache {}: {}", file, e.getMessage());
    }
    return cached;
  }

  public void save(Collection<SharedFile> files) throws IOException {
    JsonArray entries = new JsonArray();
    files.forEach(f -> entries.add(f.toJson()));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, new JsonObject().put("files", entries).toBuffer().getBytes());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
