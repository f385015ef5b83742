package p2pshare.dashboard;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import p2pshare.dashboard.api.PeerBusClient;
import p2pshare.peer.PeerBus;

/**
 * The peer node's {@code /health}: down when the peer does not answer, when its share folder cannot be read, when
 * the tracker refused this node (its join or part of its file list), or when the tracker has been unreachable for longer than {@link #TRACKER_GRACE_MILLIS} (a restart of the tracker
 * is not an outage).
 */
final class PeerHealth {
  static final long TRACKER_GRACE_MILLIS = 60_000;

  private PeerHealth() {
  }

  static HealthChecks checks(Vertx vertx, PeerBusClient peer) {
    return HealthChecks.create(vertx).register("peer", promise -> peer.request(PeerBus.NODE, new JsonObject())
        .onFailure(e -> promise.complete(Status.KO(new JsonObject().put("error", "peer not answering"))))
        .onSuccess(node -> {
          Long down = node.getLong("trackerDisconnectedSince");
          boolean trackerOk = down == null || System.currentTimeMillis() - down < TRACKER_GRACE_MILLIS;
          boolean shareOk = node.getBoolean("shareDirReadable", true);
          String refusal = node.getString("trackerRefusal");
          JsonObject data = new JsonObject().put("trackerConnected", node.getBoolean("trackerConnected"))
              .put("shareDirReadable", shareOk).put("trackerRefusal", refusal)
              // Behind NAT is a fact about the network, not an outage: shown, and health stays up.
              .put("reachability", node.getJsonObject("reachability"));
          promise.complete(trackerOk && shareOk && refusal == null ? Status.OK(data) : Status.KO(data));
        }));
  }
}
