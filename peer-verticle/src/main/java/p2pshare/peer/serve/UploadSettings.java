package p2pshare.peer.serve;

import p2pshare.launch.ConfigReader;

/**
 * Limits on what the chunk server sends, from the peer's {@code upload} config object (README, "Configuration").
 *
 * @param maxBytesPerSecond the most bytes per second the node uploads over all connections, 0 for no limit
 */
public record UploadSettings(long maxBytesPerSecond) {
  /** Largest {@link #maxBytesPerSecond}: 10^12 bytes per second, far beyond any link. */
  public static final long MAX_BYTES_PER_SECOND = 1_000_000_000_000L;
  /** No limit. */
  public static final UploadSettings NONE = new UploadSettings(0);

  /** Reads and checks the settings; a bad value fails naming the key ({@code upload.maxBytesPerSecond}). */
  public static UploadSettings from(ConfigReader upload) {
    return new UploadSettings(upload.longIn("maxBytesPerSecond", 0, 0, MAX_BYTES_PER_SECOND));
  }
}
