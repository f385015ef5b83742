package p2pshare.tracker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import p2pshare.launch.ConfigReader;

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
 * @param httpAllowedHosts host names, besides {@code host} and the loopback names, that the HTTP server answers to
 * @param trustAdvertisedHosts list a peer at the host it gives in its join, not at the address it connects from
 */
public record TrackerConfig(String host, int port, int peerTimeoutSeconds, int shards, int maxFrameBytes,
                            int maxConnections, int maxFilesPerPeer, int maxConnectionsPerIp,
                            int joinTimeoutSeconds, int httpPort, List<String> httpAllowedHosts,
                            boolean trustAdvertisedHosts) {

  /**
   * Reads and checks a config; a bad value fails with a message naming the key, its range and the value. Unknown
   * keys are ignored.
   */
  public static TrackerConfig from(JsonObject json) {
    ConfigReader config = new ConfigReader(json);
    return new TrackerConfig(
        config.string("host", "127.0.0.1"),
        config.intIn("port", 6881, 0, 65535),
        config.intIn("peerTimeoutSeconds", 15, 1, 86400),
        config.intIn("shards", Runtime.getRuntime().availableProcessors(), 1, 1024),
        config.intIn("maxFrameBytes", 1 << 20, 1024, 1 << 30),
        config.intIn("maxConnections", 10_000, 1, 1_000_000),
        config.intIn("maxFilesPerPeer", 10_000, 1, 1_000_000),
        config.intIn("maxConnectionsPerIp", 10_000, 1, 1_000_000),
        config.intIn("joinTimeoutSeconds", 10, 1, 3600),
        config.intIn("httpPort", 6882, -1, 65535),
        config.stringList("httpAllowedHosts"),
        config.bool("trustAdvertisedHosts", false));
  }

  /** The settings the server verticle and the shards receive. */
  public JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port).put("peerTimeoutSeconds", peerTimeoutSeconds)
        .put("shards", shards).put("maxFrameBytes", maxFrameBytes).put("maxConnections", maxConnections)
        .put("maxFilesPerPeer", maxFilesPerPeer).put("maxConnectionsPerIp", maxConnectionsPerIp)
        .put("joinTimeoutSeconds", joinTimeoutSeconds).put("httpPort", httpPort)
        .put("httpAllowedHosts", new JsonArray(httpAllowedHosts)).put("trustAdvertisedHosts", trustAdvertisedHosts);
  }
}
