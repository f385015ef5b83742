package p2pshare.launch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CompilerQuietTest {
  @Test
  void theWaitEndsAtItsBoundWhateverTheCompilersDo(Vertx vertx) throws Exception {
    long start = System.nanoTime();
    CompilerQuiet.await(vertx, 0).await(5, TimeUnit.SECONDS);
    long waited = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waited >= CompilerQuiet.STEP_MILLIS, "it looks once before it decides: " + waited + " ms");
  }

  @Test
  void aQuietJvmIsWaitedForBriefly(Vertx vertx) throws Exception {
    // Nothing here compiles much: a few steps at most, far below the bound given.
    CompilerQuiet.await(vertx, 30_000).await(30, TimeUnit.SECONDS);
  }
}
