package p2pshare.peer.wire;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import p2pshare.peer.share.Manifest;
import p2pshare.protocol.FrameReader;
import p2pshare.protocol.Frames;
import p2pshare.protocol.ProtocolException;

/**
 * The downloader's side of one connection to a source. Requests are pipelined; the server answers in order, so
 * the oldest pending request owns the next reply. When nothing arrives for {@code stallMillis} while requests are
 * waiting, every pending request fails and the connection closes: after a stall the order can no longer be
 * trusted. Not thread-safe: use it from the event loop that created it.
 */
public final class PeerConnection {
  private record Pending(int id, Promise<Object> promise) {
  }

  private final Vertx vertx;
  private final NetSocket socket;
  private final long stallMillis;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private int nextId = 1;
  private long lastReply = System.nanoTime();
  private long stallTimer = -1;
  private WireException closedBy;

  private PeerConnection(Vertx vertx, NetSocket socket, int maxFrameBytes, long stallMillis) {
    this.vertx = vertx;
    this.socket = socket;
    this.stallMillis = stallMillis;
    new FrameReader(socket, maxFrameBytes, this::onFrame,
        error -> fail(new WireException("protocol", "bad frame from source: " + error)));
    socket.closeHandler(v -> fail(new WireException("closed", "source closed the connection")));
    socket.exceptionHandler(e -> fail(new WireException("closed", "connection error: " + e.getMessage())));
  }

  public static Future<PeerConnection> connect(Vertx vertx, NetClient client, String host, int port,
      int maxFrameBytes, long stallMillis) {
    return client.connect(port, host).map(socket -> new PeerConnection(vertx, socket, maxFrameBytes, stallMillis));
  }

  public boolean isOpen() {
    return closedBy == null;
  }

  public int inFlight() {
    return pending.size();
  }

  /** Fetches and checks the manifest of {@code fileId}. */
  public Future<Manifest> manifest(String fileId) {
    return send(new JsonObject().put("type", PeerWire.MANIFEST).put("fileId", fileId)).compose(reply -> {
      if (!(reply instanceof JsonObject json) || !PeerWire.MANIFEST.equals(json.getString("type"))
          || json.getJsonObject("manifest") == null) {
        return Future.failedFuture(new WireException("protocol", "expected a manifest"));
      }
      try {
        Manifest manifest = Manifest.fromJson(json.getJsonObject("manifest"));
        if (!manifest.fileId().equals(fileId)) {
          return Future.failedFuture(new WireException("protocol", "source sent the manifest of another file"));
        }
        return Future.succeededFuture(manifest);
      } catch (IllegalArgumentException | ClassCastException e) {
        return Future.failedFuture(new WireException("protocol", "bad manifest: " + e.getMessage()));
      }
    });
  }

  /** Fetches the bytes of one chunk; the caller verifies them. */
  public Future<Buffer> chunk(String fileId, int index) {
    return send(new JsonObject().put("type", PeerWire.CHUNK).put("fileId", fileId).put("index", index))
        .compose(reply -> reply instanceof Buffer data
            ? Future.succeededFuture(data)
            : Future.failedFuture(new WireException("protocol", "expected chunk data")));
  }

  public void close() {
    fail(new WireException("closed", "connection closed"));
  }

  private Future<Object> send(JsonObject request) {
    if (closedBy != null) {
      return Future.failedFuture(closedBy);
    }
    int id = nextId++;
    Promise<Object> promise = Promise.promise();
    if (pending.isEmpty()) {
      lastReply = System.nanoTime();
    }
    pending.add(new Pending(id, promise));
    socket.write(Frames.json(request.put("id", id)));
    armStallTimer();
    return promise.future();
  }

  private void onFrame(Buffer body) {
    Pending head = pending.poll();
    if (head == null) {
      fail(new WireException("protocol", "source sent a reply nobody asked for"));
      return;
    }
    lastReply = System.nanoTime();
    byte kind = Frames.kind(body);
    if (kind == Frames.DATA && body.length() >= Frames.DATA_PREFIX && Frames.dataRequestId(body) == head.id()) {
      head.promise().complete(Frames.dataPayload(body));
      return;
    }
    JsonObject json;
    try {
      json = Frames.jsonOf(body);
    } catch (ProtocolException e) {
      head.promise().fail(new WireException("protocol", e.getMessage()));
      fail(new WireException("protocol", "source broke the protocol: " + e.getMessage()));
      return;
    }
    if (!Integer.valueOf(head.id()).equals(json.getValue("id"))) {
      head.promise().fail(new WireException("protocol", "reply out of order"));
      fail(new WireException("protocol", "source answered out of order"));
    } else if (PeerWire.ERROR.equals(json.getString("type"))) {
      head.promise().fail(new WireException(String.valueOf(json.getValue("code")),
          String.valueOf(json.getValue("message"))));
    } else {
      head.promise().complete(json);
    }
  }

  private void armStallTimer() {
    if (stallTimer >= 0) {
      return;
    }
    stallTimer = vertx.setTimer(stallMillis, t -> {
      stallTimer = -1;
      if (pending.isEmpty() || closedBy != null) {
        return;
      }
      long idleMillis = (System.nanoTime() - lastReply) / 1_000_000;
      if (idleMillis >= stallMillis) {
        fail(new WireException("timeout", "source sent nothing for " + idleMillis + " ms"));
      } else {
        armStallTimer();
      }
    });
  }

  private void fail(WireException cause) {
    if (closedBy != null) {
      return;
    }
    closedBy = cause;
    if (stallTimer >= 0) {
      vertx.cancelTimer(stallTimer);
    }
    Pending p;
    while ((p = pending.poll()) != null) {
      p.promise().tryFail(cause);
    }
    socket.close();
  }
}
