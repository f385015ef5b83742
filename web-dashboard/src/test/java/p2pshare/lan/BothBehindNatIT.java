package p2pshare.lan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two peers, each behind a NAT router that maps ports at random (masquerade fully-random): neither can open a
 * connection to the other, and connection reversal cannot help. The leecher says so and spends no connection on the
 * seeder; nothing appears in its download folder.
 */
class BothBehindNatIT {
  @RegisterExtension
  static final EmulatedLan lan = EmulatedLan.hosts("tracker").behindNat("home-seeder", "home-leecher").natRandom();

  @Test
  void aLeecherBehindNatWaitsWithoutDiallingASeederBehindNat() throws Exception {
    lan.startTracker("tracker");
    LanDownloads.share(lan, "home-seeder", "home.bin", LanDownloads.randomFile(5));
    lan.startPeer("home-seeder", "tracker", new JsonObject());
    lan.startPeer("home-leecher", "tracker", new JsonObject());
    for (String peer : new String[] {"home-seeder", "home-leecher"}) {
      lan.pollJson(peer, "/api/node", n -> "behind-nat".equals(n.getJsonObject("reachability").getString("state")),
          20);
    }
    LanDownloads.awaitSources(lan, "home-leecher", "home.bin", 1);

    String id = await(lan.post("home-leecher", "/api/downloads", new JsonObject().put("name", "home.bin")))
        .bodyAsJsonObject().getString("id");
    JsonObject waiting = lan.pollJson("home-leecher", "/api/downloads/" + id,
        d -> "waiting".equals(d.getString("state")), 30);

    assertTrue(String.valueOf(waiting.getValue("error")).contains("this node is behind NAT too"),
        waiting.encodePrettily());
    assertEquals(0, waiting.getJsonArray("sources").size(), "no connection slot spent: " + waiting.encodePrettily());
    try (var listed = Files.list(lan.downloads("home-leecher"))) {
      assertTrue(listed.noneMatch(p -> p.getFileName().toString().equals("home.bin")), "nothing under the name");
    }
  }
}
