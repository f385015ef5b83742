package p2pshare.tracker.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import p2pshare.protocol.tracker.FileEntry;

/**
 * The live peers of a tracker, by peerId. Not thread-safe; the TCP front owns it.
 *
 * <p>Peers are kept in order of last contact (a touch moves a peer to the end), so {@link #expire} looks only at
 * the stale head of the order: its cost is O(expired), whatever the number of live peers.
 *
 * <p>In a cluster, the peers attached to other nodes are kept apart ({@link #addRemote}): their own node expires
 * them. When that node is gone, {@link #orphan} puts its peers in the contact order as if just heard from, so each
 * expires one timeout later by this node's clock, unless it joins again through a live node first.
 */
public final class PeerDirectory {
  /** A page of the listing, with the total number of live peers. */
  public record Page(List<LivePeer> peers, int total) {
  }

  /** A peer moves in the contact order at most this often ({@link #touch}). */
  static final long REORDER_MILLIS = 1000;

  private final LinkedHashMap<String, LivePeer> byContact = new LinkedHashMap<>();
  private final Map<String, LivePeer> remote = new HashMap<>();
  private final LongSupplier clock;
  private long newest;

  /** @param clock epoch milliseconds; tests pass a fake one */
  public PeerDirectory(LongSupplier clock) {
    this.clock = clock;
  }

  /** Adds a peer joined through this node with its files, seen now. The peerId must be new. */
  public LivePeer add(PeerEntry entry, Collection<FileEntry> files, String secretHash) {
    LivePeer peer = withFiles(new LivePeer(entry, now(), null, secretHash), files);
    byContact.put(entry.peerId(), peer);
    return peer;
  }

  /** Adds a peer attached to the cluster node {@code owner}, which expires it. The peerId must be new. */
  public LivePeer addRemote(PeerEntry entry, Collection<FileEntry> files, String owner, String secretHash,
      long version) {
    LivePeer peer = withFiles(new LivePeer(entry, now(), owner, secretHash), files);
    peer.version(version);
    remote.put(entry.peerId(), peer);
    return peer;
  }

  public LivePeer get(String peerId) {
    LivePeer peer = byContact.get(peerId);
    return peer != null ? peer : remote.get(peerId);
  }

  /**
   * The peers of a cluster node that is gone join the contact order, seen now: they expire a timeout from now
   * unless they join again. Returns how many.
   */
  public int orphan(String owner) {
    int orphaned = 0;
    long now = now();
    for (Iterator<LivePeer> it = remote.values().iterator(); it.hasNext(); ) {
      LivePeer peer = it.next();
      if (peer.owner().equals(owner)) {
        it.remove();
        peer.lastSeen(now);
        peer.placedAt(now);
        byContact.put(peer.peerId(), peer);
        orphaned++;
      }
    }
    return orphaned;
  }

  /** The cluster nodes that peers kept apart are attached to. */
  public Set<String> owners() {
    Set<String> owners = new HashSet<>();
    remote.values().forEach(peer -> owners.add(peer.owner()));
    return owners;
  }

  /** The peers attached to the cluster node {@code owner} (not orphaned), by peerId. */
  public Map<String, LivePeer> peersOf(String owner) {
    Map<String, LivePeer> peers = new HashMap<>();
    remote.forEach((id, peer) -> {
      if (peer.owner().equals(owner)) {
        peers.put(id, peer);
      }
    });
    return peers;
  }

  /** Up to {@code limit} peers attached to this node, by peerId after {@code after} (null: from the first). */
  public List<LivePeer> ownPeersAfter(String after, int limit) {
    TreeMap<String, LivePeer> own = new TreeMap<>();
    byContact.forEach((id, peer) -> {
      if (peer.owner() == null && (after == null || id.compareTo(after) > 0)) {
        own.put(id, peer);
        if (own.size() > limit) {
          own.pollLastEntry();
        }
      }
    });
    return new ArrayList<>(own.values());
  }

  /**
   * Records contact with a peer now. Returns false if it is not live. A peer moves to the end of the contact order at
   * most once per {@link #REORDER_MILLIS}: a peer sending requests in a burst costs one move, not one per request (each
   * move rewrites links between long-lived objects, which the garbage collector then has to track), and
   * {@link #expire} may find a peer that late.
   */
  public boolean touch(String peerId) {
    LivePeer peer = byContact.get(peerId);
    if (peer == null) {
      return false;
    }
    long now = now();
    if (now - peer.placedAt() >= REORDER_MILLIS) {
      byContact.remove(peerId);
      byContact.put(peerId, peer);
      peer.placedAt(now);
    }
    peer.lastSeen(now);
    return true;
  }

  /** Applies a file list change: {@code remove} first, then {@code add} (which replaces same fileIds). */
  public void updateFiles(String peerId, Collection<String> remove, Collection<FileEntry> add) {
    LivePeer peer = get(peerId);
    if (peer == null) {
      return;
    }
    peer.files(peer.files().with(remove, add));
  }

  /** Removes a peer; returns it, or null if it was not live. */
  public LivePeer remove(String peerId) {
    LivePeer peer = byContact.remove(peerId);
    return peer != null ? peer : remote.remove(peerId);
  }

  /**
   * Removes and returns the peers not heard from for {@code timeoutMillis} or longer, oldest first. Stops at the
   * first peer that is still fresh: the order is that of each peer's last move, so a silent peer behind one heard
   * from since its move waits at most {@link #REORDER_MILLIS} more.
   */
  public List<LivePeer> expire(long timeoutMillis) {
    long cutoff = clock.getAsLong() - timeoutMillis;
    List<LivePeer> expired = new ArrayList<>();
    Iterator<LivePeer> oldestFirst = byContact.values().iterator();
    while (oldestFirst.hasNext()) {
      LivePeer peer = oldestFirst.next();
      if (peer.lastSeen() > cutoff) {
        break;
      }
      oldestFirst.remove();
      expired.add(peer);
    }
    return expired;
  }

  /** Up to {@code limit} live peers sorted by name, then peerId, and the total count. */
  public Page list(int limit) {
    List<LivePeer> all = new ArrayList<>(byContact.values());
    // A peer attached to a live node of the cluster is as fresh as that node says: seen now.
    long now = now();
    remote.values().forEach(peer -> peer.lastSeen(now));
    all.addAll(remote.values());
    all.sort(Comparator.comparing((LivePeer p) -> p.entry().name()).thenComparing(LivePeer::peerId));
    return new Page(all.size() > limit ? new ArrayList<>(all.subList(0, limit)) : all, all.size());
  }

  public int size() {
    return byContact.size() + remote.size();
  }

  /** The peerIds from least to most recently seen: the order {@link #expire} walks. */
  public List<String> contactOrder() {
    return new ArrayList<>(byContact.keySet());
  }

  private static LivePeer withFiles(LivePeer peer, Collection<FileEntry> files) {
    peer.files(OfferedFiles.of(files));
    return peer;
  }

  // A wall clock may step back; never let lastSeen go backwards, or the contact order would stop being sorted.
  private long now() {
    newest = Math.max(newest, clock.getAsLong());
    return newest;
  }
}
