package p2pshare.lan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A crowd with half its leechers behind NAT routers: all complete, and the ones behind NAT upload to the public
 * ones, which have them connect out (connection reversal).
 */
class CrowdWithNatIT {
  private static final List<String> LEECHERS = List.of("leecher-1", "leecher-2", "home-1", "home-2");

  @RegisterExtension
  static final EmulatedLan lan = EmulatedLan.hosts("tracker", "seeder", "leecher-1", "leecher-2")
      .behindNat("home-1", "home-2");

  @Test
  void everyLeecherCompletesAndThoseBehindNatUploadToTheOthers() throws Exception {
    lan.startTracker("tracker");
    byte[] data = new byte[12 * 1024 * 1024];
    new Random(6).nextBytes(data);
    LanDownloads.share(lan, "seeder", "crowd.bin", data);
    // A slow seeder, so that the leechers have chunks to trade before it has sent each of them everything.
    lan.startPeer("seeder", "tracker", new JsonObject().put("upload",
        new JsonObject().put("maxBytesPerSecond", 2 * 1024 * 1024)));
    for (String leecher : LEECHERS) {
      lan.startPeer(leecher, "tracker", new JsonObject());
    }
    for (String home : List.of("home-1", "home-2")) {
      lan.pollJson(home, "/api/node", n -> "behind-nat".equals(n.getJsonObject("reachability").getString("state")),
          20);
    }
    LanDownloads.awaitSources(lan, "leecher-1", "crowd.bin", 1);

    Map<String, String> ids = new LinkedHashMap<>();
    for (String leecher : LEECHERS) {
      ids.put(leecher, await(lan.post(leecher, "/api/downloads", new JsonObject().put("name", "crowd.bin")))
          .bodyAsJsonObject().getString("id"));
    }
    long fromHomes = 0;
    for (String leecher : LEECHERS) {
      JsonObject done = lan.pollJson(leecher, "/api/downloads/" + ids.get(leecher),
          d -> d.getString("state").matches("completed|failed"), 120);
      assertEquals("completed", done.getString("state"), leecher + ": " + done.encodePrettily() + lan.logs());
      assertArrayEquals(data, Files.readAllBytes(lan.downloads(leecher).resolve("crowd.bin")), leecher);
      if (leecher.startsWith("leecher")) {
        for (Object source : done.getJsonArray("sources")) {
          JsonObject s = (JsonObject) source;
          if (s.getString("name").startsWith("home-")) {
            fromHomes += s.getLong("bytes", 0L);
          }
        }
      }
    }
    assertTrue(fromHomes > 0, "the leechers behind NAT uploaded to the public ones");
  }
}
