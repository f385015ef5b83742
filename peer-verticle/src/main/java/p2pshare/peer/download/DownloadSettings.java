package p2pshare.peer.download;

import io.vertx.core.json.JsonObject;
import p2pshare.launch.ConfigReader;

/**
 * Tuning of the download engine, from the peer's {@code download} config object (README, "Configuration").
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
 * @param verifyOnPublish re-read and hash the whole file before publishing it; off by default, because every chunk
 *     was already checked against its hash when it arrived, and reading a large file again costs as long as writing it
 * @param syncEveryBytes while a download runs, its part file is made durable (fdatasync) each time this many bytes
 *     were written, so that the final sync before publishing has little left to do
 * @param maxSources sources one download keeps connections to at once (complete ones first)
 * @param banMillis how long a source that sent a bad chunk of a file stays banned from that file ({@link BanList})
 * @param maxReceiveBytes what the node holds at most, over all downloads and sources, of bytes received and not yet
 *     verified and written: chunk buffers and the JSON frames (manifests) being read
 * @param directWrites write verified chunks to the part file with direct I/O where the file system takes it
 *     ({@link DirectWrites}), instead of copying them into the page cache
 */
public record DownloadSettings(int perSourceInFlight, int maxInFlight, long stallMillis, int maxSourceFailures,
    int maxChunkAttempts, int maxActive, long maxBytesPerSecond, long retryMinMillis, long retryMaxMillis,
    long endgameMillis, boolean verifyOnPublish, long syncEveryBytes, int maxSources, long banMillis,
    long maxReceiveBytes, boolean directWrites) {

  /** Default of {@link #directWrites}. */
  public static final boolean DEFAULT_DIRECT_WRITES = true;
  /** Default of {@link #verifyOnPublish}: the per-chunk hashes prove a download. */
  public static final boolean DEFAULT_VERIFY_ON_PUBLISH = false;
  /** Default of {@link #syncEveryBytes}: 64 MiB. */
  public static final long DEFAULT_SYNC_EVERY_BYTES = 64L << 20;
  /** Smallest {@link #syncEveryBytes}, 1 MiB: syncing more often costs more than it saves at the end. */
  public static final long MIN_SYNC_EVERY_BYTES = 1L << 20;
  /** Default of {@link #maxSources}. */
  public static final int DEFAULT_MAX_SOURCES = 30;
  /** Default of {@link #banMillis}: a day. */
  public static final long DEFAULT_BAN_MILLIS = 86_400_000L;
  /** Largest {@link #banMillis}, in seconds: a year. */
  public static final long MAX_BAN_SECONDS = 365L * 86_400;
  /** Default of {@link #maxReceiveBytes}: 64 MiB, the chunks in flight of two downloads at the defaults. */
  public static final long DEFAULT_MAX_RECEIVE_BYTES = 64L << 20;
  /** Smallest {@link #maxReceiveBytes}, 16 MiB: the largest chunk, and the largest manifest frame, fit alone. */
  public static final long MIN_MAX_RECEIVE_BYTES = 16L << 20;
  /** Largest {@link #syncEveryBytes}, 1 TiB: in effect, sync only before publishing. */
  public static final long MAX_SYNC_EVERY_BYTES = 1L << 40;

  private static final long DAY_MILLIS = 86_400_000L;
  private static final long HOUR_MILLIS = 3_600_000L;

  /** The defaults of {@code verifyOnPublish} and {@code syncEveryBytes}, with other settings given, for tests. */
  public DownloadSettings(int perSourceInFlight, int maxInFlight, long stallMillis, int maxSourceFailures,
      int maxChunkAttempts, int maxActive, long maxBytesPerSecond, long retryMinMillis, long retryMaxMillis,
      long endgameMillis) {
    this(perSourceInFlight, maxInFlight, stallMillis, maxSourceFailures, maxChunkAttempts, maxActive,
        maxBytesPerSecond, retryMinMillis, retryMaxMillis, endgameMillis, DEFAULT_VERIFY_ON_PUBLISH,
        DEFAULT_SYNC_EVERY_BYTES, DEFAULT_MAX_SOURCES, DEFAULT_BAN_MILLIS, DEFAULT_MAX_RECEIVE_BYTES,
        DEFAULT_DIRECT_WRITES);
  }

  /** These settings with another {@link #maxReceiveBytes}. */
  public DownloadSettings withMaxReceiveBytes(long bytes) {
    return new DownloadSettings(perSourceInFlight, maxInFlight, stallMillis, maxSourceFailures, maxChunkAttempts,
        maxActive, maxBytesPerSecond, retryMinMillis, retryMaxMillis, endgameMillis, verifyOnPublish, syncEveryBytes,
        maxSources, banMillis, bytes, directWrites);
  }

  /** The defaults with other concurrency and timing, for tests. */
  public DownloadSettings(int perSourceInFlight, int maxInFlight, long stallMillis, int maxSourceFailures,
      int maxChunkAttempts, int maxActive) {
    this(perSourceInFlight, maxInFlight, stallMillis, maxSourceFailures, maxChunkAttempts, maxActive, 0, 1000, 30_000,
        1000);
  }

  /** Reads the peer's {@code download} object (null: all defaults); messages name keys as {@code download.key}. */
  public static DownloadSettings from(JsonObject download) {
    return from(new ConfigReader(download, "download."));
  }

  /** Reads and checks the settings; a bad value fails naming the key, its range and the value. */
  public static DownloadSettings from(ConfigReader download) {
    DownloadSettings settings = new DownloadSettings(
        download.intIn("perSourceInFlight", 4, 1, 1024),
        download.intIn("maxInFlight", 32, 1, 4096),
        download.longIn("stallMillis", 10_000, 1, HOUR_MILLIS),
        download.intIn("maxSourceFailures", 3, 1, 1000),
        download.intIn("maxChunkAttempts", 10, 1, 1_000_000),
        download.intIn("maxActive", 3, 1, 1000),
        download.longIn("maxBytesPerSecond", 0, 0, 1L << 40),
        download.longIn("retryMinMillis", 1000, 1, DAY_MILLIS),
        download.longIn("retryMaxMillis", 30_000, 1, DAY_MILLIS),
        download.longIn("endgameMillis", 1000, 1, HOUR_MILLIS),
        download.bool("verifyOnPublish", DEFAULT_VERIFY_ON_PUBLISH),
        download.longIn("syncEveryBytes", DEFAULT_SYNC_EVERY_BYTES, MIN_SYNC_EVERY_BYTES, MAX_SYNC_EVERY_BYTES),
        download.intIn("maxSources", DEFAULT_MAX_SOURCES, 1, 10_000),
        download.longIn("banSeconds", DEFAULT_BAN_MILLIS / 1000, 1, MAX_BAN_SECONDS) * 1000,
        download.longIn("maxReceiveBytes", DEFAULT_MAX_RECEIVE_BYTES, MIN_MAX_RECEIVE_BYTES, 1L << 40),
        download.bool("directWrites", DEFAULT_DIRECT_WRITES));
    if (settings.retryMaxMillis < settings.retryMinMillis) {
      throw new IllegalArgumentException(download.fullKey("retryMaxMillis") + " must be at least "
          + download.fullKey("retryMinMillis") + " (" + settings.retryMinMillis + "), got " + settings.retryMaxMillis);
    }
    return settings;
  }
}
