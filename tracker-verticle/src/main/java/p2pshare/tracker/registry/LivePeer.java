package p2pshare.tracker.registry;

import io.vertx.core.json.JsonObject;

/**
 * A joined peer as the front knows it: where it listens, what it offers, when it was last heard from; and, in a
 * cluster, which tracker node it is attached to ({@code owner}, null for this one) and how many changes of it that
 * node has published ({@code version}).
 */
public final class LivePeer {
  private final PeerEntry entry;
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

  /** The {@code peers} listing form: {@code {id, name, host, port, files, lastSeen}}. */
  public JsonObject toListing() {
    return new JsonObject()
        .put("id", entry.peerId())
        .put("name", entry.name())
        .put("host", entry.host())
        .put("port", entry.port())
        .put("files", files.size())
        .put("lastSeen", lastSeen);
  }
}
