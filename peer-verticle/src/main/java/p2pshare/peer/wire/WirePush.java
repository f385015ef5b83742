package p2pshare.peer.wire;

/** The messages of the peer wire protocol sent without an id, expecting no answer. */
public sealed interface WirePush {
  String type();

  /** Source to downloader: it now offers chunk {@code index} of {@code fileId}. */
  record Have(String fileId, int index) implements WirePush {
    public static final String TYPE = PeerWire.HAVE;

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** Downloader to source: request {@code request} is no longer needed; skipped if its turn has not come. */
  record Cancel(int request) implements WirePush {
    public static final String TYPE = PeerWire.CANCEL;

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** Downloader to source: chunk {@code index} of {@code fileId} it sent does not match the chunk's hash. */
  record BadChunk(String fileId, int index) implements WirePush {
    public static final String TYPE = PeerWire.BAD_CHUNK;

    @Override
    public String type() {
      return TYPE;
    }
  }
}
