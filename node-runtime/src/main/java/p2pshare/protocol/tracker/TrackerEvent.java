package p2pshare.protocol.tracker;

import io.vertx.core.json.JsonObject;

/** The events the tracker pushes to a watcher, without an id (docs/protocol.md, "Events after watch"). */
public sealed interface TrackerEvent {
  String type();

  /** A peer joined; {@code peer} is its listing as in a {@code peers} reply. */
  record PeerJoined(JsonObject peer) implements TrackerEvent {
    public static final String TYPE = "peer-joined";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** A peer left; {@code reason} is {@code leave}, {@code expired} or {@code disconnected}. */
  record PeerLeft(String peerId, String reason) implements TrackerEvent {
    public static final String TYPE = "peer-left";

    @Override
    public String type() {
      return TYPE;
    }
  }

  record FilesChanged(String peerId) implements TrackerEvent {
    public static final String TYPE = "files-changed";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** Events were dropped for this watcher: it reads the peer list again. */
  record Resync() implements TrackerEvent {
    public static final String TYPE = "resync";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** A clustered tracker's members changed; {@code tracker} is as in the join reply. */
  record Cluster(JsonObject tracker) implements TrackerEvent {
    public static final String TYPE = "cluster";

    @Override
    public String type() {
      return TYPE;
    }
  }
}
