package p2pshare.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Metrics and health for both processes: Micrometer with a Prometheus registry (Vert.x's own meters plus the
 * {@code p2p_*} ones), scraped at {@code /metrics}, and a {@code /health} answer (200 up, 503 down).
 */
public final class Observability {
  private Observability() {
  }

  /** The Vert.x metrics options the launcher uses unless {@code -options} says otherwise. */
  public static MicrometerMetricsOptions metricsOptions() {
    return new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setJvmMetricsEnabled(true)
        .setEnabled(true);
  }

  /** Launcher options with metrics turned on, when they are not configured already. */
  public static JsonObject withMetrics(JsonObject vertxOptions) {
    if (vertxOptions.getValue("metricsOptions") == null) {
      vertxOptions.put("metricsOptions", metricsOptions().toJson());
    }
    return vertxOptions;
  }

  /** For tests and embedding: options that turn metrics on. */
  public static VertxOptions vertxOptions() {
    return new VertxOptions().setMetricsOptions(metricsOptions());
  }

  /** The registry of {@code vertx}'s metrics, or null when metrics are off (then nothing is recorded). */
  public static MeterRegistry registry(Vertx vertx) {
    return vertx.isMetricsEnabled() ? BackendRegistries.getDefaultNow() : null;
  }

  /** Adds {@code GET /metrics} (when metrics are on) and {@code GET /health} to a router. */
  public static void mount(Vertx vertx, Router router, HealthChecks checks) {
    if (vertx.isMetricsEnabled()) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create());
    }
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(checks));
  }
}
