package p2pshare.peer.tracker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import p2pshare.protocol.tracker.TrackerRequest;

/**
 * Cuts a long file list into messages that each fit the tracker's frame limit (1 MiB by default): a join with the
 * first part of the files, then {@code update}s that add the rest. 10,000 files with long names and paths come to
 * several MiB of JSON, so one join could never carry them.
 */
final class FileListParts {
  /** JSON bytes of file entries per message: a quarter of the tracker's default frame limit. */
  static final int PART_BYTES = 256 * 1024;

  private FileListParts() {
  }

  /** The join, with as many files as fit, then updates adding the others. */
  static List<JsonObject> join(JsonObject join) {
    List<JsonArray> parts = split(join.getJsonArray("files", new JsonArray()));
    List<JsonObject> messages = new ArrayList<>();
    messages.add(join.copy().put("files", parts.isEmpty() ? new JsonArray() : parts.get(0)));
    for (int i = 1; i < parts.size(); i++) {
      messages.add(update(parts.get(i), new JsonArray()));
    }
    return messages;
  }

  /** Updates that together add {@code add} and remove {@code remove}. */
  static List<JsonObject> updates(JsonArray add, JsonArray remove) {
    List<JsonObject> messages = new ArrayList<>();
    split(remove).forEach(part -> messages.add(update(new JsonArray(), part)));
    split(add).forEach(part -> messages.add(update(part, new JsonArray())));
    return messages;
  }

  private static JsonObject update(JsonArray add, JsonArray remove) {
    return new JsonObject().put("type", TrackerRequest.Update.TYPE).put("add", add).put("remove", remove);
  }

  private static List<JsonArray> split(JsonArray items) {
    List<JsonArray> parts = new ArrayList<>();
    JsonArray part = new JsonArray();
    int bytes = 0;
    for (Object item : items) {
      int size = item instanceof JsonObject o ? o.toBuffer().length() : String.valueOf(item).length() + 3;
      if (!part.isEmpty() && bytes + size > PART_BYTES) {
        parts.add(part);
        part = new JsonArray();
        bytes = 0;
      }
      part.add(item);
      bytes += size + 1;
    }
    if (!part.isEmpty()) {
      parts.add(part);
    }
    return parts;
  }
}
