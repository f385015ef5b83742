package p2pshare.tracker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import p2pshare.launch.ConfigReader;
import p2pshare.net.HostText;

/**
 * The tracker's settings, read from the verticle's {@code config()} with defaults, and checked.
 *
 * @param host address to listen on
 * @param port TCP port, 0 for any free port
 * @param heartbeatMillis how often peers are told to heartbeat ({@code heartbeatSeconds} in the config and the join
 *     reply)
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
 * @param maxFilesPerAddress files offered in all by the peers connected from one address
 * @param maxNameBytesPerAddress UTF-8 bytes of the names of those files
 * @param maxFiles files offered in all by all peers
 * @param maxNameBytes UTF-8 bytes of the names of all offered files
 * @param maxSubscriptionsPerConnection files one connection may subscribe to
 * @param maxWatchers connections that may watch every membership event (version-2 nodes)
 * @param warmUp before it listens, run its request path against simulated peers ({@link TrackerWarmUp})
 * @param probeReachability dial each joined peer's chunk server back to tell it, and downloaders, whether it can be
 *     reached (docs/protocol.md, "Reachability")
 * @param probeTimeoutSeconds how long such a probe may take, connection, handshake and hello together
 */
public record TrackerConfig(String host, int port, long heartbeatMillis, int peerTimeoutSeconds, int shards,
                            int maxFrameBytes, int maxConnections, int maxFilesPerPeer, int maxConnectionsPerIp,
                            int joinTimeoutSeconds, int httpPort, List<String> httpAllowedHosts,
                            boolean trustAdvertisedHosts, long maxFilesPerAddress,
                            long maxNameBytesPerAddress, long maxFiles, long maxNameBytes,
                            int maxSubscriptionsPerConnection, int maxWatchers, boolean warmUp,
                            boolean probeReachability, int probeTimeoutSeconds) {
  /**
   * Default of {@code heartbeatSeconds}: 100,000 idle peers cost about 3,300 messages a second, and NAT routers,
   * which drop idle TCP mappings after a few minutes at the least, keep the connection.
   */
  public static final int HEARTBEAT_SECONDS = 30;
  /** Most {@code heartbeatSeconds} can be: a NAT router must see the connection used more often than that. */
  public static final int MAX_HEARTBEAT_SECONDS = 60;
  /** A peer expires after this many heartbeats missed, unless {@code peerTimeoutSeconds} says otherwise. */
  public static final int HEARTBEATS_PER_TIMEOUT = 3;
  /** Default of {@code maxFilesPerAddress}: one peer with 10,000 files and a few more on the same host. */
  public static final long FILES_PER_ADDRESS = 15_000;
  /**
   * Default of {@code maxNameBytesPerAddress}: 10,000 names of 78 bytes on average. A name byte may cost the name
   * index up to about 140 bytes of heap (a name made only of three-letter pieces no other name has), so one address
   * holds at most about 110 MB of heap this way, plus about 1 KB per file.
   */
  public static final long NAME_BYTES_PER_ADDRESS = 768 * 1024;

  /**
   * Reads and checks a config; a bad value fails with a message naming the key, its range and the value. Unknown
   * keys are ignored.
   */
  public static TrackerConfig from(JsonObject json) {
    ConfigReader config = new ConfigReader(json);
    // Each follows from the other when only one is given: a timeout of three heartbeats.
    int timeout = config.intIn("peerTimeoutSeconds", HEARTBEATS_PER_TIMEOUT * HEARTBEAT_SECONDS, 1, 86400);
    double heartbeatDefault = config.has("peerTimeoutSeconds")
        ? Math.min(HEARTBEAT_SECONDS, (double) timeout / HEARTBEATS_PER_TIMEOUT) : HEARTBEAT_SECONDS;
    long heartbeat = config.seconds("heartbeatSeconds", heartbeatDefault, 0.01, MAX_HEARTBEAT_SECONDS);
    if (!config.has("peerTimeoutSeconds")) {
      timeout = (int) Math.max(1, (HEARTBEATS_PER_TIMEOUT * heartbeat + 999) / 1000);
    }
    if (timeout * 1000L < 2 * heartbeat) {
      throw new IllegalArgumentException("peerTimeoutSeconds must be at least twice heartbeatSeconds, got "
          + timeout + " and " + heartbeat / 1000.0);
    }
    return new TrackerConfig(
        HostText.canonical(config.string("host", "127.0.0.1")),
        config.intIn("port", 6881, 0, 65535),
        heartbeat,
        timeout,
        config.intIn("shards", defaultShards(), 0, 1024),
        config.intIn("maxFrameBytes", 1 << 20, 1024, 1 << 30),
        config.intIn("maxConnections", 10_000, 1, 1_000_000),
        config.intIn("maxFilesPerPeer", 10_000, 1, 1_000_000),
        config.intIn("maxConnectionsPerIp", 128, 1, 1_000_000),
        config.intIn("joinTimeoutSeconds", 10, 1, 3600),
        config.intIn("httpPort", 6882, -1, 65535),
        config.stringList("httpAllowedHosts"),
        config.bool("trustAdvertisedHosts", false),
        config.longIn("maxFilesPerAddress", FILES_PER_ADDRESS, 1, 1L << 40),
        config.longIn("maxNameBytesPerAddress", NAME_BYTES_PER_ADDRESS, 1, 1L << 40),
        config.longIn("maxFiles", 200_000, 1, 1L << 40),
        config.longIn("maxNameBytes", 8L << 20, 1, 1L << 40),
        config.intIn("maxSubscriptionsPerConnection", 256, 1, 100_000),
        config.intIn("maxWatchers", 1000, 0, 1_000_000),
        config.bool("warmUp", true),
        config.bool("probeReachability", true),
        config.intIn("probeTimeoutSeconds", 5, 1, 60));
  }

  /**
   * On one or two cores, none: the registry lives on the front's own event loop, and a lookup is answered in the turn
   * that read it, with no hand-off to another thread (scripts/bench-tracker.sh on 2 cores: 34 µs of tracker CPU per
   * lookup and 33,000 lookups/s, against 77 µs with one shard). With more cores, one shard per core but one, which
   * the TCP front (parsing, replies, system calls) keeps for itself.
   */
  static int defaultShards() {
    int cores = Runtime.getRuntime().availableProcessors();
    return cores <= 2 ? 0 : cores - 1;
  }

  /** The settings the server verticle and the shards receive. */
  public JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port).put("heartbeatSeconds", heartbeatMillis / 1000.0)
        .put("peerTimeoutSeconds", peerTimeoutSeconds)
        .put("shards", shards).put("maxFrameBytes", maxFrameBytes).put("maxConnections", maxConnections)
        .put("maxFilesPerPeer", maxFilesPerPeer).put("maxConnectionsPerIp", maxConnectionsPerIp)
        .put("joinTimeoutSeconds", joinTimeoutSeconds).put("httpPort", httpPort)
        .put("httpAllowedHosts", new JsonArray(httpAllowedHosts)).put("trustAdvertisedHosts", trustAdvertisedHosts)
        .put("maxFilesPerAddress", maxFilesPerAddress).put("maxNameBytesPerAddress", maxNameBytesPerAddress)
        .put("maxFiles", maxFiles).put("maxNameBytes", maxNameBytes)
        .put("maxSubscriptionsPerConnection", maxSubscriptionsPerConnection).put("maxWatchers", maxWatchers)
        .put("warmUp", warmUp).put("probeReachability", probeReachability)
        .put("probeTimeoutSeconds", probeTimeoutSeconds);
  }
}
