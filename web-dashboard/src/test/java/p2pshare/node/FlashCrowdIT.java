package p2pshare.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.node.ProcessSwarm.freePort;
import static p2pshare.testkit.Await.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate processes: one seeder capped at 16 MB/s and four leechers that ask for its file at the same moment. The
 * leechers trade what they get, so every copy is byte-identical and the seeder uploads at most twice the file
 * (without sharing it would be four times), measured from its own {@code /metrics}.
 */
class FlashCrowdIT {
  private static final int SIZE = 24 * 1024 * 1024;
  private static final int LEECHERS = 4;

  @TempDir
  Path work;

  private ProcessSwarm swarm;

  @AfterEach
  void stop() throws Exception {
    if (swarm != null) {
      swarm.close();
    }
  }

  @Test
  void fourLeechersShareWhatTheyGetAndTheSeederSendsAtMostTwiceTheFile() throws Exception {
    swarm = new ProcessSwarm(work);
    byte[] data = new byte[SIZE];
    new Random(16).nextBytes(data);
    int trackerPort = freePort();
    swarm.tracker(trackerPort);
    int seederApi = freePort();
    Files.write(swarm.share("seeder").resolve("crowd.bin"), data);
    swarm.peer("seeder", trackerPort, seederApi,
        new JsonObject().put("upload", new JsonObject().put("maxBytesPerSecond", 16_000_000)));
    List<Integer> apis = new ArrayList<>();
    for (int i = 0; i < LEECHERS; i++) {
      int api = freePort();
      apis.add(api);
      swarm.peer("leecher-" + i, trackerPort, api, new JsonObject());
    }
    for (int api : apis) {
      swarm.pollJson(api, "/api/files?q=crowd.bin", r -> r.getJsonArray("files").size() == 1
          && r.getJsonArray("files").getJsonObject(0).getInteger("sources") == 1);
    }
    // Every request goes out before any answer is awaited: the crowd starts together.
    var posts = apis.stream().map(api -> swarm.post(api, "/api/downloads", new JsonObject().put("name", "crowd.bin")))
        .toList();
    List<String> ids = new ArrayList<>();
    for (var post : posts) {
      ids.add(await(post).bodyAsJsonObject().getString("id"));
    }
    for (int i = 0; i < LEECHERS; i++) {
      JsonObject done = swarm.pollJson(apis.get(i), "/api/downloads/" + ids.get(i),
          d -> d.getString("state").matches("completed|failed|cancelled"));
      assertEquals("completed", done.getString("state"), done.encode());
      assertArrayEquals(data, Files.readAllBytes(swarm.downloads("leecher-" + i).resolve("crowd.bin")));
    }
    String metrics = await(swarm.get(seederApi, "/metrics")).bodyAsString();
    double uploaded = metric(metrics, "p2p_upload_bytes_total");
    assertTrue(uploaded >= SIZE, "the seeder sent the file at least once: " + uploaded);
    assertTrue(uploaded <= 2.0 * SIZE, "the seeder sent " + uploaded / SIZE + " times the file");
    double traded = 0;
    for (int api : apis) {
      traded += metric(await(swarm.get(api, "/metrics")).bodyAsString(), "p2p_upload_partial_bytes_total");
    }
    assertTrue(traded >= SIZE, "the leechers passed chunks on while downloading: " + traded + " bytes");
  }

  /** The sum of a counter's series in Prometheus text. */
  private static double metric(String metrics, String name) {
    return metrics.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }
}
