package p2pshare.peer.wire;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import p2pshare.peer.share.Manifest;
import p2pshare.protocol.Call;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.Frame;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.RpcClient;

/**
 * The downloader's side of one connection to a source, over an {@link RpcClient}: hello first, then
 * pipelined {@code manifest} and {@code chunk} requests whose answers are matched by id. A chunk's bytes land in a
 * buffer of the {@link ChunkBuffers} pool, which the caller owns once {@link #chunk} completes and must give back.
 * The JSON frames it reads are reserved from the same node-wide budget first ({@link ChunkBuffers#budget}), and a
 * DATA frame whose length is not that of the chunk asked for (by the manifest this connection fetched) breaks the
 * protocol: the connection closes before any buffer is taken for it.
 * A connection on which nothing arrives for {@code stallMillis} while something is awaited (an answer, or the rest
 * of a frame that has begun) fails every request and closes. Not thread-safe: use it from the event loop that
 * created it.
 */
public final class PeerConnection {
  /**
   * What a source offers of a file: its manifest, whether it holds every chunk, and the chunks to ask it for (all of
   * them for a source of the version before, which says nothing).
   */
  public record Offer(Manifest manifest, boolean complete, BitSet have) {
  }

  private final RpcClient connection;
  private final ChunkBuffers buffers;
  /** The manifests learnt on this connection, by fileId: they say how long each chunk's DATA frame must be. */
  private final Map<String, Manifest> manifests = new HashMap<>();
  /** The payload length each chunk request waiting for its DATA frame may have (-1: the protocol's largest). */
  private final Map<Integer, Integer> expectedLengths = new HashMap<>();
  private BiConsumer<String, Integer> haveHandler = (fileId, index) -> { };

  private PeerConnection(RpcClient connection, ChunkBuffers buffers) {
    this.connection = connection;
    this.buffers = buffers;
    connection.dataTargets(this::dataTarget, buffers::give);
    connection.pushHandler(push -> {
      if (PeerWireCodec.decodePush(push) instanceof WirePush.Have have && have.index() >= 0) {
        haveHandler.accept(have.fileId(), have.index());
      }
    });
  }

  /** Told of each chunk the source announces it has from now on ({@code have} pushes). */
  public PeerConnection haveHandler(BiConsumer<String, Integer> handler) {
    this.haveHandler = handler;
    return this;
  }

  /** Connects to a chunk server and says hello as {@code name}. */
  public static Future<PeerConnection> connect(Vertx vertx, NetClient client, String host, int port, String name,
      long stallMillis, ChunkBuffers buffers) {
    return connect(vertx, PeerDialer.open(client), host, port, null, name, stallMillis, buffers);
  }

  /**
   * Connects to the chunk server the tracker listed as {@code listedName} (checked against its certificate in a
   * private network; null: not checked) and says hello as {@code name}.
   */
  public static Future<PeerConnection> connect(Vertx vertx, PeerDialer dialer, String host, int port,
      String listedName, String name, long stallMillis, ChunkBuffers buffers) {
    return over(vertx, dialer.connect(host, port, listedName), name, stallMillis, buffers);
  }

  /** Says hello as {@code name} on a connection to a chunk server, once {@code opened}. */
  public static Future<PeerConnection> over(Vertx vertx, Future<NetSocket> opened, String name, long stallMillis,
      ChunkBuffers buffers) {
    return opened.compose(socket -> {
      RpcClient c = new RpcClient(new FrameChannel(vertx, socket, new FrameChannel.Limits(PeerWire.MAX_MANIFEST_FRAME,
          Manifest.MAX_CHUNK_SIZE, stallMillis), buffers.budget()));
      PeerConnection peer = new PeerConnection(c, buffers);
      return c.hello(name).recover(e -> Future.failedFuture(inWireWords(e))).map(hello -> peer);
    });
  }

  public boolean isOpen() {
    return connection.isOpen();
  }

  public int inFlight() {
    return connection.inFlight();
  }

  /** Fetches and checks the manifest of {@code fileId}, with what the source offers of it. */
  public Future<Offer> manifest(String fileId) {
    return ask(PeerWireCodec.encode(new WireRequest.Manifest(fileId))).compose(json -> {
      WireReply.Offer offer;
      try {
        offer = PeerWireCodec.decodeReply(json) instanceof WireReply.Offer o ? o : null;
      } catch (ProtocolException e) {
        return Future.failedFuture(e);
      }
      if (offer == null) {
        return Future.failedFuture(ProtocolException.local(ErrorCode.BAD_FRAME, "expected a manifest"));
      }
      Manifest manifest = offer.manifest();
      if (!manifest.fileId().equals(fileId)) {
        return Future.failedFuture(ProtocolException.local(ErrorCode.BAD_FRAME,
            "source sent the manifest of another file"));
      }
      manifests.put(fileId, manifest);
      boolean complete = !Boolean.FALSE.equals(offer.complete());
      BitSet have = offer.have() != null ? offer.have() : allOf(manifest);
      have.clear(manifest.chunkCount(), Math.max(manifest.chunkCount(), have.length()));
      return Future.succeededFuture(new Offer(manifest, complete, have));
    });
  }

  private static BitSet allOf(Manifest manifest) {
    BitSet all = new BitSet(manifest.chunkCount());
    all.set(0, manifest.chunkCount());
    return all;
  }

  /**
   * Fetches the bytes of one chunk into a pooled buffer (position 0, limit its length); the caller verifies them
   * and gives the buffer back to the pool. Once this connection fetched the file's manifest, the answer must be
   * exactly the chunk's length; before, anything up to the protocol's largest chunk is taken. Cancelling the call
   * tells the source, so that it skips the request if its turn has not come (no upload spent on bytes nobody
   * needs), and an answer that comes anyway is read and dropped, its buffer back in the pool.
   */
  public Call<ByteBuffer> chunk(String fileId, int index) {
    Manifest manifest = manifests.get(fileId);
    Call<Frame> call = connection.call(PeerWireCodec.encode(new WireRequest.Chunk(fileId, index)));
    int id = call.id();
    if (id >= 0) {
      expectedLengths.put(id, manifest != null && index >= 0 && index < manifest.chunkCount()
          ? manifest.length(index) : -1);
    }
    return call.onCancel(() -> {
      if (connection.version() >= 2 && connection.isOpen()) {
        connection.send(PeerWireCodec.encode(new WirePush.Cancel(id)));
      }
    }).map(answer -> answer
        .andThen(answered -> expectedLengths.remove(id))
        .recover(e -> Future.failedFuture(inWireWords(e)))
        .compose(frame -> {
          if (frame.isData()) {
            return Future.succeededFuture(frame.data());
          }
          try {
            JsonObject json = p2pshare.protocol.Frames.jsonOf(frame.body());
            return Future.failedFuture(PeerWireCodec.decodeReply(json) instanceof WireReply.Error error
                ? ProtocolException.refusal(error.code(), error.message())
                : ProtocolException.local(ErrorCode.BAD_FRAME, "expected chunk data"));
          } catch (ProtocolException e) {
            return Future.failedFuture(e);
          }
        }));
  }

  /**
   * Tells the source that chunk {@code index} of {@code fileId} it sent does not match its hash, so that it can check
   * its own copy; completes once written (at once for a version-1 source, which does not know the message).
   */
  public Future<Void> reportBadChunk(String fileId, int index) {
    if (connection.version() < 2 || !connection.isOpen()) {
      return Future.succeededFuture();
    }
    return connection.send(PeerWireCodec.encode(new WirePush.BadChunk(fileId, index)))
        .recover(e -> Future.succeededFuture());
  }

  public void close() {
    connection.close();
  }

  /**
   * A buffer for the DATA frame answering request {@code id}; a length that request cannot have fails, which breaks
   * the stream before a byte of it is buffered (a hostile source cannot make this node hold more than it asked for).
   */
  private Future<ByteBuffer> dataTarget(int id, int length) {
    Integer expected = expectedLengths.get(id);
    if (expected == null || (expected >= 0 && length != expected)) {
      return Future.failedFuture(ProtocolException.local(ErrorCode.BAD_FRAME, "a DATA frame of " + length
          + " bytes answers request " + id + (expected == null ? ", which asked for no chunk"
          : ", a chunk of " + expected + " bytes")));
    }
    return buffers.take(length);
  }

  private Future<JsonObject> ask(JsonObject request) {
    return connection.request(request).recover(e -> Future.failedFuture(inWireWords(e)));
  }

  private static Throwable inWireWords(Throwable e) {
    return e instanceof ProtocolException ? e : ProtocolException.local(ErrorCode.CLOSED, "connection error: "
        + e.getMessage());
  }
}
