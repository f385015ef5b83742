package p2pshare.peer.tracker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.protocol.ProtocolException;

/**
 * Why the tracker does not take this node, in words for the log, {@code /health} and the dashboard: it refused the
 * join or part of the file list (for good: not asked again soon), or a setting keeps any join from working (TLS).
 * A join clears it. Runs on the client's event loop only.
 */
final class TrackerRefusal {
  private static final Logger log = LoggerFactory.getLogger(TrackerRefusal.class);

  private String text;
  private boolean updateRefused;

  /** The words, or null when nothing is refused. */
  String text() {
    return text;
  }

  /** Whether the tracker refused part of the file list since the last join: once that connection is lost, wait. */
  boolean updateRefused() {
    return updateRefused;
  }

  void joinRefused(ProtocolException e, long retryMs) {
    text = "the tracker refused this node's join: " + e.getMessage() + " (" + e.code() + ")";
    log.error("{}; not asking again for {} minutes or until the shared files change", text, retryMs / 60_000);
  }

  /** The files an update offered are not offered until the next join. */
  void updateRefused(ProtocolException e) {
    text = "the tracker refused this node's file list update: " + e.getMessage() + " (" + e.code() + ")";
    updateRefused = true;
    log.error("{}; the files it refused are not offered until the next join", text);
  }

  /** No join can work until a setting changes ({@link TrackerLink}'s {@code tls} failures): say so. */
  void blocked(ProtocolException e) {
    text = e.getMessage();
    log.error("{}", text);
  }

  void joined(TrackerAddress tracker) {
    if (text != null) {
      log.info("tracker {} took this node's join now", tracker);
      text = null;
    }
    updateRefused = false;
  }
}
