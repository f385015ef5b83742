package p2pshare.peer;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * The event-bus addresses a peer verticle answers, and how it reports failures. Shapes are documented in
 * docs/protocol.md ("Peer node event bus"). A failure is a {@link ReplyException} whose code is an HTTP status and
 * whose message is a JSON object text with at least an {@code error} field.
 */
public final class PeerBus {
  public static final String NODE = "p2p.peer.node";
  public static final String PEERS = "p2p.peer.peers";
  public static final String FILES = "p2p.peer.files";
  public static final String SHARES = "p2p.peer.shares";
  public static final String DOWNLOAD_START = "p2p.peer.downloads.start";
  public static final String DOWNLOAD_LIST = "p2p.peer.downloads.list";
  public static final String DOWNLOAD_GET = "p2p.peer.downloads.get";
  public static final String DOWNLOAD_CANCEL = "p2p.peer.downloads.cancel";
  /** Published: {@code {type: "download", download}} on state changes and progress. */
  public static final String EVENTS = "p2p.peer.events";

  private PeerBus() {
  }

  public static ReplyException failure(int status, String error) {
    return failure(status, new JsonObject().put("error", error));
  }

  public static ReplyException failure(int status, JsonObject body) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, status, body.encode());
  }
}
