package p2pshare.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.net.TCPSSLOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.net.HostText;

/**
 * A member of a private network on the wire: the TLS options of its servers and clients (mutual TLS, both sides
 * showing a certificate the network's CA signed), and the checks TLS alone does not make: that a certificate is
 * not revoked ({@link RevokedList}), that a tracker's carries the tracker role, that a chunk server's names the peer
 * the tracker listed. An open network (no {@code tls} settings) checks nothing, and says so once at start.
 */
public final class NetworkTls {
  /** The tracker role: an extended key usage that scripts/network-keys.sh puts in tracker certificates only. */
  public static final String TRACKER_ROLE = "2.25.337462492713888933944595957367447130518";
  /** A certificate that expires within this many days is warned about, in the log and on the dashboard. */
  public static final int WARN_DAYS = 30;
  private static final Logger LOG = LoggerFactory.getLogger(NetworkTls.class);
  private static final long EXPIRY_CHECK_MILLIS = TimeUnit.HOURS.toMillis(24);

  private final Vertx vertx;
  private final TlsSettings settings;
  private final X509Certificate own;
  private final RevokedList revoked;
  private final SSLEngineOptions engine;
  private long expiryTimer = -1;
  private volatile long lastHandshakeWarning;
  // Open connections of this member's servers, each closed if its certificate is revoked while it is open.
  private final Map<NetSocket, X509Certificate> watched = new ConcurrentHashMap<>();

  private NetworkTls(Vertx vertx, TlsSettings settings, X509Certificate own, RevokedList revoked,
      SSLEngineOptions engine) {
    this.vertx = vertx;
    this.settings = settings;
    this.own = own;
    this.revoked = revoked;
    this.engine = engine;
  }

  /** An open network: no TLS, no checks. */
  public static NetworkTls open() {
    return new NetworkTls(null, TlsSettings.OPEN, null, null, null);
  }

  /**
   * Reads this member's certificate and the revoked list (on a worker thread) and checks them: a tracker's
   * certificate must carry the tracker role, a node's must name the node ({@code name}, null for a tracker).
   * Fails with one clear message; logs once that the network is open when there are no settings.
   */
  public static Future<NetworkTls> start(Vertx vertx, TlsSettings settings, String what, String name) {
    if (!settings.enabled()) {
      LOG.warn("{} runs an OPEN network: no tls settings, so anyone who reaches it can join and every byte crosses "
          + "the network in clear (README, \"Private network in five minutes\")", what);
      return Future.succeededFuture(open());
    }
    return vertx.executeBlocking(() -> {
      X509Certificate own = read(settings);
      String ownName = Certificates.name(own);
      boolean tracker = name == null;
      if (tracker && !Certificates.hasRole(own, TRACKER_ROLE)) {
        throw new IllegalArgumentException("tls.cert " + settings.cert() + " (" + ownName + ") lacks the tracker "
            + "role: make a tracker's certificate with scripts/network-keys.sh tracker DIR NAME");
      }
      if (!tracker && !ownName.equals(name)) {
        throw new IllegalArgumentException("tls.cert " + settings.cert() + " names " + ownName + ", but this node is "
            + "named " + name + ": the tracker only lets a node join under its certificate's name");
      }
      return own;
    }).compose(own -> RevokedList.start(vertx, settings.revoked()).map(revoked -> {
      NetworkTls tls = new NetworkTls(vertx, settings, own, revoked, engine(settings.engine()));
      revoked.onChange(tls::closeRevoked);
      LOG.info("{} is {} in a private network (TLS with {}), certificate valid until {}", what,
          Certificates.name(own), tls.engine instanceof OpenSSLEngineOptions ? "BoringSSL" : "the JDK's engine",
          own.getNotAfter().toInstant());
      tls.warnOfExpiry(what);
      tls.expiryTimer = vertx.setPeriodic(EXPIRY_CHECK_MILLIS, t -> tls.warnOfExpiry(what));
      return tls;
    }));
  }

  public boolean enabled() {
    return own != null;
  }

  /** A server that asks every client for a certificate from the network's CA (mutual TLS). */
  public NetServerOptions server(NetServerOptions options) {
    if (enabled()) {
      secure(options).setClientAuth(ClientAuth.REQUIRED);
    }
    return options;
  }

  /** A client that shows this member's certificate; who the server is, the caller checks ({@link #checkTracker}). */
  public NetClientOptions client(NetClientOptions options) {
    if (enabled()) {
      secure(options);
      // Members are known by their certificate's name, not by a host name: checked after the handshake.
      options.setHostnameVerificationAlgorithm("");
    }
    return options;
  }

  private <T extends TCPSSLOptions> T secure(T options) {
    options.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(settings.cert().toString())
            .setKeyPath(settings.key().toString()))
        .setTrustOptions(new PemTrustOptions().addCertPath(settings.ca().toString()))
        .setSslEngineOptions(engine.copy())
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
        // A cleartext side never answers a handshake: give up soon, with a clear message, rather than hang.
        .setSslHandshakeTimeout(10).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    return options;
  }

  /**
   * The clustered event bus of a tracker in a private network: mutual TLS with the same certificate and CA, so that
   * only trackers of the network exchange the registry, encrypted (Hazelcast's own port carries none of it).
   */
  public static EventBusOptions eventBus(TlsSettings settings, EventBusOptions options) {
    if (settings.enabled()) {
      options.setSsl(true).setClientAuth(ClientAuth.REQUIRED)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(settings.cert().toString())
              .setKeyPath(settings.key().toString()))
          .setTrustOptions(new PemTrustOptions().addCertPath(settings.ca().toString()))
          .setSslEngineOptions(engine(settings.engine()));
    }
    return options;
  }

  /**
   * Logs that a client failed a server's TLS handshake (a client without TLS, or with a certificate from elsewhere),
   * at most once every 10 s for the whole node, so a scanner cannot fill the log. For a server's exception handler.
   */
  public void handshakeFailed(String server, Throwable failure) {
    long now = System.currentTimeMillis();
    if (now - lastHandshakeWarning >= 10_000) {
      lastHandshakeWarning = now;
      LOG.warn("a client of the {} failed the TLS handshake ({}): one without TLS, or with a certificate this "
          + "network's CA did not sign", server, failure.getMessage());
    }
  }

  /** Why a server refuses this client (no certificate, or a revoked one), or null to serve it. */
  public String refusal(NetSocket socket) {
    if (!enabled()) {
      return null;
    }
    X509Certificate peer = Certificates.peer(socket);
    if (peer == null) {
      return "no certificate from this network";
    }
    return revoked.contains(peer) ? "the certificate of " + Certificates.name(peer) + " is revoked" : null;
  }

  /**
   * Keeps an eye on a connection until {@link #unwatch}: if the other side's certificate is revoked while it is open,
   * it is closed (the revoked list is read again without a restart, and a member must not keep what it had).
   */
  public void watch(NetSocket socket) {
    X509Certificate peer = enabled() ? Certificates.peer(socket) : null;
    if (peer != null) {
      watched.put(socket, peer);
    }
  }

  /** The connection closed: forget it. */
  public void unwatch(NetSocket socket) {
    watched.remove(socket);
  }

  private void closeRevoked() {
    watched.forEach((socket, certificate) -> {
      if (revoked.contains(certificate)) {
        LOG.warn("closing the connection of {} ({}): its certificate is revoked now", Certificates.name(certificate),
            HostText.of(socket.remoteAddress()));
        watched.remove(socket);
        socket.close();
      }
    });
  }

  /** Why this server is not a tracker of the network (no tracker role, revoked), or null if it is one. */
  public String checkTracker(NetSocket socket) {
    if (!enabled()) {
      return null;
    }
    X509Certificate server = Certificates.peer(socket);
    if (server == null) {
      return "the tracker showed no certificate";
    }
    if (!Certificates.hasRole(server, TRACKER_ROLE)) {
      return Certificates.name(server) + " is not a tracker of this network: its certificate lacks the tracker role";
    }
    return revoked.contains(server) ? "the tracker's certificate (" + Certificates.name(server) + ") is revoked" : null;
  }

  /** Why this chunk server is not the peer {@code listedName} the tracker listed, or null if it is. */
  public String checkSource(NetSocket socket, String listedName) {
    if (!enabled()) {
      return null;
    }
    X509Certificate server = Certificates.peer(socket);
    if (server == null) {
      return "the source showed no certificate";
    }
    String name = Certificates.name(server);
    if (!name.equals(listedName)) {
      return "the source's certificate names " + name + ", not " + listedName + " as the tracker listed it";
    }
    return revoked.contains(server) ? "the certificate of " + name + " is revoked" : null;
  }

  /**
   * {@code {"enabled": false, "warning"}} for an open network, or {@code {"enabled": true, "name", "notAfter",
   * "daysLeft", "warning"}}: what /health and the dashboard show. {@code warning} is null when all is well.
   */
  public JsonObject status() {
    if (!enabled()) {
      return new JsonObject().put("enabled", false).put("warning",
          "open network: anyone who reaches the tracker can join, and nothing is encrypted");
    }
    long daysLeft = Duration.between(Instant.now(), own.getNotAfter().toInstant()).toDays();
    return new JsonObject().put("enabled", true).put("name", Certificates.name(own))
        .put("notAfter", own.getNotAfter().getTime()).put("daysLeft", daysLeft)
        .put("warning", expiryWarning(daysLeft));
  }

  private String expiryWarning(long daysLeft) {
    if (daysLeft > WARN_DAYS) {
      return null;
    }
    return (daysLeft < 0 ? "this member's certificate has expired" : "this member's certificate expires in "
        + daysLeft + (daysLeft == 1 ? " day" : " days")) + " (" + own.getNotAfter().toInstant()
        + "): make a new one with scripts/network-keys.sh";
  }

  private void warnOfExpiry(String what) {
    String warning = status().getString("warning");
    if (warning != null) {
      LOG.warn("{}: {}", what, warning);
    }
  }

  public void stop() {
    if (vertx != null) {
      vertx.cancelTimer(expiryTimer);
    }
    if (revoked != null) {
      revoked.stop();
    }
  }

  private static SSLEngineOptions engine(String choice) {
    boolean openssl = switch (choice) {
      case "openssl" -> {
        if (!OpenSSLEngineOptions.isAvailable()) {
          throw new IllegalArgumentException("tls.engine is openssl, but BoringSSL (netty-tcnative) does not load "
              + "here: " + OpenSSLEngineOptions.class.getSimpleName());
        }
        yield true;
      }
      case "jdk" -> false;
      default -> OpenSSLEngineOptions.isAvailable();
    };
    return openssl ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
  }

  private static X509Certificate read(TlsSettings settings) throws IOException, GeneralSecurityException {
    for (var path : List.of(settings.cert(), settings.key(), settings.ca())) {
      if (!Files.isReadable(path)) {
        throw new IllegalArgumentException("cannot read " + path + " (tls settings)");
      }
    }
    try (InputStream in = Files.newInputStream(settings.cert())) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
