package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.download.Download;
import p2pshare.peer.download.DownloadException;
import p2pshare.peer.download.DownloadException.Reason;
import p2pshare.peer.download.DownloadSettings;

/** A download the download folder has no room for is refused before it starts, and again whenever it restarts. */
class NotEnoughDiskSpaceTest {
  private static final int SIZE = 1024 * 1024;

  @TempDir
  Path root;

  private SwarmFixture swarm;
  private EngineNode engine;
  private String fileId;

  @BeforeEach
  void startSeeder() throws Exception {
    swarm = new SwarmFixture(root);
    TestNode seeder = swarm.node("seeder");
    byte[] data = new byte[SIZE];
    new Random(3).nextBytes(data);
    Files.write(seeder.share.resolve("big.bin"), data);
    new Random(4).nextBytes(data);
    Files.write(seeder.share.resolve("other.bin"), data);
    seeder.start(swarm.trackerPort, new JsonObject());
    fileId = seeder.request(PeerBus.SHARES, new JsonObject()).getJsonArray("shares").stream()
        .map(JsonObject.class::cast).filter(s -> s.getString("name").equals("big.bin")).findFirst().orElseThrow()
        .getString("fileId");
  }

  @AfterEach
  void stopAll() throws Exception {
    if (engine != null) {
      engine.close();
    }
    swarm.close();
  }

  @Test
  void aDownloadBiggerThanTheFreeSpaceIsRefusedAtOnce() throws Exception {
    engine = new EngineNode(root, swarm.trackerPort, new DownloadSettings(4, 32, 2_000, 3, 10, 3)).joined();
    engine.freeBytes.set(100_000);

    DownloadException e = engine.failure(n -> n.start(new JsonObject().put("name", "big.bin")));

    assertEquals(Reason.NO_SPACE, e.reason());
    assertFalse(e.retryable());
    // 1 MiB missing plus the 8 MiB margin
    assertEquals("not enough space in " + engine.downloads + ": needs 9.4 MB, 100 kB free", e.getMessage());
    assertEquals(0, engine.count(), "nothing is queued");
    assertFalse(Files.exists(engine.records) && Files.list(engine.records).findAny().isPresent(),
        "nothing is recorded for the next start");
  }

  @Test
  void aQueuedDownloadThatNoLongerFitsFailsWhenItsTurnComes() throws Exception {
    // One download at a time, at 64 kB/s: the first takes many seconds, so the second stays queued.
    engine = new EngineNode(root, swarm.trackerPort,
        new DownloadSettings(4, 32, 2_000, 3, 10, 1, 64 * 1024, 1000, 30_000, 1000)).joined();
    Download first = engine.start(new JsonObject().put("name", "big.bin"));
    Download second = engine.start(new JsonObject().put("name", "other.bin"));
    assertEquals(Download.State.QUEUED, engine.get(second.id()).state());

    engine.freeBytes.set(1_000);
    engine.cancel(first.id());

    Download failed = engine.awaitDownload(second.id(), d -> d.state().finished());
    assertEquals(Download.State.FAILED, failed.state());
    assertEquals("not enough space in " + engine.downloads + ": needs 9.4 MB, 1.0 kB free",
        failed.toJson().getString("error"));
  }

  @Test
  void aDownloadTakenUpAfterARestartIsCheckedAgain() throws Exception {
    engine = new EngineNode(root, swarm.trackerPort, new DownloadSettings(4, 32, 2_000, 3, 10, 3)).joined();
    Files.createDirectories(engine.records);
    Files.writeString(engine.records.resolve("d1.json"), new JsonObject().put("id", "d1").put("fileId", fileId)
        .put("name", "big.bin").put("size", SIZE).put("createdAt", 1L).encode());
    engine.freeBytes.set(2_000_000);

    engine.resumeSaved();

    Download failed = engine.awaitDownload("d1", d -> d.state().finished());
    assertEquals(Download.State.FAILED, failed.state());
    assertEquals("not enough space in " + engine.downloads + ": needs 9.4 MB, 2.0 MB free",
        failed.toJson().getString("error"));
  }
}
