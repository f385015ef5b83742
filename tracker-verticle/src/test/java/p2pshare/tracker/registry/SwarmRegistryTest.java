package p2pshare.tracker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import p2pshare.protocol.tracker.FileEntry;

class SwarmRegistryTest {
  private static final PeerEntry ALICE = new PeerEntry("p-alice", "alice", "127.0.0.1", 7001);
  private static final PeerEntry BOB = new PeerEntry("p-bob", "bob", "127.0.0.1", 7002);
  private static final PeerEntry CAROL = new PeerEntry("p-carol", "carol", "127.0.0.1", 7003);

  private final SwarmRegistry registry = new SwarmRegistry(new SplittableRandom(42));

  private static String id(char c) {
    return String.valueOf(c).repeat(64);
  }

  private static PeerEntry peer(int i) {
    return new PeerEntry("p-" + i, "peer-" + i, "10.0.0." + (i % 250), 7000 + i);
  }

  private List<SwarmRegistry.Match> search(String q, boolean exact, int limit) {
    return registry.search(q, exact, limit, SearchOrder.NAME).matches();
  }

  /** The sources reply, parsed as a peer would. */
  private JsonObject sources(String fileId, String exclude, int limit) {
    Buffer reply = registry.sources(fileId, exclude, limit);
    return reply == null ? null : new JsonObject(reply);
  }

  private List<String> peerIds(String fileId, String exclude, int limit) {
    List<String> ids = new ArrayList<>();
    sources(fileId, exclude, limit).getJsonArray("peers").forEach(p -> ids.add(((JsonObject) p).getString("peerId")));
    return ids;
  }

  @Test
  void eachSourceIsWrittenAsItsEntrySaysWhateverItsNameHolds() {
    PeerEntry odd = new PeerEntry("p-odd", "quote \" back\\slash é 😀", "::1", 7004);
    registry.add(odd, List.of(new FileEntry(id('a'), "a", 10), new FileEntry(id('b'), "b", 20, true, 3)));
    registry.add(ALICE, List.of(new FileEntry(id('a'), "a", 10)));
    JsonObject complete = new JsonObject(registry.sources(id('a'), "p-alice", 50)).getJsonArray("peers")
        .getJsonObject(0);
    assertEquals(new SwarmRegistry.Source(odd, false, 0, 10).toJson(), complete);
    JsonObject partial = new JsonObject(registry.sources(id('b'), null, 50)).getJsonArray("peers").getJsonObject(0);
    assertEquals(new SwarmRegistry.Source(odd, true, 3, 20).toJson(), partial);
  }

  @Test
  void oneContentUnderTwoNamesIsOneSwarmFoundByEitherName() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "Holiday.mkv", 100)));
    registry.add(BOB, List.of(new FileEntry(id('a'), "copy.mkv", 100)));
    assertEquals(1, registry.swarmCount());
    assertEquals(List.of(new SwarmRegistry.Match(id('a'), "Holiday.mkv", 100, 2, 0)), search("holiday", false, 10));
    assertEquals(List.of(new SwarmRegistry.Match(id('a'), "copy.mkv", 100, 2, 0)), search("COPY", false, 10));
    assertEquals(1, search("copy.mkv", true, 10).size());
    assertEquals(0, search("copy.MKV", true, 10).size());
  }

  @Test
  void searchIsSortedByNameAndSaysWhenMoreMatched() {
    registry.add(ALICE, List.of(new FileEntry(id('c'), "c.txt", 1), new FileEntry(id('a'), "a.txt", 1),
        new FileEntry(id('b'), "b.txt", 1)));
    SwarmRegistry.SearchResult two = registry.search("", false, 2, SearchOrder.NAME);
    assertEquals(List.of("a.txt", "b.txt"), two.matches().stream().map(SwarmRegistry.Match::name).toList());
    assertTrue(two.more());
    assertEquals(3, two.total());
    SwarmRegistry.SearchResult all = registry.search("txt", false, 3, SearchOrder.NAME);
    assertFalse(all.more());
    assertEquals(3, all.total(), "all the matches fit the page: counted");
    assertNull(registry.search("txt", false, 2, SearchOrder.NAME).total(), "a substring search does not count what it did not look at");
    assertEquals(1, registry.search("b.txt", true, 10, SearchOrder.NAME).total());
  }

  @Test
  void substringSearchFindsEveryNameHoldingTheTextAndForgetsRemovedNames() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "Summer-Holiday-2026.mkv", 1),
        new FileEntry(id('b'), "holiday.jpg", 1), new FileEntry(id('c'), "notes.txt", 1)));
    registry.add(BOB, List.of(new FileEntry(id('d'), "OLD HOLIDAY", 1)));
    assertEquals(List.of("OLD HOLIDAY", "Summer-Holiday-2026.mkv", "holiday.jpg"),
        search("oLiDaY", false, 10).stream().map(SwarmRegistry.Match::name).toList());
    assertEquals(List.of("Summer-Holiday-2026.mkv"), search("y-2", false, 10).stream()
        .map(SwarmRegistry.Match::name).toList());
    assertEquals(3, search("ol", false, 10).size(), "queries shorter than three characters walk the names");
    assertEquals(List.of(), search("holidays", false, 10));
    registry.remove(BOB.peerId(), List.of(id('d')));
    assertEquals(List.of("Summer-Holiday-2026.mkv", "holiday.jpg"),
        search("holiday", false, 10).stream().map(SwarmRegistry.Match::name).toList());
  }

  @Test
  void aSearchThatMatchesEverythingCostsAboutItsLimit() {
    for (int i = 0; i < 20_000; i++) {
      registry.add(peer(i), List.of(new FileEntry(String.format("%064x", i), String.format("file-%05d.bin", i), i)));
    }
    for (String q : List.of("", "f", "fi", "file", ".bin", "FILE-")) {
      long before = registry.namesVisited();
      SwarmRegistry.SearchResult page = registry.search(q, false, 50, SearchOrder.NAME);
      long visited = registry.namesVisited() - before;
      assertEquals(50, page.matches().size(), q);
      assertTrue(page.more(), q);
      assertEquals("file-00000.bin", page.matches().get(0).name(), q);
      assertTrue(visited <= 60, "'" + q + "' looked at " + visited + " names for 50 matches");
    }
    assertEquals(20_000, registry.search("", false, 50, SearchOrder.NAME).total());
    // A rare piece of text still finds its few names without a walk over all of them.
    long before = registry.namesVisited();
    assertEquals(List.of("file-12345.bin"), search("12345", false, 50).stream()
        .map(SwarmRegistry.Match::name).toList());
    assertTrue(registry.namesVisited() - before < 200, "a narrow query walked " + (registry.namesVisited() - before));
  }

  @Test
  void everyOrderIsAppliedBeforeTheCutAndCostsAboutItsLimit() {
    for (int i = 0; i < 20_000; i++) {
      // Sizes out of name order, so a page cut in name order would miss the largest.
      long size = (i * 7919L) % 20_000;
      registry.add(peer(i), List.of(new FileEntry(String.format("%064x", i), String.format("file-%05d.bin", i), size)));
    }
    for (String q : List.of("", "f", "file", ".bin")) {
      long before = registry.namesVisited();
      List<SwarmRegistry.Match> largest = registry.search(q, false, 50, SearchOrder.SIZE_DESCENDING).matches();
      assertTrue(registry.namesVisited() - before <= 60, "'" + q + "' looked at " + (registry.namesVisited() - before));
      assertEquals(19_999, largest.get(0).size(), q);
      assertEquals(19_950, largest.get(49).size(), q);
      assertEquals(0, registry.search(q, false, 50, SearchOrder.SIZE).matches().get(0).size(), q);
      assertEquals("file-19999.bin", registry.search(q, false, 50, SearchOrder.NAME_DESCENDING).matches().get(0)
          .name(), q);
    }
    // A narrowed query orders all its few matches: file-1234x and file-x1234 by size, largest first.
    List<Long> sizes = registry.search("1234", false, 5, SearchOrder.SIZE_DESCENDING).matches().stream()
        .map(SwarmRegistry.Match::size).toList();
    List<Long> expected = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      if (String.format("file-%05d.bin", i).contains("1234")) {
        expected.add((i * 7919L) % 20_000);
      }
    }
    expected.sort(java.util.Comparator.reverseOrder());
    assertEquals(expected.subList(0, 5), sizes);
    // A swarm that is gone leaves the size order too.
    registry.remove(peer(Math.toIntExact(largestIndex())).peerId(), List.of(String.format("%064x", largestIndex())));
    assertEquals(19_998, registry.search("", false, 1, SearchOrder.SIZE_DESCENDING).matches().get(0).size());
  }

  /** The i whose size is 19,999 in {@link #everyOrderIsAppliedBeforeTheCutAndCostsAboutItsLimit}. */
  private static long largestIndex() {
    for (long i = 0; i < 20_000; i++) {
      if ((i * 7919L) % 20_000 == 19_999) {
        return i;
      }
    }
    throw new AssertionError();
  }

  @Test
  void aFileUnderTwoNamesIsOneRowInEveryOrder() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "zebra.mkv", 100), new FileEntry(id('b'), "apple.mkv", 5)));
    registry.add(BOB, List.of(new FileEntry(id('a'), "aardvark.mkv", 100)));
    for (SearchOrder order : SearchOrder.values()) {
      assertEquals(2, registry.search("mkv", false, 10, order).matches().size(), order.wire);
      assertEquals(2, registry.search("", false, 10, order).matches().size(), order.wire);
    }
    assertEquals(List.of(id('a'), id('b')), registry.search("", false, 10, SearchOrder.SIZE_DESCENDING).matches()
        .stream().map(SwarmRegistry.Match::fileId).toList());
    assertEquals("zebra.mkv", registry.search("", false, 10, SearchOrder.SIZE_DESCENDING).matches().get(0).name());
    assertEquals("aardvark.mkv", registry.search("aard", false, 10, SearchOrder.SIZE).matches().get(0).name());
    registry.remove(BOB.peerId(), List.of(id('a')));
    assertEquals(List.of(), registry.search("aard", false, 10, SearchOrder.SIZE).matches());
    registry.remove(ALICE.peerId(), List.of(id('a'), id('b')));
    assertEquals(List.of(), registry.search("", false, 10, SearchOrder.SIZE_DESCENDING).matches());
  }

  @Test
  void sourcesLeaveOutTheAskerAndHonourTheLimit() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "a", 1)));
    registry.add(BOB, List.of(new FileEntry(id('a'), "a", 1)));
    JsonObject reply = sources(id('a'), ALICE.peerId(), 10);
    assertEquals(new JsonObject().put("peerId", "p-bob").put("name", "bob").put("host", "127.0.0.1")
        .put("port", 7002).put("partial", false).put("size", 1), reply.getJsonArray("peers").getJsonObject(0));
    assertEquals(1, reply.getJsonArray("peers").size());
    assertEquals(id('a'), reply.getString("fileId"));
    assertEquals(1, reply.getLong("size"));
    assertEquals(1, peerIds(id('a'), null, 1).size());
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
    assertEquals(List.of("p-bob"), peerIds(id('a'), null, 10));
    registry.remove(BOB.peerId(), List.of(id('a'), id('z')));
    assertEquals(0, registry.swarmCount());
    assertEquals(0, registry.indexedNames());
  }

  @Test
  void reofferingUnderANewNameReplacesTheOldName() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "old", 1)));
    registry.add(ALICE, List.of(new FileEntry(id('a'), "new", 1)));
    assertEquals(0, search("old", false, 10).size());
    assertEquals(1, search("new", false, 10).get(0).sources());
  }

  @Test
  void aSquatterWithAnotherSizeCannotHideTheRealOffer() {
    // The squatter offers the file first, at a size of its own: both candidates are kept, and listed.
    registry.add(ALICE, List.of(new FileEntry(id('a'), "movie.mkv", 666)));
    registry.add(BOB, List.of(new FileEntry(id('a'), "movie.mkv", 1000)));
    registry.add(CAROL, List.of(new FileEntry(id('a'), "movie.mkv", 1000)));
    assertEquals(2, registry.swarmCount());
    assertEquals(List.of(new SwarmRegistry.Match(id('a'), "movie.mkv", 666, 1, 0),
        new SwarmRegistry.Match(id('a'), "movie.mkv", 1000, 2, 0)), search("movie", false, 10));
    JsonObject reply = sources(id('a'), null, 10);
    assertEquals(1000, reply.getLong("size"), "the candidate with the most sources comes first");
    assertEquals(List.of(1000L, 666L), reply.getJsonArray("candidates").stream()
        .map(c -> ((JsonObject) c).getLong("size")).toList());
    Set<String> listed = new HashSet<>(peerIds(id('a'), null, 10));
    assertEquals(Set.of("p-alice", "p-bob", "p-carol"), listed);
    for (Object p : reply.getJsonArray("peers")) {
      JsonObject peer = (JsonObject) p;
      assertEquals(peer.getString("peerId").equals("p-alice") ? 666 : 1000, peer.getLong("size"));
    }
    // A peer that offers the file again at the other size moves between candidates.
    registry.add(ALICE, List.of(new FileEntry(id('a'), "movie.mkv", 1000)));
    assertEquals(1, registry.swarmCount());
    assertEquals(3, search("movie", false, 10).get(0).sources());
  }

  @Test
  void manySquattersAtAnotherSizeGetTheirShareOnly() {
    for (int i = 0; i < 300; i++) {
      registry.add(peer(i), List.of(new FileEntry(id('a'), "movie.mkv", 666)));
    }
    registry.add(BOB, List.of(new FileEntry(id('a'), "movie.mkv", 1000)));
    for (int lookup = 0; lookup < 20; lookup++) {
      List<String> ids = peerIds(id('a'), null, 50);
      assertEquals(50, ids.size());
      assertTrue(ids.contains("p-bob"), "every lookup lists the one real seeder beside 300 squatters");
    }
  }

  @Test
  void earlyOffersCannotCrowdOutLaterOnes() {
    for (int i = 0; i < 300; i++) {
      registry.add(peer(i), List.of(new FileEntry(id('a'), "movie.mkv", 1000)));
    }
    registry.add(BOB, List.of(new FileEntry(id('a'), "movie.mkv", 1000)));
    int withBob = 0;
    Set<String> seen = new HashSet<>();
    for (int lookup = 0; lookup < 200; lookup++) {
      List<String> ids = peerIds(id('a'), null, 50);
      assertEquals(50, new HashSet<>(ids).size(), "a sample has no repeats");
      withBob += ids.contains("p-bob") ? 1 : 0;
      seen.addAll(ids);
    }
    // Each lookup samples 50 of 301 at random: the last to join is in about a sixth of them, like anyone else.
    assertTrue(withBob >= 15 && withBob <= 60, "the late seeder was in " + withBob + " of 200 lookups");
    assertEquals(301, seen.size(), "200 samples of 50 reach every offer");
    assertEquals(200, peerIds(id('a'), null, 200).size());
  }

  @Test
  void partialSourcesAreCountedApartAndCompleteOnesComeFirst() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "a", 10, true, 3)));
    registry.add(BOB, List.of(new FileEntry(id('a'), "a", 10)));
    registry.add(CAROL, List.of(new FileEntry(id('a'), "a", 10, true, 0)));
    assertEquals(List.of(new SwarmRegistry.Match(id('a'), "a", 10, 1, 2)), search("a", true, 10));
    JsonObject reply = sources(id('a'), null, 10);
    assertEquals("p-bob", reply.getJsonArray("peers").getJsonObject(0).getString("peerId"));
    JsonObject alice = reply.getJsonArray("peers").stream().map(p -> (JsonObject) p)
        .filter(p -> p.getString("peerId").equals("p-alice")).findFirst().orElseThrow();
    assertEquals(true, alice.getBoolean("partial"));
    assertEquals(3, alice.getInteger("chunks"));
    assertEquals(List.of("p-bob"), peerIds(id('a'), null, 1));
    assertEquals(Set.of("p-bob", "p-carol"), new HashSet<>(peerIds(id('a'), ALICE.peerId(), 2)));
  }

  @Test
  void aFileOfferedOnlyByPartialSourcesIsFoundWithNoCompleteSource() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "early.iso", 10, true, 1)));
    assertEquals(List.of(new SwarmRegistry.Match(id('a'), "early.iso", 10, 0, 1)), search("early", false, 10));
    assertEquals(List.of("p-alice"), peerIds(id('a'), null, 10));
  }

  @Test
  void reofferingReplacesTheOfferWithoutCountingItTwice() {
    registry.add(ALICE, List.of(new FileEntry(id('a'), "a", 10, true, 1)));
    registry.add(BOB, List.of(new FileEntry(id('a'), "a", 10, true, 2)));
    registry.add(ALICE, List.of(new FileEntry(id('a'), "a", 10, true, 5)));
    assertEquals(Set.of("p-alice", "p-bob"), new HashSet<>(peerIds(id('a'), null, 10)));
    assertEquals(0, search("a", true, 10).get(0).sources());
    assertEquals(2, search("a", true, 10).get(0).partialSources());

    registry.add(BOB, List.of(new FileEntry(id('a'), "a", 10)));
    assertEquals(List.of(new SwarmRegistry.Match(id('a'), "a", 10, 1, 1)), search("a", true, 10));
    assertEquals(List.of("p-bob", "p-alice"), peerIds(id('a'), null, 10));
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
    assertEquals("draft.bin", search("", false, 10).get(0).name());
    registry.add(BOB, List.of(new FileEntry(id('a'), "final.bin", 10)));
    assertEquals("final.bin", search("", false, 10).get(0).name());
    assertEquals("draft.bin", search("draft", false, 10).get(0).name(), "the partial offer's name still matches");
  }
}
