package p2pshare.tracker.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.protocol.tracker.FileEntry;
import p2pshare.tracker.registry.LivePeer;
import p2pshare.tracker.registry.PeerDirectory;
import p2pshare.tracker.registry.PeerEntry;

/**
 * Applies what other cluster nodes say of their peers to this node's directory, shards, subscribers and watchers, so
 * a lookup here answers for the whole cluster. Each node numbers the changes of each of its peers ({@code v}); a change that
 * does not follow the last one applied means one was missed, and the caller fetches the peer's whole state again.
 * Runs on the front's event loop only. Message forms are in docs/protocol.md, "Tracker cluster".
 */
final class RemotePeers {
  private static final Logger LOG = LoggerFactory.getLogger(RemotePeers.class);

  private final Membership membership;
  private final PeerDirectory directory;

  RemotePeers(Membership membership) {
    this.membership = membership;
    this.directory = membership.directory();
  }

  /** A peer's whole state, {@code {node, v, peer, secretHash, files}}: a join, or the answer to a fetch. */
  void applyState(JsonObject state) {
    String owner = state.getString("node");
    PeerEntry entry = PeerEntry.fromJson(state.getJsonObject("peer"));
    long version = state.getLong("v");
    LivePeer known = directory.get(entry.peerId());
    if (known != null && owner.equals(known.owner()) && version <= known.version()) {
      return; // already applied
    }
    if (known != null) {
      // Joined again through another node, or a fetch after a missed change: the new state replaces the old.
      membership.supersede(known);
    }
    List<FileEntry> files = files(state.getJsonArray("files"));
    directory.addRemote(entry, files, owner, state.getString("secretHash"), version);
    membership.offers().add(entry, files);
    membership.events().joined(entry.peerId());
  }

  /**
   * A change of a peer's files, {@code {node, v, peerId, remove, add}}; returns false if it does not follow the last
   * change applied (or the peer is unknown here), so the peer's state must be fetched.
   */
  boolean applyUpdate(JsonObject change) {
    String owner = change.getString("node");
    LivePeer known = directory.get(change.getString("peerId"));
    long version = change.getLong("v");
    if (known == null) {
      return false;
    }
    if (!owner.equals(known.owner()) || version <= known.version()) {
      return true; // of an older attachment, or already applied
    }
    if (version != known.version() + 1) {
      return false;
    }
    List<String> removed = new ArrayList<>();
    change.getJsonArray("remove").forEach(id -> removed.add((String) id));
    List<FileEntry> added = files(change.getJsonArray("add"));
    directory.updateFiles(known.peerId(), removed, added);
    known.version(version);
    membership.offers().remove(known.peerId(), removed);
    membership.offers().add(known.entry(), added);
    membership.events().filesChanged(known.peerId());
    return true;
  }

  /** A peer left its node, {@code {node, peerId, reason}}: dropped unless it is attached elsewhere by now. */
  void applyLeave(JsonObject change) {
    LivePeer known = directory.get(change.getString("peerId"));
    if (known != null && change.getString("node").equals(known.owner())) {
      membership.drop(known, change.getString("reason", "disconnected"));
    }
  }

  /** A node is gone from the cluster: its peers expire one timeout from now unless they join again. */
  void orphan(String owner) {
    int orphaned = directory.orphan(owner);
    if (orphaned > 0) {
      LOG.warn("tracker node {} left the cluster: its {} peers expire in {} s unless they join again", owner,
          orphaned, membership.peerTimeoutSeconds());
    }
  }

  /** A peer's whole state as {@link #applyState} reads it. */
  static JsonObject state(String node, LivePeer peer) {
    JsonArray files = new JsonArray();
    peer.files().values().forEach(file -> files.add(file.toJson()));
    return new JsonObject().put("node", node).put("v", peer.version()).put("peer", peer.entry().toJson())
        .put("secretHash", peer.secretHash()).put("files", files);
  }

  private static List<FileEntry> files(JsonArray json) {
    List<FileEntry> files = new ArrayList<>(json.size());
    json.forEach(file -> files.add(FileEntry.fromJson((JsonObject) file)));
    return files;
  }
}
