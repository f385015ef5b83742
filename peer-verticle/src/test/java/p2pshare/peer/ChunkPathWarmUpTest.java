package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import p2pshare.tls.NetworkTls;
import p2pshare.tls.TlsSettings;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ChunkPathWarmUpTest {
  @Test
  void everyWarmUpChunkGoesThroughVerifiedAndNothingIsLeftBehind(Vertx vertx, @TempDir Path dir) throws Exception {
    Files.write(dir.resolve("warm-up4242.bin"), new byte[100]); // left by a node killed during its warm-up
    Path kept = Files.write(dir.resolve("bans.json"), new byte[0]);

    int verified = ChunkPathWarmUp.run(vertx, dir, NetworkTls.open(), "warm-up").await(60, TimeUnit.SECONDS);

    assertEquals(ChunkPathWarmUp.TRANSFERS, verified);
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(kept), left.toList(), "the warm-up files are deleted, nothing else");
    }
  }

  @Test
  void inAPrivateNetworkTheWarmUpGoesThroughTlsWithTheNodesOwnCertificate(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Path keys = dir.resolve("keys");
    networkKeys("init", keys.toString());
    networkKeys("node", keys.toString(), "alice");
    TlsSettings settings = new TlsSettings(keys.resolve("alice.crt"), keys.resolve("alice.key"),
        keys.resolve("ca.crt"), null, "auto");
    NetworkTls tls = NetworkTls.start(vertx, settings, "test", "alice").await(30, TimeUnit.SECONDS);
    Path state = Files.createDirectory(dir.resolve("state"));
    try {
      assertTrue(tls.enabled());
      assertEquals(ChunkPathWarmUp.TRANSFERS, ChunkPathWarmUp.run(vertx, state, tls, "alice")
          .await(60, TimeUnit.SECONDS));
    } finally {
      tls.stop();
    }
  }

  private static void networkKeys(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "../scripts/network-keys.sh"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), output);
  }

  @Test
  void aWarmUpThatCannotStartEndsQuietly(Vertx vertx, @TempDir Path dir) throws Exception {
    int verified = ChunkPathWarmUp.run(vertx, dir.resolve("missing"), NetworkTls.open(), "warm-up")
        .await(60, TimeUnit.SECONDS);

    assertEquals(0, verified);
  }
}
