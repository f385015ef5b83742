package p2pshare.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.protocol.Frames;
import p2pshare.protocol.ProtocolException;
import p2pshare.tracker.registry.FileEntry;
import p2pshare.tracker.registry.LivePeer;
import p2pshare.tracker.registry.PeerDirectory;
import p2pshare.tracker.registry.PeerEntry;

/**
 * Who is in the swarm: joins, file list changes, leaves, expiry and disconnects, kept consistent between the
 * peer directory, the shards and the watchers. Runs on the front's event loop only.
 */
final class Membership {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  private final PeerDirectory directory;
  private final ShardClient shards;
  private final int peerTimeoutSeconds;
  private final int maxFilesPerPeer;
  private final Map<String, PeerSession> sessions = new HashMap<>();
  private final Set<PeerSession> watchers = new LinkedHashSet<>();

  Membership(PeerDirectory directory, ShardClient shards, int peerTimeoutSeconds, int maxFilesPerPeer) {
    this.directory = directory;
    this.shards = shards;
    this.peerTimeoutSeconds = peerTimeoutSeconds;
    this.maxFilesPerPeer = maxFilesPerPeer;
  }

  /** Live peers, for the metrics. */
  int livePeers() {
    return directory.size();
  }

  int peerTimeoutSeconds() {
    return peerTimeoutSeconds;
  }

  /**
   * Registers a new peer once the shards hold its files. If the connection closed meanwhile, the files are
   * taken back and nothing is kept.
   */
  Future<LivePeer> join(PeerSession session, String name, String host, int port, Collection<FileEntry> files) {
    PeerEntry entry = new PeerEntry(UUID.randomUUID().toString(), name, host, port);
    List<String> fileIds = files.stream().map(FileEntry::fileId).toList();
    return shards.add(entry, files).transform(added -> {
      if (added.failed() || !session.isOpen()) {
        shards.remove(entry.peerId(), fileIds);
        return Future.failedFuture(added.failed() ? added.cause() : new IllegalStateException("connection closed"));
      }
      LivePeer peer = directory.add(entry, files);
      sessions.put(entry.peerId(), session);
      LOG.info("peer {} ({}) joined from {}:{} with {} files", name, entry.peerId(), host, port, files.size());
      broadcast(Replies.event("peer-joined").put("peer", peer.toListing()));
      return Future.succeededFuture(peer);
    });
  }

  /** Records contact with a joined peer. */
  void touch(String peerId) {
    directory.touch(peerId);
  }

  /**
   * Removes {@code remove}, then adds {@code add} to a peer's files; fails with {@code limit} if too many. An added
   * fileId the peer already offers replaces that offer (a partial source that finished, or a new chunk count) and
   * counts once.
   */
  Future<Void> update(String peerId, Map<String, FileEntry> add, Collection<String> remove) {
    LivePeer peer = directory.get(peerId);
    if (peer == null) {
      return Future.failedFuture(new ProtocolException(Replies.NOT_JOINED, "this peer is no longer live"));
    }
    Set<String> after = new LinkedHashSet<>(peer.files().keySet());
    after.removeAll(remove);
    after.addAll(add.keySet());
    if (after.size() > maxFilesPerPeer) {
      return Future.failedFuture(new ProtocolException(Replies.LIMIT,
          "a peer may offer at most " + maxFilesPerPeer + " files"));
    }
    // A re-added fileId is replaced by the add, not removed, so the shard never sees it vanish.
    List<String> dropped = remove.stream()
        .filter(id -> peer.files().containsKey(id) && !add.containsKey(id)).toList();
    directory.updateFiles(peerId, remove, add.values());
    return Future.all(shards.remove(peerId, dropped), shards.add(peer.entry(), add.values()))
        .<Void>mapEmpty()
        .onSuccess(v -> broadcast(Replies.event("files-changed").put("peerId", peerId)));
  }

  /** A page of live peers in the {@code peers} reply form. */
  JsonObject peers(int limit) {
    PeerDirectory.Page page = directory.list(limit);
    JsonArray listing = new JsonArray();
    page.peers().forEach(p -> listing.add(p.toListing()));
    return new JsonObject().put("peers", listing).put("total", page.total());
  }

  void watch(PeerSession session) {
    watchers.add(session);
  }

  /** The peer asked to leave: it is dropped now; the session closes after its reply. */
  void leave(String peerId) {
    LivePeer peer = directory.remove(peerId);
    if (peer != null) {
      forget(peer, "leave");
    }
  }

  /** A connection closed: its peer, if any and still live, is dropped at once. */
  void closed(PeerSession session) {
    watchers.remove(session);
    String peerId = session.peerId();
    if (peerId != null && sessions.get(peerId) == session) {
      LivePeer peer = directory.remove(peerId);
      if (peer != null) {
        forget(peer, "disconnected");
      }
    }
  }

  /** Drops every peer silent for the timeout and closes its connection. Costs O(expired). */
  void expireSilent() {
    for (LivePeer peer : directory.expire(peerTimeoutSeconds * 1000L)) {
      PeerSession session = forget(peer, "expired");
      if (session != null) {
        session.close();
      }
    }
  }

  private PeerSession forget(LivePeer peer, String reason) {
    PeerEntry entry = peer.entry();
    PeerSession session = sessions.remove(entry.peerId());
    shards.remove(entry.peerId(), new ArrayList<>(peer.files().keySet()))
        .onFailure(e -> {
          // While the tracker shuts down its shards may already be gone; their state goes with them.
          boolean shuttingDown = e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
          if (!shuttingDown) {
            LOG.warn("could not remove the files of peer {}: {}", entry.peerId(), e.toString());
          }
        });
    switch (reason) {
      case "leave" -> LOG.info("peer {} ({}) left", entry.name(), entry.peerId());
      case "expired" -> LOG.info("peer {} ({}) expired after {} s of silence", entry.name(), entry.peerId(),
          peerTimeoutSeconds);
      default -> LOG.info("peer {} ({}) disconnected", entry.name(), entry.peerId());
    }
    broadcast(Replies.event("peer-left").put("peerId", entry.peerId()).put("reason", reason));
    return session;
  }

  private void broadcast(JsonObject event) {
    if (watchers.isEmpty()) {
      return;
    }
    Buffer frame = Frames.json(event);
    // A slow watcher may be closed while we iterate; its close handler runs later, but copy to be safe.
    for (PeerSession watcher : new ArrayList<>(watchers)) {
      watcher.sendEvent(frame);
    }
  }
}
