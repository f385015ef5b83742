package p2pshare.tracker.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every name a file is offered under, in name order, to the candidate swarms offered under it. A search walks the
 * names in order and stops once it has one match more than it returns, so a query that matches many names (a short
 * one, or "") costs about its limit; a longer query first narrows the names down to those sharing its rarest
 * three-character piece (trigram). Not thread-safe; its shard owns it.
 */
final class NameIndex {
  /** Narrowed names up to this many are filtered and sorted; beyond it, walking the names in order is cheaper. */
  static final int SORT_AT_MOST = 4096;
  private static final Comparator<Swarm> BY_ID_AND_SIZE =
      Comparator.comparing((Swarm s) -> s.fileId).thenComparingLong(s -> s.size);

  /** The swarms offered under one exact name, each with its number of offers under it. */
  static final class Entry {
    final String name;
    final String lower;
    final Map<Swarm, Integer> offers = new HashMap<>();

    Entry(String name) {
      this.name = name;
      this.lower = name.toLowerCase(Locale.ROOT);
    }
  }

  /** A page of search rows in name order, and whether more matched. */
  record Page(List<SwarmRegistry.Match> matches, boolean more) {
  }

  private final TreeMap<String, Entry> byName = new TreeMap<>();
  private final Map<String, Set<Entry>> byTrigram = new HashMap<>();
  private long visited;

  int names() {
    return byName.size();
  }

  /** Names looked at by searches so far: what a search costs, for tests. */
  long visited() {
    return visited;
  }

  void add(String name, Swarm swarm) {
    Entry entry = byName.computeIfAbsent(name, n -> {
      Entry created = new Entry(n);
      for (String trigram : trigrams(created.lower)) {
        byTrigram.computeIfAbsent(trigram, t -> new HashSet<>()).add(created);
      }
      return created;
    });
    entry.offers.merge(swarm, 1, Integer::sum);
  }

  void remove(String name, Swarm swarm) {
    Entry entry = byName.get(name);
    if (entry == null) {
      return;
    }
    entry.offers.computeIfPresent(swarm, (s, count) -> count > 1 ? count - 1 : null);
    if (entry.offers.isEmpty()) {
      byName.remove(name);
      for (String trigram : trigrams(entry.lower)) {
        Set<Entry> holding = byTrigram.get(trigram);
        if (holding != null && holding.remove(entry) && holding.isEmpty()) {
          byTrigram.remove(trigram);
        }
      }
    }
  }

  /**
   * Up to {@code limit} swarms offered under a name that contains {@code query} ignoring case ("" matches all), or
   * that is exactly {@code query}: one row per swarm, under the first of its names that matched, in name order.
   */
  Page search(String query, boolean exact, int limit) {
    if (exact) {
      visited++;
      Entry entry = byName.get(query);
      return collect(entry == null ? List.of() : List.of(entry), query::equals, limit);
    }
    String lower = query.toLowerCase(Locale.ROOT);
    Predicate<String> matches = name -> name.toLowerCase(Locale.ROOT).contains(lower);
    Collection<Entry> narrowed = narrowed(lower);
    if (narrowed != null && narrowed.size() <= SORT_AT_MOST) {
      List<Entry> sorted = new ArrayList<>(narrowed.size());
      for (Entry entry : narrowed) {
        visited++;
        if (entry.lower.contains(lower)) {
          sorted.add(entry);
        }
      }
      sorted.sort(Comparator.comparing(e -> e.name));
      return collect(sorted, matches, limit);
    }
    // Most names match: walk them in order, so the walk ends soon after the limit.
    return collect(() -> byName.values().stream().filter(e -> {
      visited++;
      return e.lower.contains(lower);
    }).iterator(), matches, limit);
  }

  /**
   * The rows of the entries, taken in their order, each swarm once, until one more than {@code limit}; a row shows
   * its swarm's own name when that matches too, else the name that matched. The page is sorted by the names shown.
   */
  private Page collect(Iterable<Entry> entries, Predicate<String> matches, int limit) {
    List<SwarmRegistry.Match> rows = new ArrayList<>();
    Set<Swarm> seen = new HashSet<>();
    boolean more = false;
    outer:
    for (Entry entry : entries) {
      List<Swarm> swarms = new ArrayList<>(entry.offers.keySet());
      swarms.sort(BY_ID_AND_SIZE);
      for (Swarm swarm : swarms) {
        if (seen.add(swarm)) {
          if (rows.size() == limit) {
            more = true;
            break outer;
          }
          String own = swarm.name();
          rows.add(swarm.match(matches.test(own) ? own : entry.name));
        }
      }
    }
    rows.sort(SwarmRegistry.BY_NAME);
    return new Page(rows, more);
  }

  /** The names sharing the query's rarest trigram (none if one is held by no name); null for a query too short. */
  private Collection<Entry> narrowed(String lower) {
    if (lower.length() < 3) {
      return null;
    }
    Set<Entry> rarest = null;
    for (String trigram : trigrams(lower)) {
      Set<Entry> holding = byTrigram.get(trigram);
      if (holding == null) {
        return List.of();
      }
      if (rarest == null || holding.size() < rarest.size()) {
        rarest = holding;
      }
    }
    return rarest;
  }

  private static List<String> trigrams(String lower) {
    List<String> trigrams = new ArrayList<>();
    for (int i = 0; i + 3 <= lower.length(); i++) {
      trigrams.add(lower.substring(i, i + 3));
    }
    return trigrams;
  }
}
