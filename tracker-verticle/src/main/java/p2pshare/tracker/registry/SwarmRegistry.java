package p2pshare.tracker.registry;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import p2pshare.protocol.tracker.FileEntry;

/**
 * The swarms of one shard: for each fileId its candidates, one per size it is offered at ({@link Swarm}), each with
 * the live peers that offer it, complete sources apart from partial ones. Not thread-safe; one shard verticle owns it.
 *
 * <p>Every name a file is offered under, partial offers included, is indexed ({@link NameIndex}), so a search matches
 * any of them. A sources lookup answers a random sample, so that no early group of offers can hide the rest.
 */
public final class SwarmRegistry {
  /**
   * One line of a search result, one candidate (fileId at one size): {@code sources} counts the live peers offering
   * the complete file, {@code partialSources} those still downloading it.
   */
  public record Match(String fileId, String name, long size, int sources, int partialSources) {
    public JsonObject toJson() {
      return new JsonObject().put("fileId", fileId).put("name", name).put("size", size).put("sources", sources)
          .put("partialSources", partialSources);
    }
  }

  /** A page of matches in the order asked for; {@code total} is how many matched in all, or null when that is not cheap. */
  public record SearchResult(List<Match> matches, boolean more, Integer total) {
  }

  /** A peer offering a file at {@code size}; {@code chunks} is the number of verified chunks a partial source holds. */
  public record Source(PeerEntry peer, boolean partial, int chunks, long size) {
    /** A peer entry with {@code "partial"}, {@code "chunks"} for a partial source, and {@code "size"}. */
    public JsonObject toJson() {
      JsonObject json = peer.toJson().put("partial", partial);
      return (partial ? json.put("chunks", chunks) : json).put("size", size);
    }
  }

  private static final Comparator<Swarm> MOST_SOURCES_FIRST = Comparator
      .comparingInt(Swarm::completeCount).reversed()
      .thenComparing(Comparator.comparingInt(Swarm::partialCount).reversed())
      .thenComparingLong(s -> s.size);

  private final Map<String, List<Swarm>> swarms = new HashMap<>();
  private final NameIndex names = new NameIndex();
  private final SplittableRandom random;
  private int candidates;

  public SwarmRegistry() {
    this(new SplittableRandom());
  }

  /** With a seeded random source, for tests that need a repeatable sample. */
  SwarmRegistry(SplittableRandom random) {
    this.random = random;
  }

  /**
   * Records that {@code peer} offers {@code files}. Offering a fileId again replaces the previous offer: its name,
   * its size, whether it is partial, its chunk count.
   */
  public void add(PeerEntry peer, Collection<FileEntry> files) {
    byte[] peerJson = Swarm.Offer.peerJson(peer);
    for (FileEntry file : files) {
      List<Swarm> ofFile = swarms.computeIfAbsent(file.fileId(), id -> new ArrayList<>(1));
      Swarm.Offer previous = null;
      Swarm target = null;
      for (Swarm candidate : List.copyOf(ofFile)) {
        if (candidate.size == file.size()) {
          target = candidate;
        } else if (candidate.offerOf(peer.peerId()) != null) {
          forget(candidate, candidate.remove(peer.peerId()), ofFile);
        }
      }
      if (target == null) {
        target = new Swarm(file.fileId(), file.size());
        ofFile.add(target);
        candidates++;
      }
      previous = target.put(new Swarm.Offer(peer, peerJson, file));
      if (previous == null) {
        names.add(file.name(), target);
      } else if (!previous.name().equals(file.name())) {
        names.remove(previous.name(), target);
        names.add(file.name(), target);
      }
    }
  }

  /** Forgets that {@code peerId} offers these files. Costs O(fileIds × candidates); unknown ids are ignored. */
  public void remove(String peerId, Collection<String> fileIds) {
    for (String fileId : fileIds) {
      List<Swarm> ofFile = swarms.get(fileId);
      if (ofFile == null) {
        continue;
      }
      for (Swarm candidate : List.copyOf(ofFile)) {
        Swarm.Offer offer = candidate.remove(peerId);
        if (offer != null) {
          forget(candidate, offer, ofFile);
        }
      }
    }
  }

  /**
   * Candidates offered under a name that contains {@code query} ignoring case ("" matches all), or, if
   * {@code exact}, under exactly that name: the first {@code limit} of them in {@code order}, with whether more
   * matched, and how many in all for "" and whenever they all fit the page.
   */
  public SearchResult search(String query, boolean exact, int limit, SearchOrder order) {
    NameIndex.Page page = names.search(query, exact, limit, order);
    // Counted where it costs nothing: every candidate for "", and all the matches when they fit the page.
    Integer total = null;
    if (!exact && query.isEmpty()) {
      total = candidates;
    } else if (!page.more()) {
      total = page.matches().size();
    }
    return new SearchResult(page.matches(), page.more(), total);
  }

  /**
   * The sources reply of a lookup, without its {@code type} and {@code id}, as JSON object members:
   * {@code "fileId":…,"name":…,"size":…,"peers":[…],"candidates":[…]}}. {@code peers} is a random sample of at most
   * {@code limit} offers other than {@code exclude}'s, shared fairly between the candidates; within a candidate's
   * share, complete sources come first. Null if nobody else offers the file.
   */
  public Buffer sources(String fileId, String exclude, int limit) {
    List<Swarm> ofFile = swarms.get(fileId);
    if (ofFile == null) {
      return null;
    }
    List<Swarm> ordered = new ArrayList<>(ofFile);
    ordered.sort(MOST_SOURCES_FIRST);
    List<Swarm> shown = ordered.subList(0, Math.min(limit, ordered.size()));
    int[] quota = quotas(shown, exclude, limit);
    Buffer peers = Buffer.buffer(256 * Math.min(limit, 64));
    int sampled = 0;
    for (int i = 0; i < shown.size(); i++) {
      int left = quota[i];
      left -= sample(shown.get(i).completeOffers(), left, exclude, peers, sampled);
      sampled += quota[i] - left;
      int fromPartial = sample(shown.get(i).partialOffers(), left, exclude, peers, sampled);
      sampled += fromPartial;
    }
    if (sampled == 0) {
      return null;
    }
    JsonArray candidateList = new JsonArray();
    shown.forEach(s -> candidateList.add(s.candidateJson()));
    Swarm first = shown.get(0);
    Buffer head = new JsonObject().put("fileId", fileId).put("name", first.name()).put("size", first.size)
        .toBuffer();
    return Buffer.buffer(head.length() + peers.length() + 256)
        .appendBuffer(head, 0, head.length() - 1) // without its closing brace
        .appendString(",\"peers\":[").appendBuffer(peers).appendString("],\"candidates\":")
        .appendBuffer(candidateList.toBuffer()).appendString("}");
  }

  /** Number of candidates (a fileId at one size) with at least one live peer. */
  public int swarmCount() {
    return candidates;
  }

  /** Number of distinct names in the search index. */
  public int indexedNames() {
    return names.names();
  }

  /** Names looked at by searches so far, for tests of what a search costs. */
  long namesVisited() {
    return names.visited();
  }

  /**
   * Each candidate's share of {@code limit}: one slot each in turn while the candidate has offers left (the asker's
   * own not counted), so a candidate with many offers cannot crowd out one with few.
   */
  private static int[] quotas(List<Swarm> shown, String exclude, int limit) {
    int[] available = new int[shown.size()];
    for (int i = 0; i < shown.size(); i++) {
      Swarm swarm = shown.get(i);
      available[i] = swarm.offers() - (exclude != null && swarm.offerOf(exclude) != null ? 1 : 0);
    }
    int[] quota = new int[shown.size()];
    int given = 0;
    boolean any = true;
    while (given < limit && any) {
      any = false;
      for (int i = 0; i < shown.size() && given < limit; i++) {
        if (quota[i] < available[i]) {
          quota[i]++;
          given++;
          any = true;
        }
      }
    }
    return quota;
  }

  /** Appends up to {@code want} random offers (never {@code exclude}'s) to {@code into}; returns how many. */
  private int sample(List<Swarm.Offer> offers, int want, String exclude, Buffer into, int already) {
    int n = offers.size();
    if (want <= 0 || n == 0) {
      return 0;
    }
    // Floyd's algorithm: a uniform set of distinct indices in O(picked²) without boxing, one spare in case the
    // asker's own offer is among them; then shuffled, as Floyd's order is not uniform.
    int k = Math.min(n, want + 1);
    int[] picked = new int[k];
    for (int j = n - k, c = 0; j < n; j++, c++) {
      int t = random.nextInt(j + 1);
      picked[c] = holds(picked, c, t) ? j : t;
    }
    for (int i = k - 1; i > 0; i--) {
      int r = random.nextInt(i + 1);
      int swap = picked[i];
      picked[i] = picked[r];
      picked[r] = swap;
    }
    int taken = 0;
    for (int i = 0; i < k && taken < want; i++) {
      Swarm.Offer offer = offers.get(picked[i]);
      if (offer.peer.peerId().equals(exclude)) {
        continue;
      }
      if (already + taken > 0) {
        into.appendByte((byte) ',');
      }
      offer.appendJson(into);
      taken++;
    }
    return taken;
  }

  private static boolean holds(int[] values, int count, int value) {
    for (int i = 0; i < count; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  private void forget(Swarm candidate, Swarm.Offer offer, List<Swarm> ofFile) {
    names.remove(offer.name(), candidate);
    if (candidate.isEmpty()) {
      ofFile.remove(candidate);
      candidates--;
      if (ofFile.isEmpty()) {
        swarms.remove(candidate.fileId);
      }
    }
  }
}
