package p2pshare.peer.wire;

/**
 * The requests of the peer wire protocol, downloader to chunk server (docs/protocol.md, "Peer wire protocol"). A
 * request carries no id: the connection gives it one when it is sent. {@link PeerWireCodec} reads and writes them.
 */
public sealed interface WireRequest {
  /** The file asked about, 64 lowercase hex digits once read by {@link PeerWireCodec}. */
  String fileId();

  String type();

  /** Asks for a file's manifest, and what the source offers of it; answered with a {@link WireReply.Offer}. */
  record Manifest(String fileId) implements WireRequest {
    public static final String TYPE = PeerWire.MANIFEST;

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * Asks for chunk {@code index} of a file; answered with a DATA frame of its bytes. Whether the index is in the file
   * is for the server to tell, by the manifest.
   */
  record Chunk(String fileId, int index) implements WireRequest {
    public static final String TYPE = PeerWire.CHUNK;

    @Override
    public String type() {
      return TYPE;
    }
  }
}
