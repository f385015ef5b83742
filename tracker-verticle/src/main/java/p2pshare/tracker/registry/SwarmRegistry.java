package p2pshare.tracker.registry;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The swarms of one shard: for each fileId, the live peers that offer it, complete sources apart from partial ones
 * (peers still downloading the file). Not thread-safe; one shard verticle owns it.
 *
 * <p>A swarm is keyed by fileId only, so one content under two names is one swarm; it is shown under the name
 * of its oldest remaining complete offer, or of its oldest partial offer while it has no complete one. Every name a
 * file is offered under, partial offers included, is indexed, so a search matches any of them.
 */
public final class SwarmRegistry {
  /**
   * One line of a search result: {@code sources} counts the live peers offering the complete file,
   * {@code partialSources} those still downloading it.
   */
  public record Match(String fileId, String name, long size, int sources, int partialSources) {
  }

  /** The answer to a sources lookup: complete sources first, then partial ones. */
  public record Sources(String fileId, String name, long size, List<Source> peers) {
  }

  /** A peer offering a file; {@code chunks} is the number of verified chunks a partial source holds, else 0. */
  public record Source(PeerEntry peer, boolean partial, int chunks) {
    /** A peer entry with {@code "partial"}, and {@code "chunks"} for a partial source. */
    public JsonObject toJson() {
      JsonObject json = peer.toJson().put("partial", partial);
      return partial ? json.put("chunks", chunks) : json;
    }
  }

  // Not the whole FileEntry: its fileId (the swarm's key) would be one more string per offer.
  private record Offer(PeerEntry peer, String name, boolean partial, int chunks) {
    Offer(PeerEntry peer, FileEntry file) {
      this(peer, file.name(), file.partial(), file.chunks());
    }

    Source source() {
      return new Source(peer, partial, chunks);
    }
  }

  private static final class Swarm {
    final String fileId;
    final long size;
    // Two maps in offer order, so a sources lookup walks only as many offers as it returns.
    final LinkedHashMap<String, Offer> complete = new LinkedHashMap<>();
    final LinkedHashMap<String, Offer> partial = new LinkedHashMap<>();

    Swarm(String fileId, long size) {
      this.fileId = fileId;
      this.size = size;
    }

    /**
     * Puts a peer's offer in place of its previous one, which it returns (null if there was none). An offer that
     * stays complete or stays partial keeps its place; one that changes kind goes to the end of its new map.
     */
    Offer put(Offer offer) {
      String peerId = offer.peer.peerId();
      Offer changedKind = (offer.partial ? complete : partial).remove(peerId);
      Offer sameKind = (offer.partial ? partial : complete).put(peerId, offer);
      return changedKind != null ? changedKind : sameKind;
    }

    Offer remove(String peerId) {
      Offer offer = complete.remove(peerId);
      return offer != null ? offer : partial.remove(peerId);
    }

    boolean isEmpty() {
      return complete.isEmpty() && partial.isEmpty();
    }

    String name() {
      return (complete.isEmpty() ? partial : complete).values().iterator().next().name;
    }

    Match match() {
      return new Match(fileId, name(), size, complete.size(), partial.size());
    }
  }

  /** The files offered under one exact name; the lower-case form is kept so a search lowers nothing per entry. */
  private static final class NameEntry {
    final String lower;
    final Map<String, Integer> offersByFileId = new HashMap<>();

    NameEntry(String name) {
      this.lower = name.toLowerCase(Locale.ROOT);
    }
  }

  private static final Comparator<Match> BY_NAME =
      Comparator.comparing(Match::name).thenComparing(Match::fileId);

  private final Map<String, Swarm> swarms = new HashMap<>();
  private final Map<String, NameEntry> byName = new HashMap<>();
  /** Every three-character piece of every lower-cased name, to the names holding it: substring search without a scan. */
  private final Map<String, Set<NameEntry>> byTrigram = new HashMap<>();

  /**
   * Records that {@code peer} offers {@code files}. Offering a file again replaces the previous offer: its name,
   * whether it is partial, its chunk count. An entry whose size differs from its swarm's is skipped, since the size
   * is part of the fileId. Returns the number of entries skipped.
   */
  public int add(PeerEntry peer, Collection<FileEntry> files) {
    int skipped = 0;
    for (FileEntry file : files) {
      Swarm swarm = swarms.computeIfAbsent(file.fileId(), id -> new Swarm(id, file.size()));
      if (swarm.size != file.size()) {
        skipped++;
        continue;
      }
      Offer previous = swarm.put(new Offer(peer, file));
      if (previous == null) {
        index(file.name(), file.fileId());
      } else if (!previous.name.equals(file.name())) {
        unindex(previous.name, file.fileId());
        index(file.name(), file.fileId());
      }
    }
    return skipped;
  }

  /** Forgets that {@code peerId} offers these files. Costs O(fileIds); unknown ids are ignored. */
  public void remove(String peerId, Collection<String> fileIds) {
    for (String fileId : fileIds) {
      Swarm swarm = swarms.get(fileId);
      if (swarm == null) {
        continue;
      }
      Offer offer = swarm.remove(peerId);
      if (offer != null) {
        unindex(offer.name, fileId);
      }
      if (swarm.isEmpty()) {
        swarms.remove(fileId);
      }
    }
  }

  /**
   * Files whose name contains {@code query} ignoring case ("" matches all), or, if {@code exact}, files offered
   * under exactly that name. At most {@code limit} matches, sorted by name, then fileId.
   */
  public List<Match> search(String query, boolean exact, int limit) {
    Set<String> fileIds = new LinkedHashSet<>();
    if (exact) {
      NameEntry entry = byName.get(query);
      if (entry != null) {
        fileIds.addAll(entry.offersByFileId.keySet());
      }
    } else {
      String lower = query.toLowerCase(Locale.ROOT);
      for (NameEntry entry : candidates(lower)) {
        if (entry.lower.contains(lower)) {
          fileIds.addAll(entry.offersByFileId.keySet());
        }
      }
    }
    List<Match> matches = new ArrayList<>(fileIds.size());
    for (String fileId : fileIds) {
      matches.add(swarms.get(fileId).match());
    }
    matches.sort(BY_NAME);
    return matches.size() > limit ? new ArrayList<>(matches.subList(0, limit)) : matches;
  }

  /**
   * Up to {@code limit} peers offering {@code fileId}, leaving out {@code exclude} (the asker, may be null):
   * complete sources first, then partial ones, each in offer order. Null if the file is unknown or nobody else
   * offers it.
   */
  public Sources sources(String fileId, String exclude, int limit) {
    Swarm swarm = swarms.get(fileId);
    if (swarm == null) {
      return null;
    }
    List<Source> found = new ArrayList<>(Math.min(limit, swarm.complete.size() + swarm.partial.size()));
    collect(swarm.complete.values(), exclude, limit, found);
    collect(swarm.partial.values(), exclude, limit, found);
    return found.isEmpty() ? null : new Sources(fileId, swarm.name(), swarm.size, found);
  }

  /** Number of swarms (files with at least one live peer). */
  public int swarmCount() {
    return swarms.size();
  }

  /** Number of distinct names in the search index. */
  public int indexedNames() {
    return byName.size();
  }

  private static void collect(Collection<Offer> offers, String exclude, int limit, List<Source> into) {
    for (Offer offer : offers) {
      if (into.size() >= limit) {
        return;
      }
      if (!offer.peer.peerId().equals(exclude)) {
        into.add(offer.source());
      }
    }
  }

  /** Names that may contain {@code lower}: those sharing its rarest trigram, or all names for a shorter query. */
  private Collection<NameEntry> candidates(String lower) {
    if (lower.length() < 3) {
      return byName.values();
    }
    Set<NameEntry> rarest = null;
    for (int i = 0; i + 3 <= lower.length(); i++) {
      Set<NameEntry> holding = byTrigram.get(lower.substring(i, i + 3));
      if (holding == null) {
        return List.of();
      }
      if (rarest == null || holding.size() < rarest.size()) {
        rarest = holding;
      }
    }
    return rarest;
  }

  private void index(String name, String fileId) {
    NameEntry entry = byName.computeIfAbsent(name, n -> {
      NameEntry created = new NameEntry(n);
      for (int i = 0; i + 3 <= created.lower.length(); i++) {
        byTrigram.computeIfAbsent(created.lower.substring(i, i + 3), t -> new HashSet<>()).add(created);
      }
      return created;
    });
    entry.offersByFileId.merge(fileId, 1, Integer::sum);
  }

  private void unindex(String name, String fileId) {
    NameEntry entry = byName.get(name);
    if (entry == null) {
      return;
    }
    entry.offersByFileId.computeIfPresent(fileId, (id, count) -> count > 1 ? count - 1 : null);
    if (entry.offersByFileId.isEmpty()) {
      byName.remove(name);
      for (int i = 0; i + 3 <= entry.lower.length(); i++) {
        String trigram = entry.lower.substring(i, i + 3);
        Set<NameEntry> holding = byTrigram.get(trigram);
        if (holding != null && holding.remove(entry) && holding.isEmpty()) {
          byTrigram.remove(trigram);
        }
      }
    }
  }
}
