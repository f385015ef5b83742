package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerFixture.fileId;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Peers that come first cannot hide the real seeders: not by announcing a known fileId with a wrong size, nor by
 * being many and early.
 */
@ExtendWith(VertxExtension.class)
class NoSquattingTest {
  private static final long REAL_SIZE = 1000;
  private Vertx vertx;
  private int port;
  private final List<TrackerTestClient> clients = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    port = TrackerFixture.start(vertx, new JsonObject().put("maxConnectionsPerIp", 1000));
  }

  private TrackerTestClient join(String name, int servePort, JsonObject... files) {
    TrackerTestClient client = TrackerTestClient.joined(vertx, port, name, servePort, files);
    clients.add(client);
    return client;
  }

  private static List<JsonObject> peers(JsonObject reply) {
    return reply.getJsonArray("peers").stream().map(p -> (JsonObject) p).toList();
  }

  private static boolean lists(JsonObject reply, TrackerTestClient peer) {
    return peers(reply).stream().anyMatch(p -> p.getString("peerId").equals(peer.peerId));
  }

  @Test
  void aWrongSizeAnnouncedFirstDoesNotHideTheRealFile() {
    TrackerTestClient squatter = join("squatter", 7001, file("movie", "movie.mkv", 1));
    TrackerTestClient seeder = join("seeder", 7002, file("movie", "movie.mkv", REAL_SIZE));
    TrackerTestClient asker = join("asker", 7003);

    JsonObject reply = asker.call(request("sources").put("fileId", fileId("movie")));
    assertEquals(2, reply.getJsonArray("candidates").size(), reply.encode());
    assertTrue(lists(reply, seeder), reply.encode());
    assertTrue(lists(reply, squatter), reply.encode());
    for (JsonObject peer : peers(reply)) {
      assertEquals(peer.getString("peerId").equals(seeder.peerId) ? REAL_SIZE : 1, peer.getLong("size"));
    }
    assertEquals(List.of(1L, REAL_SIZE), asker.call(request("search").put("q", "movie.mkv").put("exact", true))
        .getJsonArray("files").stream().map(f -> ((JsonObject) f).getLong("size")).sorted().toList(),
        "one search row per size claimed");
  }

  @Test
  void manyEarlyPeersOfAnotherSizeCannotCrowdOutALaterSeeder() {
    for (int i = 0; i < 210; i++) {
      join("fake-" + i, 8000 + i, file("movie", "movie.mkv", 1));
    }
    TrackerTestClient seeder = join("seeder", 7002, file("movie", "movie.mkv", REAL_SIZE));
    TrackerTestClient asker = join("asker", 7003);
    for (int round = 0; round < 10; round++) {
      JsonObject reply = asker.call(request("sources").put("fileId", fileId("movie")));
      assertEquals(50, reply.getJsonArray("peers").size(), "the default sample size");
      assertTrue(lists(reply, seeder), "each candidate gets its share of the sample: " + round);
      JsonObject real = reply.getJsonArray("candidates").stream().map(c -> (JsonObject) c)
          .filter(c -> c.getLong("size") == REAL_SIZE).findFirst().orElseThrow();
      assertEquals(1, real.getInteger("sources"));
      assertEquals(200, asker.call(request("sources").put("fileId", fileId("movie")).put("limit", 500))
          .getJsonArray("peers").size(), "limit is capped at 200");
    }
  }

  @Test
  void manyEarlyPeersOfTheSameSizeLeaveALaterSeederItsChance() {
    for (int i = 0; i < 300; i++) {
      join("early-" + i, 8000 + i, file("movie", "movie.mkv", REAL_SIZE));
    }
    TrackerTestClient seeder = join("seeder", 7002, file("movie", "movie.mkv", REAL_SIZE));
    TrackerTestClient asker = join("asker", 7003);
    int seen = 0;
    int lookups = 200;
    for (int round = 0; round < lookups; round++) {
      if (lists(asker.call(request("sources").put("fileId", fileId("movie"))), seeder)) {
        seen++;
      }
    }
    // A uniform sample of 50 of 301 shows it about 33 times in 200 (fewer than 8 is a one-in-a-million draw); the
    // oldest-first list of 200 never showed it.
    assertTrue(seen >= 8, "seen in " + seen + " of " + lookups);
  }
}
