package p2pshare.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates a network has revoked: a text file of serial numbers in hex, one per line, {@code #} comments
 * (what {@code scripts/network-keys.sh revoke} writes). Read again, without a restart, within
 * {@link #RELOAD_MILLIS} of a change; a file that cannot be read keeps the last list read. Read with the file
 * system's asynchronous calls, never on the event loop itself.
 */
final class RevokedList {
  static final long RELOAD_MILLIS = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(RevokedList.class);

  private final Vertx vertx;
  private final Path file;
  private volatile Set<String> serials = Set.of();
  private long modified = Long.MIN_VALUE;
  private long timer = -1;
  private volatile Runnable onChange = () -> { };

  private RevokedList(Vertx vertx, Path file) {
    this.vertx = vertx;
    this.file = file;
  }

  /** Reads the list (none when {@code file} is null) and keeps it up to date. */
  static Future<RevokedList> start(Vertx vertx, Path file) {
    RevokedList list = new RevokedList(vertx, file);
    if (file == null) {
      return Future.succeededFuture(list);
    }
    return list.reload().map(v -> {
      list.timer = vertx.setPeriodic(RELOAD_MILLIS, t -> list.reload());
      return list;
    });
  }

  /** Told after each reading that changed the list. */
  void onChange(Runnable action) {
    this.onChange = action;
  }

  boolean contains(X509Certificate certificate) {
    return serials.contains(Certificates.serial(certificate));
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private Future<Void> reload() {
    return vertx.fileSystem().props(file.toString()).compose(props -> {
      if (props.lastModifiedTime() == modified) {
        return Future.succeededFuture();
      }
      long seen = props.lastModifiedTime();
      return vertx.fileSystem().readFile(file.toString()).<Void>map(content -> {
        serials = parse(content);
        boolean again = modified != Long.MIN_VALUE;
        modified = seen;
        if (again) {
          LOG.info("revoked certificates read again from {}: {}", file, serials.size());
          onChange.run();
        }
        return null;
      });
    }).recover(e -> {
      if (modified == Long.MIN_VALUE) {
        return Future.failedFuture(new IllegalArgumentException("cannot read tls.revoked " + file + ": "
            + e.getMessage(), e));
      }
      LOG.warn("cannot read tls.revoked {} again ({}); keeping the {} revoked certificates read before", file,
          e.getMessage(), serials.size());
      return Future.succeededFuture();
    });
  }

  static Set<String> parse(Buffer content) {
    Set<String> serials = new HashSet<>();
    for (String line : content.toString().split("\n")) {
      String serial = line.strip().toLowerCase(Locale.ROOT);
      if (!serial.isEmpty() && !serial.startsWith("#")) {
        serials.add(serial.replaceFirst("^0+(?=.)", ""));
      }
    }
    return Set.copyOf(serials);
  }
}
