package p2pshare.peer.tracker;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.net.HostText;
import p2pshare.protocol.tracker.Reachability;
import p2pshare.protocol.tracker.TrackerEvent;

/**
 * Whether other peers can open connections to this node, as the tracker found by dialling it back after the last
 * join (docs/protocol.md, "Reachability"). Runs on the tracker client's event loop; read from anywhere.
 */
final class NodeReach {
  private static final Logger LOG = LoggerFactory.getLogger(NodeReach.class);

  private volatile JsonObject state = of(Reachability.UNKNOWN, null, "not joined");

  private static JsonObject of(Reachability reach, String observedHost, String why) {
    return new JsonObject().put("state", reach.wire()).put("observedHost", observedHost).put("why", why);
  }

  /**
   * {@code {"state": "reachable" | "behind-nat" | "unknown", "observedHost", "why"}}: {@code observedHost} is the
   * address the tracker sees this node from (null before a join, or from a tracker that does not say), {@code why}
   * what failed or why it is unknown (null when reachable).
   */
  JsonObject toJson() {
    return state;
  }

  /**
   * Joined a tracker speaking {@code version}: one of version 4 probes now and says what it found, unless it said
   * why not ({@code noProbe}).
   */
  void joined(String observedHost, String noProbe, int version) {
    state = of(Reachability.UNKNOWN, observedHost, noProbe != null ? noProbe
        : version >= 4 ? "the tracker is checking" : "the tracker does not check (protocol version " + version + ")");
  }

  /** The tracker's {@code reachability} event. */
  void heard(TrackerEvent.Reach reach) {
    state = of(reach.state(), reach.host(), reach.why());
    if (reach.state() == Reachability.BEHIND_NAT) {
      LOG.warn("the tracker could not open a connection to this node's chunk server at {} ({}): other peers cannot "
          + "fetch from this node (README, \"Behind NAT\")", HostText.withPort(reach.host(), reach.port()),
          reach.why());
    }
  }
}
