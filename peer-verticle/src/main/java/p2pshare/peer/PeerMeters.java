package p2pshare.peer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import p2pshare.observe.Observability;

/**
 * The peer's own meters, scraped with Vert.x's at {@code /metrics}: bytes down and up per file, chunk fetch
 * latency, chunks that failed verification, and a few gauges. Records nothing when metrics are off.
 */
public final class PeerMeters {
  private final MeterRegistry registry;
  private final Timer chunkFetch;

  private PeerMeters(MeterRegistry registry) {
    this.registry = registry;
    this.chunkFetch = registry == null ? null : Timer.builder("p2p_chunk_fetch")
        .description("from a chunk request to its verified bytes").register(registry);
  }

  public static PeerMeters of(Vertx vertx) {
    return new PeerMeters(Observability.registry(vertx));
  }

  /** For code that runs without a Vert.x instance's metrics (tests of single parts). */
  public static PeerMeters none() {
    return new PeerMeters(null);
  }

  public void downloaded(String fileId, long bytes) {
    if (registry != null) {
      registry.counter("p2p_download_bytes_total", "file", fileId).increment(bytes);
    }
  }

  public void uploaded(String fileId, long bytes) {
    if (registry != null) {
      registry.counter("p2p_upload_bytes_total", "file", fileId).increment(bytes);
    }
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
