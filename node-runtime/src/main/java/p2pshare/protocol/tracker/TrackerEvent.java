package p2pshare.protocol.tracker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The events the tracker pushes, without an id (docs/protocol.md, "Events"): to a subscriber of a file, the changes
 * of its sources; to a watcher, every membership change; to every joined peer, the cluster's members.
 */
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

  /**
   * Sources of a file this connection subscribed to changed: {@code sources} are source entries as in a
   * {@code sources} reply (new ones, or new offers of known ones), {@code gone} the peerIds that stopped offering it;
   * {@code more} says that more changed than is listed, so the subscriber looks the file up again.
   */
  record SourcesChanged(String fileId, JsonArray sources, List<String> gone, boolean more) implements TrackerEvent {
    public static final String TYPE = "sources-changed";

    public SourcesChanged {
      gone = List.copyOf(gone);
    }

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

  /**
   * What the tracker found when it dialled this peer's chunk server back ({@code state}), at {@code host} (the address
   * it sees the peer's connection from) and {@code port} (the one the peer gave); {@code why} says what failed, or null.
   */
  record Reach(Reachability state, String host, int port, String why) implements TrackerEvent {
    public static final String TYPE = "reachability";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * To a peer behind NAT: open a connection to the chunk server of peer {@code peerId} (listed as {@code name} at
   * {@code host:port}), send {@code {"type":"reverse","token"}} first, then serve it as any downloader.
   */
  record ConnectTo(String token, String peerId, String name, String host, int port) implements TrackerEvent {
    public static final String TYPE = "connect-to";

    @Override
    public String type() {
      return TYPE;
    }
  }
}
