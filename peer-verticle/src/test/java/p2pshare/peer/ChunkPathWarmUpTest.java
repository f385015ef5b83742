package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ChunkPathWarmUpTest {
  @Test
  void everyWarmUpChunkGoesThroughVerifiedAndNothingIsLeftBehind(Vertx vertx, @TempDir Path dir) throws Exception {
    int verified = ChunkPathWarmUp.run(vertx, dir).await(60, TimeUnit.SECONDS);

    assertEquals(ChunkPathWarmUp.TRANSFERS, verified);
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count(), "the warm-up file is deleted");
    }
  }

  @Test
  void aWarmUpThatCannotStartEndsQuietly(Vertx vertx, @TempDir Path dir) throws Exception {
    int verified = ChunkPathWarmUp.run(vertx, dir.resolve("missing")).await(60, TimeUnit.SECONDS);

    assertEquals(0, verified);
  }
}
