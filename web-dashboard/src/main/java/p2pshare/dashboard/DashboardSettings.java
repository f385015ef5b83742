package p2pshare.dashboard;

import io.vertx.core.json.JsonObject;

/**
 * The dashboard's part of a peer node's configuration:
 * {@code {"name": …, "http": {"host": …, "port": …, "token": …, "busTimeoutMillis": …}}}.
 *
 * @param name the node's name, only for the log line
 * @param host the interface to listen on (default 127.0.0.1)
 * @param port the port to listen on (default 8080; 0 takes any free port)
 * @param token the bearer token every {@code /api} request must carry, or {@code null} for an open API
 * @param busTimeoutMillis how long a request waits for the peer verticle before answering 503
 */
public record DashboardSettings(String name, String host, int port, String token, long busTimeoutMillis) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_BUS_TIMEOUT_MILLIS = 10_000;

  public DashboardSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("http.port must be between 0 and 65535, got " + port);
    }
    if (busTimeoutMillis <= 0) {
      throw new IllegalArgumentException("http.busTimeoutMillis must be positive, got " + busTimeoutMillis);
    }
  }

  /** Reads the settings from a node configuration; an empty token means no token. */
  public static DashboardSettings from(JsonObject config) {
    JsonObject http = config.getJsonObject("http", new JsonObject());
    String token = http.getString("token");
    return new DashboardSettings(
        config.getString("name", "peer"),
        http.getString("host", DEFAULT_HOST),
        http.getInteger("port", DEFAULT_PORT),
        token == null || token.isEmpty() ? null : token,
        http.getLong("busTimeoutMillis", DEFAULT_BUS_TIMEOUT_MILLIS));
  }
}
