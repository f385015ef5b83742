package p2pshare.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.net.HostText;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.tracker.FileEntry;
import p2pshare.protocol.tracker.Reachability;
import p2pshare.protocol.tracker.TrackerEvent;
import p2pshare.protocol.tracker.TrackerReply;
import p2pshare.protocol.tracker.TrackerReplyCodec;
import p2pshare.tracker.registry.LivePeer;
import p2pshare.tracker.registry.PeerDirectory;
import p2pshare.tracker.registry.PeerEntry;

/**
 * Who is in the swarm: joins, file list changes, leaves, expiry and disconnects, kept consistent between the
 * peer directory, the registry and the files' subscribers ({@link Offers}), the {@link OfferBudget} and the
 * watchers. Every change of a peer attached here is also told to the {@link ChangeLog} (the other nodes of a
 * cluster). Runs on the front's event loop only.
 */
final class Membership {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  private final PeerDirectory directory;
  private final Offers offers;
  private final int peerTimeoutSeconds;
  private final int maxFilesPerPeer;
  private final OfferBudget budget;
  private final EventFanout events;
  private final Map<String, PeerSession> sessions = new HashMap<>();
  private ChangeLog changes = ChangeLog.NONE;
  private boolean logPeers = true;
  // The highest version given to any peer here: a join starts above it, so a peer that joins again through this node
  // is newer, for the other nodes, than everything they hold of it.
  private long lastVersion;

  /** @param eventWindowMillis how long events are gathered before they go out together (see {@link EventFanout}) */
  Membership(Vertx vertx, PeerDirectory directory, Offers offers, int peerTimeoutSeconds, int maxFilesPerPeer,
      OfferBudget budget, long eventWindowMillis) {
    this.directory = directory;
    this.offers = offers;
    this.peerTimeoutSeconds = peerTimeoutSeconds;
    this.maxFilesPerPeer = maxFilesPerPeer;
    this.budget = budget;
    this.events = new EventFanout(vertx, eventWindowMillis, peerId -> {
      LivePeer peer = directory.get(peerId);
      return peer == null ? null : peer.toListing();
    });
  }

  /** No line per join, leave or expiry (the start-up warm-up's simulated peers). */
  void quiet() {
    logPeers = false;
  }

  /** Where the changes of the peers attached here go: the other nodes of a cluster. */
  void changeLog(ChangeLog changes) {
    this.changes = changes;
  }

  PeerDirectory directory() {
    return directory;
  }

  Offers offers() {
    return offers;
  }

  EventFanout events() {
    return events;
  }

  /**
   * The tracker cluster's members changed: every peer joined here and every watcher is told at once (it happens
   * seldom), as {@code tracker} in a join reply.
   */
  void clusterChanged(JsonObject tracker) {
    Set<PeerSession> told = new LinkedHashSet<>(sessions.values());
    told.addAll(events.watchers());
    Buffer frame = TrackerReplyCodec.frame(new TrackerEvent.Cluster(tracker));
    told.forEach(session -> session.sendEvent(frame));
  }

  /** Live peers, for the metrics. */
  int livePeers() {
    return directory.size();
  }

  int peerTimeoutSeconds() {
    return peerTimeoutSeconds;
  }

  /**
   * Registers a new peer once the shards hold its files; fails with {@code limit} if its address or the tracker
   * has no budget left for them. If the connection closed meanwhile, the files are taken back and nothing is kept.
   *
   * <p>A peer that joined before (through this node or another of the cluster) may claim its peerId again with the
   * secret it was given: its entry is replaced, not listed twice. A claim of a live peerId without its secret is
   * refused; a claim of one no longer live is granted.
   */
  Future<LivePeer> join(PeerSession session, String name, String host, int port, Collection<FileEntry> files,
      String claimedPeerId, String secret) {
    String peerId = claimedPeerId == null ? UUID.randomUUID().toString() : claimedPeerId;
    LivePeer before = directory.get(peerId);
    if (before != null && !PeerSecret.matches(secret, before.secretHash())) {
      return Future.failedFuture(ProtocolException.refusal(ErrorCode.BAD_REQUEST,
          "peerId " + peerId + " is live and the secret does not match"));
    }
    if (before != null) {
      supersede(before);
    }
    PeerEntry entry = new PeerEntry(peerId, name, host, port);
    String refused = budget.set(entry.peerId(), session.address(), files.size(), OfferBudget.nameBytes(files));
    if (refused != null) {
      return Future.failedFuture(ProtocolException.refusal(ErrorCode.LIMIT, refused));
    }
    String secretHash = PeerSecret.hash(secret);
    List<String> fileIds = files.stream().map(FileEntry::fileId).toList();
    return offers.add(entry, files).transform(added -> {
      if (added.failed() || !session.isOpen()) {
        budget.drop(entry.peerId());
        offers.remove(entry.peerId(), fileIds);
        return Future.failedFuture(added.failed() ? added.cause() : new IllegalStateException("connection closed"));
      }
      if (directory.get(entry.peerId()) != null) {
        // Claimed again meanwhile (through another node, say): this join replaces that one, and keeps its budget.
        supersede(directory.get(entry.peerId()));
        budget.set(entry.peerId(), session.address(), files.size(), OfferBudget.nameBytes(files));
      }
      LivePeer peer = directory.add(entry, files, secretHash);
      peer.version(++lastVersion);
      sessions.put(entry.peerId(), session);
      if (logPeers) {
        LOG.info("peer {} ({}) {} from {} with {} files", name, entry.peerId(),
            before == null ? "joined" : "joined again", HostText.withPort(host, port), files.size());
      }
      events.joined(entry.peerId());
      changes.joined(peer);
      return Future.succeededFuture(peer);
    });
  }

  /**
   * What the probe found for a peer attached here. One found behind NAT has its offers listed again with its entry
   * marked so (the subscribers of its files hear of it), and the other nodes of a cluster get its state again.
   */
  void reached(String peerId, Reachability reach) {
    LivePeer peer = directory.get(peerId);
    if (peer == null || peer.owner() != null) {
      return;
    }
    boolean newlyBehindNat = reach == Reachability.BEHIND_NAT && !peer.entry().behindNat();
    peer.reach(reach);
    if (newlyBehindNat) {
      peer.version(++lastVersion);
      changes.joined(peer);
      offers.add(peer.entry(), peer.files().values());
    }
  }

  /** The address the connection of a peer attached here comes from, or null. */
  String addressOf(String peerId) {
    PeerSession session = sessions.get(peerId);
    return session == null ? null : session.address();
  }

  /** Sends an event to a peer attached here; false if it has no connection here. */
  boolean tell(String peerId, Buffer frame) {
    PeerSession session = sessions.get(peerId);
    if (session == null || !session.isOpen()) {
      return false;
    }
    session.sendEvent(frame);
    return true;
  }

  /** Records contact with a joined peer. */
  void touch(String peerId) {
    directory.touch(peerId);
  }

  /**
   * Removes {@code remove}, then adds {@code add} to a peer's files; fails with {@code limit} if too many for the
   * peer, its address or the tracker. An added fileId the peer already offers replaces that offer (a partial source
   * that finished, or a new chunk count) and counts once. A change that changes nothing (nothing to remove, entries
   * the peer already offers just so) reaches neither the shards nor the watchers.
   */
  Future<Void> update(String peerId, Map<String, FileEntry> add, Collection<String> remove) {
    LivePeer peer = directory.get(peerId);
    if (peer == null) {
      return Future.failedFuture(ProtocolException.refusal(ErrorCode.NOT_JOINED, "this peer is no longer live"));
    }
    Map<String, FileEntry> offered = peer.files();
    // A re-added fileId is replaced by the add, not removed, so the shard never sees it vanish.
    List<String> dropped = remove.stream().distinct()
        .filter(id -> offered.containsKey(id) && !add.containsKey(id)).toList();
    List<FileEntry> changed = add.values().stream()
        .filter(file -> !Objects.equals(offered.get(file.fileId()), file)).toList();
    if (dropped.isEmpty() && changed.isEmpty()) {
      return Future.succeededFuture();
    }
    OfferBudget.Offered use = budget.afterUpdate(peerId, offered, dropped, changed);
    if (use.files() > maxFilesPerPeer) {
      return Future.failedFuture(ProtocolException.refusal(ErrorCode.LIMIT,
          "a peer may offer at most " + maxFilesPerPeer + " files (maxFilesPerPeer)"));
    }
    String refused = budget.set(peerId, sessions.get(peerId).address(), use.files(), use.nameBytes());
    if (refused != null) {
      return Future.failedFuture(ProtocolException.refusal(ErrorCode.LIMIT, refused));
    }
    directory.updateFiles(peerId, dropped, changed);
    peer.version(peer.version() + 1);
    lastVersion = Math.max(lastVersion, peer.version());
    changes.updated(peer, dropped, changed);
    return Future.all(offers.remove(peerId, dropped), offers.add(peer.entry(), changed))
        .<Void>mapEmpty()
        .onSuccess(v -> {
          if (directory.get(peerId) != null) {
            events.filesChanged(peerId);
          }
        });
  }

  /** A page of live peers, as the {@code peers} reply. */
  TrackerReply.Peers peers(int limit) {
    PeerDirectory.Page page = directory.list(limit);
    JsonArray listing = new JsonArray();
    page.peers().forEach(p -> listing.add(p.toListing()));
    return new TrackerReply.Peers(listing, page.total());
  }

  void watch(PeerSession session) {
    events.watch(session);
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
    events.unwatch(session);
    offers.interest().closed(session);
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

  /**
   * Drops a peer's entry because it joined again (here or through another node): no leave goes out, as the new join
   * replaces it; a session it still has here is closed.
   */
  void supersede(LivePeer peer) {
    drop(peer, "disconnected");
  }

  /**
   * Drops a peer's entry without telling the other nodes: it joined again, or its own node said it left ({@code
   * reason} for the watchers). A session it still has here is closed.
   */
  void drop(LivePeer peer, String reason) {
    directory.remove(peer.peerId());
    PeerSession session = sessions.remove(peer.peerId());
    budget.drop(peer.peerId());
    offers.remove(peer.peerId(), new ArrayList<>(peer.files().keySet()));
    events.left(peer.peerId(), reason);
    if (session != null) {
      LOG.info("peer {} ({}) joined again elsewhere: closing its old connection", peer.entry().name(),
          peer.peerId());
      session.close();
    }
  }

  private PeerSession forget(LivePeer peer, String reason) {
    PeerEntry entry = peer.entry();
    PeerSession session = sessions.remove(entry.peerId());
    budget.drop(entry.peerId());
    if (peer.owner() == null) {
      changes.left(peer, reason);
    }
    offers.remove(entry.peerId(), new ArrayList<>(peer.files().keySet()))
        .onFailure(e -> {
          // While the tracker shuts down its shards may already be gone; their state goes with them.
          boolean shuttingDown = e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
          if (!shuttingDown) {
            LOG.warn("could not remove the files of peer {}: {}", entry.peerId(), e.toString());
          }
        });
    switch (logPeers ? reason : "") {
      case "" -> { }
      case "leave" -> LOG.info("peer {} ({}) left", entry.name(), entry.peerId());
      case "expired" -> LOG.info("peer {} ({}) expired after {} s of silence", entry.name(), entry.peerId(),
          peerTimeoutSeconds);
      default -> LOG.info("peer {} ({}) disconnected", entry.name(), entry.peerId());
    }
    events.left(entry.peerId(), reason);
    return session;
  }
}
