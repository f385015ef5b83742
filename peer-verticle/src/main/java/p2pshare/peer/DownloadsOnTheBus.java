package p2pshare.peer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import p2pshare.peer.download.Download;
import p2pshare.peer.download.DownloadEngine;
import p2pshare.peer.download.DownloadException;

/**
 * The downloads on the event bus: answers the {@code p2p.download.*} addresses from the engine, and publishes each
 * download's changes and, at most every {@link #PROGRESS_MILLIS} and only when it moved, its progress.
 */
final class DownloadsOnTheBus {
  private static final long PROGRESS_MILLIS = 250;

  private final Vertx vertx;
  /** Bytes done of each running download when it was last published. */
  private final Map<String, Long> published = new HashMap<>();
  private DownloadEngine engine;

  DownloadsOnTheBus(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Publishes a download that changed (the engine's hook). */
  void publish(Download download) {
    published.put(download.id(), download.bytesDone());
    vertx.eventBus().publish(PeerBus.EVENTS, new JsonObject().put("type", "download")
        .put("download", download.toJson()));
  }

  /** Answers the download addresses from {@code downloads} and starts publishing progress. */
  void serve(DownloadEngine downloads, BusReplies bus) {
    this.engine = downloads;
    bus.reply(PeerBus.DOWNLOAD_START, body -> engine.start(body).map(Download::toJson));
    bus.reply(PeerBus.DOWNLOAD_LIST, body -> {
      JsonArray list = new JsonArray();
      engine.list().forEach(d -> list.add(d.toJson()));
      return Future.succeededFuture(new JsonObject().put("downloads", list));
    });
    bus.reply(PeerBus.DOWNLOAD_GET, body -> {
      Download d = engine.get(body.getString("id", ""));
      return d == null
          ? Future.failedFuture(new DownloadException(DownloadException.Reason.NO_SUCH_DOWNLOAD, "no such download"))
          : Future.succeededFuture(d.toJson());
    });
    bus.reply(PeerBus.DOWNLOAD_CANCEL, body -> engine.cancel(body.getString("id", "")).map(Download::toJson));
    bus.reply(PeerBus.DOWNLOAD_PAUSE, body -> engine.pause(body.getString("id", "")).map(Download::toJson));
    bus.reply(PeerBus.DOWNLOAD_RESUME, body -> engine.resume(body.getString("id", "")).map(Download::toJson));
    vertx.setPeriodic(PROGRESS_MILLIS, t -> publishProgress());
  }

  private void publishProgress() {
    Map<String, Long> running = engine.runningBytes();
    running.forEach((id, bytesDone) -> {
      if (published.getOrDefault(id, -1L) != bytesDone.longValue()) {
        publish(engine.get(id));
      }
    });
    published.keySet().removeIf(id -> !running.containsKey(id));
  }
}
