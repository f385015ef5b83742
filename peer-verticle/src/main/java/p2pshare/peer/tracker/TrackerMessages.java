package p2pshare.peer.tracker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import p2pshare.protocol.tracker.TrackerCodec;
import p2pshare.protocol.tracker.TrackerEvent;
import p2pshare.protocol.tracker.TrackerReplyCodec;
import p2pshare.protocol.tracker.TrackerRequest;

/**
 * The tracker protocol's messages as this client writes and reads them (docs/protocol.md, "Tracker protocol"): one
 * method per message. Updates are cut into parts by {@link FileListParts}.
 */
final class TrackerMessages {
  private TrackerMessages() {
  }

  /** The peerId and secret of a join, claimed again at the next one so that the tracker replaces its entry. */
  record Claim(String peerId, String secret) {
  }

  /**
   * A {@code joined} reply: this node's id, the claim for the next join (null if the tracker gives no secret), how
   * often to heartbeat (0 if the tracker did not say), and what the tracker said of itself ({@code tracker}, empty if
   * it said nothing), the address it sees this node's connection from (null if it did not say), and why it will not
   * dial this node back (null if it will, or did not say).
   */
  record Joined(String peerId, Claim claim, long heartbeatMillis, JsonObject trackerNode, String observedHost,
      String noProbe) {
  }

  /** The join (with {@code claim} if any) and the updates that carry the rest of a long file list. */
  static List<JsonObject> join(JsonObject request, Claim claim) {
    List<JsonObject> parts = FileListParts.join(request);
    JsonObject join = parts.get(0).put("type", TrackerRequest.Join.TYPE);
    if (claim != null) {
      join.put("peerId", claim.peerId()).put("secret", claim.secret());
    }
    return parts;
  }

  /** How many files a join request offers. */
  static int fileCount(JsonObject request) {
    return request.getJsonArray("files", new JsonArray()).size();
  }

  /** Reads a join's reply; null if it gave no peerId. */
  static Joined joined(JsonObject reply) {
    String peerId = reply.getString("peerId");
    if (peerId == null) {
      return null;
    }
    String secret = reply.getString("secret");
    long heartbeat = reply.getValue("heartbeatSeconds") instanceof Number seconds
        ? Math.round(seconds.doubleValue() * 1000) : 0;
    return new Joined(peerId, secret == null ? null : new Claim(peerId, secret), heartbeat,
        reply.getJsonObject("tracker", new JsonObject()),
        reply.getValue("observedHost") instanceof String observed ? observed : null,
        reply.getValue("noProbe") instanceof String noProbe ? noProbe : null);
  }

  static JsonObject heartbeat() {
    return TrackerCodec.encode(new TrackerRequest.Heartbeat());
  }

  static JsonObject watch() {
    return TrackerCodec.encode(new TrackerRequest.Watch());
  }

  static JsonObject subscribe(Collection<String> fileIds) {
    return TrackerCodec.encode(new TrackerRequest.Subscribe(List.copyOf(fileIds)));
  }

  static JsonObject unsubscribe(Collection<String> fileIds) {
    return TrackerCodec.encode(new TrackerRequest.Unsubscribe(List.copyOf(fileIds)));
  }

  static JsonObject leave() {
    return TrackerCodec.encode(new TrackerRequest.Leave());
  }

  /** A {@code reachability} event, or null for any other event. */
  static TrackerEvent.Reach reach(JsonObject event) {
    return TrackerReplyCodec.decodeEvent(event) instanceof TrackerEvent.Reach reach ? reach : null;
  }

  /** The tracker node a {@code cluster} event describes, or null for any other event. */
  static JsonObject clusterNode(JsonObject event) {
    return TrackerReplyCodec.decodeEvent(event) instanceof TrackerEvent.Cluster cluster ? cluster.tracker() : null;
  }
}
