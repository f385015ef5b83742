package p2pshare.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.tracker.registry.LivePeer;
import p2pshare.tracker.registry.PeerDirectory;

/**
 * Mends what the changes over the event bus may have missed (a message lost while a node was starting, or while a
 * connection between nodes was down): compares what this node holds of another node's peers with that node's own
 * list of their peerIds and versions, fetches the peers it lacks or holds at an older version, and drops those it
 * held before the comparison began and that node no longer has. Runs on the front's event loop only.
 */
final class ClusterRepair {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterRepair.class);

  private final PeerDirectory directory;
  private final BiFunction<String, JsonObject, Future<JsonObject>> request;
  private final BiConsumer<String, String> fetch;
  private final BiConsumer<String, String> drop;

  /**
   * @param request asks a node ({@code p2p.tracker.node.<node>}) and returns its answer
   * @param fetch takes one peer's state from its node again (node, peerId)
   * @param drop forgets a peer its node no longer has (node, peerId)
   */
  ClusterRepair(PeerDirectory directory, BiFunction<String, JsonObject, Future<JsonObject>> request,
      BiConsumer<String, String> fetch, BiConsumer<String, String> drop) {
    this.directory = directory;
    this.request = request;
    this.fetch = fetch;
    this.drop = drop;
  }

  /** A node's answer to {@code versions}: a page of its own peers as {@code [[peerId, v], ...]}. */
  static JsonObject versionsPage(PeerDirectory directory, String after, int limit) {
    JsonArray page = new JsonArray();
    String next = null;
    for (LivePeer peer : directory.ownPeersAfter(after, limit)) {
      page.add(new JsonArray().add(peer.peerId()).add(peer.version()));
      next = peer.peerId();
    }
    return new JsonObject().put("peers", page).put("next", next);
  }

  /** Compares this node's copy of {@code node}'s peers with that node's list; mends what differs. */
  void check(String node) {
    Map<String, LivePeer> heldBefore = directory.peersOf(node);
    Map<String, Long> theirs = new HashMap<>();
    readVersions(node, null, theirs).onSuccess(v -> mend(node, heldBefore, theirs))
        .onFailure(e -> LOG.debug("could not compare peers with node {}: {}", node, e.getMessage()));
  }

  private Future<Void> readVersions(String node, String after, Map<String, Long> into) {
    return request.apply(node, new JsonObject().put("op", "versions").put("after", after)).compose(page -> {
      page.getJsonArray("peers").forEach(entry -> {
        JsonArray pair = (JsonArray) entry;
        into.put(pair.getString(0), pair.getLong(1));
      });
      String next = page.getString("next");
      return next == null ? Future.succeededFuture() : readVersions(node, next, into);
    });
  }

  private void mend(String node, Map<String, LivePeer> heldBefore, Map<String, Long> theirs) {
    int fetched = 0;
    int dropped = 0;
    for (Map.Entry<String, Long> entry : theirs.entrySet()) {
      LivePeer held = directory.get(entry.getKey());
      if (held == null || (node.equals(held.owner()) && held.version() < entry.getValue())) {
        fetch.accept(node, entry.getKey());
        fetched++;
      }
    }
    for (LivePeer peer : heldBefore.values()) {
      // Only a peer held since before the comparison began: one that joined meanwhile is not in that node's list.
      if (!theirs.containsKey(peer.peerId()) && directory.get(peer.peerId()) == peer) {
        drop.accept(node, peer.peerId());
        dropped++;
      }
    }
    if (fetched + dropped > 0) {
      LOG.info("mended the copy of tracker node {}'s peers: {} fetched again, {} dropped", node, fetched, dropped);
    }
  }
}
