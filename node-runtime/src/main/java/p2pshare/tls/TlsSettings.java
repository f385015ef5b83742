package p2pshare.tls;

import java.nio.file.Path;
import p2pshare.launch.ConfigReader;

/**
 * The {@code tls} settings of a tracker or a node (README, "Private network in five minutes"): this member's
 * certificate and key, the network's CA, and the list of revoked certificates. All absent: an open network.
 *
 * @param engine {@code auto} (BoringSSL when it loads, else the JDK's), {@code openssl} or {@code jdk}
 */
public record TlsSettings(Path cert, Path key, Path ca, Path revoked, String engine) {
  public static final TlsSettings OPEN = new TlsSettings(null, null, null, null, "auto");

  public boolean enabled() {
    return cert != null;
  }

  /** Reads {@code tls}: {@code cert}, {@code key} and {@code ca} together or none of them, {@code revoked}, {@code engine}. */
  public static TlsSettings from(ConfigReader tls) {
    boolean any = tls.has("cert") || tls.has("key") || tls.has("ca");
    String engine = tls.string("engine", "auto");
    if (!engine.equals("auto") && !engine.equals("openssl") && !engine.equals("jdk")) {
      throw new IllegalArgumentException(tls.fullKey("engine") + " must be auto, openssl or jdk, got " + engine);
    }
    if (!any) {
      if (tls.has("revoked")) {
        throw new IllegalArgumentException(tls.fullKey("revoked") + " needs " + tls.fullKey("cert") + ", "
            + tls.fullKey("key") + " and " + tls.fullKey("ca"));
      }
      return new TlsSettings(null, null, null, null, engine);
    }
    return new TlsSettings(tls.path("cert"), tls.path("key"), tls.path("ca"),
        tls.has("revoked") ? tls.path("revoked") : null, engine);
  }
}
