package p2pshare.peer.share;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;

/** A file this peer offers: where it is, which file it was when hashed (its identity), and its manifest. */
public record SharedFile(Path path, FileIdentity identity, Manifest manifest) {

  public String fileId() {
    return manifest.fileId();
  }

  public long size() {
    return identity.size();
  }

  public long modifiedMillis() {
    return identity.modifiedMillis();
  }

  /** True when the file on disk still looks like it did when it was hashed, going by size and mtime. */
  public boolean unchanged(long size, long modifiedMillis) {
    return identity.size() == size && identity.modifiedMillis() == modifiedMillis;
  }

  /**
   * True when the path still names the file that was indexed (see {@link FileIdentity#matches}); false when it
   * changed, vanished or is now a link. Blocking but cheap: one {@code lstat}, so an event loop may call it.
   */
  public boolean unchangedOnDisk() {
    try {
      return identity.matches(FileIdentity.of(path));
    } catch (IOException e) {
      return false;
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("path", path.toString()).put("size", identity.size())
        .put("mtime", identity.modifiedMillis()).put("fileKey", identity.fileKey())
        .put("manifest", manifest.toJson());
  }

  public static SharedFile fromJson(JsonObject json) {
    FileIdentity identity = new FileIdentity(json.getLong("size"), json.getLong("mtime"), json.getString("fileKey"));
    return new SharedFile(Path.of(json.getString("path")), identity, Manifest.fromJson(json.getJsonObject("manifest")));
  }
}
