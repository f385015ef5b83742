package p2pshare.tracker.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Every name a file is offered under, in name order, to the candidate swarms offered under it; and every swarm in
 * size order. A search walks the names (or the sizes) in the order asked for and stops once it has one match more
 * than it returns, so a query that matches many names (a short one, or "") costs about its limit; a longer query
 * first narrows the names down to those sharing its rarest three-character piece ({@link TrigramIndex}), and orders
 * those few.
 * Not thread-safe; its shard owns it.
 */
final class NameIndex {
  /** Narrowed names up to this many are filtered and sorted; beyond it, walking in order is cheaper. */
  static final int SORT_AT_MOST = 4096;
  private static final Comparator<Swarm> BY_SIZE_AND_ID =
      Comparator.comparingLong((Swarm s) -> s.size).thenComparing(s -> s.fileId);

  /** The swarms offered under one exact name. */
  static final class Entry {
    final String name;
    final String lower;
    /** {@link TrigramIndex#mask} of {@code lower}. */
    final long mask;
    // Nearly always one swarm: a table of two, not the default sixteen.
    final Set<Swarm> swarms = new HashSet<>(2);
    /** Set once no offer is made under the name any more; the trigram index drops it later. */
    boolean removed;

    Entry(String name) {
      this.name = name;
      this.lower = name.toLowerCase(Locale.ROOT);
      this.mask = TrigramIndex.mask(lower);
    }
  }

  /** A page of search rows in the order asked for, and whether more matched. */
  record Page(List<SwarmRegistry.Match> matches, boolean more) {
  }

  private final TreeMap<String, Entry> byName = new TreeMap<>();
  private final TrigramIndex trigrams = new TrigramIndex();
  private final NavigableSet<Swarm> bySize = new TreeSet<>(BY_SIZE_AND_ID);
  private long visited;

  int names() {
    return byName.size();
  }

  /** Names (or swarms) looked at by searches so far: what a search costs, for tests. */
  long visited() {
    return visited;
  }

  /** Counts one more offer of {@code swarm} under {@code name}. */
  void add(String name, Swarm swarm) {
    if (swarm.names.isEmpty()) {
      bySize.add(swarm);
    }
    // A swarm already offered under the name is already in its entry: no walk of the name tree for the many
    // offers of one file.
    if (swarm.names.merge(name, 1, Integer::sum) > 1) {
      return;
    }
    Entry entry = byName.computeIfAbsent(name, n -> {
      Entry created = new Entry(n);
      trigrams.add(created);
      return created;
    });
    entry.swarms.add(swarm);
  }

  /** Counts one offer less of {@code swarm} under {@code name}. */
  void remove(String name, Swarm swarm) {
    Integer left = swarm.names.computeIfPresent(name, (n, count) -> count > 1 ? count - 1 : null);
    if (left != null) {
      return;
    }
    if (swarm.names.isEmpty()) {
      bySize.remove(swarm);
    }
    Entry entry = byName.get(name);
    if (entry == null || !entry.swarms.remove(swarm) || !entry.swarms.isEmpty()) {
      return;
    }
    byName.remove(name);
    trigrams.remove(entry);
  }

  /**
   * Up to {@code limit} swarms offered under a name that contains {@code query} ignoring case ("" matches all), or
   * that is exactly {@code query}: one row per swarm, under its own name if that matched, in {@code order}.
   */
  Page search(String query, boolean exact, int limit, SearchOrder order) {
    if (exact) {
      visited++;
      Entry entry = byName.get(query);
      return sorted(entry == null ? List.of() : List.of(entry), query::equals, limit, order);
    }
    String lower = query.toLowerCase(Locale.ROOT);
    Predicate<String> matches = name -> name.toLowerCase(Locale.ROOT).contains(lower);
    if (lower.length() >= 3) {
      TrigramIndex.Names narrowed = trigrams.rarest(lower);
      if (narrowed == null) {
        return sorted(List.of(), matches, limit, order);
      }
      if (narrowed.live() <= SORT_AT_MOST) {
        // A name must hold every trigram of the query: the masks rule most out in one test each, before the
        // substring test.
        long mask = TrigramIndex.mask(lower);
        List<Entry> matching = new ArrayList<>();
        for (int i = 0; i < narrowed.slots(); i++) {
          Entry entry = narrowed.at(i);
          if (entry.removed) {
            continue;
          }
          visited++;
          if ((entry.mask & mask) == mask && entry.lower.contains(lower)) {
            matching.add(entry);
          }
        }
        return sorted(matching, matches, limit, order);
      }
    }
    // Most names match: walk in the order asked for, so the walk ends soon after the limit.
    Iterable<Swarm> walk = order.bySize()
        ? (order.descending() ? bySize.descendingSet() : bySize)
        : () -> (order.descending() ? byName.descendingMap() : byName).values().stream()
            .filter(e -> {
              visited++;
              return e.lower.contains(lower);
            })
            .flatMap(e -> e.swarms.stream().sorted(BY_SIZE_AND_ID)).iterator();
    return inWalkOrder(walk, matches, limit, order);
  }

  /** The rows of the swarms taken in walk order, each once, until one more than {@code limit}. */
  private Page inWalkOrder(Iterable<Swarm> walk, Predicate<String> matches, int limit, SearchOrder order) {
    List<SwarmRegistry.Match> rows = new ArrayList<>();
    Set<Swarm> seen = new HashSet<>();
    boolean bySize = order.bySize();
    for (Swarm swarm : walk) {
      if (bySize) {
        visited++;
      }
      if (!seen.add(swarm)) {
        continue;
      }
      String shown = swarm.shownName(matches);
      if (shown == null) {
        continue;
      }
      if (rows.size() == limit) {
        rows.sort(order.matches());
        return new Page(rows, true);
      }
      rows.add(swarm.match(shown));
    }
    rows.sort(order.matches());
    return new Page(rows, false);
  }

  /** Every swarm of the entries, ordered, cut at {@code limit}: for a few entries, cheaper than a walk. */
  private Page sorted(Collection<Entry> entries, Predicate<String> matches, int limit, SearchOrder order) {
    Set<Swarm> swarms = new LinkedHashSet<>();
    entries.forEach(entry -> swarms.addAll(entry.swarms));
    List<SwarmRegistry.Match> rows = new ArrayList<>(swarms.size());
    for (Swarm swarm : swarms) {
      rows.add(swarm.match(swarm.shownName(matches)));
    }
    rows.sort(order.matches());
    boolean more = rows.size() > limit;
    return new Page(more ? new ArrayList<>(rows.subList(0, limit)) : rows, more);
  }
}
