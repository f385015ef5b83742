package p2pshare.tracker.registry;

import io.vertx.core.json.JsonObject;

/** A shared file as peers announce it: {@code {"fileId", "name", "size"}}. Validated before it gets here. */
public record FileEntry(String fileId, String name, long size) {

  public JsonObject toJson() {
    return new JsonObject().put("fileId", fileId).put("name", name).put("size", size);
  }

  /** Reads an entry that the tracker itself wrote (event-bus traffic), so no validation. */
  public static FileEntry fromJson(JsonObject json) {
    return new FileEntry(json.getString("fileId"), json.getString("name"), json.getLong("size"));
  }
}
