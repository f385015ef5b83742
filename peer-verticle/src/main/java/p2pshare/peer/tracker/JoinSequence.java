package p2pshare.peer.tracker;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;

/**
 * The requests that join a tracker and leave it: hello, then the join with the first part of the file list, then
 * updates with the rest ({@link FileListParts}); and the leave. Each request is bounded by the link's timeout.
 */
final class JoinSequence {
  private JoinSequence() {
  }

  /** Joins over {@code link}; fails with the first refusal or local failure. */
  static Future<TrackerMessages.Joined> join(TrackerLink link, String name, JsonObject request,
      TrackerMessages.Claim claim) {
    List<JsonObject> parts = TrackerMessages.join(request, claim);
    return link.hello(name)
        .compose(hello -> link.request(parts.get(0)))
        .compose(reply -> sendParts(link, parts.subList(1, parts.size())).map(reply))
        .compose(reply -> {
          TrackerMessages.Joined joined = TrackerMessages.joined(reply);
          return joined == null ? Future.failedFuture(ProtocolException.local(ErrorCode.BAD_FRAME,
              "the join's reply has no peerId: " + reply.encode()))
              : Future.succeededFuture(joined);
        });
  }

  /** Sends the parts one after the other; the first failure stops them. */
  static Future<Void> sendParts(TrackerLink link, List<JsonObject> parts) {
    Future<JsonObject> chain = Future.succeededFuture(new JsonObject());
    for (JsonObject part : parts) {
      chain = chain.compose(previous -> link.request(part));
    }
    return chain.mapEmpty();
  }

  /** Says goodbye, so that the tracker drops this node at once rather than when its heartbeats stop. */
  static Future<Void> leave(TrackerLink link) {
    return link.request(TrackerMessages.leave()).mapEmpty();
  }
}
