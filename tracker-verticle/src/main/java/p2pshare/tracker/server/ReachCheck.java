package p2pshare.tracker.server;

import io.micrometer.core.instrument.MeterRegistry;
import p2pshare.protocol.tracker.TrackerEvent;
import p2pshare.protocol.tracker.TrackerReplyCodec;
import p2pshare.tracker.reach.ReachabilityProbe;

/**
 * After a join: finds whether the peer's chunk server can be reached ({@link ReachabilityProbe}), tells the peer
 * (a {@code reachability} event) and records it ({@link Membership#reached}), so that downloaders see which sources
 * are behind NAT. A tracker that lists advertised hosts, or does not probe, says so in its join reply and sends no
 * event: it does not dial an address a peer merely claims. Runs on the front's event loop only.
 */
final class ReachCheck {
  private final Membership membership;
  private final ReachabilityProbe probe;
  private final String unknownWhy;
  private final MeterRegistry meters;

  /**
   * @param probe the probe, or null when this tracker does not dial peers back
   * @param unknownWhy what the peers are told when there is no probe
   * @param meters where probe results are counted, or null
   */
  ReachCheck(Membership membership, ReachabilityProbe probe, String unknownWhy, MeterRegistry meters) {
    this.membership = membership;
    this.probe = probe;
    this.unknownWhy = unknownWhy;
    this.meters = meters;
  }

  /** Why this tracker does not dial peers back, or null when it does (then a {@code reachability} event follows). */
  String noProbe() {
    return probe == null ? unknownWhy : null;
  }

  /**
   * Checks a peer that has just joined from {@code session} and listens at {@code port} as {@code name}. The event
   * follows the {@code joined} reply, which the current turn writes, as a probe takes a turn at least.
   */
  void joined(PeerSession session, String peerId, String name, int port) {
    String host = session.remoteHost();
    if (probe == null) {
      return; // the joined reply says why
    }
    probe.probe(host, port, name).onSuccess(result -> {
      if (meters != null) {
        meters.counter("p2p_tracker_probes_total", "result", result.state().wire()).increment();
      }
      if (!session.isOpen() || !peerId.equals(session.peerId())) {
        return;
      }
      membership.reached(peerId, result.state());
      tell(session, new TrackerEvent.Reach(result.state(), host, port, result.why()));
    });
  }

  private static void tell(PeerSession session, TrackerEvent.Reach event) {
    session.sendEvent(TrackerReplyCodec.frame(event));
  }
}
