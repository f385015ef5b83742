package p2pshare.peer.tracker;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.protocol.ProtocolException;

/**
 * What a joined client does over its link until the state {@link TrackerState#JOINED} is left ({@link #end}):
 * heartbeats at the pace the tracker gives (one that fails closes the link), the subscriptions of {@link
 * TrackerInterest} (or, at a tracker of version 2, the watch for every event), and the file-list updates, the ones
 * queued while joining first. Runs on the client's event loop only.
 */
final class JoinedSession {
  private static final Logger log = LoggerFactory.getLogger(JoinedSession.class);
  /** The tracker's pace is followed within these bounds: no tracker makes a node spin or go silent for long. */
  private static final long MIN_HEARTBEAT_MILLIS = 10;
  private static final long MAX_HEARTBEAT_MILLIS = 60_000;

  private final Vertx vertx;
  private final TrackerLink link;
  private final Handler<ProtocolException> updateRefused;
  private final TrackerInterest interest;
  private long heartbeat = -1;

  /** @param updateRefused told when the tracker refuses an update: for good, until the next join */
  JoinedSession(Vertx vertx, TrackerLink link, TrackerInterest interest, Handler<ProtocolException> updateRefused) {
    this.vertx = vertx;
    this.link = link;
    this.interest = interest;
    this.updateRefused = updateRefused;
  }

  /**
   * Starts the heartbeats, every {@code heartbeatMillis} (the tracker's pace, or this node's own when the tracker
   * gives none), sends the changes queued while joining, and subscribes (or watches).
   */
  void begin(long heartbeatMillis, List<JsonObject> queued) {
    heartbeat = vertx.setPeriodic(heartbeatMillis, t -> link.request(TrackerMessages.heartbeat()).onFailure(e -> {
      log.warn("heartbeat failed: {}", e.getMessage());
      link.close();
    }));
    send(queued);
    if (!interest.joined(link)) {
      link.request(TrackerMessages.watch())
          .onFailure(e -> log.warn("tracker refused to send events: {}", e.getMessage()));
    }
  }

  /**
   * How often to heartbeat: the tracker's pace from its join reply, within bounds, or this node's own when the
   * tracker gave none (version 2).
   */
  static long pace(long trackerPace, long ownPace) {
    return trackerPace > 0 ? Math.max(MIN_HEARTBEAT_MILLIS, Math.min(MAX_HEARTBEAT_MILLIS, trackerPace)) : ownPace;
  }

  /** Reports added and removed files, in parts. */
  void update(JsonArray add, JsonArray remove) {
    send(FileListParts.updates(add, remove));
  }

  /** Stops the heartbeats; the link itself is the state machine's to close. */
  void end() {
    vertx.cancelTimer(heartbeat);
    interest.lost();
  }

  private void send(List<JsonObject> parts) {
    JoinSequence.sendParts(link, parts).onFailure(cause -> {
      if (cause instanceof ProtocolException e && e.refused()) {
        updateRefused.handle(e);
      } else {
        log.warn("file list update failed: {}", cause.getMessage());
      }
    });
  }
}
