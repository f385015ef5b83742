package p2pshare.peer.wire;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.BitSet;
import p2pshare.protocol.ErrorCode;

/**
 * Message types and limits of the peer wire protocol (docs/protocol.md, "Peer wire protocol"). The messages are
 * {@link WireRequest}, {@link WireReply} and {@link WirePush}, read and written by {@link PeerWireCodec}.
 */
public final class PeerWire {
  public static final String MANIFEST = "manifest";
  public static final String CHUNK = "chunk";
  public static final String ERROR = "error";
  /** Pushed by a source: it has one more chunk of a file ({@code index}), or now all of it ({@code complete}). */
  public static final String HAVE = "have";
  /** Pushed by a downloader: it gives up request {@code request}, which the source skips if not yet answered. */
  public static final String CANCEL = "cancel";
  /**
   * Pushed by a downloader: chunk {@code index} of {@code fileId} it got from this source does not match its hash;
   * the source checks its own copy.
   */
  public static final String BAD_CHUNK = "bad-chunk";

  /** Requests are small JSON objects. */
  public static final int MAX_REQUEST_FRAME = 64 * 1024;
  /** Requests a server keeps waiting on one connection before it stops reading from it. */
  public static final int MAX_PIPELINED = 32;
  /** Manifests are the largest JSON replies: 16 MiB holds about 250,000 chunk hashes. */
  public static final int MAX_MANIFEST_FRAME = 16 * 1024 * 1024;

  private PeerWire() {
  }

  /** A chunk set on the wire: base64 of its little-endian bytes ({@code BitSet.toByteArray}). */
  public static String bits(BitSet chunks) {
    return Base64.getEncoder().encodeToString(chunks.toByteArray());
  }

  /** Reads {@link #bits}; an unreadable value is an empty set (the source is asked for nothing it did not offer). */
  public static BitSet bitsOf(Object value) {
    if (!(value instanceof String text)) {
      return new BitSet();
    }
    try {
      return BitSet.valueOf(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      return new BitSet();
    }
  }

  /** The {@code error} answer to request {@code id}. */
  public static JsonObject error(int id, ErrorCode code, String message) {
    return PeerWireCodec.encode(id, new WireReply.Error(code, message));
  }
}
