package p2pshare.peer.wire;

import java.util.BitSet;
import p2pshare.peer.share.Manifest;
import p2pshare.protocol.ErrorCode;

/** The JSON answers of a chunk server (a chunk's bytes come in a DATA frame instead). */
public sealed interface WireReply {
  String type();

  /**
   * A file's manifest and what the source offers of it: {@code complete} when it holds every chunk, {@code have}
   * the chunks to ask it for. Both are null in the answer to a version-1 peer, which is given the manifest alone.
   */
  record Offer(Manifest manifest, Boolean complete, BitSet have) implements WireReply {
    public static final String TYPE = PeerWire.MANIFEST;

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** A refusal, in the server's words. */
  record Error(ErrorCode code, String message) implements WireReply {
    public static final String TYPE = PeerWire.ERROR;

    @Override
    public String type() {
      return TYPE;
    }
  }
}
