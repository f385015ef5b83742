package p2pshare.peer.serve;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.PartialShare;
import p2pshare.peer.share.ShareIndex;
import p2pshare.peer.share.SharedFile;
import p2pshare.peer.wire.PeerWire;
import p2pshare.peer.wire.PeerWireCodec;
import p2pshare.peer.wire.WirePush;
import p2pshare.peer.wire.WireReply;
import p2pshare.peer.wire.WireRequest;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.RpcServer;

/**
 * One requester's connection: its requests are answered one at a time, in order, over an {@link RpcServer},
 * which stops reading while {@link PeerWire#MAX_PIPELINED} requests wait, so a fast requester cannot queue
 * unbounded work. Files still being downloaded are served too, but only their verified chunks; a requester that
 * asked for a file's manifest is told of each chunk this node gets from then on ({@code have} pushes), and of the
 * chunks a complete file's {@link SuperSeed} hands it. A request given up with {@code cancel} before its turn is
 * skipped. docs/protocol.md, "Peer wire protocol".
 */
final class ChunkSession {
  /** Bad-chunk reports checked per connection (see {@link ChunkRecheck} for the node's own limits). */
  static final int MAX_BAD_CHUNK_REPORTS = 4;
  private final RpcServer connection;
  private final Consumer<SharedFile> onStale;
  private final PeerMeters meters;
  private final ShareIndex index;
  private final Function<Manifest, SuperSeed> superSeeds;
  private final Set<Integer> cancelled = new HashSet<>();
  private int lastAnswered;
  private final Map<String, Runnable> watching = new HashMap<>();
  private final Map<String, BitSet> allotted = new HashMap<>();
  private final List<Runnable> leaving = new ArrayList<>();
  private final UploadPacer pacer;
  private final ChunkRecheck recheck;
  private int badChunkReports;
  private String peer;

  /**
   * @param pacer gives turns to send under the node's upload limit
   * @param superSeeds the hand-out record of a complete file, shared by every session of the server
   * @param recheck checks a chunk a downloader reports bad, shared by every session of the server
   */
  ChunkSession(RpcServer connection, ShareIndex index, UploadPacer pacer, PeerMeters meters,
      Consumer<SharedFile> onStale, Function<Manifest, SuperSeed> superSeeds, ChunkRecheck recheck) {
    this.recheck = recheck;
    this.pacer = pacer;
    this.meters = meters;
    this.onStale = onStale;
    this.connection = connection;
    this.index = index;
    this.superSeeds = superSeeds;
    connection.requestHandler(this::answer);
    connection.pushHandler(this::onPush);
  }

  /** The connection closed: stop watching files for it. */
  void closed() {
    watching.values().forEach(Runnable::run);
    watching.clear();
    leaving.forEach(Runnable::run);
    leaving.clear();
  }

  private void onPush(JsonObject json) {
    WirePush push = PeerWireCodec.decodePush(json);
    // Only a request not answered yet can be skipped; at most the ones a connection may have waiting are kept.
    if (push instanceof WirePush.Cancel cancel && cancel.request() > lastAnswered
        && cancelled.size() < PeerWire.MAX_PIPELINED * 2) {
      cancelled.add(cancel.request());
    }
    // A downloader reports a chunk once and then leaves: a connection gets a few reports checked, no more.
    if (push instanceof WirePush.BadChunk bad && badChunkReports < MAX_BAD_CHUNK_REPORTS) {
      badChunkReports++;
      SharedFile file = index.get(bad.fileId());
      if (file != null) {
        recheck.check(file, bad.index());
      }
    }
  }

  private Future<Void> answer(JsonObject json) {
    Integer id = PeerWireCodec.idOf(json);
    if (id == null) {
      return reply(PeerWire.error(0, ErrorCode.BAD_REQUEST, "a request needs an integer id"));
    }
    lastAnswered = Math.max(lastAnswered, id);
    WireRequest request;
    try {
      request = PeerWireCodec.decodeRequest(json);
    } catch (ProtocolException refused) {
      return cancelled.remove(id) ? skipped() : reply(PeerWire.error(id, refused.code(), refused.getMessage()));
    }
    if (cancelled.remove(id)) {
      // Its asker has it from someone else by now; a hand-out it gave up is replaced by another.
      SharedFile given = index.get(request.fileId());
      if (given != null && request instanceof WireRequest.Chunk chunk) {
        allotNext(given.manifest(), chunk.index());
      }
      return skipped();
    }
    String fileId = request.fileId();
    SharedFile file = index.get(fileId);
    PartialShare partial = file == null ? index.partial(fileId) : null;
    if (file == null && partial == null) {
      return reply(PeerWire.error(id, ErrorCode.UNKNOWN_FILE, "this peer does not offer " + fileId));
    }
    Manifest manifest = file != null ? file.manifest() : partial.manifest();
    if (!(request instanceof WireRequest.Chunk asked)) {
      return reply(PeerWireCodec.encode(id, manifestReply(manifest, partial)));
    }
    int chunk = asked.index();
    if (chunk < 0 || chunk >= manifest.chunkCount()) {
      return reply(PeerWire.error(id, ErrorCode.BAD_INDEX, "no such chunk in " + fileId));
    }
    if (partial != null && !partial.has(chunk)) {
      return reply(PeerWire.error(id, ErrorCode.MISSING, "this peer does not have chunk " + chunk + " yet"));
    }
    return file != null ? sendChunk(id, file, chunk)
        : pacer.permit(peer(), manifest.length(chunk), connection::isOpen)
            .compose(go -> sendPartial(id, manifest, partial.path(), chunk));
  }

  private Future<Void> skipped() {
    meters.requestCancelled();
    return Future.succeededFuture();
  }

  /** Sends the chunk once the upload limit lets it go (see {@link UploadPacer}). */
  private Future<Void> sendChunk(int id, SharedFile file, int chunk) {
    return pacer.permit(peer(), file.manifest().length(chunk), connection::isOpen)
        .compose(go -> sendChunkNow(id, file, chunk));
  }

  /**
   * The manifest, and for a peer that speaks version 2 what this node can give: {@code complete} when it holds
   * every chunk, and {@code have}, the chunks to ask for (all verified ones of a partial file; a complete file's
   * hand-out). From then on the peer is told of more with {@code have} pushes.
   */
  private WireReply.Offer manifestReply(Manifest manifest, PartialShare partial) {
    if (connection.version() < 2) {
      return new WireReply.Offer(manifest, null, null);
    }
    String fileId = manifest.fileId();
    if (partial != null) {
      if (!watching.containsKey(fileId)) {
        watching.put(fileId, partial.onHave(chunk -> push(new WirePush.Have(fileId, chunk))));
      }
      return new WireReply.Offer(manifest, false, partial.have());
    }
    BitSet given = allotted.get(fileId);
    if (given == null) {
      SuperSeed seed = superSeeds.apply(manifest);
      seed.joined();
      given = new BitSet();
      seed.allot(seed.allotment(), given);
      allotted.put(fileId, given);
      leaving.add(seed::left);
    }
    return new WireReply.Offer(manifest, true, given);
  }

  /** After an allotted chunk went out, one more is handed out, so that the peer always has some to ask for. */
  private void allotNext(Manifest manifest, int chunk) {
    BitSet given = allotted.get(manifest.fileId());
    if (given != null && given.get(chunk) && given.cardinality() < manifest.chunkCount()) {
      superSeeds.apply(manifest).allot(1, given).stream()
          .forEach(next -> push(new WirePush.Have(manifest.fileId(), next)));
    }
  }

  private void push(WirePush message) {
    // A have lost to a full write queue costs this peer a request from the other side, nothing more.
    if (connection.isOpen() && !connection.writeQueueFull()) {
      connection.send(PeerWireCodec.encode(message));
    }
  }

  /**
   * Sends the chunk straight from the file, opened without following a link and checked to be the very file that
   * was indexed ({@link SharedFile#openUnchanged}): a file changed, replaced, deleted or swapped for a link since
   * then gets an {@code unavailable} error (and a rescan) instead of wrong or missing bytes, and the bytes sent come
   * from the file that was checked, not from whatever the path names by the time they go out.
   */
  private Future<Void> sendChunkNow(int id, SharedFile file, int chunk) {
    FileChannel opened;
    try {
      opened = file.openUnchanged();
    } catch (IOException e) {
      onStale.accept(file);
      return reply(PeerWire.error(id, ErrorCode.UNAVAILABLE, "the file changed or disappeared on this peer"));
    }
    return send(id, file.manifest(), opened, chunk).onSuccess(v -> allotNext(file.manifest(), chunk));
  }

  /** A chunk of a part file: only a regular file, never through a link, and long enough to hold the chunk. */
  private Future<Void> sendPartial(int id, Manifest manifest, Path path, int chunk) {
    FileChannel opened;
    try {
      opened = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      if (opened.size() < manifest.offset(chunk) + manifest.length(chunk)) {
        opened.close();
        throw new IOException("the part file is shorter than chunk " + chunk);
      }
    } catch (IOException e) {
      return reply(PeerWire.error(id, ErrorCode.UNAVAILABLE, "chunk " + chunk + " cannot be read on this peer"));
    }
    return send(id, manifest, opened, chunk).onSuccess(v -> meters.uploadedPartial(manifest.length(chunk)));
  }

  /** Sends the chunk from {@code opened}, which is closed once it went out (or could not). */
  private Future<Void> send(int id, Manifest manifest, FileChannel opened, int chunk) {
    int length = manifest.length(chunk);
    return connection.sendFile(id, opened, manifest.offset(chunk), length)
        .andThen(done -> {
          try {
            opened.close();
          } catch (IOException e) {
            // Read-only: nothing is lost.
          }
        })
        .onSuccess(v -> meters.uploaded(manifest.fileId(), peer(), length));
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
