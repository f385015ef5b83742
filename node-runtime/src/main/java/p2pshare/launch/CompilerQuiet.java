package p2pshare.launch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, at start, until the JIT compilers have caught up with what a warm-up gave them. A warm-up leaves a queue
 * of methods to compile that the compiler threads work through for seconds after it; a node or tracker that went to
 * work at once would spend that time compiling during its first transfers or joins, on the cores they need
 * (docs/performance.md). Quiet
 * means: the compile time the JVM reports grew by less than {@link #QUIET_MILLIS} over one {@link #STEP_MILLIS}.
 * Bounded: it never waits longer than it is given, and a JVM that does not report compile time is not waited for.
 */
public final class CompilerQuiet {
  private static final Logger log = LoggerFactory.getLogger(CompilerQuiet.class);
  public static final long STEP_MILLIS = 250;
  public static final long QUIET_MILLIS = 10;

  private CompilerQuiet() {
  }

  /** Completes once the compilers are quiet, or after {@code maxMillis}; never fails. */
  public static Future<Void> await(Vertx vertx, long maxMillis) {
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
      return Future.succeededFuture();
    }
    Promise<Void> quiet = Promise.promise();
    long start = System.nanoTime();
    step(vertx, compiler, compiler.getTotalCompilationTime(), start, maxMillis, quiet);
    return quiet.future().onSuccess(v -> log.debug("compilers quiet after {} ms",
        (System.nanoTime() - start) / 1_000_000));
  }

  private static void step(Vertx vertx, CompilationMXBean compiler, long before, long start, long maxMillis,
      Promise<Void> quiet) {
    vertx.setTimer(STEP_MILLIS, t -> {
      long now = compiler.getTotalCompilationTime();
      if (now - before < QUIET_MILLIS || (System.nanoTime() - start) / 1_000_000 >= maxMillis) {
        quiet.complete();
      } else {
        step(vertx, compiler, now, start, maxMillis, quiet);
      }
    });
  }
}
