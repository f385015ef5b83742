package p2pshare.peer.share;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** A file this peer offers: where it is, what it was when hashed (size and mtime), and its manifest. */
public record SharedFile(Path path, long size, long modifiedMillis, Manifest manifest) {
  public String fileId() {
    return manifest.fileId();
  }

  /** True when the file on disk still looks like it did when it was hashed. */
  public boolean unchanged(long size, long modifiedMillis) {
    return this.size == size && this.modifiedMillis == modifiedMillis;
  }

  public JsonObject toJson() {
    return new JsonObject().put("path", path.toString()).put("size", size).put("mtime", modifiedMillis)
        .put("manifest", manifest.toJson());
  }

  public static SharedFile fromJson(JsonObject json) {
    return new SharedFile(Path.of(json.getString("path")), json.getLong("size"), json.getLong("mtime"),
        Manifest.fromJson(json.getJsonObject("manifest")));
  }
}
