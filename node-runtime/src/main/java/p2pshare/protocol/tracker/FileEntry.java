package p2pshare.protocol.tracker;

import io.vertx.core.json.JsonObject;

/**
 * A shared file as peers announce it: {@code {"fileId", "name", "size"}} for a complete source, plus
 * {@code "partial": true, "chunks": N} for a file the peer is still downloading and of which it holds {@code N}
 * verified chunks. A complete entry's {@code chunks} is always 0. Validated by {@link TrackerCodec} when it comes
 * from a peer.
 */
public record FileEntry(String fileId, String name, long size, boolean partial, int chunks) {

  public FileEntry {
    if (!partial) {
      chunks = 0;
    }
  }

  /** The entry of a complete source. */
  public FileEntry(String fileId, String name, long size) {
    this(fileId, name, size, false, 0);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("fileId", fileId).put("name", name).put("size", size);
    return partial ? json.put("partial", true).put("chunks", chunks) : json;
  }

  /** Reads an entry that a tracker itself wrote (cluster traffic), so no validation. */
  public static FileEntry fromJson(JsonObject json) {
    return new FileEntry(json.getString("fileId"), json.getString("name"), json.getLong("size"),
        json.getBoolean("partial", false), json.getInteger("chunks", 0));
  }
}
