package p2pshare.dashboard;

import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import p2pshare.http.AllowedHosts;
import p2pshare.launch.ConfigReader;

/**
 * The dashboard's part of a peer node's configuration:
 * {@code {"name": …, "http": {"host": …, "port": …, "token": …, "allowedHosts": […], "busTimeoutMillis": …,
 * "peersRefreshMillis": …, "maxUploadBytes": …}}}. Immutable; read once when the dashboard starts.
 *
 * @param name the node's name, only for the log line
 * @param host the interface to listen on (default 127.0.0.1)
 * @param port the port to listen on (default 8080; 0 takes any free port)
 * @param token the token every {@code /api} request and WebSocket must carry
 * @param tokenGenerated true when no token was configured and one was made up at start
 * @param allowedHosts host names besides the bound address and loopback names that the node answers to
 * @param busTimeoutMillis how long a request waits for the peer verticle before answering 503
 * @param peersRefreshMillis how often open pages get the peer list again (joins, leaves, fresh "last seen")
 * @param maxUploadBytes the largest file a page may add to the share folder; 0 turns uploads off
 * @param tlsCert the certificate of HTTPS ({@code http.tls}; the node's own by default), or null for HTTP
 * @param tlsKey its key, or null
 */
public record DashboardSettings(String name, String host, int port, String token, boolean tokenGenerated,
    List<String> allowedHosts, long busTimeoutMillis, long peersRefreshMillis, long maxUploadBytes,
    Path tlsCert, Path tlsKey) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_BUS_TIMEOUT_MILLIS = 10_000;
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 4L << 30;

  /** Shortest token accepted on an address other machines can reach: guessing it must not be practical. */
  public static final int MIN_REMOTE_TOKEN_LENGTH = 16;

  /** Longest {@link #busTimeoutMillis}: an hour, far beyond any answer a page would still wait for. */
  private static final long MAX_BUS_TIMEOUT_MILLIS = 3_600_000L;
  /** Longest {@link #peersRefreshMillis}: a day. */
  private static final long MAX_PEERS_REFRESH_MILLIS = 86_400_000L;

  /**
   * Reads and checks the settings from a node configuration; a bad value fails naming the key ({@code http.port}),
   * its range and the value. Without a token (absent, empty or blank) a random one is made. A configured token
   * shorter than {@value #MIN_REMOTE_TOKEN_LENGTH} characters is refused unless the host is a loopback address.
   */
  public static DashboardSettings from(JsonObject json) {
    ConfigReader config = new ConfigReader(json);
    ConfigReader http = config.object("http");
    String host = http.string("host", DEFAULT_HOST);
    Optional<String> token = http.optionalString("token");
    if (token.isPresent() && token.get().length() < MIN_REMOTE_TOKEN_LENGTH && !AllowedHosts.isLoopback(host)) {
      throw new IllegalArgumentException("http.token must have at least " + MIN_REMOTE_TOKEN_LENGTH
          + " characters when http.host (" + host + ") is reachable from other machines, got "
          + token.get().length() + "; leave it out to have one generated");
    }
    return new DashboardSettings(
        config.string("name", "peer"),
        host,
        http.intIn("port", DEFAULT_PORT, 0, 65535),
        token.orElseGet(DashboardSettings::randomToken),
        token.isEmpty(),
        http.stringList("allowedHosts"),
        http.longIn("busTimeoutMillis", DEFAULT_BUS_TIMEOUT_MILLIS, 1, MAX_BUS_TIMEOUT_MILLIS),
        http.longIn("peersRefreshMillis", 10_000L, 1, MAX_PEERS_REFRESH_MILLIS),
        http.longIn("maxUploadBytes", DEFAULT_MAX_UPLOAD_BYTES, 0, Long.MAX_VALUE),
        https(http, config.object("tls"), true),
        https(http, config.object("tls"), false));
  }

  /** True when the dashboard speaks HTTPS. */
  public boolean https() {
    return tlsCert != null;
  }

  /**
   * With {@code http.tls} true: {@code http.tlsCert} and {@code http.tlsKey} (a certificate browsers trust), or the
   * node's own {@code tls.cert} and {@code tls.key}; null without it.
   */
  private static Path https(ConfigReader http, ConfigReader tls, boolean cert) {
    if (!http.bool("tls", false)) {
      return null;
    }
    String own = cert ? "tlsCert" : "tlsKey";
    if (http.has(own)) {
      return http.path(own);
    }
    if (!tls.has(cert ? "cert" : "key")) {
      throw new IllegalArgumentException(http.fullKey("tls") + " needs " + http.fullKey(own) + ", or the node's "
          + tls.fullKey(cert ? "cert" : "key"));
    }
    return tls.path(cert ? "cert" : "key");
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
