package p2pshare.tracker.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.tracker.FileEntry;
import p2pshare.protocol.tracker.TrackerEvent;
import p2pshare.protocol.tracker.TrackerReplyCodec;
import p2pshare.tracker.registry.PeerEntry;
import p2pshare.tracker.registry.SwarmRegistry;

/**
 * Tells the connections that subscribed to a file of the changes of its sources, and nobody else
 * (docs/protocol.md, "Subscriptions"): a change of a file nobody subscribed to costs one map lookup. Changes are
 * gathered for {@code windowMillis} and go out together, so in one window a subscriber gets at most one event per
 * file, with each source in it at most once: as it is at the window's end (its latest offer), or gone. An event lists
 * at most {@link #MAX_LISTED} sources and as many gone peers; when more changed it says so ({@code more}) and the
 * subscriber looks the file up again. A subscriber is never told of its own offer. Each connection holds at most
 * {@code maxPerConnection} subscriptions. Runs on the front's event loop only.
 */
final class SwarmInterest {
  /** Sources, and gone peers, one event lists at most. */
  static final int MAX_LISTED = 64;
  /** In a window's changes: the peer stopped offering the file. */
  private static final JsonObject GONE = new JsonObject();

  private final Vertx vertx;
  private final long windowMillis;
  private final int maxPerConnection;
  private final Map<String, Set<PeerSession>> subscribers = new HashMap<>();
  /** The window's changes: fileId → peerId → its source entry, or {@link #GONE}. */
  private final Map<String, Map<String, JsonObject>> pending = new LinkedHashMap<>();
  private int subscriptions;
  private long timer = -1;

  SwarmInterest(Vertx vertx, long windowMillis, int maxPerConnection) {
    this.vertx = vertx;
    this.windowMillis = windowMillis;
    this.maxPerConnection = maxPerConnection;
  }

  /**
   * Adds {@code fileIds} to the session's subscriptions. Refused with {@code limit}, changing nothing, when the
   * session would hold more than {@code maxPerConnection}.
   */
  void subscribe(PeerSession session, List<String> fileIds) throws ProtocolException {
    Set<String> mine = session.subscriptions();
    long fresh = fileIds.stream().distinct().filter(id -> !mine.contains(id)).count();
    if (mine.size() + fresh > maxPerConnection) {
      throw ProtocolException.refusal(ErrorCode.LIMIT, "a connection may subscribe to at most " + maxPerConnection
          + " files (maxSubscriptionsPerConnection); it holds " + mine.size());
    }
    for (String fileId : fileIds) {
      if (mine.add(fileId)) {
        subscribers.computeIfAbsent(fileId, id -> new LinkedHashSet<>()).add(session);
        subscriptions++;
      }
    }
  }

  void unsubscribe(PeerSession session, Collection<String> fileIds) {
    for (String fileId : List.copyOf(fileIds)) {
      if (session.subscriptions().remove(fileId)) {
        Set<PeerSession> set = subscribers.get(fileId);
        set.remove(session);
        if (set.isEmpty()) {
          subscribers.remove(fileId);
          pending.remove(fileId);
        }
        subscriptions--;
      }
    }
  }

  /** The connection closed: its subscriptions go with it. */
  void closed(PeerSession session) {
    unsubscribe(session, session.subscriptions());
  }

  /** Subscriptions held, over all connections (metrics). */
  int subscriptions() {
    return subscriptions;
  }

  /** {@code peer} offers these files now (new offers, or offers that replace its earlier ones). */
  void offered(PeerEntry peer, Collection<FileEntry> files) {
    for (FileEntry file : files) {
      if (subscribers.containsKey(file.fileId())) {
        JsonObject source = new SwarmRegistry.Source(peer, file.partial(), file.chunks(), file.size()).toJson();
        changes(file.fileId()).put(peer.peerId(), source);
      }
    }
  }

  /** {@code peerId} offers these files no more. */
  void withdrawn(String peerId, Collection<String> fileIds) {
    for (String fileId : fileIds) {
      if (subscribers.containsKey(fileId)) {
        changes(fileId).put(peerId, GONE);
      }
    }
  }

  private Map<String, JsonObject> changes(String fileId) {
    if (timer < 0) {
      timer = vertx.setTimer(windowMillis, t -> flush());
    }
    return pending.computeIfAbsent(fileId, id -> new LinkedHashMap<>());
  }

  private void flush() {
    timer = -1;
    List<Map.Entry<String, Map<String, JsonObject>>> due = new ArrayList<>(pending.entrySet());
    pending.clear();
    for (Map.Entry<String, Map<String, JsonObject>> file : due) {
      Set<PeerSession> set = subscribers.get(file.getKey());
      if (set == null) {
        continue;
      }
      Buffer forAll = null;
      for (PeerSession subscriber : List.copyOf(set)) {
        String self = subscriber.peerId();
        if (self != null && file.getValue().containsKey(self)) {
          // Its own offer changed in this window: it gets the event without it.
          Buffer frame = frame(file.getKey(), file.getValue(), self);
          if (frame != null) {
            subscriber.sendEvent(frame);
          }
        } else {
          forAll = forAll != null ? forAll : frame(file.getKey(), file.getValue(), null);
          subscriber.sendEvent(forAll);
        }
      }
    }
  }

  /** The event of one file's changes, {@code self} left out; null if nothing is left to say. */
  private static Buffer frame(String fileId, Map<String, JsonObject> changes, String self) {
    JsonArray sources = new JsonArray();
    List<String> gone = new ArrayList<>();
    boolean more = false;
    for (Map.Entry<String, JsonObject> change : changes.entrySet()) {
      if (change.getKey().equals(self)) {
        continue;
      }
      boolean left = change.getValue() == GONE;
      if ((left ? gone.size() : sources.size()) >= MAX_LISTED) {
        more = true;
      } else if (left) {
        gone.add(change.getKey());
      } else {
        sources.add(change.getValue());
      }
    }
    if (sources.isEmpty() && gone.isEmpty() && !more) {
      return null;
    }
    return TrackerReplyCodec.frame(new TrackerEvent.SourcesChanged(fileId, sources, gone, more));
  }
}
