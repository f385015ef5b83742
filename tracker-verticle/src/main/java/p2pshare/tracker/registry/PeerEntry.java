package p2pshare.tracker.registry;

import io.vertx.core.json.JsonObject;

/** Where a peer's chunk server listens: {@code {"peerId", "name", "host", "port"}}. */
public record PeerEntry(String peerId, String name, String host, int port) {

  public JsonObject toJson() {
    return new JsonObject().put("peerId", peerId).put("name", name).put("host", host).put("port", port);
  }

  /** Reads an entry that the tracker itself wrote (event-bus traffic), so no validation. */
  public static PeerEntry fromJson(JsonObject json) {
    return new PeerEntry(json.getString("peerId"), json.getString("name"), json.getString("host"),
        json.getInteger("port"));
  }
}
