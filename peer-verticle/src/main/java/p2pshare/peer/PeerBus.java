package p2pshare.peer;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import p2pshare.peer.download.DownloadException;

/**
 * The event-bus addresses a peer verticle answers, and how it reports failures. Shapes are documented in
 * docs/protocol.md ("Peer node event bus"). A failure is a {@link ReplyException} whose code is an HTTP status and
 * whose message is a JSON object text with at least an {@code error} field. This is where the peer's failures, told
 * in the download's words ({@link DownloadException}), become statuses: the dashboard passes them on as they are.
 */
public final class PeerBus {
  public static final String NODE = "p2p.peer.node";
  public static final String PEERS = "p2p.peer.peers";
  public static final String FILES = "p2p.peer.files";
  public static final String SHARES = "p2p.peer.shares";
  /** {@code {}}: what this node uploaded, in all and per file and peer (see {@link p2pshare.peer.serve.TransferStats}). */
  public static final String UPLOADS = "p2p.peer.uploads";
  public static final String DOWNLOAD_START = "p2p.peer.downloads.start";
  public static final String DOWNLOAD_LIST = "p2p.peer.downloads.list";
  public static final String DOWNLOAD_GET = "p2p.peer.downloads.get";
  public static final String DOWNLOAD_CANCEL = "p2p.peer.downloads.cancel";
  /** {@code {id}}: the download, paused; 404 unknown, 409 finished. */
  public static final String DOWNLOAD_PAUSE = "p2p.peer.downloads.pause";
  /** {@code {id}}: the download, queued again (or already running); 404 unknown, 409 finished. */
  public static final String DOWNLOAD_RESUME = "p2p.peer.downloads.resume";
  /** {@code {name, size?}}: {@code {uploadId, path}}, a new temporary file in the share folder to write to. */
  public static final String SHARE_UPLOAD_BEGIN = "p2p.peer.shares.upload.begin";
  /** {@code {uploadId, name}}: {@code {name, size}}, the written file published under a safe, unused name. */
  public static final String SHARE_UPLOAD_FINISH = "p2p.peer.shares.upload.finish";
  /** {@code {uploadId}}: {@code {}}, the upload's temporary file deleted. */
  public static final String SHARE_UPLOAD_ABORT = "p2p.peer.shares.upload.abort";
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

  /**
   * The reply failure for {@code error}: a {@link DownloadException} gets its reason's {@link #status} and the body
   * {@code {"error": message}} plus its details (an ambiguous name's {@code candidates}); a failure already made
   * here keeps its status; anything else is a 500.
   */
  public static ReplyException failure(Throwable error) {
    if (error instanceof DownloadException d) {
      return failure(status(d.reason()), new JsonObject().put("error", d.getMessage()).mergeIn(d.details()));
    }
    if (error instanceof ReplyException reply) {
      return reply;
    }
    return failure(500, String.valueOf(error.getMessage()));
  }

  /** The HTTP status that stands for {@code reason} (docs/protocol.md, "Peer node event bus"). */
  public static int status(DownloadException.Reason reason) {
    return switch (reason) {
      case BAD_REQUEST -> 400;
      // No source at all is what the tracker's unknown file means too: nobody offers it.
      case UNKNOWN_FILE, NO_SUCH_DOWNLOAD, NO_SOURCE -> 404;
      case AMBIGUOUS_NAME, ALREADY_HAVE, ALREADY_FINISHED -> 409;
      case TRACKER_UNAVAILABLE -> 503;
      case NO_SPACE -> 507;
      case STORAGE, PUBLISH -> 500;
    };
  }
}
