package p2pshare.peer.download;

import io.vertx.core.json.JsonObject;

/**
 * Tuning of the download engine, from the peer's {@code download} config object.
 *
 * @param perSourceInFlight chunk requests waiting on one source at a time
 * @param maxInFlight chunk requests waiting over all sources (bounds the chunk buffers held in memory)
 * @param stallMillis a source that sends nothing for this long while requests wait is cut off
 * @param maxSourceFailures failures in a row after which a source is dropped from a download
 * @param maxChunkAttempts tries of one chunk over all sources before the download fails
 * @param maxActive downloads running at once; more wait in state {@code queued}
 * @param maxBytesPerSecond bandwidth limit of one download, 0 for none
 * @param retryMinMillis first wait before asking the tracker again when no source is left; it doubles each time
 * @param retryMaxMillis longest such wait
 * @param endgameMillis in the end game, a chunk still missing after this long is also asked of another source
 */
public record DownloadSettings(int perSourceInFlight, int maxInFlight, long stallMillis, int maxSourceFailures,
    int maxChunkAttempts, int maxActive, long maxBytesPerSecond, long retryMinMillis, long retryMaxMillis,
    long endgameMillis) {

  /** The defaults with other concurrency and timing, for tests. */
  public DownloadSettings(int perSourceInFlight, int maxInFlight, long stallMillis, int maxSourceFailures,
      int maxChunkAttempts, int maxActive) {
    this(perSourceInFlight, maxInFlight, stallMillis, maxSourceFailures, maxChunkAttempts, maxActive, 0, 1000, 30_000,
        1000);
  }

  public static DownloadSettings from(JsonObject json) {
    JsonObject c = json == null ? new JsonObject() : json;
    DownloadSettings s = new DownloadSettings(c.getInteger("perSourceInFlight", 4), c.getInteger("maxInFlight", 32),
        c.getLong("stallMillis", 10_000L), c.getInteger("maxSourceFailures", 3), c.getInteger("maxChunkAttempts", 10),
        c.getInteger("maxActive", 3), c.getLong("maxBytesPerSecond", 0L), c.getLong("retryMinMillis", 1000L),
        c.getLong("retryMaxMillis", 30_000L), c.getLong("endgameMillis", 1000L));
    if (s.perSourceInFlight < 1 || s.maxInFlight < 1 || s.stallMillis < 1 || s.maxSourceFailures < 1
        || s.maxChunkAttempts < 1 || s.maxActive < 1 || s.maxBytesPerSecond < 0 || s.retryMinMillis < 1
        || s.retryMaxMillis < s.retryMinMillis || s.endgameMillis < 1) {
      throw new IllegalArgumentException("download settings out of range (all positive, maxBytesPerSecond >= 0,"
          + " retryMaxMillis >= retryMinMillis): " + c.encode());
    }
    return s;
  }
}
