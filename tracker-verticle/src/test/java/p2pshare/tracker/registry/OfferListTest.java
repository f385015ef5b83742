package p2pshare.tracker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import p2pshare.protocol.tracker.FileEntry;

class OfferListTest {
  private static final FileEntry FILE = new FileEntry("a".repeat(64), "a", 1);

  private static Swarm.Offer offer(int peer, int chunks) {
    PeerEntry entry = new PeerEntry("p-" + peer, "peer-" + peer, "127.0.0.1", 7000 + peer);
    FileEntry file = new FileEntry(FILE.fileId(), FILE.name(), FILE.size(), true, chunks);
    return new Swarm.Offer(entry, Swarm.Offer.peerJson(entry), file);
  }

  @Test
  void aReplacedOfferKeepsItsPlaceAndARemovedOneLeavesTheOthersInOrder() {
    OfferList list = new OfferList();
    list.put(offer(1, 1));
    list.put(offer(2, 1));
    list.put(offer(3, 1));
    Swarm.Offer newer = offer(2, 5);
    assertEquals(1, list.put(newer).file.chunks());
    assertEquals(List.of("p-1", "p-2", "p-3"), list.stream().map(o -> o.peer.peerId()).toList());
    assertSame(newer, list.of("p-2"));
    assertEquals("p-1", list.remove("p-1").peer.peerId());
    assertNull(list.remove("p-1"));
    assertEquals(List.of("p-2", "p-3"), list.stream().map(o -> o.peer.peerId()).toList());
  }

  @Test
  void smallAndLargeListsBehaveAsAnOrderedMapThroughGrowthAndShrinking() {
    SplittableRandom random = new SplittableRandom(3);
    OfferList list = new OfferList();
    Map<String, Swarm.Offer> expected = new LinkedHashMap<>();
    for (int round = 0; round < 5_000; round++) {
      // Grow past the index threshold, then shrink below it, and again.
      int peer = random.nextInt(round % 2000 < 1000 ? 60 : 12);
      if (random.nextInt(3) == 0) {
        assertSame(expected.remove("p-" + peer), list.remove("p-" + peer));
      } else {
        Swarm.Offer offer = offer(peer, round);
        assertSame(expected.put("p-" + peer, offer), list.put(offer));
      }
      assertEquals(new ArrayList<>(expected.values()), list, "after round " + round);
      assertSame(expected.get("p-" + peer), list.of("p-" + peer));
    }
  }
}
