package p2pshare.dashboard.api;

import io.vertx.core.Handler;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import p2pshare.peer.PeerBus;

/**
 * {@code POST /api/shares?name=NAME} with the file's bytes as the body: adds a file to this node's share folder.
 * The body is streamed to a temporary file the peer makes ({@link PeerBus#SHARE_UPLOAD_BEGIN}), never held in memory, and
 * counted against {@code maxBytes}; once complete the peer gives it its final name ({@link PeerBus#SHARE_UPLOAD_FINISH}).
 * A refused, failed or cut-off upload leaves nothing behind ({@link PeerBus#SHARE_UPLOAD_ABORT}).
 */
final class ShareUploadRoute implements Handler<RoutingContext> {
  /** How long a refused upload's remaining body is read and dropped before the connection is closed. */
  static final long LINGER_MILLIS = 5_000;

  private final PeerBusClient peer;
  private final long maxBytes;

  /** @param maxBytes the largest file accepted; 0 turns uploads off */
  ShareUploadRoute(PeerBusClient peer, long maxBytes) {
    this.peer = peer;
    this.maxBytes = maxBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause(); // nothing is read until there is a file to write it to
    String name = request.getParam("name");
    long declared = contentLength(request);
    if (maxBytes == 0) {
      refuse(ctx, new ApiError(403, "uploads are turned off on this node (http.maxUploadBytes is 0)"));
    } else if (name == null || name.isBlank()) {
      refuse(ctx, ApiError.badRequest("give the file's name as ?name="));
    } else if (declared > maxBytes) {
      refuse(ctx, tooLarge());
    } else {
      JsonObject begin = new JsonObject().put("name", name);
      if (declared >= 0) {
        begin.put("size", declared);
      }
      peer.request(PeerBus.SHARE_UPLOAD_BEGIN, begin)
          .onSuccess(upload -> ctx.vertx().fileSystem()
              .open(upload.getString("path"), new OpenOptions().setWrite(true).setCreate(false))
              .onSuccess(file -> new Transfer(ctx, upload.getString("uploadId"), name, file).start())
              .onFailure(e -> abort(ctx, upload.getString("uploadId"), e)))
          .onFailure(e -> refuse(ctx, PeerFailures.toApiError(e)));
    }
  }

  /** One upload's copy from the request to its file, with the request paused while the file's queue is full. */
  private final class Transfer {
    private final RoutingContext ctx;
    private final String uploadId;
    private final String name;
    private final AsyncFile file;
    private long received;
    private boolean over;

    Transfer(RoutingContext ctx, String uploadId, String name, AsyncFile file) {
      this.ctx = ctx;
      this.uploadId = uploadId;
      this.name = name;
      this.file = file;
    }

    void start() {
      HttpServerRequest request = ctx.request();
      file.drainHandler(v -> request.resume());
      request.handler(chunk -> {
        received += chunk.length();
        if (received > maxBytes) {
          fail(tooLarge());
          return;
        }
        file.write(chunk);
        if (file.writeQueueFull()) {
          request.pause();
        }
      });
      request.exceptionHandler(e -> fail(new ApiError(400, "the upload was cut off: " + e.getMessage())));
      ctx.response().closeHandler(v -> fail(new ApiError(400, "the connection closed before the upload ended")));
      request.endHandler(v -> {
        if (!over) {
          file.close()
              .compose(closed -> peer.request(PeerBus.SHARE_UPLOAD_FINISH,
                  new JsonObject().put("uploadId", uploadId).put("name", name)))
              .onSuccess(shared -> JsonResponse.send(ctx, 201, shared))
              .onFailure(e -> refuse(ctx, PeerFailures.toApiError(e)));
        }
      });
      request.resume();
    }

    private void fail(ApiError error) {
      if (over) {
        return;
      }
      over = true;
      file.close().onComplete(closed -> abort(ctx, uploadId, error));
    }
  }

  /** Has the temporary file deleted, then answers: once a refusal arrives, nothing of the upload is left. */
  private void abort(RoutingContext ctx, String uploadId, Throwable cause) {
    peer.request(PeerBus.SHARE_UPLOAD_ABORT, new JsonObject().put("uploadId", uploadId))
        .onComplete(deleted -> refuse(ctx, PeerFailures.toApiError(cause)));
  }

  /**
   * Answers, then reads and drops what the client still sends for at most {@value #LINGER_MILLIS} ms before closing
   * the connection (as web servers do): closing at once would make most clients miss the answer.
   */
  private static void refuse(RoutingContext ctx, ApiError error) {
    HttpServerRequest request = ctx.request();
    if (!request.isEnded()) {
      request.handler(dropped -> { });
      request.exceptionHandler(ignored -> { });
      request.resume();
      long timer = ctx.vertx().setTimer(LINGER_MILLIS, t -> request.connection().close());
      request.endHandler(v -> ctx.vertx().cancelTimer(timer));
    }
    if (!ctx.response().headWritten() && !ctx.response().closed()) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      JsonResponse.send(ctx, error);
    }
  }

  private ApiError tooLarge() {
    return new ApiError(413, "the file is larger than this node accepts (" + maxBytes + " bytes, http.maxUploadBytes)");
  }

  private static long contentLength(HttpServerRequest request) {
    try {
      String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
      return header == null ? -1 : Long.parseLong(header);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
