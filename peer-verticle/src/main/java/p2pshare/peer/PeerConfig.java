package p2pshare.peer;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import p2pshare.launch.ConfigReader;
import p2pshare.net.HostText;
import p2pshare.peer.download.DownloadSettings;
import p2pshare.peer.serve.UploadSettings;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.tracker.TrackerAddress;
import p2pshare.tls.TlsSettings;

/**
 * A peer's configuration, read from the verticle's {@code config()} with defaults (README, "Configuration").
 * {@link #from} checks every value; an {@link IllegalArgumentException} says which key is wrong and why. Immutable.
 */
public record PeerConfig(String name, String host, int port, String advertiseHost, Path shareDir, Path downloadDir,
    List<TrackerAddress> trackers, long heartbeatMillis, long trackerTimeoutMillis, int chunkSize,
    long rescanMillis, int maxConnections, int maxConnectionsPerIp, int idleTimeoutSeconds, int maxSharedFiles,
    DownloadSettings download, UploadSettings upload, TlsSettings tls, boolean warmUp) {
  private static final int MAX_NAME_CHARS = 100;
  private static final int MAX_TRACKERS = 16;
  /** Shortest heartbeat, tracker timeout and rescan period: 10 ms, far below any useful value but never zero. */
  private static final double MIN_PERIOD_SECONDS = 0.01;

  /**
   * Reads and checks a peer's configuration; a bad value fails with a message naming the key (such as
   * {@code download.maxInFlight}), its range and the value. Unknown keys are ignored.
   */
  public static PeerConfig from(JsonObject json) {
    ConfigReader config = new ConfigReader(json);
    String host = HostText.canonical(config.string("host", "127.0.0.1"));
    String name = config.string("name", "peer");
    if (name.length() > MAX_NAME_CHARS) {
      throw new IllegalArgumentException("name must be 1.." + MAX_NAME_CHARS + " characters, got " + name.length());
    }
    String advertiseHost = HostText.canonical(config.string("advertiseHost", host));
    if (advertiseHost.equals("0.0.0.0") || advertiseHost.equals("::")) {
      throw new IllegalArgumentException(
          "host " + host + " listens everywhere: set advertiseHost to the address other peers should use");
    }
    return new PeerConfig(
        name,
        host,
        config.intIn("port", 0, 0, 65535),
        advertiseHost,
        config.path("shareDir"),
        config.path("downloadDir"),
        trackers(config),
        config.seconds("heartbeatSeconds", 5, MIN_PERIOD_SECONDS, 3600),
        config.seconds("trackerTimeoutSeconds", 10, MIN_PERIOD_SECONDS, 3600),
        config.intIn("chunkSize", 1024 * 1024, Manifest.MIN_CHUNK_SIZE, Manifest.MAX_CHUNK_SIZE),
        config.seconds("rescanSeconds", 5, MIN_PERIOD_SECONDS, 86400),
        config.intIn("maxConnections", 256, 1, 1_000_000),
        config.intIn("maxConnectionsPerIp", 64, 1, 1_000_000),
        config.intIn("idleTimeoutSeconds", 120, 1, 86400),
        config.intIn("maxSharedFiles", 10_000, 1, 1_000_000),
        DownloadSettings.from(config.object("download")),
        UploadSettings.from(config.object("upload")),
        TlsSettings.from(config.object("tls")),
        config.bool("warmUp", true));
  }

  /**
   * The tracker nodes to join, in order of preference: {@code "trackers": [{"host", "port"}, ...]}, or the one
   * {@code "tracker": {"host", "port"}} (each defaulting to 127.0.0.1:6881).
   */
  private static List<TrackerAddress> trackers(ConfigReader config) {
    if (!config.has("trackers")) {
      return List.of(address(config.object("tracker")));
    }
    if (config.has("tracker")) {
      throw new IllegalArgumentException("give either tracker or trackers, not both");
    }
    List<ConfigReader> listed = config.objects("trackers");
    if (listed.isEmpty() || listed.size() > MAX_TRACKERS) {
      throw new IllegalArgumentException("trackers must list 1.." + MAX_TRACKERS + " trackers, got " + listed.size());
    }
    return listed.stream().map(PeerConfig::address).toList();
  }

  private static TrackerAddress address(ConfigReader tracker) {
    return new TrackerAddress(tracker.string("host", "127.0.0.1"), tracker.intIn("port", 6881, 1, 65535));
  }

  /** The chunk server's connection limits. */
  public p2pshare.peer.serve.ChunkServer.Limits serverLimits() {
    return new p2pshare.peer.serve.ChunkServer.Limits(maxConnections, maxConnectionsPerIp, idleTimeoutSeconds);
  }

  /** Where part files, the hash cache and other bookkeeping live: hidden inside the download folder. */
  public Path stateDir() {
    return downloadDir.resolve(".p2pshare");
  }

  public Path partDir() {
    return stateDir().resolve("parts");
  }

  /** Records of unfinished downloads, taken up at the next start. */
  public Path recordDir() {
    return stateDir().resolve("downloads");
  }

  /**
   * Checks that the share folder can be read and the download folder written, and creates the download and part
   * folders. Blocking: run it on a worker.
   */
  Void prepareFolders() throws Exception {
    Path share = shareDir();
    if (!Files.isDirectory(share)) {
      throw new IllegalArgumentException("shareDir " + share + " is not a folder");
    }
    if (!Files.isReadable(share)) {
      throw new IllegalArgumentException("shareDir " + share + " is not readable");
    }
    Files.createDirectories(downloadDir());
    if (!Files.isWritable(downloadDir())) {
      throw new IllegalArgumentException("downloadDir " + downloadDir() + " is not writable");
    }
    Files.createDirectories(partDir());
    return null;
  }
}
