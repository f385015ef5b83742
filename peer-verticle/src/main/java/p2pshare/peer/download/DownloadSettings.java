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
 */
public record DownloadSettings(int perSourceInFlight, int maxInFlight, long stallMillis, int maxSourceFailures,
    int maxChunkAttempts, int maxActive) {

  public static DownloadSettings from(JsonObject json) {
    JsonObject c = json == null ? new JsonObject() : json;
    DownloadSettings s = new DownloadSettings(c.getInteger("perSourceInFlight", 4), c.getInteger("maxInFlight", 32),
        c.getLong("stallMillis", 10_000L), c.getInteger("maxSourceFailures", 3), c.getInteger("maxChunkAttempts", 10),
        c.getInteger("maxActive", 3));
    if (s.perSourceInFlight < 1 || s.maxInFlight < 1 || s.stallMillis < 1 || s.maxSourceFailures < 1
        || s.maxChunkAttempts < 1 || s.maxActive < 1) {
      throw new IllegalArgumentException("download settings must all be positive: " + c.encode());
    }
    return s;
  }
}
