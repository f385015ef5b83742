package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import p2pshare.peer.download.DownloadException.Reason;
import p2pshare.peer.tracker.TrackerClient;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.tracker.TrackerCodec;
import p2pshare.protocol.tracker.TrackerRequest;

/**
 * Asks the tracker what a download needs: which fileId a name means, and who offers a fileId. Failures are
 * {@link DownloadException}s: {@link Reason#UNKNOWN_FILE} nobody offers it, {@link Reason#AMBIGUOUS_NAME} several
 * files carry the name, {@link Reason#TRACKER_UNAVAILABLE} the tracker cannot answer now, and
 * {@link Reason#BAD_REQUEST} the tracker found the request itself wrong.
 */
final class SourceLookup {
  private final TrackerClient tracker;

  SourceLookup(TrackerClient tracker) {
    this.tracker = tracker;
  }

  /** The one fileId offered under exactly {@code name}. */
  Future<String> fileIdOf(String name) {
    return tracker.request(TrackerCodec.encode(new TrackerRequest.Search(name, true, 50, "name")))
        .recover(SourceLookup::trackerFailure)
        .compose(reply -> {
          JsonArray files = reply.getJsonArray("files", new JsonArray());
          List<JsonObject> matches = new ArrayList<>();
          for (int i = 0; i < files.size(); i++) {
            if (name.equals(files.getJsonObject(i).getString("name"))) {
              matches.add(files.getJsonObject(i));
            }
          }
          if (matches.isEmpty()) {
            return Future.failedFuture(new DownloadException(Reason.UNKNOWN_FILE,
                "no file called " + name + " in the network"));
          }
          if (matches.stream().map(m -> m.getString("fileId")).distinct().count() > 1) {
            return Future.failedFuture(new DownloadException(Reason.AMBIGUOUS_NAME,
                "several different files are called " + name + "; ask for one by fileId",
                new JsonObject().put("candidates", new JsonArray(new ArrayList<>(matches)))));
          }
          return Future.succeededFuture(matches.get(0).getString("fileId"));
        });
  }

  /**
   * The tracker's {@code sources} reply: fileId, name, size and peers, each peer with the size it offers the file at,
   * and the size {@code candidates}. The tracker cannot check sizes (docs/protocol.md), so peers may offer one fileId
   * at different sizes; only the manifest proves which is true.
   */
  Future<JsonObject> sources(String fileId) {
    return tracker.request(TrackerCodec.encode(new TrackerRequest.Sources(fileId, TrackerRequest.DEFAULT_SOURCES)))
        .recover(SourceLookup::trackerFailure);
  }

  /**
   * The reply's source entries, each with the size it offers the file at: its own {@code size}, or the reply's for a
   * tracker that sends none (before candidates, every source of a swarm had its one size).
   */
  static List<JsonObject> peersOf(JsonObject swarm) {
    JsonArray peers = swarm.getJsonArray("peers", new JsonArray());
    Object size = swarm.getValue("size");
    List<JsonObject> list = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      if (peers.getValue(i) instanceof JsonObject peer) {
        JsonObject copy = peer.copy();
        if (!(copy.getValue("size") instanceof Number)) {
          copy.remove("size");
          if (size instanceof Number n) {
            copy.put("size", n.longValue());
          }
        }
        list.add(copy);
      }
    }
    return list;
  }

  /**
   * The files whose sources the node wants to hear about as they change: its downloads that hold a slot
   * ({@link TrackerClient#interest}).
   */
  void interest(Set<String> fileIds) {
    tracker.interest(fileIds);
  }

  /** True while the tracker pushes the changes of {@code fileId}'s sources. */
  boolean pushed(String fileId) {
    return tracker.pushed(fileId);
  }

  /**
   * The smallest size the file is offered at: all a download can count on before its manifest proves the size
   * (counting on the largest would let a liar's huge size refuse the download for want of room).
   */
  static long smallestSize(JsonObject swarm) {
    long smallest = swarm.getValue("size") instanceof Number n ? Math.max(0, n.longValue()) : 0;
    JsonArray candidates = swarm.getJsonArray("candidates", new JsonArray());
    for (int i = 0; i < candidates.size(); i++) {
      if (candidates.getValue(i) instanceof JsonObject c && c.getValue("size") instanceof Number n) {
        smallest = Math.min(smallest, Math.max(0, n.longValue()));
      }
    }
    for (JsonObject peer : peersOf(swarm)) {
      smallest = Math.min(smallest, Math.max(0, peer.getLong("size", smallest)));
    }
    return smallest;
  }

  /**
   * The tracker's refusals in the download's words. Any other refusal (not joined yet, a limit) and a broken reply
   * mean the tracker cannot answer now, which passes.
   */
  private static <T> Future<T> trackerFailure(Throwable e) {
    if (e instanceof ProtocolException p && p.isRefusal(ErrorCode.UNKNOWN_FILE)) {
      return Future.failedFuture(new DownloadException(Reason.UNKNOWN_FILE, "no peer offers that file"));
    }
    if (e instanceof ProtocolException p && p.isRefusal(ErrorCode.BAD_REQUEST)) {
      return Future.failedFuture(new DownloadException(Reason.BAD_REQUEST, "tracker: " + e.getMessage()));
    }
    if (e instanceof ProtocolException p && !p.refused()) {
      return Future.failedFuture(new DownloadException(Reason.TRACKER_UNAVAILABLE, e.getMessage()));
    }
    return Future.failedFuture(new DownloadException(Reason.TRACKER_UNAVAILABLE, "tracker error: " + e.getMessage()));
  }
}
