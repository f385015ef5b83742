package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2pshare.tracker.registry.PeerDirectory;
import p2pshare.tracker.registry.PeerEntry;

/** A node's copy of another node's peers is mended against that node's own list of peerIds and versions. */
class ClusterRepairTest {
  private final PeerDirectory directory = new PeerDirectory(System::currentTimeMillis);
  private final List<String> fetched = new ArrayList<>();
  private final List<String> dropped = new ArrayList<>();

  private static PeerEntry peer(String id) {
    return new PeerEntry(id, "name-" + id, "127.0.0.1", 7000);
  }

  /** Node "a" answers with these (peerId, version) pairs, two to a page. */
  private ClusterRepair repairAgainst(Object... idsAndVersions) {
    JsonArray all = new JsonArray();
    for (int i = 0; i < idsAndVersions.length; i += 2) {
      all.add(new JsonArray().add(idsAndVersions[i]).add(idsAndVersions[i + 1]));
    }
    return new ClusterRepair(directory, (node, body) -> {
      assertEquals("a", node);
      assertEquals("versions", body.getString("op"));
      int from = body.getString("after") == null ? 0 : Integer.parseInt(body.getString("after"));
      JsonArray page = new JsonArray();
      for (int i = from; i < Math.min(from + 2, all.size()); i++) {
        page.add(all.getJsonArray(i));
      }
      String next = from + 2 < all.size() ? String.valueOf(from + 2) : null;
      return Future.succeededFuture(new JsonObject().put("peers", page).put("next", next));
    }, (node, peerId) -> fetched.add(peerId), (node, peerId) -> dropped.add(peerId));
  }

  @Test
  void missingAndOlderPeersAreFetchedAndVanishedOnesDropped() {
    directory.addRemote(peer("same"), List.of(), "a", "h", 3);
    directory.addRemote(peer("older"), List.of(), "a", "h", 1);
    directory.addRemote(peer("newer"), List.of(), "a", "h", 9);
    directory.addRemote(peer("gone"), List.of(), "a", "h", 1);
    directory.addRemote(peer("of-b"), List.of(), "b", "h", 1);
    repairAgainst("same", 3L, "older", 2L, "newer", 8L, "missing", 1L).check("a");
    assertEquals(List.of("missing", "older"), fetched.stream().sorted().toList());
    assertEquals(List.of("gone"), dropped, "a peer of another node is not node a's to drop");
  }

  @Test
  void aPeerThatJoinedWhileTheListWasReadIsKept() {
    ClusterRepair repair = new ClusterRepair(directory, (node, body) -> {
      // The peer joins (its join reaches this node) after node a wrote its list.
      directory.addRemote(peer("late"), List.of(), "a", "h", 1);
      return Future.succeededFuture(new JsonObject().put("peers", new JsonArray()).put("next", null));
    }, (node, peerId) -> fetched.add(peerId), (node, peerId) -> dropped.add(peerId));
    repair.check("a");
    assertEquals(List.of(), dropped);
  }
}
