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
 * it is asked first, and this respects that. It sees sources only through {@link Candidate}. Event loop only.
 *
 * @param <S> the sources picked from
 */
final class ChunkPicker<S extends ChunkPicker.Candidate> {
  /** What the picker needs to know of a source. */
  interface Candidate {
    /** False once the source is dropped: it is never asked again. */
    boolean usable();

    /** True once the source's offer (the chunks it has) is known. */
    boolean known();

    /** True once the offer is known and includes chunk {@code index}. */
    boolean offers(int index);

    /** True when the source holds every chunk: it may be asked for one it did not offer. */
    boolean complete();

    /** Requests waiting on the source now. */
    int inFlight();

    /** Chunks the source delivered so far in this download. */
    int chunks();
  }

  /** A chunk and whom to ask for it. */
  record Pick<S>(int index, S source) {
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
  Pick<S> pick(BitSet wanted, List<S> sources, Set<S> avoid) {
    List<S> known = sources.stream().filter(s -> s.usable() && s.known()).toList();
    List<S> free = new ArrayList<>(known.stream().filter(s -> s.inFlight() < perSourceInFlight)
        .filter(s -> !avoid.contains(s)).toList());
    if (free.isEmpty()) {
      free.addAll(known.stream().filter(s -> s.inFlight() < perSourceInFlight).toList());
    }
    if (free.isEmpty()) {
      return null;
    }
    Pick<S> rarest = rarestOffered(wanted, known, free);
    return rarest != null ? rarest : unofferedFromComplete(wanted, known, free);
  }

  private static <S extends Candidate> Pick<S> rarestOffered(BitSet wanted, List<S> known, List<S> free) {
    int best = Integer.MAX_VALUE;
    int ties = 0;
    Pick<S> chosen = null;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = wanted.nextSetBit(0); i >= 0; i = wanted.nextSetBit(i + 1)) {
      S holder = null;
      for (S s : free) {
        if (s.offers(i) && (holder == null || s.inFlight() < holder.inFlight()
            || (s.inFlight() == holder.inFlight() && s.chunks() < holder.chunks()))) {
          holder = s;
        }
      }
      if (holder == null) {
        continue;
      }
      int availability = 0;
      for (S s : known) {
        if (s.offers(i) && ++availability > best) {
          break;
        }
      }
      if (availability < best) {
        best = availability;
        ties = 1;
        chosen = new Pick<>(i, holder);
      } else if (availability == best && random.nextInt(++ties) == 0) {
        chosen = new Pick<>(i, holder);
      }
    }
    return chosen;
  }

  private static <S extends Candidate> Pick<S> unofferedFromComplete(BitSet wanted, List<S> known, List<S> free) {
    S seeder = free.stream().filter(Candidate::complete)
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
        : new Pick<>(unoffered.get(ThreadLocalRandom.current().nextInt(unoffered.size())), seeder);
  }
}
