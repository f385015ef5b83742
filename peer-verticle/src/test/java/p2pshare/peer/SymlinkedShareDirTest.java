package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code shareDir} that is itself a symbolic link is followed on purpose: the folder it leads to is shared (not
 * skipped as a link, which would offer nothing without a word), and its files can be downloaded.
 */
class SymlinkedShareDirTest {
  @TempDir
  Path root;

  @Test
  void theFolderALinkedShareDirLeadsToIsSharedAndServed() throws Exception {
    byte[] data = new byte[2 * 256 * 1024 + 99];
    new Random(7).nextBytes(data);
    Path real = Files.createDirectories(root.resolve("real-share"));
    Files.write(real.resolve("linked.bin"), data);
    Path link = Files.createSymbolicLink(root.resolve("share-link"), real);

    try (SwarmFixture swarm = new SwarmFixture(root)) {
      TestNode seeder = swarm.node("seeder").start(swarm.trackerPort,
          new JsonObject().put("shareDir", link.toString()));
      JsonArray shares = seeder.request(PeerBus.SHARES, new JsonObject()).getJsonArray("shares");
      assertEquals(1, shares.size(), shares.encode());
      assertEquals(real.toRealPath().resolve("linked.bin").toString(), shares.getJsonObject(0).getString("path"));

      TestNode leecher = swarm.started("leecher");
      JsonObject done = leecher.download(new JsonObject().put("name", "linked.bin"));
      assertEquals("completed", done.getString("state"), done.encodePrettily());
      assertArrayEquals(data, Files.readAllBytes(Path.of(done.getString("path"))));
    }
  }
}
