package p2pshare.peer.download;

import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.net.HostText;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.peer.wire.PeerConnection;
import p2pshare.peer.wire.PeerDialer;
import p2pshare.protocol.Call;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.tracker.Reachability;

/**
 * One peer a download fetches from: its connection (opened on first use, reopened after a failure), what it offers
 * (learnt with the manifest, then from its {@code have} pushes), what it has delivered, and how often it failed. A
 * source that fails {@code maxFailures} times in a row is dropped, and so is one the tracker says left.
 */
final class Source implements ChunkPicker.Candidate {
  private static final Logger log = LoggerFactory.getLogger(Source.class);
  private static final int MAX_ERROR_CHARS = 200;
  final String peerId;
  final String name;
  final String host;
  final int port;
  /** The size the tracker says this source offers the file at (the same as the file's unless it lies). */
  final long advertisedSize;
  private final Vertx vertx;
  private final PeerDialer client;
  private final Unreachable unreachable;
  /** Listed behind NAT: reached by having it connect here (connection reversal), not by dialling it. */
  private final boolean behindNat;
  private final long stallMillis;
  private final int maxFailures;
  private final String file;
  private final String self;
  private final ChunkBuffers buffers;
  private Future<PeerConnection> connection;
  private final String fileId;
  private final Runnable onChange;
  private Manifest offeredManifest;
  private BitSet have;
  private boolean complete;
  private int inFlight;
  private int failuresInARow;
  private long bytes;
  private int chunks;
  private int badChunks;
  private String lastError;
  private boolean dropped;

  /**
   * @param peer the source as the tracker lists it
   * @param fileId the file wanted from this source
   * @param file the download's name, for log lines
   * @param onChange told when what the source offers changed (it told its offer, or has one more chunk)
   */
  Source(SwarmSetup setup, JsonObject peer, String fileId, String file, Runnable onChange) {
    Dialing dialing = setup.dialing();
    this.file = file;
    this.fileId = fileId;
    this.onChange = onChange;
    this.self = dialing.self();
    this.buffers = dialing.buffers();
    this.vertx = dialing.vertx();
    this.client = dialing.dialer();
    this.unreachable = dialing.unreachable();
    this.peerId = peer.getString("peerId");
    this.name = peer.getValue("name") instanceof String n ? n : "";
    this.host = peer.getString("host");
    this.behindNat = Reachability.BEHIND_NAT.wire().equals(peer.getValue("reach"));
    this.port = peer.getInteger("port");
    this.advertisedSize = peer.getLong("size", -1L);
    this.stallMillis = setup.settings().stallMillis();
    this.maxFailures = setup.settings().maxSourceFailures();
  }

  /** Connects if needed and learns what the source offers; the manifest is checked against the fileId. */
  Future<Manifest> manifest(String fileId) {
    if (dropped) {
      return Future.failedFuture(ProtocolException.local(ErrorCode.CLOSED, lastError)); // never connected to again
    }
    return connection().map(c -> offeredManifest).andThen(ar -> record(ar.failed(), ar.cause()));
  }

  /** True once the source's offer is known and includes chunk {@code index}. */
  @Override
  public boolean offers(int index) {
    return have != null && have.get(index);
  }

  /** The chunks the source offers, once known, else null. Read only. */
  BitSet offered() {
    return have;
  }

  /** True when the source said it holds every chunk: it may be asked for one it did not offer. */
  @Override
  public boolean complete() {
    return complete;
  }

  /** True once the source's offer is known. */
  @Override
  public boolean known() {
    return have != null;
  }

  /** The source went away (the tracker says it left). */
  void drop(String why) {
    if (!dropped) {
      dropped = true;
      lastError = why;
      close();
    }
  }

  /**
   * Fetches chunk {@code index} into a pooled buffer and hands it to {@code intake} (verify and write), giving the
   * buffer back to the pool once that is done; emits what {@code intake} said. Disposing it before the bytes came
   * gives the request up, so they are dropped on arrival; once they came, {@code intake} runs to its end anyway.
   */
  Single<Boolean> chunk(String fileId, int index, Function<ByteBuffer, Future<Boolean>> intake) {
    return Single.create(emitter -> {
      inFlight++;
      connection().onComplete(connected -> {
        if (connected.failed() || emitter.isDisposed()) {
          inFlight--;
          if (connected.failed()) {
            record(true, connected.cause());
            emitter.tryOnError(connected.cause());
          }
          return;
        }
        PeerConnection c = connected.result();
        Call<ByteBuffer> call = c.chunk(fileId, index);
        // Rx also runs this after success: Call.cancel gives up only a request still unanswered.
        emitter.setCancellable(call::cancel);
        call.future().onComplete(arrived -> {
          inFlight--;
          if (arrived.failed()) {
            if (!(arrived.cause() instanceof ProtocolException p && p.isLocal(ErrorCode.CANCELLED))) {
              record(true, arrived.cause());
            }
            emitter.tryOnError(arrived.cause());
            return;
          }
          ByteBuffer buffer = arrived.result();
          intake.apply(buffer).onComplete(taken -> {
            buffers.give(buffer);
            if (taken.failed()) {
              emitter.tryOnError(taken.cause());
            } else {
              emitter.onSuccess(taken.result());
            }
          });
        });
      });
    });
  }

  /** The chunk passed verification. */
  void delivered(int length) {
    bytes += length;
    chunks++;
    failuresInARow = 0;
  }

  /**
   * The chunk's bytes did not match its hash: the source is dropped at once (the blame is exact, each chunk comes
   * from one source), and told which chunk failed, so that it can check its own copy (docs/protocol.md,
   * {@code bad-chunk}); then its connection closes.
   */
  void sentBadChunk(int index) {
    badChunks++;
    log.warn("dropping and banning source {} ({}) for {}: it sent chunk {} with bytes that do not match its hash",
        name, HostText.withPort(host, port), file, index);
    lastError = "sent chunk " + index + " with bytes that do not match its hash; banned";
    failuresInARow++;
    if (!dropped) {
      dropped = true;
      if (connection != null) {
        connection.onSuccess(c -> c.reportBadChunk(fileId, index).onComplete(sent -> c.close()));
      }
    }
  }

  /** Why the source last failed, or null. */
  String error() {
    return lastError;
  }

  @Override
  public int chunks() {
    return chunks;
  }

  long bytes() {
    return bytes;
  }

  @Override
  public boolean usable() {
    return !dropped;
  }

  @Override
  public int inFlight() {
    return inFlight;
  }

  void close() {
    if (connection != null) {
      connection.onSuccess(PeerConnection::close);
    }
  }

  JsonObject toJson() {
    return new JsonObject().put("peerId", peerId).put("name", name).put("host", host).put("port", port)
        .put("complete", have == null ? null : complete).put("chunksOffered", have == null ? null : have.cardinality())
        .put("bytes", bytes).put("chunks", chunks).put("badChunks", badChunks).put("dropped", dropped)
        .put("error", lastError);
  }

  /** The connection, with the source's offer of the file learnt on it (again after each reconnection). */
  private Future<PeerConnection> connection() {
    if (connection == null || connection.failed()
        || (connection.succeeded() && !connection.result().isOpen())) {
      connection = PeerConnection.over(vertx, client.open(peerId, host, port, name, behindNat), self, stallMillis,
              buffers)
          .compose(c -> c.haveHandler(this::had).manifest(fileId).map(offer -> {
            offeredManifest = offer.manifest();
            have = offer.have();
            complete = offer.complete();
            onChange.run();
            return c;
          }));
    }
    return connection;
  }

  private void had(String file, int index) {
    if (file.equals(fileId) && have != null && offeredManifest != null && index < offeredManifest.chunkCount()) {
      have.set(index);
      onChange.run();
    }
  }

  /** A source's own words (its error messages) are cut short: they end up in the download's state. */
  private static String shortened(String message) {
    return message.length() <= MAX_ERROR_CHARS ? message : message.substring(0, MAX_ERROR_CHARS) + "…";
  }

  private void record(boolean failed, Throwable cause) {
    if (!failed) {
      failuresInARow = 0;
      return;
    }
    lastError = shortened(cause == null ? "failed" : String.valueOf(cause.getMessage()));
    if (cause instanceof ProtocolException p && p.isLocal(ErrorCode.BAD_FRAME) && !dropped) {
      // Not bad luck: a frame no honest source sends (a DATA frame longer than the chunk, a broken manifest).
      dropped = true;
      log.warn("dropping source {} ({}) for {}: it broke the protocol: {}", name, HostText.withPort(host, port), file,
          lastError);
      close();
      return;
    }
    if (Unreachable.neverConnected(cause) && !dropped) {
      // Nothing this node can reach listens there (behind NAT, gone): no slot for it for a while, in any download.
      dropped = true;
      unreachable.mark(host, port);
      log.info("dropping source {} ({}) for {}: cannot connect: {}", name, HostText.withPort(host, port), file,
          lastError);
      close();
      return;
    }
    if (++failuresInARow >= maxFailures && !dropped) {
      dropped = true;
      log.warn("dropping source {} ({}) for {} after {} failures in a row{}: {}", name, HostText.withPort(host, port), file,
          failuresInARow, badChunks > 0 ? " (" + badChunks + " bad chunks)" : "", lastError);
      close();
    }
  }
}
