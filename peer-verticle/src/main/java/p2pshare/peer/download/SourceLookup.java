package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import p2pshare.peer.download.DownloadException.Reason;
import p2pshare.peer.tracker.TrackerClient;
import p2pshare.peer.tracker.TrackerException;
import p2pshare.peer.tracker.TrackerUnavailableException;

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

  /**
   * The tracker's refusals in the download's words. Any other refusal (not joined yet, a limit) and a broken reply
   * mean the tracker cannot answer now, which passes.
   */
  private static <T> Future<T> trackerFailure(Throwable e) {
    if (e instanceof TrackerException t && "unknown-file".equals(t.code())) {
      return Future.failedFuture(new DownloadException(Reason.UNKNOWN_FILE, "no peer offers that file"));
    }
    if (e instanceof TrackerException t && "bad-request".equals(t.code())) {
      return Future.failedFuture(new DownloadException(Reason.BAD_REQUEST, "tracker: " + e.getMessage()));
    }
    if (e instanceof TrackerUnavailableException) {
      return Future.failedFuture(new DownloadException(Reason.TRACKER_UNAVAILABLE, e.getMessage()));
    }
    return Future.failedFuture(new DownloadException(Reason.TRACKER_UNAVAILABLE, "tracker error: " + e.getMessage()));
  }
}
