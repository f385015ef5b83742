package p2pshare.tracker.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.Frames;
import p2pshare.protocol.ProtocolException;
import p2pshare.tracker.registry.FileEntry;
import p2pshare.tracker.registry.SearchOrder;

/**
 * Turns one tracker request into its reply frame (docs/protocol.md, "Tracker protocol"). Every outcome, refusals
 * included, is a reply; the returned future fails only on a bug or an internal timeout.
 */
final class RequestHandler {
  static final int MAX_SEARCH = 500;
  static final int MAX_SOURCES = 200;
  /** Sources a lookup gets when it does not say (BitTorrent's numwant). */
  static final int DEFAULT_SOURCES = 50;
  static final int MAX_PEERS = 500;
  private static final Set<String> TYPES =
      Set.of("join", "heartbeat", "update", "have", "search", "sources", "peers", "watch", "leave");

  private final Membership membership;
  private final ShardClient shards;
  private final int maxFilesPerPeer;
  private final boolean trustAdvertisedHosts;
  private final MeterRegistry meters;
  private final java.util.function.Supplier<JsonObject> node;

  /**
   * @param trustAdvertisedHosts list peers at the host they give, not at the address they connect from
   * @param meters where requests are counted by type, or null
   * @param node the tracker node a join reply names: {@code {node, clustered, members}}
   */
  RequestHandler(Membership membership, ShardClient shards, int maxFilesPerPeer, boolean trustAdvertisedHosts,
      MeterRegistry meters, java.util.function.Supplier<JsonObject> node) {
    this.node = node;
    this.meters = meters;
    this.trustAdvertisedHosts = trustAdvertisedHosts;
    this.membership = membership;
    this.shards = shards;
    this.maxFilesPerPeer = maxFilesPerPeer;
  }

  Future<Buffer> handle(PeerSession session, JsonObject message) {
    Long id = RequestFields.idOf(message);
    try {
      return dispatch(session, message, id).recover(failure -> failure instanceof ProtocolException refused
          ? Future.succeededFuture(Frames.json(Replies.error(id, refused.code(), refused.getMessage())))
          : Future.failedFuture(failure));
    } catch (ProtocolException refused) {
      return Future.succeededFuture(Frames.json(Replies.error(id, refused.code(), refused.getMessage())));
    }
  }

  private static Future<Buffer> json(Future<JsonObject> reply) {
    return reply.map(Frames::json);
  }

  private void count(String type) {
    if (meters != null) {
      meters.counter("p2p_tracker_requests_total", "type", type).increment();
    }
  }

  private Future<Buffer> dispatch(PeerSession session, JsonObject message, Long id) throws ProtocolException {
    RequestFields fields = new RequestFields(message);
    if (id == null) {
      throw ProtocolException.refusal(ErrorCode.BAD_REQUEST, "id must be an integer");
    }
    String type = fields.string("type");
    if (!TYPES.contains(type)) {
      throw ProtocolException.refusal(ErrorCode.UNKNOWN_TYPE, "unknown message type " + type);
    }
    String peerId = session.peerId();
    if (peerId == null && !type.equals("join")) {
      throw ProtocolException.refusal(ErrorCode.NOT_JOINED, "the first message must be join");
    }
    if (peerId != null) {
      membership.touch(peerId);
    }
    count(type);
    return switch (type) {
      case "join" -> json(join(session, fields, id));
      case "heartbeat" -> json(Future.succeededFuture(Replies.ok(id)));
      case "update" -> json(update(peerId,
          RequestFields.fileEntries("add", fields.optionalArray("add", maxFilesPerPeer)),
          fields.fileIds("remove", maxFilesPerPeer), id));
      case "have" -> {
        FileEntry file = fields.fileEntry("file");
        yield json(update(peerId, Map.of(file.fileId(), file), List.of(), id));
      }
      case "search" -> json(search(fields, id));
      case "sources" -> sources(fields, peerId, id);
      case "peers" -> json(Future.succeededFuture(membership.peers(fields.limit(MAX_PEERS)).put("type", "peers")
          .put("id", id)));
      case "watch" -> {
        membership.watch(session);
        yield json(Future.succeededFuture(Replies.ok(id)));
      }
      case "leave" -> {
        membership.leave(peerId);
        session.endAfterReplies();
        yield json(Future.succeededFuture(Replies.ok(id)));
      }
      default -> throw new IllegalStateException("type listed but not handled: " + type);
    };
  }

  private Future<JsonObject> join(PeerSession session, RequestFields fields, long id) throws ProtocolException {
    if (session.peerId() != null) {
      throw ProtocolException.refusal(ErrorCode.ALREADY_JOINED, "this connection has joined already");
    }
    String name = fields.name("name");
    if (session.certificateName() != null && !session.certificateName().equals(name)) {
      throw ProtocolException.refusal(ErrorCode.FORBIDDEN, "this node's certificate names it "
          + session.certificateName() + ": it cannot join as " + name);
    }
    String advertised = fields.name("host");
    // The address the connection comes from, unless this tracker is told to believe what peers say (NAT setups).
    String host = trustAdvertisedHosts ? advertised : session.remoteHost();
    int port = (int) fields.integer("port", 1, 65535);
    Map<String, FileEntry> files = RequestFields.fileEntries("files", fields.array("files", maxFilesPerPeer));
    String claimed = fields.claimedPeerId();
    String secret = claimed != null ? fields.string("secret") : PeerSecret.create();
    return membership.join(session, name, host, port, files.values(), claimed, secret).map(peer -> {
      session.joined(peer.peerId());
      return Replies.reply("joined", id).put("peerId", peer.peerId()).put("secret", secret)
          .put("peerTimeoutSeconds", membership.peerTimeoutSeconds()).put("tracker", node.get());
    });
  }

  private Future<JsonObject> update(String peerId, Map<String, FileEntry> add, List<String> remove, long id) {
    return membership.update(peerId, add, remove).map(v -> Replies.ok(id));
  }

  private Future<JsonObject> search(RequestFields fields, long id) throws ProtocolException {
    String q = fields.optionalString("q", "");
    boolean exact = fields.optionalBoolean("exact", false);
    int limit = fields.limit(MAX_SEARCH);
    String sort = fields.optionalString("sort", SearchOrder.NAME.wire);
    SearchOrder order = SearchOrder.of(sort);
    if (order == null) {
      throw ProtocolException.refusal(ErrorCode.BAD_REQUEST, "sort must be one of " + SearchOrder.choices());
    }
    return shards.search(q, exact, limit, order).map(found -> Replies.reply("files", id).mergeIn(found));
  }

  private Future<Buffer> sources(RequestFields fields, String peerId, long id) throws ProtocolException {
    String fileId = fields.fileId("fileId");
    int limit = fields.limit(MAX_SOURCES, DEFAULT_SOURCES);
    return shards.sources(fileId, peerId, limit).map(found -> Frames.json("sources", id, found));
  }
}
