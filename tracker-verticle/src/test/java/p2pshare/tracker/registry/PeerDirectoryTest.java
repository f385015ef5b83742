package p2pshare.tracker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import p2pshare.protocol.tracker.FileEntry;

class PeerDirectoryTest {
  private long now = 1_000;
  private final PeerDirectory directory = new PeerDirectory(() -> now);

  private void join(String peerId, FileEntry... files) {
    directory.add(new PeerEntry(peerId, "name-" + peerId, "127.0.0.1", 7000), List.of(files), null);
  }

  @Test
  void expiryRemovesSilentPeersOldestFirst() {
    join("a");
    now += 1_000;
    join("b");
    now += 1_000;
    join("c");
    now += 1_000;
    directory.touch("a");
    now = 2_000 + 10_000;
    List<String> expired = directory.expire(10_000).stream().map(LivePeer::peerId).toList();
    assertEquals(List.of("b"), expired);
    now += 2_000;
    assertEquals(List.of("c", "a"), directory.expire(10_000).stream().map(LivePeer::peerId).toList());
    assertEquals(0, directory.size());
  }

  @Test
  void aPeerMovesInTheOrderOncePerSecondAndOneSilentBehindItExpiresAtMostThatLate() {
    join("busy");
    join("silent");
    now += 10;
    directory.touch("busy"); // within a second of its last move: stays at the head, fresh
    assertEquals(List.of("busy", "silent"), directory.contactOrder());
    assertEquals(now, directory.get("busy").lastSeen());

    now = 1_000 + 5_000;
    assertEquals(List.of(), directory.expire(5_000), "the head is fresh, so the walk stops there");
    now += PeerDirectory.REORDER_MILLIS;
    assertEquals(List.of("busy", "silent"), directory.expire(5_000).stream().map(LivePeer::peerId).toList(),
        "a second later both are stale");

    join("x");
    now += PeerDirectory.REORDER_MILLIS;
    join("y");
    directory.touch("x");
    assertEquals(List.of("y", "x"), directory.contactOrder(), "a second after its last move, a touch moves it");
  }

  @Test
  void contactOrderKeepsTheStalestAtTheHeadSoExpiryStopsAtTheFirstFreshPeer() {
    for (int i = 0; i < 1000; i++) {
      join("p" + i);
    }
    now += 50;
    for (int i = 1; i < 1000; i++) {
      directory.touch("p" + i);
    }
    // Only the head is stale; every other peer was touched later, and the walk stops right behind the head.
    assertEquals("p0", directory.contactOrder().get(0));
    assertEquals(List.of("p0"), directory.expire(50).stream().map(LivePeer::peerId).toList());
    assertEquals("p1", directory.contactOrder().get(0));
    assertEquals(999, directory.size());
  }

  @Test
  void aClockSteppingBackDoesNotBreakTheOrder() {
    join("a");
    now -= 500;
    join("b");
    assertTrue(directory.get("b").lastSeen() >= directory.get("a").lastSeen());
    assertEquals(List.of("a", "b"), directory.contactOrder());
  }

  @Test
  void touchingAnUnknownPeerChangesNothing() {
    assertFalse(directory.touch("ghost"));
    assertEquals(0, directory.size());
  }

  @Test
  void updateFilesRemovesThenAdds() {
    join("a", new FileEntry("1".repeat(64), "one", 1), new FileEntry("2".repeat(64), "two", 2));
    directory.updateFiles("a", List.of("1".repeat(64)), List.of(new FileEntry("3".repeat(64), "three", 3)));
    assertEquals(Set.of("2".repeat(64), "3".repeat(64)), directory.get("a").files().keySet());
    assertEquals(2, directory.get("a").toListing().getInteger("files"));
  }

  @Test
  void listingIsSortedByNameCappedAndCountsAll() {
    join("c");
    join("a");
    join("b");
    PeerDirectory.Page page = directory.list(2);
    assertEquals(List.of("a", "b"), page.peers().stream().map(LivePeer::peerId).toList());
    assertEquals(3, page.total());
  }

  @Test
  void removeReturnsThePeerOnce() {
    join("a");
    assertEquals("a", directory.remove("a").peerId());
    assertEquals(null, directory.remove("a"));
  }
}
