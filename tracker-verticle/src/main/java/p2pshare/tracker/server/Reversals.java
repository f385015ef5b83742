package p2pshare.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HexFormat;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.tracker.Reachability;
import p2pshare.protocol.tracker.TrackerEvent;
import p2pshare.protocol.tracker.TrackerReply;
import p2pshare.protocol.tracker.TrackerReplyCodec;
import p2pshare.tracker.reach.MinuteCounts;
import p2pshare.tracker.registry.LivePeer;
import p2pshare.tracker.registry.PeerEntry;

/**
 * Connection reversal (docs/protocol.md, "Reachability"): a downloader asks for a source it cannot dial (one behind
 * NAT), and the tracker tells that source, over its open connection, to dial the downloader's chunk port and present
 * a one-use token. The source is only ever pointed at the asker's own listed address, and only when that is the
 * address the asker's connection comes from, so nobody can make a peer dial a third party; requests are counted per
 * asker and per source. Runs on the front's event loop only.
 */
final class Reversals {
  /** How long the asker waits for the source's connection; the token means nothing after it. */
  static final int SECONDS = 10;
  static final int PER_ASKER_PER_MINUTE = 60;
  static final int PER_SOURCE_PER_MINUTE = 120;
  private static final int KEYS = 100_000;

  /** Passes an event to a peer attached to another node of the cluster. */
  interface Relay {
    /** Sends {@code frame}'s event to {@code peerId} through {@code node}; fails if it is not attached there. */
    Future<Void> tell(String node, String peerId, JsonObject event);
  }

  private final Membership membership;
  private final Relay relay;
  private final MinuteCounts byAsker;
  private final MinuteCounts bySource;
  private final SecureRandom random = new SecureRandom();

  Reversals(Membership membership, Relay relay) {
    this.membership = membership;
    this.relay = relay;
    this.byAsker = new MinuteCounts(System::currentTimeMillis, PER_ASKER_PER_MINUTE, KEYS);
    this.bySource = new MinuteCounts(System::currentTimeMillis, PER_SOURCE_PER_MINUTE, KEYS);
  }

  /** Asks source {@code sourceId} to connect to {@code askerId}; the reply carries the token both will present. */
  Future<TrackerReply> reverse(String askerId, String sourceId) throws ProtocolException {
    LivePeer asker = membership.directory().get(askerId);
    LivePeer source = membership.directory().get(sourceId);
    if (asker == null || source == null || sourceId.equals(askerId)) {
      throw ProtocolException.refusal(ErrorCode.UNAVAILABLE, "peer " + sourceId + " is not another live peer");
    }
    if (asker.reach() == Reachability.BEHIND_NAT) {
      throw ProtocolException.refusal(ErrorCode.UNAVAILABLE,
          "this node is behind NAT too: the source could not connect to it either");
    }
    if (!asker.entry().host().equals(membership.addressOf(askerId))) {
      // Listed at the host it advertises (trustAdvertisedHosts): the source would dial an address nobody checked.
      throw ProtocolException.refusal(ErrorCode.UNAVAILABLE, "this tracker lists you at the host you advertise, not "
          + "at the address you connect from: it passes no reversal to it");
    }
    if (!byAsker.take(askerId)) {
      throw ProtocolException.refusal(ErrorCode.LIMIT, "a peer may ask for " + PER_ASKER_PER_MINUTE
          + " reversed connections a minute");
    }
    if (!bySource.take(sourceId)) {
      throw ProtocolException.refusal(ErrorCode.LIMIT, "peer " + source.entry().name() + " is asked for "
          + PER_SOURCE_PER_MINUTE + " reversed connections a minute at most");
    }
    String token = HexFormat.of().formatHex(bytes());
    PeerEntry to = asker.entry();
    TrackerEvent.ConnectTo event = new TrackerEvent.ConnectTo(token, to.peerId(), to.name(), to.host(), to.port());
    TrackerReply reply = new TrackerReply.Reversing(token, SECONDS);
    if (source.owner() != null) {
      // Attached to another node of the cluster: that node holds its connection.
      return relay.tell(source.owner(), sourceId, TrackerReplyCodec.encode(event)).<TrackerReply>map(reply)
          .recover(e -> Future.failedFuture(ProtocolException.refusal(ErrorCode.UNAVAILABLE, "peer "
              + source.entry().name() + " could not be reached through its tracker node: " + e.getMessage())));
    }
    if (!membership.tell(sourceId, TrackerReplyCodec.frame(event))) {
      throw ProtocolException.refusal(ErrorCode.UNAVAILABLE, "peer " + source.entry().name() + " has no connection");
    }
    return Future.succeededFuture(reply);
  }

  private byte[] bytes() {
    byte[] token = new byte[16];
    random.nextBytes(token);
    return token;
  }
}
