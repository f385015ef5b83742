package p2pshare.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.protocol.Frames;
import p2pshare.protocol.tracker.FileEntry;
import p2pshare.tracker.registry.LivePeer;

/**
 * One tracker node's side of a cluster: every node keeps the whole registry, and tells the others of each change of
 * the peers attached to it over the clustered event bus ({@link #CHANGES}, published on purpose to every node).
 * A node that starts asks each other node for its peers, a page at a time; a change that shows a missed one makes
 * it ask the peer's node for that peer again. Hazelcast only says which nodes are members: a node that is no longer
 * one has its peers orphaned ({@link RemotePeers#orphan}). Runs on the front's event loop only.
 */
final class ClusterLink implements ChangeLog {
  /** Cluster-wide: every node's changes, to every node. */
  static final String CHANGES = "p2p.tracker.cluster.changes";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterLink.class);
  /** A snapshot page holds peers until it holds this many files. */
  private static final int PAGE_FILES = 20_000;
  private static final long REQUEST_TIMEOUT_MS = 10_000;
  private static final long WATCH_MILLIS = 500;
  /** How often each node's copy of every other node's peers is compared with the original ({@link ClusterRepair}). */
  private static final long REPAIR_MILLIS = 30_000;
  /** The first comparison with a node that just became a member, after its first pages were read. */
  private static final long FIRST_REPAIR_MILLIS = 3_000;
  private static final int VERSIONS_PAGE = 5_000;

  private final Vertx vertx;
  private final ClusterManager cluster;
  private final String self;
  private final Membership membership;
  private final RemotePeers remote;
  private final JsonObject selfInfo;
  private final Map<String, JsonObject> members = new TreeMap<>();
  private final Set<String> fetching = new HashSet<>();
  private MessageConsumer<JsonObject> changes;
  private MessageConsumer<JsonObject> requests;
  private long watchTimer = -1;
  private long repairTimer = -1;
  private final ClusterRepair repair;
  /** {@link #members()} as last seen, for other threads (metrics, /health). */
  private volatile JsonArray membersSeen = new JsonArray();

  /** @param selfInfo this node as the others list it: {@code {host, port}} of its tracker */
  ClusterLink(Vertx vertx, Membership membership, JsonObject selfInfo) {
    this.vertx = vertx;
    this.cluster = ClusterMembers.of(vertx);
    this.self = cluster.getNodeId();
    this.membership = membership;
    this.remote = new RemotePeers(membership);
    this.repair = new ClusterRepair(membership.directory(), this::request, this::fetch, (node, peerId) ->
        remote.applyLeave(new JsonObject().put("node", node).put("peerId", peerId).put("reason", "disconnected")));
    this.selfInfo = selfInfo.copy().put("node", self);
    members.put(self, this.selfInfo);
  }

  /** The address where a node answers for its own peers: node-scoped, so only that node consumes it. */
  static String nodeAddress(String node) {
    return "p2p.tracker.node." + node;
  }

  String nodeId() {
    return self;
  }

  /**
   * The members this node sees, each {@code {node, host, port}} as far as known, this one first; refreshed twice a
   * second, safe to read from any thread (do not change it).
   */
  JsonArray members() {
    return membersSeen;
  }

  private void refreshMembers() {
    JsonArray list = new JsonArray().add(selfInfo);
    members.forEach((id, info) -> {
      if (!id.equals(self)) {
        list.add(info);
      }
    });
    if (!list.equals(membersSeen)) {
      membersSeen = list;
      // Watchers (peers, and through them their dashboards) see the members they can move to.
      membership.clusterChanged(new JsonObject().put("clustered", true).put("node", self).put("members", list));
    }
  }

  Future<Void> start() {
    membership.changeLog(this);
    changes = vertx.eventBus().consumer(CHANGES, this::onChange);
    requests = vertx.eventBus().consumer(nodeAddress(self), this::onRequest);
    return Future.all(changes.completion(), requests.completion()).map(v -> {
      watchTimer = vertx.setPeriodic(WATCH_MILLIS, t -> watchMembers());
      repairTimer = vertx.setPeriodic(REPAIR_MILLIS, t -> members.keySet().stream()
          .filter(node -> !node.equals(self)).toList().forEach(repair::check));
      watchMembers();
      return null;
    });
  }

  Future<Void> stop() {
    vertx.cancelTimer(watchTimer);
    vertx.cancelTimer(repairTimer);
    return Future.all(changes.unregister(), requests.unregister()).mapEmpty();
  }

  @Override
  public void joined(LivePeer peer) {
    publish(RemotePeers.state(self, peer).put("op", "join"));
  }

  @Override
  public void updated(LivePeer peer, Collection<String> removed, Collection<FileEntry> added) {
    JsonArray add = new JsonArray();
    added.forEach(file -> add.add(file.toJson()));
    publish(new JsonObject().put("op", "update").put("node", self).put("v", peer.version())
        .put("peerId", peer.peerId()).put("remove", new JsonArray(List.copyOf(removed))).put("add", add));
  }

  @Override
  public void left(LivePeer peer, String reason) {
    publish(new JsonObject().put("op", "leave").put("node", self).put("peerId", peer.peerId())
        .put("reason", reason));
  }

  private void publish(JsonObject change) {
    vertx.eventBus().publish(CHANGES, change);
  }

  private void onChange(Message<JsonObject> message) {
    JsonObject change = message.body();
    String node = change.getString("node");
    if (self.equals(node)) {
      return; // our own, applied already
    }
    switch (change.getString("op", "")) {
      case "join" -> remote.applyState(change);
      case "update" -> {
        if (!remote.applyUpdate(change)) {
          fetch(node, change.getString("peerId"));
        }
      }
      case "leave" -> remote.applyLeave(change);
      default -> LOG.warn("unknown cluster change {} from node {}", change.getString("op"), node);
    }
  }

  /** Another node asks for this node's info, its peers (a page), or one peer. */
  private void onRequest(Message<JsonObject> message) {
    JsonObject body = message.body();
    switch (body.getString("op", "")) {
      case "info" -> message.reply(selfInfo);
      case "versions" -> message.reply(ClusterRepair.versionsPage(membership.directory(), body.getString("after"),
          VERSIONS_PAGE));
      case "peers" -> {
        JsonArray page = new JsonArray();
        String next = null;
        int files = 0;
        for (LivePeer peer : membership.directory().ownPeersAfter(body.getString("after"), 1000)) {
          page.add(RemotePeers.state(self, peer));
          files += peer.files().size() + 1;
          next = peer.peerId();
          if (files >= PAGE_FILES) {
            break;
          }
        }
        message.reply(new JsonObject().put("peers", page).put("next", page.isEmpty() ? null : next));
      }
      case "peer" -> {
        LivePeer peer = membership.directory().get(body.getString("peerId", ""));
        if (peer == null || peer.owner() != null) {
          message.fail(404, "not attached here");
        } else {
          message.reply(RemotePeers.state(self, peer));
        }
      }
      case "tell" -> {
        // An event for a peer attached here, passed on by the node that handled the request (a reversal).
        boolean told = membership.tell(body.getString("peerId", ""),
            Frames.json(body.getJsonObject("event", new JsonObject())));
        if (told) {
          message.reply(new JsonObject());
        } else {
          message.fail(404, "not attached here");
        }
      }
      default -> message.fail(400, "unknown request " + body.getString("op"));
    }
  }

  /** Notices members that came (asks for their info and peers) and went (orphans their peers). */
  private void watchMembers() {
    Set<String> live = new HashSet<>(cluster.getNodes());
    for (String owner : membership.directory().owners()) {
      if (!live.contains(owner)) {
        remote.orphan(owner);
      }
    }
    members.keySet().removeIf(id -> !live.contains(id) && !id.equals(self));
    for (String node : live) {
      if (!members.containsKey(node)) {
        members.put(node, new JsonObject().put("node", node));
        request(node, new JsonObject().put("op", "info"))
            .onSuccess(info -> {
              members.computeIfPresent(node, (id, old) -> info);
              refreshMembers();
            })
            .onFailure(e -> members.remove(node)); // asked again at the next look
        pullPeers(node, null);
      }
    }
    refreshMembers();
  }

  /** Takes a node's peers one page after the other. */
  private void pullPeers(String node, String after) {
    request(node, new JsonObject().put("op", "peers").put("after", after)).onComplete(ar -> {
      if (ar.failed()) {
        // A node that has just joined may not answer yet: asked again at the next look.
        boolean starting = ar.cause() instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
        if (starting) {
          LOG.debug("tracker node {} does not answer yet", node);
        } else {
          LOG.warn("could not read the peers of tracker node {}: {}", node, ar.cause().getMessage());
        }
        members.remove(node); // asked again at the next look
        return;
      }
      JsonArray page = ar.result().getJsonArray("peers");
      page.forEach(state -> remote.applyState((JsonObject) state));
      String next = ar.result().getString("next");
      if (next != null && members.containsKey(node)) {
        pullPeers(node, next);
      }
      if (after == null) {
        LOG.info("tracker node {} is a member of the cluster", node);
      }
      if (next == null) {
        // Changes it published while this node was subscribing may have been missed: compare soon.
        vertx.setTimer(FIRST_REPAIR_MILLIS, t -> {
          if (members.containsKey(node)) {
            repair.check(node);
          }
        });
      }
    });
  }

  private void fetch(String node, String peerId) {
    if (!fetching.add(peerId)) {
      return;
    }
    request(node, new JsonObject().put("op", "peer").put("peerId", peerId)).onComplete(ar -> {
      fetching.remove(peerId);
      if (ar.succeeded()) {
        remote.applyState(ar.result());
      } else {
        // Gone from its node: the leave is on its way, or was missed.
        remote.applyLeave(new JsonObject().put("node", node).put("peerId", peerId).put("reason", "disconnected"));
      }
    });
  }

  /** Passes {@code event} to peer {@code peerId}, attached to {@code node}; fails if it is not attached there. */
  Future<Void> tell(String node, String peerId, JsonObject event) {
    return request(node, new JsonObject().put("op", "tell").put("peerId", peerId).put("event", event)).mapEmpty();
  }

  private Future<JsonObject> request(String node, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(nodeAddress(node), body,
        new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS)).map(Message::body);
  }
}
