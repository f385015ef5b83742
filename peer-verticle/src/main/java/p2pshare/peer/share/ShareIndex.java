package p2pshare.peer.share;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files this peer offers, by fileId and by path. Owned by the peer verticle's event loop; the chunk server
 * and the download engine look files up here, so chunks are only ever served by fileId, never by a path that
 * came from the network.
 */
public final class ShareIndex {
  private final Map<String, SharedFile> byId = new HashMap<>();
  private final Map<Path, SharedFile> byPath = new HashMap<>();
  private final Map<String, PartialShare> partials = new HashMap<>();

  /** What changed when the index was replaced by a new scan. */
  public record Change(List<SharedFile> added, List<SharedFile> removed) {
    public boolean isEmpty() {
      return added.isEmpty() && removed.isEmpty();
    }
  }

  public SharedFile get(String fileId) {
    return byId.get(fileId);
  }

  public boolean has(String fileId) {
    return byId.containsKey(fileId);
  }

  /** The partial offer of {@code fileId}, or null; a complete file of that content takes precedence. */
  public PartialShare partial(String fileId) {
    return byId.containsKey(fileId) ? null : partials.get(fileId);
  }

  /** Offers a file still being downloaded, for the chunks it has verified. */
  public void offerPartial(PartialShare partial) {
    partials.put(partial.manifest().fileId(), partial);
  }

  /** Stops offering a file still being downloaded (cancelled, failed, or now complete). */
  public void withdrawPartial(String fileId) {
    partials.remove(fileId);
  }

  public Collection<SharedFile> files() {
    return byPath.values();
  }

  /** Adds one file (a finished download). Returns true when its content was not offered before. */
  public boolean add(SharedFile file) {
    boolean fresh = !byId.containsKey(file.fileId());
    SharedFile previous = byPath.put(file.path(), file);
    if (previous != null && !previous.fileId().equals(file.fileId())) {
      forgetId(previous);
    }
    byId.put(file.fileId(), file);
    return fresh;
  }

  /**
   * Stops offering {@code file} (its copy turned out corrupt) until a scan finds it again. Returns true when its
   * content is offered no more (no other path holds it): the tracker should be told.
   */
  public boolean withdraw(SharedFile file) {
    if (!byPath.remove(file.path(), file)) {
      return false;
    }
    if (byId.get(file.fileId()) == file) {
      forgetId(file);
    }
    return !byId.containsKey(file.fileId());
  }

  /** Replaces the whole index with the result of a scan and tells which contents appeared and disappeared. */
  public Change replaceAll(Collection<SharedFile> scanned) {
    Map<String, SharedFile> before = new HashMap<>(byId);
    byId.clear();
    byPath.clear();
    for (SharedFile file : scanned) {
      byPath.put(file.path(), file);
      byId.putIfAbsent(file.fileId(), file);
    }
    List<SharedFile> added = new ArrayList<>();
    List<SharedFile> removed = new ArrayList<>();
    for (SharedFile file : byId.values()) {
      if (!before.containsKey(file.fileId())) {
        added.add(file);
      }
    }
    for (SharedFile file : before.values()) {
      if (!byId.containsKey(file.fileId())) {
        removed.add(file);
      }
    }
    return new Change(added, removed);
  }

  /** File entries for the tracker: one per distinct content, partial offers flagged with their chunk count. */
  public JsonArray entries() {
    JsonArray entries = new JsonArray();
    byId.values().forEach(file -> entries.add(file.manifest().entry()));
    partials.forEach((fileId, partial) -> {
      if (!byId.containsKey(fileId)) {
        entries.add(partialEntry(partial));
      }
    });
    return entries;
  }

  /** The tracker's file entry of a partial offer (docs/protocol.md, "Tracker protocol"). */
  public static JsonObject partialEntry(PartialShare partial) {
    return partial.manifest().entry().put("partial", true).put("chunks", partial.have().cardinality());
  }

  private void forgetId(SharedFile previous) {
    byId.remove(previous.fileId());
    byPath.values().stream().filter(f -> f.fileId().equals(previous.fileId())).findFirst()
        .ifPresent(f -> byId.put(f.fileId(), f));
  }
}
