package p2pshare.peer.download;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Rarest first: of the chunks a download still wants, the one offered by the fewest sources, at random among equals,
 * so that downloaders who start together ask for different chunks and can trade them; it is asked of the least
 * busy source offering it that has room for one more request (of equally busy ones, the one that delivered least, so
 * that a paced download still spreads). A chunk that no source offers is asked of a complete
 * source only when nothing offered is left to ask for: a seeder that hands out chunks (super-seeding) steers what
 * it is asked first, and this respects that. Event loop only.
 */
final class ChunkPicker {
  /** A chunk and whom to ask for it. */
  record Pick(int index, Source source) {
  }

  private final int perSourceInFlight;

  ChunkPicker(int perSourceInFlight) {
    this.perSourceInFlight = perSourceInFlight;
  }

  /**
   * @param wanted chunks neither written nor in flight
   * @param avoid sources to ask only when no other has room (they just failed this caller)
   * @return the pick, or null when no source with room offers anything wanted
   */
  Pick pick(BitSet wanted, List<Source> sources, Set<Source> avoid) {
    List<Source> known = sources.stream().filter(s -> s.usable() && s.known()).toList();
    List<Source> free = new ArrayList<>(known.stream().filter(s -> s.inFlight() < perSourceInFlight)
        .filter(s -> !avoid.contains(s)).toList());
    if (free.isEmpty()) {
      free.addAll(known.stream().filter(s -> s.inFlight() < perSourceInFlight).toList());
    }
    if (free.isEmpty()) {
      return null;
    }
    Pick rarest = rarestOffered(wanted, known, free);
    return rarest != null ? rarest : unofferedFromComplete(wanted, known, free);
  }

  private static Pick rarestOffered(BitSet wanted, List<Source> known, List<Source> free) {
    int best = Integer.MAX_VALUE;
    int ties = 0;
    Pick chosen = null;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = wanted.nextSetBit(0); i >= 0; i = wanted.nextSetBit(i + 1)) {
      Source holder = null;
      for (Source s : free) {
        if (s.offers(i) && (holder == null || s.inFlight() < holder.inFlight()
            || (s.inFlight() == holder.inFlight() && s.chunks() < holder.chunks()))) {
          holder = s;
        }
      }
      if (holder == null) {
        continue;
      }
      int availability = 0;
      for (Source s : known) {
        if (s.offers(i) && ++availability > best) {
          break;
        }
      }
      if (availability < best) {
        best = availability;
        ties = 1;
        chosen = new Pick(i, holder);
      } else if (availability == best && random.nextInt(++ties) == 0) {
        chosen = new Pick(i, holder);
      }
    }
    return chosen;
  }

  private static Pick unofferedFromComplete(BitSet wanted, List<Source> known, List<Source> free) {
    Source seeder = free.stream().filter(Source::complete)
        .min((a, b) -> Integer.compare(a.inFlight(), b.inFlight())).orElse(null);
    if (seeder == null) {
      return null;
    }
    List<Integer> unoffered = new ArrayList<>();
    for (int i = wanted.nextSetBit(0); i >= 0; i = wanted.nextSetBit(i + 1)) {
      int index = i;
      if (known.stream().noneMatch(s -> s.offers(index))) {
        unoffered.add(i);
      }
    }
    return unoffered.isEmpty() ? null
        : new Pick(unoffered.get(ThreadLocalRandom.current().nextInt(unoffered.size())), seeder);
  }
}
