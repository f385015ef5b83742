package p2pshare.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.node.ProcessSwarm.freePort;
import static p2pshare.testkit.Await.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults between real processes: seeders, the leecher and the tracker killed with SIGKILL in the middle of a
 * download. The leecher is slowed down with its bandwidth limit so that "the middle" lasts long enough.
 */
class FaultsIT {
  private static final int SIZE = 24 * 1024 * 1024;
  private static final JsonObject PEER = new JsonObject().put("chunkSize", 256 * 1024);
  private static final JsonObject SLOW_LEECHER = PEER.copy().put("download", new JsonObject()
      .put("maxBytesPerSecond", 6_000_000).put("stallMillis", 2_000)
      .put("retryMinMillis", 200).put("retryMaxMillis", 1_000));

  @TempDir
  Path work;

  private ProcessSwarm swarm;
  private byte[] data;
  private int trackerPort;

  @BeforeEach
  void setUp() throws Exception {
    swarm = new ProcessSwarm(work);
    data = new byte[SIZE];
    new Random(77).nextBytes(data);
    trackerPort = freePort();
  }

  @AfterEach
  void stop() throws Exception {
    swarm.close();
  }

  private Process seeder(String name, int api) throws Exception {
    Files.write(swarm.share(name).resolve("movie.bin"), data);
    return swarm.peer(name, trackerPort, api, PEER);
  }

  private String startDownload(int leecher, int sources) throws Exception {
    swarm.pollJson(leecher, "/api/files?q=movie.bin",
        r -> r.getJsonArray("files").size() == 1
            && r.getJsonArray("files").getJsonObject(0).getInteger("sources") == sources);
    return await(swarm.post(leecher, "/api/downloads", new JsonObject().put("name", "movie.bin")))
        .bodyAsJsonObject().getString("id");
  }

  private JsonObject awaitProgress(int leecher, String id, double fraction) throws Exception {
    return swarm.pollJson(leecher, "/api/downloads/" + id, d -> d.getLong("bytesDone") >= fraction * SIZE);
  }

  private JsonObject awaitCompleted(int leecher, String id) throws Exception {
    JsonObject done = swarm.pollJson(leecher, "/api/downloads/" + id,
        d -> d.getString("state").matches("completed|failed|cancelled"));
    assertEquals("completed", done.getString("state"), done.encodePrettily());
    assertArrayEquals(data, Files.readAllBytes(swarm.downloads("leecher").resolve("movie.bin")));
    return done;
  }

  @Test
  void killedSeedersAreReplacedAndWithNoneLeftTheDownloadWaitsForOneToReturn() throws Exception {
    swarm.tracker(trackerPort);
    int[] api = {freePort(), freePort(), freePort()};
    Process[] seeders = {seeder("seeder-1", api[0]), seeder("seeder-2", api[1]), seeder("seeder-3", api[2])};
    int leecher = freePort();
    swarm.peer("leecher", trackerPort, leecher, SLOW_LEECHER);
    String id = startDownload(leecher, 3);

    awaitProgress(leecher, id, 0.2);
    seeders[0].destroyForcibly();
    awaitProgress(leecher, id, 0.45);
    seeders[1].destroyForcibly();
    seeders[2].destroyForcibly();
    assertTrue(seeders[2].waitFor(10, TimeUnit.SECONDS));

    JsonObject waiting = swarm.pollJson(leecher, "/api/downloads/" + id,
        d -> d.getString("error") != null && d.getString("error").startsWith("waiting for a source"));
    assertEquals("waiting", waiting.getString("state"), waiting.encodePrettily());
    assertTrue(waiting.getLong("retryAt") > System.currentTimeMillis() - 60_000, "says when it tries again");
    assertTrue(waiting.getLong("bytesDone") < SIZE);

    swarm.peer("seeder-2", trackerPort, api[1], PEER); // comes back, with the file still in its share folder
    JsonObject done = awaitCompleted(leecher, id);
    assertTrue(done.getLong("resumedBytes") > 0, "the new run started from the part file: " + done.encodePrettily());
  }

  @Test
  void aKilledLeecherResumesFromItsVerifiedChunks() throws Exception {
    swarm.tracker(trackerPort);
    seeder("seeder-1", freePort());
    seeder("seeder-2", freePort());
    int leecherApi = freePort();
    Process leecher = swarm.peer("leecher", trackerPort, leecherApi, SLOW_LEECHER);
    String id = startDownload(leecherApi, 2);
    awaitProgress(leecherApi, id, 0.4);

    leecher.destroyForcibly();
    assertTrue(leecher.waitFor(10, TimeUnit.SECONDS));
    swarm.peer("leecher", trackerPort, leecherApi, PEER); // no bandwidth limit this time

    JsonObject done = awaitCompleted(leecherApi, id);
    long resumed = done.getLong("resumedBytes");
    assertTrue(resumed >= 0.3 * SIZE, "most of what was fetched before the kill is kept: " + resumed);
    assertEquals(SIZE - resumed, done.getLong("bytesFetched"), "verified chunks are not fetched again");
    long bySource = 0;
    JsonArray sources = done.getJsonArray("sources");
    for (int i = 0; i < sources.size(); i++) {
      bySource += sources.getJsonObject(i).getLong("bytes");
    }
    assertEquals(SIZE - resumed, bySource);
  }

  @Test
  void aTrackerRestartIsSurvived() throws Exception {
    Process tracker = swarm.tracker(trackerPort);
    seeder("seeder-1", freePort());
    seeder("seeder-2", freePort());
    int leecher = freePort();
    swarm.peer("leecher", trackerPort, leecher, SLOW_LEECHER);
    String id = startDownload(leecher, 2);
    awaitProgress(leecher, id, 0.2);

    tracker.destroyForcibly();
    assertTrue(tracker.waitFor(10, TimeUnit.SECONDS));
    swarm.pollJson(leecher, "/api/node", node -> !node.getBoolean("trackerConnected"));
    awaitCompleted(leecher, id); // from the sources it already knew

    swarm.tracker(trackerPort);
    swarm.pollJson(leecher, "/api/node", node -> node.getBoolean("trackerConnected"));
    JsonObject files = swarm.pollJson(leecher, "/api/files?q=movie.bin", r -> r.getJsonArray("files").size() == 1
        && r.getJsonArray("files").getJsonObject(0).getInteger("sources") == 3);
    assertEquals(3, files.getJsonArray("files").getJsonObject(0).getInteger("sources"),
        "every peer joined the new tracker again by itself, the leecher as a source too");
  }
}
