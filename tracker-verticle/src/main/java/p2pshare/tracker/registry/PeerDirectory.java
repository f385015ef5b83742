package p2pshare.tracker.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The live peers of a tracker, by peerId. Not thread-safe; the TCP front owns it.
 *
 * <p>Peers are kept in order of last contact (a touch moves a peer to the end), so {@link #expire} looks only at
 * the stale head of the order: its cost is O(expired), whatever the number of live peers.
 */
public final class PeerDirectory {
  /** A page of the listing, with the total number of live peers. */
  public record Page(List<LivePeer> peers, int total) {
  }

  private final LinkedHashMap<String, LivePeer> byContact = new LinkedHashMap<>();
  private final LongSupplier clock;
  private long newest;

  /** @param clock epoch milliseconds; tests pass a fake one */
  public PeerDirectory(LongSupplier clock) {
    this.clock = clock;
  }

  /** Adds a joined peer with its files, seen now. The peerId must be new. */
  public LivePeer add(PeerEntry entry, Collection<FileEntry> files) {
    LivePeer peer = new LivePeer(entry, now());
    for (FileEntry file : files) {
      peer.mutableFiles().put(file.fileId(), file);
    }
    byContact.put(entry.peerId(), peer);
    return peer;
  }

  public LivePeer get(String peerId) {
    return byContact.get(peerId);
  }

  /** Records contact with a peer now. Returns false if it is not live. */
  public boolean touch(String peerId) {
    LivePeer peer = byContact.remove(peerId);
    if (peer == null) {
      return false;
    }
    peer.lastSeen(now());
    byContact.put(peerId, peer);
    return true;
  }

  /** Applies a file list change: {@code remove} first, then {@code add} (which replaces same fileIds). */
  public void updateFiles(String peerId, Collection<String> remove, Collection<FileEntry> add) {
    LivePeer peer = byContact.get(peerId);
    if (peer == null) {
      return;
    }
    remove.forEach(peer.mutableFiles()::remove);
    add.forEach(file -> peer.mutableFiles().put(file.fileId(), file));
  }

  /** Removes a peer; returns it, or null if it was not live. */
  public LivePeer remove(String peerId) {
    return byContact.remove(peerId);
  }

  /**
   * Removes and returns the peers not heard from for {@code timeoutMillis} or longer, oldest first.
   * Stops at the first peer that is still fresh.
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
    all.sort(Comparator.comparing((LivePeer p) -> p.entry().name()).thenComparing(LivePeer::peerId));
    return new Page(all.size() > limit ? new ArrayList<>(all.subList(0, limit)) : all, all.size());
  }

  public int size() {
    return byContact.size();
  }

  /** The peerIds from least to most recently seen: the order {@link #expire} walks. */
  public List<String> contactOrder() {
    return new ArrayList<>(byContact.keySet());
  }

  // A wall clock may step back; never let lastSeen go backwards, or the contact order would stop being sorted.
  private long now() {
    newest = Math.max(newest, clock.getAsLong());
    return newest;
  }
}
