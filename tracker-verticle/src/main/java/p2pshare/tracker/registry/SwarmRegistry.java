package p2pshare.tracker.registry;

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
 * The swarms of one shard: for each fileId, the live peers that offer it. Not thread-safe; one shard verticle
 * owns it.
 *
 * <p>A swarm is keyed by fileId only, so one content under two names is one swarm; it is shown under the name
 * of its oldest remaining offer. Every name a file is offered under is indexed, so a search matches any of them.
 */
public final class SwarmRegistry {
  /** One line of a search result. {@code sources} is the number of live peers offering the file. */
  public record Match(String fileId, String name, long size, int sources) {
  }

  /** The answer to a sources lookup. */
  public record Sources(String fileId, String name, long size, List<PeerEntry> peers) {
  }

  private record Offer(PeerEntry peer, String name) {
  }

  private static final class Swarm {
    final String fileId;
    final long size;
    final LinkedHashMap<String, Offer> offers = new LinkedHashMap<>();

    Swarm(String fileId, long size) {
      this.fileId = fileId;
      this.size = size;
    }

    String name() {
      return offers.values().iterator().next().name;
    }

    Match match() {
      return new Match(fileId, name(), size, offers.size());
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
   * Records that {@code peer} offers {@code files}; offering a file again replaces its name. An entry whose size
   * differs from its swarm's is skipped, since the size is part of the fileId. Returns the number of entries skipped.
   */
  public int add(PeerEntry peer, Collection<FileEntry> files) {
    int skipped = 0;
    for (FileEntry file : files) {
      Swarm swarm = swarms.computeIfAbsent(file.fileId(), id -> new Swarm(id, file.size()));
      if (swarm.size != file.size()) {
        skipped++;
        continue;
      }
      Offer previous = swarm.offers.put(peer.peerId(), new Offer(peer, file.name()));
      if (previous != null) {
        unindex(previous.name, file.fileId());
      }
      index(file.name(), file.fileId());
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
      Offer offer = swarm.offers.remove(peerId);
      if (offer != null) {
        unindex(offer.name, fileId);
      }
      if (swarm.offers.isEmpty()) {
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
   * Up to {@code limit} peers offering {@code fileId}, leaving out {@code exclude} (the asker, may be null).
   * Null if the file is unknown or nobody else offers it.
   */
  public Sources sources(String fileId, String exclude, int limit) {
    Swarm swarm = swarms.get(fileId);
    if (swarm == null) {
      return null;
    }
    List<PeerEntry> peers = new ArrayList<>(Math.min(limit, swarm.offers.size()));
    for (Offer offer : swarm.offers.values()) {
      if (peers.size() >= limit) {
        break;
      }
      if (!offer.peer.peerId().equals(exclude)) {
        peers.add(offer.peer);
      }
    }
    return peers.isEmpty() ? null : new Sources(fileId, swarm.name(), swarm.size, peers);
  }

  /** Number of swarms (files with at least one live peer). */
  public int swarmCount() {
    return swarms.size();
  }

  /** Number of distinct names in the search index. */
  public int indexedNames() {
    return byName.size();
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
