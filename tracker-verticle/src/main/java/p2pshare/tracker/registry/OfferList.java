package p2pshare.tracker.registry;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The offers of one kind (complete or partial) in one swarm, in offer order: an array, and a map by peerId only once
 * the swarm is large. Most swarms hold a few offers, where a linked hash map would cost a map, a table and a
 * 40-byte entry per offer; a plain array costs a slot. Also the list a lookup samples from, without a copy. Not
 * thread-safe; its shard owns it.
 */
final class OfferList extends AbstractList<Swarm.Offer> {
  /** Beyond this many offers, a peerId is found through a map instead of a walk of the array. */
  static final int INDEXED_ABOVE = 16;
  private static final Swarm.Offer[] NONE = new Swarm.Offer[0];

  private Swarm.Offer[] offers = NONE;
  private int size;
  private Map<String, Swarm.Offer> byPeer;

  @Override
  public Swarm.Offer get(int index) {
    if (index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    return offers[index];
  }

  @Override
  public int size() {
    return size;
  }

  Swarm.Offer of(String peerId) {
    if (byPeer != null) {
      return byPeer.get(peerId);
    }
    int at = walk(peerId);
    return at < 0 ? null : offers[at];
  }

  /** Puts {@code offer} in place of its peer's previous one, which keeps its place, or at the end; returns that one. */
  Swarm.Offer put(Swarm.Offer offer) {
    String peerId = offer.peer.peerId();
    int at = indexOf(peerId);
    if (at >= 0) {
      Swarm.Offer previous = offers[at];
      offers[at] = offer;
      if (byPeer != null) {
        byPeer.put(peerId, offer);
      }
      return previous;
    }
    if (size == offers.length) {
      offers = Arrays.copyOf(offers, Math.max(2, size + (size >> 1)));
    }
    offers[size++] = offer;
    if (byPeer != null) {
      byPeer.put(peerId, offer);
    } else if (size > INDEXED_ABOVE) {
      byPeer = new HashMap<>();
      for (int i = 0; i < size; i++) {
        byPeer.put(offers[i].peer.peerId(), offers[i]);
      }
    }
    return null;
  }

  /** Removes the peer's offer, keeping the others in order; returns it, or null if the peer had none here. */
  Swarm.Offer remove(String peerId) {
    int at = indexOf(peerId);
    if (at < 0) {
      return null;
    }
    Swarm.Offer removed = offers[at];
    System.arraycopy(offers, at + 1, offers, at, size - at - 1);
    offers[--size] = null;
    if (byPeer != null) {
      byPeer.remove(peerId);
      if (size <= INDEXED_ABOVE / 2) {
        byPeer = null;
      }
    }
    if (size <= offers.length / 4) {
      offers = size == 0 ? NONE : Arrays.copyOf(offers, size * 2);
    }
    return removed;
  }

  private int indexOf(String peerId) {
    if (byPeer == null) {
      return walk(peerId);
    }
    // The map says whether it is here; the array says where (one reference comparison per slot).
    Swarm.Offer offer = byPeer.get(peerId);
    if (offer == null) {
      return -1;
    }
    for (int i = 0; i < size; i++) {
      if (offers[i] == offer) {
        return i;
      }
    }
    throw new IllegalStateException("offer of " + peerId + " indexed but not listed");
  }

  private int walk(String peerId) {
    for (int i = 0; i < size; i++) {
      if (offers[i].peer.peerId().equals(peerId)) {
        return i;
      }
    }
    return -1;
  }
}
