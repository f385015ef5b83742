package p2pshare.tracker.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import p2pshare.protocol.tracker.TrackerEvent;
import p2pshare.protocol.tracker.TrackerReplyCodec;

/**
 * Sends membership events to the watchers, coalesced: what happens within {@code windowMillis} goes out together at
 * its end, each peer at most once per kind. A peer that joins and leaves within one window is never shown; a peer
 * that joined or left is not also said to have changed its files; many changes of one peer's files are one
 * {@code files-changed}. So a peer that updates its list in a loop costs every watcher at most one event per window.
 * Each event is encoded once for all watchers. A watcher gets the events of what happened after it began to watch.
 * Runs on the front's event loop only.
 */
final class EventFanout {
  private final Vertx vertx;
  private final long windowMillis;
  private final Function<String, JsonObject> listing;
  private final Set<PeerSession> watchers = new LinkedHashSet<>();
  private final Set<String> joined = new LinkedHashSet<>();
  private final Set<String> changed = new LinkedHashSet<>();
  private final Map<String, String> left = new LinkedHashMap<>();
  private long timer = -1;

  /** @param listing the {@code peers} listing of a live peer at the time the window ends, null if gone */
  EventFanout(Vertx vertx, long windowMillis, Function<String, JsonObject> listing) {
    this.vertx = vertx;
    this.windowMillis = windowMillis;
    this.listing = listing;
  }

  /** From now on {@code session} gets the events; what happened before goes out first, to the others. */
  void watch(PeerSession session) {
    if (!watchers.contains(session)) {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        flush();
      }
      watchers.add(session);
    }
  }

  void unwatch(PeerSession session) {
    watchers.remove(session);
  }

  void joined(String peerId) {
    // Left and joined again in one window (a peer that joined again): it is there, maybe at a new address.
    left.remove(peerId);
    joined.add(peerId);
    due();
  }

  void filesChanged(String peerId) {
    if (!joined.contains(peerId)) {
      changed.add(peerId);
      due();
    }
  }

  void left(String peerId, String reason) {
    changed.remove(peerId);
    if (!joined.remove(peerId)) {
      left.put(peerId, reason);
      due();
    }
  }

  Set<PeerSession> watchers() {
    return watchers;
  }

  private void due() {
    if (timer < 0) {
      timer = vertx.setTimer(windowMillis, t -> flush());
    }
  }

  private void flush() {
    timer = -1;
    List<Buffer> frames = watchers.isEmpty() ? List.of() : frames();
    joined.clear();
    changed.clear();
    left.clear();
    // A watcher closed meanwhile may leave the set while we go: copy it.
    for (PeerSession watcher : new ArrayList<>(watchers)) {
      frames.forEach(watcher::sendEvent);
    }
  }

  private List<Buffer> frames() {
    List<Buffer> frames = new ArrayList<>();
    for (String peerId : joined) {
      JsonObject peer = listing.apply(peerId);
      if (peer != null) {
        frames.add(TrackerReplyCodec.frame(new TrackerEvent.PeerJoined(peer)));
      }
    }
    changed.forEach(peerId -> frames.add(TrackerReplyCodec.frame(new TrackerEvent.FilesChanged(peerId))));
    left.forEach((peerId, reason) -> frames.add(
        TrackerReplyCodec.frame(new TrackerEvent.PeerLeft(peerId, reason))));
    return frames;
  }
}
