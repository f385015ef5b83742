package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ChunkPathWarmUpTest {
  @Test
  void everyWarmUpChunkGoesThroughVerifiedAndNothingIsLeftBehind(Vertx vertx, @TempDir Path dir) throws Exception {
    Files.write(dir.resolve("warm-up4242.bin"), new byte[100]); // left by a node killed during its warm-up
    Path kept = Files.write(dir.resolve("bans.json"), new byte[0]);

    int verified = ChunkPathWarmUp.run(vertx, dir).await(60, TimeUnit.SECONDS);

    assertEquals(ChunkPathWarmUp.TRANSFERS, verified);
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(kept), left.toList(), "the warm-up files are deleted, nothing else");
    }
  }

  @Test
  void aWarmUpThatCannotStartEndsQuietly(Vertx vertx, @TempDir Path dir) throws Exception {
    int verified = ChunkPathWarmUp.run(vertx, dir.resolve("missing")).await(60, TimeUnit.SECONDS);

    assertEquals(0, verified);
  }
}
