package p2pshare.tracker.registry;

import java.util.Comparator;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The orders a search can return its matches in, named on the wire by the {@code sort} field. The tracker cuts a
 * search at its limit after ordering, so "largest first" means the largest of all the matches, not of one page.
 */
public enum SearchOrder {
  /** By name A to Z, then fileId, then size: the default. */
  NAME("name"),
  /** By name Z to A. */
  NAME_DESCENDING("-name"),
  /** Smallest first, then by fileId. */
  SIZE("size"),
  /** Largest first. */
  SIZE_DESCENDING("-size");

  /** The wire value. */
  public final String wire;

  SearchOrder(String wire) {
    this.wire = wire;
  }

  /** The order a {@code sort} field names; null if it names none. */
  public static SearchOrder of(String wire) {
    for (SearchOrder order : values()) {
      if (order.wire.equals(wire)) {
        return order;
      }
    }
    return null;
  }

  boolean bySize() {
    return this == SIZE || this == SIZE_DESCENDING;
  }

  boolean descending() {
    return wire.startsWith("-");
  }

  /** The order over search matches, also for merging the pages of several shards. */
  public Comparator<SwarmRegistry.Match> matches() {
    return over(SwarmRegistry.Match::name, SwarmRegistry.Match::fileId, SwarmRegistry.Match::size);
  }

  private <T> Comparator<T> over(Function<T, String> name, Function<T, String> fileId, ToLongFunction<T> size) {
    Comparator<T> ascending = bySize()
        ? Comparator.comparingLong(size).thenComparing(fileId)
        : Comparator.comparing(name).thenComparing(fileId).thenComparingLong(size);
    return descending() ? ascending.reversed() : ascending;
  }
}
