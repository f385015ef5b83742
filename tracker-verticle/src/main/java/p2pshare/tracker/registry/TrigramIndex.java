package p2pshare.tracker.registry;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * For each three-character piece (trigram) of the indexed lower-case names, the names holding it, so that a substring
 * search looks only at the names holding the query's rarest trigram. Each trigram's names are a plain array, not a
 * set: a set costs a map node (32 bytes and more) for each trigram of each name, an array slot 4. A name that leaves
 * is only marked ({@link NameIndex.Entry#removed}); an array drops its marked names once they are half of it, so a
 * removal costs O(1) amortized and the arrays hold at most twice the live names. Not thread-safe; its shard owns it.
 */
final class TrigramIndex {
  /** The names holding one trigram, the removed ones among them not yet dropped. */
  static final class Names {
    private NameIndex.Entry[] entries = new NameIndex.Entry[2];
    private int size;
    private int removed;

    /** Names still live: what choosing the rarest trigram compares. */
    int live() {
      return size - removed;
    }

    /** Slots to walk, removed names included: each one's {@link NameIndex.Entry#removed} says. */
    int slots() {
      return size;
    }

    NameIndex.Entry at(int i) {
      return entries[i];
    }

    private void add(NameIndex.Entry entry) {
      if (size == entries.length) {
        entries = Arrays.copyOf(entries, size + (size >> 1) + 1);
      }
      entries[size++] = entry;
    }

    /** Counts one more removed name; drops them all once they are half of the array. */
    private void removedOne() {
      removed++;
      if (removed * 2 < size) {
        return;
      }
      int kept = 0;
      for (int i = 0; i < size; i++) {
        if (!entries[i].removed) {
          entries[kept++] = entries[i];
        }
      }
      entries = Arrays.copyOf(entries, Math.max(2, kept + (kept >> 2)));
      size = kept;
      removed = 0;
    }
  }

  private final Map<String, Names> byTrigram = new HashMap<>();

  /** Indexes a name new to the index. */
  void add(NameIndex.Entry entry) {
    for (String trigram : distinctTrigrams(entry.lower)) {
      byTrigram.computeIfAbsent(trigram, t -> new Names()).add(entry);
    }
  }

  /** Marks a name gone; it must have been added, and must not be added again (a name back gets a new entry). */
  void remove(NameIndex.Entry entry) {
    entry.removed = true;
    for (String trigram : distinctTrigrams(entry.lower)) {
      Names names = byTrigram.get(trigram);
      names.removedOne();
      if (names.live() == 0) {
        byTrigram.remove(trigram);
      }
    }
  }

  /**
   * The names holding the rarest trigram of {@code lower} (a lower-case query of at least three characters); null
   * if a trigram of it is held by no live name, so that nothing can match.
   */
  Names rarest(String lower) {
    Names rarest = null;
    for (int i = 0; i + 3 <= lower.length(); i++) {
      Names names = byTrigram.get(lower.substring(i, i + 3));
      if (names == null) {
        return null;
      }
      if (rarest == null || names.live() < rarest.live()) {
        rarest = names;
      }
    }
    return rarest;
  }

  /**
   * A 64-bit summary of the trigrams of {@code lower}, one bit per trigram hash: a name whose mask lacks a bit of
   * the query's cannot contain the query, a test of one instruction before the substring test.
   */
  static long mask(String lower) {
    long mask = 0;
    for (int i = 0; i + 3 <= lower.length(); i++) {
      int hash = (lower.charAt(i) * 31 + lower.charAt(i + 1)) * 31 + lower.charAt(i + 2);
      mask |= 1L << ((hash * 0x9E3779B9) >>> 26);
    }
    return mask;
  }

  private static Set<String> distinctTrigrams(String lower) {
    Set<String> trigrams = new HashSet<>();
    for (int i = 0; i + 3 <= lower.length(); i++) {
      trigrams.add(lower.substring(i, i + 3));
    }
    return trigrams;
  }
}
