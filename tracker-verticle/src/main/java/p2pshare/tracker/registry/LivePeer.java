package p2pshare.tracker.registry;

import io.vertx.core.json.JsonObject;
import p2pshare.protocol.tracker.Reachability;

/**
 * A joined peer as the front knows it: where it listens, what it offers, when it was last heard from; and, in a
 * cluster, which tracker node it is attached to ({@code owner}, null for this one) and how many changes of it that
 * node has published ({@code version}).
 */
public final class LivePeer {
  private PeerEntry entry;
  private Reachability reach = Reachability.UNKNOWN;
  private OfferedFiles files = OfferedFiles.NONE;
  private final String owner;
  private final String secretHash;
  private long lastSeen;
  /** When it last moved in its directory's contact order. */
  private long placedAt;
  private long version;

  LivePeer(PeerEntry entry, long lastSeen, String owner, String secretHash) {
    this.entry = entry;
    this.lastSeen = lastSeen;
    this.placedAt = lastSeen;
    this.owner = owner;
    this.secretHash = secretHash;
  }

  /** The cluster node this peer is attached to; null if this one. */
  public String owner() {
    return owner;
  }

  /** The hash of the secret that lets this peer join again under its peerId (through any node). */
  public String secretHash() {
    return secretHash;
  }

  /** Changes of this peer published so far by its owner. */
  public long version() {
    return version;
  }

  public void version(long version) {
    this.version = version;
  }

  /** Whether others can dial it, as the tracker's probe found (a peer attached to another node: as its entry says). */
  public Reachability reach() {
    return entry.behindNat() ? Reachability.BEHIND_NAT : reach;
  }

  /**
   * What the probe found; a peer found behind NAT gets an entry that says so (its offers must then be listed again
   * with it).
   */
  public void reach(Reachability reach) {
    this.reach = reach;
    if (reach == Reachability.BEHIND_NAT && !entry.behindNat()) {
      entry = entry.markedBehindNat();
    }
  }

  public PeerEntry entry() {
    return entry;
  }

  public String peerId() {
    return entry.peerId();
  }

  /** The files this peer offers, by fileId, in fileId order. Changed only through {@link PeerDirectory}. */
  public OfferedFiles files() {
    return files;
  }

  void files(OfferedFiles files) {
    this.files = files;
  }

  /** Epoch milliseconds of the last message from this peer. */
  public long lastSeen() {
    return lastSeen;
  }

  void lastSeen(long millis) {
    lastSeen = millis;
  }

  long placedAt() {
    return placedAt;
  }

  void placedAt(long millis) {
    placedAt = millis;
  }

  /** The {@code peers} listing form: {@code {id, name, host, port, files, lastSeen, reach}}. */
  public JsonObject toListing() {
    return new JsonObject()
        .put("id", entry.peerId())
        .put("name", entry.name())
        .put("host", entry.host())
        .put("port", entry.port())
        .put("files", files.size())
        .put("lastSeen", lastSeen)
        .put("reach", reach().wire());
  }
}
