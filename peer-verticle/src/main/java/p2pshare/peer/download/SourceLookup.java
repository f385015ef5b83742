package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import p2pshare.peer.PeerBus;
import p2pshare.peer.tracker.TrackerClient;
import p2pshare.peer.tracker.TrackerException;
import p2pshare.peer.tracker.TrackerUnavailableException;

/**
 * Asks the tracker what a download needs: which fileId a name means, and who offers a fileId. Failures are
 * {@code ReplyException}s with an HTTP status (see {@link PeerBus}): 404 nobody offers it, 409 the name is
 * ambiguous, 503 the tracker is unreachable.
 */
final class SourceLookup {
  private final TrackerClient tracker;

  SourceLookup(TrackerClient tracker) {
    this.tracker = tracker;
  }

  /** The one fileId offered under exactly {@code name}. */
  Future<String> fileIdOf(String name) {
    return tracker.request(new JsonObject().put("type", "search").put("q", name).put("exact", true).put("limit", 50))
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
            return Future.failedFuture(PeerBus.failure(404, "no file called " + name + " in the network"));
          }
          if (matches.stream().map(m -> m.getString("fileId")).distinct().count() > 1) {
            return Future.failedFuture(PeerBus.failure(409, new JsonObject()
                .put("error", "several different files are called " + name + "; ask for one by fileId")
                .put("candidates", new JsonArray(new ArrayList<>(matches)))));
          }
          return Future.succeededFuture(matches.get(0).getString("fileId"));
        });
  }

  /** The tracker's {@code sources} reply: fileId, name, size and peers. */
  Future<JsonObject> sources(String fileId) {
    return tracker.request(new JsonObject().put("type", "sources").put("fileId", fileId))
        .recover(SourceLookup::trackerFailure);
  }

  static List<JsonObject> peersOf(JsonObject swarm) {
    JsonArray peers = swarm.getJsonArray("peers", new JsonArray());
    List<JsonObject> list = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      list.add(peers.getJsonObject(i));
    }
    return list;
  }

  private static <T> Future<T> trackerFailure(Throwable e) {
    if (e instanceof TrackerException t && "unknown-file".equals(t.code())) {
      return Future.failedFuture(PeerBus.failure(404, "no peer offers that file"));
    }
    if (e instanceof TrackerUnavailableException) {
      return Future.failedFuture(PeerBus.failure(503, e.getMessage()));
    }
    return Future.failedFuture(PeerBus.failure(502, "tracker error: " + e.getMessage()));
  }
}
