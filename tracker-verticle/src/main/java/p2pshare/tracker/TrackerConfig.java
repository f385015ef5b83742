package p2pshare.tracker;

import io.vertx.core.json.JsonObject;

/**
 * The tracker's settings, read from the verticle's {@code config()} with defaults, and checked.
 *
 * @param host address to listen on
 * @param port TCP port, 0 for any free port
 * @param peerTimeoutSeconds a peer silent this long expires
 * @param shards number of swarm shards (event-loop threads holding swarms)
 * @param maxFrameBytes largest frame accepted from a peer
 * @param maxConnections connections beyond this are closed at once
 * @param maxFilesPerPeer most files one peer may offer
 * @param maxConnectionsPerIp connections from one address beyond this are closed at once
 * @param joinTimeoutSeconds a connection that has not joined within this is closed (slow or silent clients)
 * @param httpPort port of the small HTTP server with /metrics and /health (0: any free port, -1: none)
 */
public record TrackerConfig(String host, int port, int peerTimeoutSeconds, int shards, int maxFrameBytes,
                            int maxConnections, int maxFilesPerPeer, int maxConnectionsPerIp,
                            int joinTimeoutSeconds, int httpPort) {

  /** Reads and checks a config; a bad value fails with a message naming the key, its range and the value. */
  public static TrackerConfig from(JsonObject config) {
    Object host = config.getValue("host", "127.0.0.1");
    if (!(host instanceof String h) || h.isBlank()) {
      throw new IllegalArgumentException("host must be a non-empty string, got " + host);
    }
    return new TrackerConfig(
        (String) host,
        intIn(config, "port", 6881, 0, 65535),
        intIn(config, "peerTimeoutSeconds", 15, 1, 86400),
        intIn(config, "shards", Runtime.getRuntime().availableProcessors(), 1, 1024),
        intIn(config, "maxFrameBytes", 1 << 20, 1024, 1 << 30),
        intIn(config, "maxConnections", 10_000, 1, 1_000_000),
        intIn(config, "maxFilesPerPeer", 10_000, 1, 1_000_000),
        intIn(config, "maxConnectionsPerIp", 10_000, 1, 1_000_000),
        intIn(config, "joinTimeoutSeconds", 10, 1, 3600),
        intIn(config, "httpPort", 6882, -1, 65535));
  }

  /** The settings the server verticle and the shards receive. */
  public JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port).put("peerTimeoutSeconds", peerTimeoutSeconds)
        .put("shards", shards).put("maxFrameBytes", maxFrameBytes).put("maxConnections", maxConnections)
        .put("maxFilesPerPeer", maxFilesPerPeer).put("maxConnectionsPerIp", maxConnectionsPerIp)
        .put("joinTimeoutSeconds", joinTimeoutSeconds).put("httpPort", httpPort);
  }

  private static int intIn(JsonObject config, String key, int fallback, int min, int max) {
    Object value = config.getValue(key, fallback);
    if (value instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= min
        && n.longValue() <= max) {
      return n.intValue();
    }
    throw new IllegalArgumentException(key + " must be " + min + ".." + max + ", got " + value);
  }
}
