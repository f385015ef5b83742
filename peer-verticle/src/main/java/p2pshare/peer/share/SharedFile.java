package p2pshare.peer.share;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

  /**
   * Opens the indexed file for reading, never through a link, and makes sure what was opened is that file: the path
   * names the indexed file just before and just after the {@code open} (one {@code lstat} each), the {@code open}
   * itself refuses a symbolic link ({@code O_NOFOLLOW}), and the opened file has the indexed size. A file swapped
   * between the two checks and swapped back is the one case this cannot see; it needs a writer in the shared folder
   * racing each send. The caller closes the channel. Blocking but cheap: an event loop may call it before each chunk.
   *
   * @throws FileSystemException when the file changed, vanished or is now a link (or anything but a regular file)
   */
  public FileChannel openUnchanged() throws IOException {
    if (!unchangedOnDisk()) {
      throw new FileSystemException(path.toString(), null, "changed since it was indexed");
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    try {
      if (!unchangedOnDisk() || channel.size() != identity.size()) {
        throw new FileSystemException(path.toString(), null, "changed while being opened");
      }
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
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
