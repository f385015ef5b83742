package p2pshare.peer.serve;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.function.Consumer;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.SharedFile;
import p2pshare.peer.share.ShareIndex;
import p2pshare.peer.wire.PeerWire;
import p2pshare.protocol.FrameReader;
import p2pshare.protocol.Frames;
import p2pshare.protocol.ProtocolException;

/**
 * One requester's connection. Requests are answered strictly in order, one at a time: each waits for the previous
 * reply to be written. When {@link PeerWire#MAX_PIPELINED} requests are waiting, reading stops until half of them
 * are done, so a fast requester cannot queue unbounded work.
 */
final class ChunkSession {
  private final Vertx vertx;
  private final NetSocket socket;
  private final Consumer<SharedFile> onStale;
  private final PeerMeters meters;
  private final ShareIndex index;
  private final FrameReader reader;
  private Future<Void> tail = Future.succeededFuture();
  private int waiting;
  private boolean paused;

  ChunkSession(Vertx vertx, NetSocket socket, ShareIndex index, PeerMeters meters, Consumer<SharedFile> onStale) {
    this.meters = meters;
    this.vertx = vertx;
    this.onStale = onStale;
    this.socket = socket;
    this.index = index;
    this.reader = new FrameReader(socket, PeerWire.MAX_REQUEST_FRAME, this::onFrame, error -> socket.close());
  }

  private void onFrame(Buffer body) {
    JsonObject request;
    try {
      request = Frames.jsonOf(body);
    } catch (ProtocolException e) {
      socket.end(Frames.json(PeerWire.error(0, e.code(), e.getMessage())));
      return;
    }
    waiting++;
    if (waiting >= PeerWire.MAX_PIPELINED && !paused) {
      paused = true;
      reader.pause();
    }
    tail = tail.transform(previous -> answer(request)).andThen(done -> {
      waiting--;
      if (done.failed()) {
        socket.close();
      } else if (paused && waiting <= PeerWire.MAX_PIPELINED / 2) {
        paused = false;
        reader.resume();
      }
    });
  }

  private Future<Void> answer(JsonObject request) {
    Object rawId = request.getValue("id");
    if (!(rawId instanceof Integer id)) {
      return socket.write(Frames.json(PeerWire.error(0, "bad-request", "a request needs an integer id")));
    }
    Object type = request.getValue("type");
    if (!(request.getValue("fileId") instanceof String fileId) || !Manifest.isFileId(fileId)) {
      return reply(PeerWire.error(id, "bad-request", "fileId must be 64 lowercase hex digits"));
    }
    SharedFile file = index.get(fileId);
    if (PeerWire.MANIFEST.equals(type)) {
      return file == null
          ? reply(PeerWire.error(id, "unknown-file", "this peer does not offer " + fileId))
          : reply(new JsonObject().put("type", PeerWire.MANIFEST).put("id", id)
              .put("manifest", file.manifest().toJson()));
    }
    if (PeerWire.CHUNK.equals(type)) {
      if (file == null) {
        return reply(PeerWire.error(id, "unknown-file", "this peer does not offer " + fileId));
      }
      if (!(request.getValue("index") instanceof Integer chunk) || chunk < 0
          || chunk >= file.manifest().chunkCount()) {
        return reply(PeerWire.error(id, "bad-index", "no such chunk in " + fileId));
      }
      return sendChunk(id, file, chunk);
    }
    return reply(PeerWire.error(id, "unknown-type", "unknown request type " + type));
  }

  /**
   * Sends the chunk straight from the file, after checking that the file is still the one that was indexed: a file
   * changed, replaced, deleted or swapped for a link since then gets an {@code unavailable} error (and a rescan)
   * instead of wrong or missing bytes. The check is one {@code lstat} on this event loop, cheaper than the
   * {@code open} that {@code sendFile} does here anyway.
   */
  private Future<Void> sendChunk(int id, SharedFile file, int chunk) {
    Manifest manifest = file.manifest();
    int length = manifest.length(chunk);
    if (!file.unchangedOnDisk()) {
      onStale.accept(file);
      return reply(PeerWire.error(id, "unavailable", "the file changed or disappeared on this peer"));
    }
    socket.write(Frames.dataHeader(id, length));
    return socket.sendFile(file.path().toString(), manifest.offset(chunk), length)
        .onSuccess(v -> meters.uploaded(manifest.fileId(), length));
  }

  private Future<Void> reply(JsonObject message) {
    return socket.write(Frames.json(message));
  }
}
