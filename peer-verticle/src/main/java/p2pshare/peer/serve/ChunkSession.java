package p2pshare.peer.serve;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.SharedFile;
import p2pshare.peer.share.ShareIndex;
import p2pshare.peer.wire.PeerWire;
import p2pshare.protocol.FramedConnection;

/**
 * One requester's connection: its requests are answered one at a time, in order, over a {@link FramedConnection},
 * which stops reading while {@link PeerWire#MAX_PIPELINED} requests wait, so a fast requester cannot queue
 * unbounded work.
 */
final class ChunkSession {
  private final FramedConnection connection;
  private final Consumer<SharedFile> onStale;
  private final PeerMeters meters;
  private final ShareIndex index;
  private final UploadPacer pacer;
  private String peer;

  ChunkSession(FramedConnection connection, ShareIndex index, UploadPacer pacer, PeerMeters meters,
      Consumer<SharedFile> onStale) {
    this.pacer = pacer;
    this.meters = meters;
    this.onStale = onStale;
    this.connection = connection;
    this.index = index;
    connection.requestHandler(this::answer);
  }

  private Future<Void> answer(JsonObject request) {
    Object rawId = request.getValue("id");
    if (!(rawId instanceof Integer id)) {
      return reply(PeerWire.error(0, "bad-request", "a request needs an integer id"));
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

  /** Sends the chunk once the upload limit lets it go (see {@link UploadPacer}). */
  private Future<Void> sendChunk(int id, SharedFile file, int chunk) {
    return pacer.permit(peer(), file.manifest().length(chunk), connection::isOpen)
        .compose(go -> sendChunkNow(id, file, chunk));
  }

  /**
   * Sends the chunk straight from the file, after checking that the file is still the one that was indexed: a file
   * changed, replaced, deleted or swapped for a link since then gets an {@code unavailable} error (and a rescan)
   * instead of wrong or missing bytes. The check is one {@code lstat} on this event loop, cheaper than the
   * {@code open} that {@code sendFile} does here anyway.
   */
  private Future<Void> sendChunkNow(int id, SharedFile file, int chunk) {
    Manifest manifest = file.manifest();
    int length = manifest.length(chunk);
    if (!file.unchangedOnDisk()) {
      onStale.accept(file);
      return reply(PeerWire.error(id, "unavailable", "the file changed or disappeared on this peer"));
    }
    return connection.sendFile(id, file.path().toString(), manifest.offset(chunk), length)
        .onSuccess(v -> {
          meters.uploaded(manifest.fileId(), length);
          meters.uploadedTo(peer(), length);
        });
  }

  /**
   * The remote peer, for turns and metrics: the name from its hello at the address it connects from (a name alone
   * is not enough, since many nodes keep the default one), or the address alone for a peer without a hello. Known
   * from the first chunk request on, since the hello comes first.
   */
  private String peer() {
    if (peer == null) {
      String name = connection.remoteName();
      peer = name == null || name.isBlank() ? connection.remoteHost() : name + "@" + connection.remoteHost();
    }
    return peer;
  }

  private Future<Void> reply(JsonObject message) {
    return connection.send(message);
  }
}
