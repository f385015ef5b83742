package p2pshare.peer.serve;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import p2pshare.peer.download.SpeedMeter;

/**
 * What this node uploaded since it started, for the dashboard's uploads panel: in all, and per file with the peers
 * it went to; and what it downloaded in all, for the ratio. Bounded: the {@value #MAX_FILES} files uploaded from most recently, and per file the
 * {@value #MAX_PEERS} peers that got the most (the rest add up under "others"). Safe to use from any thread.
 */
public final class TransferStats {
  static final int MAX_FILES = 100;
  static final int MAX_PEERS = 10;

  private static final class FileUploads {
    long bytes;
    final SpeedMeter speed = new SpeedMeter();
    final Map<String, Long> byPeer = new HashMap<>();
  }

  private final Map<String, FileUploads> files = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, FileUploads> eldest) {
      return size() > MAX_FILES;
    }
  };
  private final SpeedMeter speed = new SpeedMeter();
  private long total;
  private long downloaded;
  private long changes;

  /** Counts {@code bytes} of file {@code fileId} sent to {@code peer}. */
  public synchronized void sent(String fileId, String peer, long bytes) {
    FileUploads file = files.computeIfAbsent(fileId, id -> new FileUploads());
    file.bytes += bytes;
    file.speed.add(bytes);
    // Peer names come from the network: keep at most 4 × MAX_PEERS, so made-up names cannot grow the map.
    if (file.byPeer.containsKey(peer) || file.byPeer.size() < 4 * MAX_PEERS) {
      file.byPeer.merge(peer, bytes, Long::sum);
    }
    total += bytes;
    speed.add(bytes);
    changes++;
  }

  /** Counts {@code bytes} of verified chunks received. */
  public synchronized void received(long bytes) {
    downloaded += bytes;
    changes++;
  }

  /** Grows with every {@link #sent} and {@link #received}: a publisher that saw the same number has nothing new to say. */
  public synchronized long changes() {
    return changes;
  }

  /**
   * {@code {bytes, bytesPerSecond, downloadedBytes, files: [{fileId, name, bytes, bytesPerSecond, peers: [{name, bytes}]}]}}, the
   * files most bytes first, each file's peers most bytes first.
   *
   * @param nameOf a file's name by fileId, or null when this node no longer has it
   */
  public synchronized JsonObject toJson(Function<String, String> nameOf) {
    List<Map.Entry<String, FileUploads>> sorted = new ArrayList<>(files.entrySet());
    sorted.sort(Comparator.comparingLong((Map.Entry<String, FileUploads> e) -> e.getValue().bytes).reversed());
    JsonArray list = new JsonArray();
    for (Map.Entry<String, FileUploads> entry : sorted) {
      FileUploads file = entry.getValue();
      list.add(new JsonObject().put("fileId", entry.getKey()).put("name", nameOf.apply(entry.getKey()))
          .put("bytes", file.bytes).put("bytesPerSecond", file.speed.bytesPerSecond()).put("peers", peers(file)));
    }
    return new JsonObject().put("bytes", total).put("bytesPerSecond", speed.bytesPerSecond())
        .put("downloadedBytes", downloaded).put("files", list);
  }

  private static JsonArray peers(FileUploads file) {
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(file.byPeer.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    JsonArray peers = new JsonArray();
    long counted = 0;
    for (Map.Entry<String, Long> peer : sorted.subList(0, Math.min(MAX_PEERS, sorted.size()))) {
      peers.add(new JsonObject().put("name", peer.getKey()).put("bytes", peer.getValue()));
      counted += peer.getValue();
    }
    if (counted < file.bytes) {
      peers.add(new JsonObject().put("name", "others").put("bytes", file.bytes - counted));
    }
    return peers;
  }
}
