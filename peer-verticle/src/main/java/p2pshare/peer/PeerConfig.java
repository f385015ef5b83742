package p2pshare.peer;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import p2pshare.peer.download.DownloadSettings;
import p2pshare.peer.share.Manifest;

/**
 * A peer's configuration, read from the verticle's {@code config()} with defaults (README, "Configuration").
 * Constructing it checks every value; an {@link IllegalArgumentException} says which key is wrong and why.
 */
public record PeerConfig(String name, String host, int port, String advertiseHost, Path shareDir, Path downloadDir,
    String trackerHost, int trackerPort, long heartbeatMillis, long trackerTimeoutMillis, int chunkSize,
    long rescanMillis, int maxConnections, int maxConnectionsPerIp, int idleTimeoutSeconds, int maxSharedFiles,
    DownloadSettings download) {

  public static PeerConfig from(JsonObject json) {
    try {
      JsonObject tracker = json.getJsonObject("tracker", new JsonObject());
      String host = json.getString("host", "127.0.0.1");
      PeerConfig config = new PeerConfig(
          json.getString("name", "peer"),
          host,
          json.getInteger("port", 0),
          json.getString("advertiseHost", host),
          dir(json, "shareDir"),
          dir(json, "downloadDir"),
          tracker.getString("host", "127.0.0.1"),
          tracker.getInteger("port", 6881),
          seconds(json, "heartbeatSeconds", 5),
          seconds(json, "trackerTimeoutSeconds", 10),
          json.getInteger("chunkSize", 1024 * 1024),
          seconds(json, "rescanSeconds", 5),
          json.getInteger("maxConnections", 256),
          json.getInteger("maxConnectionsPerIp", 64),
          json.getInteger("idleTimeoutSeconds", 120),
          json.getInteger("maxSharedFiles", 10_000),
          DownloadSettings.from(json.getJsonObject("download")));
      config.check();
      return config;
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("a configuration value has the wrong type: " + e.getMessage());
    }
  }

  private void check() {
    require(!name.isBlank() && name.length() <= 100, "name must be 1..100 characters");
    require(port >= 0 && port <= 65535, "port must be 0..65535, got " + port);
    require(trackerPort >= 1 && trackerPort <= 65535, "tracker.port must be 1..65535, got " + trackerPort);
    require(chunkSize >= Manifest.MIN_CHUNK_SIZE && chunkSize <= Manifest.MAX_CHUNK_SIZE,
        "chunkSize must be " + Manifest.MIN_CHUNK_SIZE + ".." + Manifest.MAX_CHUNK_SIZE + ", got " + chunkSize);
    require(maxConnections >= 1, "maxConnections must be positive");
    require(maxConnectionsPerIp >= 1, "maxConnectionsPerIp must be positive");
    require(idleTimeoutSeconds >= 1, "idleTimeoutSeconds must be positive");
    require(maxSharedFiles >= 1, "maxSharedFiles must be positive");
    require(!advertiseHost.equals("0.0.0.0") && !advertiseHost.equals("::"),
        "host " + host + " listens everywhere: set advertiseHost to the address other peers should use");
  }

  /** Where part files, the hash cache and other bookkeeping live: hidden inside the download folder. */
  public p2pshare.peer.serve.ChunkServer.Limits serverLimits() {
    return new p2pshare.peer.serve.ChunkServer.Limits(maxConnections, maxConnectionsPerIp, idleTimeoutSeconds);
  }

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

  private static Path dir(JsonObject json, String key) {
    String value = json.getString(key);
    require(value != null && !value.isBlank(), key + " is required");
    return Path.of(value).toAbsolutePath().normalize();
  }

  private static long seconds(JsonObject json, String key, int defaultSeconds) {
    Number value = json.getNumber(key, defaultSeconds);
    require(value.doubleValue() > 0, key + " must be positive, got " + value);
    return (long) (value.doubleValue() * 1000);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
