package p2pshare.tracker.registry;

/**
 * Event-bus addresses of the swarm shards (docs/protocol.md, "Inside the tracker"), and the rule that places a file
 * on a shard. What they are asked is a {@link ShardRequest}.
 */
public final class Shards {
  /** Failure code of a {@code sources} request for a file without other sources. */
  public static final int NOT_FOUND = 404;

  private Shards() {
  }

  public static String address(int shard) {
    return "p2p.tracker.shard." + shard;
  }

  /**
   * The shard that owns a file: the first 8 hex digits of {@code fileId} as an unsigned number, modulo
   * {@code shards}. The fileId must already be validated (64 lowercase hex digits).
   */
  public static int of(String fileId, int shards) {
    return (int) (Long.parseLong(fileId, 0, 8, 16) % shards);
  }
}
