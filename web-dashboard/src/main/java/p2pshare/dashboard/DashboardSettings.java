package p2pshare.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The dashboard's part of a peer node's configuration:
 * {@code {"name": …, "http": {"host": …, "port": …, "token": …, "allowedHosts": […], "busTimeoutMillis": …}}}.
 *
 * @param name the node's name, only for the log line
 * @param host the interface to listen on (default 127.0.0.1)
 * @param port the port to listen on (default 8080; 0 takes any free port)
 * @param token the token every {@code /api} request and WebSocket must carry
 * @param tokenGenerated true when no token was configured and one was made up at start
 * @param allowedHosts host names besides the bound address and loopback names that the node answers to
 * @param busTimeoutMillis how long a request waits for the peer verticle before answering 503
 * @param peersRefreshMillis how often open pages get the whole peer list again (fresh "last seen")
 */
public record DashboardSettings(String name, String host, int port, String token, boolean tokenGenerated,
    List<String> allowedHosts, long busTimeoutMillis, long peersRefreshMillis) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_BUS_TIMEOUT_MILLIS = 10_000;

  public DashboardSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("http.port must be between 0 and 65535, got " + port);
    }
    if (peersRefreshMillis <= 0) {
      throw new IllegalArgumentException("http.peersRefreshMillis must be positive, got " + peersRefreshMillis);
    }
    if (busTimeoutMillis <= 0) {
      throw new IllegalArgumentException("http.busTimeoutMillis must be positive, got " + busTimeoutMillis);
    }
  }

  /** Reads the settings from a node configuration; without a token (or an empty one) a random one is made. */
  public static DashboardSettings from(JsonObject config) {
    JsonObject http = config.getJsonObject("http", new JsonObject());
    String token = http.getString("token");
    boolean generate = token == null || token.isEmpty();
    JsonArray names = http.getJsonArray("allowedHosts", new JsonArray());
    return new DashboardSettings(
        config.getString("name", "peer"),
        http.getString("host", DEFAULT_HOST),
        http.getInteger("port", DEFAULT_PORT),
        generate ? randomToken() : token,
        generate,
        names.stream().map(String::valueOf).toList(),
        http.getLong("busTimeoutMillis", DEFAULT_BUS_TIMEOUT_MILLIS),
        http.getLong("peersRefreshMillis", 10_000L));
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
