package p2pshare.tracker.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import p2pshare.protocol.ProtocolException;
import p2pshare.tracker.registry.FileEntry;

/**
 * Turns one tracker request into its reply (docs/protocol.md, "Tracker protocol"). Every outcome, refusals
 * included, is a reply; the returned future fails only on a bug or an internal timeout.
 */
final class RequestHandler {
  static final int MAX_SEARCH = 500;
  static final int MAX_SOURCES = 200;
  static final int MAX_PEERS = 500;
  private static final Set<String> TYPES =
      Set.of("join", "heartbeat", "update", "have", "search", "sources", "peers", "watch", "leave");

  private final Membership membership;
  private final ShardClient shards;
  private final int maxFilesPerPeer;
  private final MeterRegistry meters;

  /** @param meters where requests are counted by type, or null */
  RequestHandler(Membership membership, ShardClient shards, int maxFilesPerPeer, MeterRegistry meters) {
    this.meters = meters;
    this.membership = membership;
    this.shards = shards;
    this.maxFilesPerPeer = maxFilesPerPeer;
  }

  Future<JsonObject> handle(PeerSession session, JsonObject message) {
    Long id = RequestFields.idOf(message);
    try {
      return dispatch(session, message, id).recover(failure -> failure instanceof ProtocolException refused
          ? Future.succeededFuture(Replies.error(id, refused.code(), refused.getMessage()))
          : Future.failedFuture(failure));
    } catch (ProtocolException refused) {
      return Future.succeededFuture(Replies.error(id, refused.code(), refused.getMessage()));
    }
  }

  private Future<JsonObject> dispatch(PeerSession session, JsonObject message, Long id) throws ProtocolException {
    RequestFields fields = new RequestFields(message);
    if (id == null) {
      throw new ProtocolException(Replies.BAD_REQUEST, "id must be an integer");
    }
    String type = fields.string("type");
    if (!TYPES.contains(type)) {
      throw new ProtocolException(Replies.UNKNOWN_TYPE, "unknown message type " + type);
    }
    String peerId = session.peerId();
    if (peerId == null && !type.equals("join")) {
      throw new ProtocolException(Replies.NOT_JOINED, "the first message must be join");
    }
    if (peerId != null) {
      membership.touch(peerId);
    }
    if (meters != null) {
      meters.counter("p2p_tracker_requests_total", "type", type).increment();
    }
    return switch (type) {
      case "join" -> join(session, fields, id);
      case "heartbeat" -> Future.succeededFuture(Replies.ok(id));
      case "update" -> update(peerId, RequestFields.fileEntries("add", fields.optionalArray("add", maxFilesPerPeer)),
          fields.fileIds("remove", maxFilesPerPeer), id);
      case "have" -> {
        FileEntry file = fields.fileEntry("file");
        yield update(peerId, Map.of(file.fileId(), file), List.of(), id);
      }
      case "search" -> search(fields, id);
      case "sources" -> sources(fields, peerId, id);
      case "peers" -> Future.succeededFuture(membership.peers(fields.limit(MAX_PEERS)).put("type", "peers")
          .put("id", id));
      case "watch" -> {
        membership.watch(session);
        yield Future.succeededFuture(Replies.ok(id));
      }
      case "leave" -> {
        membership.leave(peerId);
        session.endAfterReplies();
        yield Future.succeededFuture(Replies.ok(id));
      }
      default -> throw new IllegalStateException("type listed but not handled: " + type);
    };
  }

  private Future<JsonObject> join(PeerSession session, RequestFields fields, long id) throws ProtocolException {
    if (session.peerId() != null) {
      throw new ProtocolException(Replies.ALREADY_JOINED, "this connection has joined already");
    }
    String name = fields.name("name");
    String host = fields.name("host");
    int port = (int) fields.integer("port", 1, 65535);
    Map<String, FileEntry> files = RequestFields.fileEntries("files", fields.array("files", maxFilesPerPeer));
    return membership.join(session, name, host, port, files.values()).map(peer -> {
      session.joined(peer.peerId());
      return Replies.reply("joined", id).put("peerId", peer.peerId())
          .put("peerTimeoutSeconds", membership.peerTimeoutSeconds());
    });
  }

  private Future<JsonObject> update(String peerId, Map<String, FileEntry> add, List<String> remove, long id) {
    return membership.update(peerId, add, remove).map(v -> Replies.ok(id));
  }

  private Future<JsonObject> search(RequestFields fields, long id) throws ProtocolException {
    String q = fields.optionalString("q", "");
    boolean exact = fields.optionalBoolean("exact", false);
    int limit = fields.limit(MAX_SEARCH);
    return shards.search(q, exact, limit).map(files -> Replies.reply("files", id).put("files", files));
  }

  private Future<JsonObject> sources(RequestFields fields, String peerId, long id) throws ProtocolException {
    String fileId = fields.fileId("fileId");
    int limit = fields.limit(MAX_SOURCES);
    return shards.sources(fileId, peerId, limit).map(found -> Replies.reply("sources", id).mergeIn(found));
  }
}
