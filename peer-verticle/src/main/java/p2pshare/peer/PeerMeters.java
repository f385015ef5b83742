package p2pshare.peer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import p2pshare.observe.Observability;
import p2pshare.peer.serve.TransferStats;

/**
 * The peer's own meters, scraped with Vert.x's at {@code /metrics}: bytes down and up per file, bytes up per remote
 * peer, chunk fetch latency, chunks that failed verification, and a few gauges. Records nothing when metrics are off.
 * Safe to use from any thread.
 */
public final class PeerMeters {
  /** Remote peers that get a label of their own; bytes to any other peer count under {@link #OTHER_PEERS}. */
  public static final int MAX_PEER_LABELS = 20;
  public static final String OTHER_PEERS = "other";
  /** Longest peer label, in chars. */
  public static final int MAX_PEER_LABEL_CHARS = 64;

  private final MeterRegistry registry;
  private final Timer chunkFetch;
  /** The peers with a label of their own: the first {@link #MAX_PEER_LABELS} uploaded to, kept for the run. */
  private final Set<String> peerLabels = new HashSet<>();
  private final TransferStats uploads = new TransferStats();

  private PeerMeters(MeterRegistry registry) {
    this.registry = registry;
    this.chunkFetch = registry == null ? null : Timer.builder("p2p_chunk_fetch")
        .description("from a chunk request to its verified bytes").register(registry);
  }

  public static PeerMeters of(Vertx vertx) {
    return new PeerMeters(Observability.registry(vertx));
  }

  /** Meters in a registry of the caller's (tests that read them back). */
  public static PeerMeters of(MeterRegistry registry) {
    return new PeerMeters(registry);
  }

  /** For code that runs without a Vert.x instance's metrics (tests of single parts). */
  public static PeerMeters none() {
    return new PeerMeters(null);
  }

  public void downloaded(String fileId, long bytes) {
    if (registry != null) {
      registry.counter("p2p_download_bytes_total", "file", fileId).increment(bytes);
    }
    uploads.received(bytes);
  }

  /** Bytes of file {@code fileId} sent to {@code peer}: the metrics, and the dashboard's {@link #uploads}. */
  public void uploaded(String fileId, String peer, long bytes) {
    if (registry != null) {
      registry.counter("p2p_upload_bytes_total", "file", fileId).increment(bytes);
    }
    uploadedTo(peer, bytes);
    uploads.sent(fileId, peer, bytes);
  }

  /** What this node uploaded, per file and peer, and downloaded, kept whether metrics are on or not. */
  public TransferStats uploads() {
    return uploads;
  }

  /** Bytes of chunks sent from a file this node is still downloading (as a partial source). */
  public void uploadedPartial(long bytes) {
    if (registry != null) {
      registry.counter("p2p_upload_partial_bytes_total").increment(bytes);
    }
  }

  /** A request a downloader gave up before its turn, skipped without sending anything. */
  public void requestCancelled() {
    if (registry != null) {
      registry.counter("p2p_requests_cancelled_total").increment();
    }
  }

  /** A source a running download found (from the tracker) after it started. */
  public void sourceAdded() {
    if (registry != null) {
      registry.counter("p2p_download_sources_added_total").increment();
    }
  }

  /**
   * Counts bytes sent to a remote peer, under a label that is the peer's name made safe ({@link #peerLabel}). Only
   * the first {@link #MAX_PEER_LABELS} labels seen get their own series; the rest count under {@link #OTHER_PEERS},
   * so peers that come and go, or make up names, cannot grow the metrics without end.
   */
  public void uploadedTo(String peer, long bytes) {
    if (registry != null) {
      registry.counter("p2p_upload_peer_bytes_total", "peer", labelOf(peer)).increment(bytes);
    }
  }

  private synchronized String labelOf(String peer) {
    String label = peerLabel(peer);
    if (peerLabels.contains(label)) {
      return label;
    }
    if (peerLabels.size() < MAX_PEER_LABELS && !label.equals(OTHER_PEERS)) {
      peerLabels.add(label);
      return label;
    }
    return OTHER_PEERS;
  }

  /**
   * A remote peer's name as a label: at most {@link #MAX_PEER_LABEL_CHARS} chars, each printable ASCII or a letter or
   * digit; anything else (control and format characters, lone surrogates, symbols outside ASCII) becomes {@code _}.
   */
  public static String peerLabel(String peer) {
    StringBuilder label = new StringBuilder(Math.min(peer.length(), MAX_PEER_LABEL_CHARS));
    for (int i = 0; i < peer.length(); ) {
      int c = peer.codePointAt(i);
      i += Character.charCount(c);
      boolean kept = (c >= 0x20 && c < 0x7f) || (c > 0x9f && Character.isLetterOrDigit(c));
      if (label.length() + (kept ? Character.charCount(c) : 1) > MAX_PEER_LABEL_CHARS) {
        break;
      }
      if (kept) {
        label.appendCodePoint(c);
      } else {
        label.append('_');
      }
    }
    return label.isEmpty() ? "_" : label.toString();
  }

  public void chunkFetched(long nanos) {
    if (chunkFetch != null) {
      chunkFetch.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  public void verifyFailed() {
    if (registry != null) {
      registry.counter("p2p_chunk_verify_failures_total").increment();
    }
  }

  /** A value read at each scrape (from the scraping thread: a slightly stale number is fine). */
  public void gauge(String name, Supplier<Number> value) {
    if (registry != null) {
      Gauge.builder(name, value).register(registry);
    }
  }
}
