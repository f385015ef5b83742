package p2pshare.tracker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmRegistryTest {
  private static final PeerEntry ALICE = new PeerEntry("p-alice", "alice", "127.0.0.1", 7001);
  private static final PeerEntry BOB = new PeerEntry("p-bob", "bob", "127.0.0.1", 7002);

  private static final PeerEntry CAROL = new PeerEntry("p-carol", "carol", "127.0.0.1", 7003);
  private final SwarmRegistry registry = new SwarmRegistry();

  private static String id(char c) {
    return String.valueOf(c).repeat(64);
  }

  private static SwarmRegistry.Source complete(PeerEntry peer) {
    return new SwarmRegistry.Source(peer, false, 0);
  }

  private static SwarmRegistry.Source partial(PeerEntry peer, int chunks) {
    return new SwarmRegistry.Source(peer, true, chunks);
  }

  @Test
  void oneContentUnderTwoNamesIsOneSwarmFoundByEitherName() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "Holiday.mkv", 100)));
    registry.add(BOB, List.of(new FileEntry(id('a'), "copy.mkv", 100)));
    assertEquals(1, registry.swarmCount());
    SwarmRegistry.Match both = new SwarmRegistry.Match(id('a'), "Holiday.mkv", 100, 2, 0);
    assertEquals(List.of(both), registry.search("holiday", false, 10));
    assertEquals(List.of(both), registry.search("COPY", false, 10));
    assertEquals(1, registry.search("copy.mkv", true, 10).size());
    assertEquals(0, registry.search("copy.MKV", true, 10).size());
  }

  @Test
  void searchIsSortedByNameAndCapped() {
    registry.add(ALICE, List.of(new FileEntry(id('c'), "c.txt", 1), new FileEntry(id('a'), "a.txt", 1),
        new FileEntry(id('b'), "b.txt", 1)));
    assertEquals(List.of("a.txt", "b.txt"), registry.search("", false, 2).stream().map(m -> m.name()).toList());
  }

  @Test
  void substringSearchFindsEveryNameHoldingTheTextAndForgetsRemovedNames() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "Summer-Holiday-2026.mkv", 1),
        new FileEntry(id('b'), "holiday.jpg", 1), new FileEntry(id('c'), "notes.txt", 1)));
    registry.add(BOB, List.of(new FileEntry(id('d'), "OLD HOLIDAY", 1)));
    assertEquals(List.of("OLD HOLIDAY", "Summer-Holiday-2026.mkv", "holiday.jpg"),
        registry.search("oLiDaY", false, 10).stream().map(m -> m.name()).toList());
    assertEquals(List.of("Summer-Holiday-2026.mkv"), registry.search("y-2", false, 10).stream().map(m -> m.name())
        .toList());
    assertEquals(3, registry.search("ol", false, 10).size(), "queries shorter than three characters scan");
    assertEquals(List.of(), registry.search("holidays", false, 10));
    registry.remove(BOB.peerId(), List.of(id('d')));
    assertEquals(List.of("Summer-Holiday-2026.mkv", "holiday.jpg"),
        registry.search("holiday", false, 10).stream().map(m -> m.name()).toList());
  }

  @Test
  void sourcesLeaveOutTheAskerAndHonourTheLimit() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "a", 1)));
    registry.add(BOB, List.of(new FileEntry(id('a'), "a", 1)));
    assertEquals(List.of(complete(BOB)), registry.sources(id('a'), ALICE.peerId(), 10).peers());
    assertEquals(1, registry.sources(id('a'), null, 1).peers().size());
    assertNull(registry.sources(id('b'), null, 10));
  }

  @Test
  void aFileOnlyTheAskerOffersHasNoSources() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "a", 1)));
    assertNull(registry.sources(id('a'), ALICE.peerId(), 10));
  }

  @Test
  void removingThePeersFilesEmptiesSwarmsAndNameIndex() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "a", 1), new FileEntry(id('b'), "b", 2)));
    registry.add(BOB, List.of(new FileEntry(id('a'), "a", 1)));
    registry.remove(ALICE.peerId(), List.of(id('a'), id('b')));
    assertEquals(1, registry.swarmCount());
    assertEquals(1, registry.indexedNames());
    assertEquals(List.of(complete(BOB)), registry.sources(id('a'), null, 10).peers());
    registry.remove(BOB.peerId(), List.of(id('a'), id('z')));
    assertEquals(0, registry.swarmCount());
    assertEquals(0, registry.indexedNames());
  }

  @Test
  void reofferingUnderANewNameReplacesTheOldName() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "old", 1)));
    registry.add(ALICE, List.of(new FileEntry(id('a'), "new", 1)));
    assertEquals(0, registry.search("old", false, 10).size());
    assertEquals(1, registry.search("new", false, 10).get(0).sources());
  }

  @Test
  void anEntryWithTheWrongSizeForItsFileIdIsSkipped() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "a", 1)));
    assertEquals(1, registry.add(BOB, List.of(new FileEntry(id('a'), "a", 2))));
    assertEquals(1, registry.search("a", true, 10).get(0).sources());
  }

  @Test
  void partialSourcesAreCountedApartAndListedAfterCompleteOnes() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "a", 10, true, 3)));
    registry.add(BOB, List.of(new FileEntry(id('a'), "a", 10)));
    registry.add(CAROL, List.of(new FileEntry(id('a'), "a", 10, true, 0)));
    assertEquals(List.of(new SwarmRegistry.Match(id('a'), "a", 10, 1, 2)), registry.search("a", true, 10));
    assertEquals(List.of(complete(BOB), partial(ALICE, 3), partial(CAROL, 0)),
        registry.sources(id('a'), null, 10).peers());
    assertEquals(List.of(complete(BOB), partial(CAROL, 0)), registry.sources(id('a'), ALICE.peerId(), 2).peers());
    assertEquals(List.of(complete(BOB)), registry.sources(id('a'), null, 1).peers());
  }

  @Test
  void aFileOfferedOnlyByPartialSourcesIsFoundWithNoCompleteSource() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "early.iso", 10, true, 1)));
    assertEquals(List.of(new SwarmRegistry.Match(id('a'), "early.iso", 10, 0, 1)), registry.search("early", false, 10));
    assertEquals(List.of(partial(ALICE, 1)), registry.sources(id('a'), null, 10).peers());
  }

  @Test
  void reofferingReplacesTheOfferWithoutCountingItTwice() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "a", 10, true, 1)));
    registry.add(BOB, List.of(new FileEntry(id('a'), "a", 10, true, 2)));
    registry.add(ALICE, List.of(new FileEntry(id('a'), "a", 10, true, 5)));
    assertEquals(List.of(partial(ALICE, 5), partial(BOB, 2)), registry.sources(id('a'), null, 10).peers());
    assertEquals(0, registry.search("a", true, 10).get(0).sources());
    assertEquals(2, registry.search("a", true, 10).get(0).partialSources());

    registry.add(BOB, List.of(new FileEntry(id('a'), "a", 10)));
    assertEquals(List.of(new SwarmRegistry.Match(id('a'), "a", 10, 1, 1)), registry.search("a", true, 10));
    assertEquals(List.of(complete(BOB), partial(ALICE, 5)), registry.sources(id('a'), null, 10).peers());
    assertEquals(1, registry.swarmCount());
    assertEquals(1, registry.indexedNames());

    registry.remove(ALICE.peerId(), List.of(id('a')));
    registry.remove(BOB.peerId(), List.of(id('a')));
    assertEquals(0, registry.swarmCount());
    assertEquals(0, registry.indexedNames());
  }

  @Test
  void aSwarmIsNamedAfterItsOldestCompleteOffer() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "draft.bin", 10, true, 1)));
    assertEquals("draft.bin", registry.search("", false, 10).get(0).name());
    registry.add(BOB, List.of(new FileEntry(id('a'), "final.bin", 10)));
    assertEquals("final.bin", registry.search("", false, 10).get(0).name());
    assertEquals(1, registry.search("draft", false, 10).size(), "the partial offer's name is still indexed");
  }
}
