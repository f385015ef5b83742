package p2pshare.tracker.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import p2pshare.net.HostText;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.tracker.FileEntry;
import p2pshare.protocol.tracker.TrackerCodec;
import p2pshare.protocol.tracker.TrackerReply;
import p2pshare.protocol.tracker.TrackerReplyCodec;
import p2pshare.protocol.tracker.TrackerRequest;
import p2pshare.tracker.TrackerConfig;
import p2pshare.tracker.registry.SearchOrder;

/**
 * Turns one tracker request into its reply frame (docs/protocol.md, "Tracker protocol"): {@link TrackerCodec} reads
 * it, and each type of {@link TrackerRequest} has its own method. Every outcome, refusals included, is a reply; the
 * returned future fails only on a bug or an internal timeout.
 */
final class RequestHandler {
  private static final TrackerReply.Ok OK = new TrackerReply.Ok();

  private final Membership membership;
  private final ShardClient shards;
  private final TrackerCodec codec;
  private final TrackerConfig settings;
  private final MeterRegistry meters;
  private final Supplier<JsonObject> node;
  private final ReachCheck reach;
  private final Reversals reversals;
  /** One counter per request type, found once: a registry lookup per request costs more than the count. */
  private final Map<String, Counter> counters = new HashMap<>();

  /**
   * @param meters where requests are counted by type, or null
   * @param node the tracker node a join reply names: {@code {node, clustered, members}}
   * @param reach what checks, after a join, whether others can reach the peer
   * @param reversals what passes {@code reverse} requests on
   */
  RequestHandler(Membership membership, TrackerConfig settings, MeterRegistry meters, Supplier<JsonObject> node,
      ReachCheck reach, Reversals reversals) {
    this.node = node;
    this.reach = reach;
    this.reversals = reversals;
    this.meters = meters;
    this.settings = settings;
    this.membership = membership;
    this.shards = membership.offers().shards();
    this.codec = new TrackerCodec(settings.maxFilesPerPeer());
  }

  Future<Buffer> handle(PeerSession session, JsonObject message) {
    Long id = TrackerCodec.idOf(message);
    try {
      return dispatch(session, message, id).map(reply -> TrackerReplyCodec.frame(id, reply))
          .recover(failure -> failure instanceof ProtocolException refused
              ? Future.succeededFuture(error(id, refused))
              : Future.failedFuture(failure));
    } catch (ProtocolException refused) {
      return Future.succeededFuture(error(id, refused));
    }
  }

  private static Buffer error(Long id, ProtocolException refused) {
    return TrackerReplyCodec.frame(id, new TrackerReply.Error(refused.code(), refused.getMessage()));
  }

  private void count(String type) {
    if (meters != null) {
      counters.computeIfAbsent(type, t -> meters.counter("p2p_tracker_requests_total", "type", t)).increment();
    }
  }

  /** Checks who may ask before reading the fields: a peer that has not joined is told so, whatever it sent. */
  private Future<? extends TrackerReply> dispatch(PeerSession session, JsonObject message, Long id)
      throws ProtocolException {
    String type = TrackerCodec.typeOf(message);
    String peerId = session.peerId();
    boolean join = TrackerRequest.Join.TYPE.equals(type);
    if (peerId == null && !join) {
      throw ProtocolException.refusal(ErrorCode.NOT_JOINED, "the first message must be join");
    }
    if (peerId != null) {
      membership.touch(peerId);
    }
    count(type);
    if (join && peerId != null) {
      throw ProtocolException.refusal(ErrorCode.ALREADY_JOINED, "this connection has joined already");
    }
    TrackerRequest request = codec.decode(type, message);
    if (request instanceof TrackerRequest.Join j) {
      return join(session, j);
    } else if (request instanceof TrackerRequest.Update update) {
      return membership.update(peerId, byFileId(update.add()), update.remove()).map(v -> OK);
    } else if (request instanceof TrackerRequest.Have have) {
      return membership.update(peerId, Map.of(have.file().fileId(), have.file()), List.of()).map(v -> OK);
    } else if (request instanceof TrackerRequest.Search search) {
      return shards.search(search.q(), search.exact(), search.limit(), SearchOrder.of(search.sort()));
    } else if (request instanceof TrackerRequest.Sources sources) {
      return shards.sources(sources.fileId(), peerId, sources.limit()).map(TrackerReply.Sources::new);
    } else if (request instanceof TrackerRequest.Peers peers) {
      return Future.succeededFuture(membership.peers(peers.limit()));
    } else if (request instanceof TrackerRequest.Subscribe subscribe) {
      membership.offers().interest().subscribe(session, subscribe.fileIds());
    } else if (request instanceof TrackerRequest.Unsubscribe unsubscribe) {
      membership.offers().interest().unsubscribe(session, unsubscribe.fileIds());
    } else if (request instanceof TrackerRequest.Watch) {
      watch(session);
    } else if (request instanceof TrackerRequest.Reverse reverse) {
      return reversals.reverse(peerId, reverse.peerId());
    } else if (request instanceof TrackerRequest.Leave) {
      membership.leave(peerId);
      session.endAfterReplies();
    }
    // A heartbeat has done its work by now: the peer was touched above.
    return Future.succeededFuture(OK);
  }

  /** The whole stream of membership events, which only version-2 nodes need: a bounded number of watchers. */
  private void watch(PeerSession session) throws ProtocolException {
    EventFanout events = membership.events();
    if (!events.watchers().contains(session) && events.watchers().size() >= settings.maxWatchers()) {
      throw ProtocolException.refusal(ErrorCode.LIMIT, "this tracker sends every event to at most "
          + settings.maxWatchers() + " connections (maxWatchers); subscribe to the files you download instead");
    }
    events.watch(session);
  }

  private static Map<String, FileEntry> byFileId(List<FileEntry> files) {
    Map<String, FileEntry> byFileId = new LinkedHashMap<>();
    files.forEach(file -> byFileId.put(file.fileId(), file));
    return byFileId;
  }

  private Future<TrackerReply> join(PeerSession session, TrackerRequest.Join join) throws ProtocolException {
    if (session.certificateName() != null && !session.certificateName().equals(join.name())) {
      throw ProtocolException.refusal(ErrorCode.FORBIDDEN, "this node's certificate names it "
          + session.certificateName() + ": it cannot join as " + join.name());
    }
    // The address the connection comes from, unless this tracker is told to believe what peers say (NAT setups).
    String host = settings.trustAdvertisedHosts() ? HostText.canonical(join.host()) : session.remoteHost();
    String secret = join.peerId() != null ? join.secret() : PeerSecret.create();
    return membership.join(session, join.name(), host, join.port(), join.files(), join.peerId(), secret)
        .map(peer -> {
          session.joined(peer.peerId());
          reach.joined(session, peer.peerId(), join.name(), join.port());
          return new TrackerReply.Joined(peer.peerId(), secret, settings.heartbeatMillis(),
              settings.peerTimeoutSeconds(), node.get(), session.remoteHost(), reach.noProbe());
        });
  }
}
