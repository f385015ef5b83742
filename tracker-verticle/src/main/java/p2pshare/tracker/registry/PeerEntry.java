package p2pshare.tracker.registry;

import io.vertx.core.json.JsonObject;
import p2pshare.protocol.tracker.Reachability;

/**
 * Where a peer's chunk server listens: {@code {"peerId", "name", "host", "port"}}, with {@code "reach":
 * "behind-nat"} when the tracker could not dial it back (docs/protocol.md, "Reachability"), so that downloaders
 * spend no connection on it.
 */
public record PeerEntry(String peerId, String name, String host, int port, boolean behindNat) {

  public PeerEntry(String peerId, String name, String host, int port) {
    this(peerId, name, host, port, false);
  }

  /** This entry, marked behind NAT. */
  public PeerEntry markedBehindNat() {
    return new PeerEntry(peerId, name, host, port, true);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("peerId", peerId).put("name", name).put("host", host).put("port", port);
    return behindNat ? json.put("reach", Reachability.BEHIND_NAT.wire()) : json;
  }

  /** Reads an entry that the tracker itself wrote (event-bus traffic), so no validation. */
  public static PeerEntry fromJson(JsonObject json) {
    return new PeerEntry(json.getString("peerId"), json.getString("name"), json.getString("host"),
        json.getInteger("port"), Reachability.BEHIND_NAT.wire().equals(json.getString("reach")));
  }
}
