package p2pshare.tracker.registry;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import p2pshare.protocol.tracker.FileEntry;

/**
 * The live offers of one file at one size: a candidate. The tracker cannot check a fileId (a hash of size, chunk size
 * and chunk hashes), so offers of one fileId at different sizes are kept apart and a lookup lists them all; the
 * downloader proves the size from the manifest. Complete sources are kept apart from partial ones. Not thread-safe;
 * its shard owns it.
 */
final class Swarm {
  /**
   * A peer's offer. Its peer's part of the sources-list JSON is encoded once and shared by all the offers the peer
   * made together (a join's twenty files: one copy, not twenty); the rest is a few numbers, written as it is sent.
   */
  static final class Offer {
    final PeerEntry peer;
    /** The entry as the peer sent it: the same object the front keeps, not a copy of its fields. */
    final FileEntry file;
    private final byte[] peerJson;

    /** @param peerJson {@link #peerJson(PeerEntry)} of {@code peer} */
    Offer(PeerEntry peer, byte[] peerJson, FileEntry file) {
      this.peer = peer;
      this.peerJson = peerJson;
      this.file = file;
    }

    String name() {
      return file.name();
    }

    /** {@code {"peerId","name","host","port"} without its closing brace, as UTF-8 bytes: what its offers share. */
    static byte[] peerJson(PeerEntry peer) {
      Buffer json = peer.toJson().toBuffer();
      return json.getBytes(0, json.length() - 1);
    }

    SwarmRegistry.Source source() {
      return new SwarmRegistry.Source(peer, file.partial(), file.chunks(), file.size());
    }

    /** Appends {@code {"peerId","name","host","port","partial",("chunks"),"size"}}, as {@link #source()} says. */
    void appendJson(Buffer into) {
      into.appendBytes(peerJson)
          .appendString(file.partial() ? ",\"partial\":true,\"chunks\":" + file.chunks() : ",\"partial\":false")
          .appendString(",\"size\":" + file.size() + "}");
    }
  }

  final String fileId;
  final long size;
  /** The names it is offered under, each with its number of offers; kept by {@link NameIndex}, nearly always one. */
  final Map<String, Integer> names = new HashMap<>(2);
  // In offer order, so the name shown is the oldest offer's and a listing is stable.
  private final OfferList complete = new OfferList();
  private final OfferList partial = new OfferList();

  Swarm(String fileId, long size) {
    this.fileId = fileId;
    this.size = size;
  }

  /**
   * Puts a peer's offer in place of its previous one here, which it returns (null if there was none). An offer that
   * stays complete or stays partial keeps its place; one that changes kind goes to the end of its new map.
   */
  Offer put(Offer offer) {
    Offer changedKind = (offer.file.partial() ? complete : partial).remove(offer.peer.peerId());
    Offer sameKind = (offer.file.partial() ? partial : complete).put(offer);
    return changedKind != null ? changedKind : sameKind;
  }

  Offer remove(String peerId) {
    Offer offer = complete.remove(peerId);
    return offer != null ? offer : partial.remove(peerId);
  }

  Offer offerOf(String peerId) {
    Offer offer = complete.of(peerId);
    return offer != null ? offer : partial.of(peerId);
  }

  boolean isEmpty() {
    return complete.isEmpty() && partial.isEmpty();
  }

  int completeCount() {
    return complete.size();
  }

  int partialCount() {
    return partial.size();
  }

  int offers() {
    return complete.size() + partial.size();
  }

  /** The name of the oldest complete offer, or of the oldest partial one while there is no complete one. */
  String name() {
    return (complete.isEmpty() ? partial : complete).get(0).name();
  }

  /** The name a search row shows: its own if that matches, else the least of its names that matches; or null. */
  String shownName(Predicate<String> matches) {
    String own = name();
    if (matches.test(own)) {
      return own;
    }
    String least = null;
    for (String other : names.keySet()) {
      if ((least == null || other.compareTo(least) < 0) && matches.test(other)) {
        least = other;
      }
    }
    return least;
  }

  SwarmRegistry.Match match(String name) {
    return new SwarmRegistry.Match(fileId, name, size, complete.size(), partial.size());
  }

  /** The candidate's line of a sources reply: {@code {size, name, sources, partialSources}}. */
  JsonObject candidateJson() {
    return new JsonObject().put("size", size).put("name", name()).put("sources", complete.size())
        .put("partialSources", partial.size());
  }

  /** The complete offers, in offer order: a view, changed by the next put or remove. */
  List<Offer> completeOffers() {
    return complete;
  }

  /** The partial offers, in offer order: a view, changed by the next put or remove. */
  List<Offer> partialOffers() {
    return partial;
  }
}
