package p2pshare.tracker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrigramIndexTest {
  private final TrigramIndex index = new TrigramIndex();

  private static Set<String> live(TrigramIndex.Names names) {
    Set<String> found = new HashSet<>();
    for (int i = 0; names != null && i < names.slots(); i++) {
      if (!names.at(i).removed) {
        found.add(names.at(i).name);
      }
    }
    return found;
  }

  @Test
  void theRarestTrigramsNamesAreTheLiveNamesHoldingIt() {
    NameIndex.Entry common = new NameIndex.Entry("Holiday Photos");
    NameIndex.Entry rare = new NameIndex.Entry("holiday-zebra");
    index.add(common);
    index.add(rare);
    assertEquals(Set.of("holiday-zebra"), live(index.rarest("day-z")));
    assertNull(index.rarest("xyz"), "no name holds xyz");
    index.remove(rare);
    assertNull(index.rarest("zeb"), "the only name holding zeb is gone");
    assertEquals(Set.of("Holiday Photos"), live(index.rarest("holi")));
  }

  @Test
  void aNameWithARepeatedTrigramIsCountedOnceUnderIt() {
    NameIndex.Entry entry = new NameIndex.Entry("aaaaaa");
    index.add(entry);
    assertEquals(1, index.rarest("aaa").live());
    index.remove(entry);
    assertNull(index.rarest("aaa"));
  }

  @Test
  void removedNamesAreDroppedSoTheArraysHoldAtMostTwiceTheLiveNames() {
    SplittableRandom random = new SplittableRandom(7);
    List<NameIndex.Entry> present = new ArrayList<>();
    for (int round = 0; round < 20_000; round++) {
      if (present.isEmpty() || random.nextInt(3) > 0) {
        NameIndex.Entry entry = new NameIndex.Entry("file-" + round + ".bin");
        index.add(entry);
        present.add(entry);
      } else {
        index.remove(present.remove(random.nextInt(present.size())));
      }
    }
    TrigramIndex.Names shared = index.rarest("file-");
    assertEquals(present.size(), shared.live());
    assertTrue(shared.slots() <= 2 * shared.live() + 1, shared.slots() + " slots for " + shared.live() + " names");
    Set<String> expected = new HashSet<>();
    present.forEach(entry -> expected.add(entry.name));
    assertEquals(expected, live(shared));
  }

  @Test
  void aNameLacksAQueryIfItsMaskLacksABitOfTheQuerys() {
    for (String name : List.of("holiday photos 2026", "x", "the quick brown fox")) {
      for (int from = 0; from < name.length(); from++) {
        for (int to = from + 3; to <= name.length(); to++) {
          long query = TrigramIndex.mask(name.substring(from, to));
          assertEquals(query, TrigramIndex.mask(name) & query, name + " contains " + name.substring(from, to));
        }
      }
    }
  }
}
