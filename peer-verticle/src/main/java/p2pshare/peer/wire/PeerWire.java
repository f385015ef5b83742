package p2pshare.peer.wire;

import io.vertx.core.json.JsonObject;

/** Message types and limits of the peer wire protocol (docs/protocol.md, "Peer wire protocol"). */
public final class PeerWire {
  public static final String MANIFEST = "manifest";
  public static final String CHUNK = "chunk";
  public static final String ERROR = "error";

  /** Requests are small JSON objects. */
  public static final int MAX_REQUEST_FRAME = 64 * 1024;
  /** Requests a server keeps waiting on one connection before it stops reading from it. */
  public static final int MAX_PIPELINED = 32;
  /** Manifests are the largest JSON replies: 16 MiB holds about 250,000 chunk hashes. */
  public static final int MAX_MANIFEST_FRAME = 16 * 1024 * 1024;

  private PeerWire() {
  }

  public static int maxResponseFrame(int chunkSize) {
    return Math.max(MAX_MANIFEST_FRAME, chunkSize + 64);
  }

  public static JsonObject error(int id, String code, String message) {
    return new JsonObject().put("type", ERROR).put("id", id).put("code", code).put("message", message);
  }
}
