package p2pshare.lan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Peers behind NAT routers (masquerade, no port forwards): each can open connections out, and nothing from outside
 * can open one to it. The tracker lists such a peer at its router's address.
 */
class DownloadAcrossNatIT {
  @RegisterExtension
  static final EmulatedLan lan = EmulatedLan.hosts("tracker", "seeder", "leecher").behindNat("home-leecher",
      "home-seeder");

  @Test
  void aLeecherBehindNatDownloadsFromAPublicSeeder() throws Exception {
    lan.startTracker("tracker");
    byte[] data = LanDownloads.randomFile(3);
    LanDownloads.share(lan, "seeder", "public.bin", data);
    lan.startPeer("seeder", "tracker", new JsonObject());
    lan.startPeer("home-leecher", "tracker", new JsonObject());
    LanDownloads.awaitSources(lan, "home-leecher", "public.bin", 1);

    JsonObject done = LanDownloads.download(lan, "home-leecher", "public.bin");

    assertEquals("completed", done.getString("state"), done.encodePrettily() + lan.logs());
    assertArrayEquals(data, Files.readAllBytes(lan.downloads("home-leecher").resolve("public.bin")));
    assertEquals(Set.of(lan.address("seeder")), LanDownloads.sourceHosts(done), done.encodePrettily());
    // The tracker saw the leecher's connection come from its router, not from 192.168.1.2.
    assertEquals("10.77.1.1", lan.seenAt("home-leecher"));
    assertTrue(LanDownloads.listedHosts(lan, "seeder").contains("10.77.1.1"));

    // The tracker dialled each back: the public seeder can be reached, the leecher behind its router cannot.
    JsonObject seederReach = reachability("seeder", "reachable");
    assertEquals(lan.address("seeder"), seederReach.getString("observedHost"));
    JsonObject leecherReach = reachability("home-leecher", "behind-nat");
    assertEquals("10.77.1.1", leecherReach.getString("observedHost"));
    assertTrue(leecherReach.getString("why").length() > 0, leecherReach.encode());
  }

  /** The node's reachability once the tracker's probe has said {@code state}. */
  private static JsonObject reachability(String name, String state) throws Exception {
    return lan.pollJson(name, "/api/node", node -> state.equals(node.getJsonObject("reachability").getString("state")),
        20).getJsonObject("reachability");
  }

  /**
   * The seeder behind NAT is listed at its router's address, where no connection gets in: the tracker asks it to
   * connect out to the leecher instead (connection reversal), and the download runs over that connection.
   */
  @Test
  void aPublicLeecherDownloadsFromASeederBehindNat() throws Exception {
    lan.startTracker("tracker");
    byte[] data = LanDownloads.randomFile(4);
    LanDownloads.share(lan, "home-seeder", "home.bin", data);
    lan.startPeer("home-seeder", "tracker", new JsonObject());
    lan.startPeer("leecher", "tracker", new JsonObject());
    LanDownloads.awaitSources(lan, "leecher", "home.bin", 1);

    JsonObject done = LanDownloads.download(lan, "leecher", "home.bin");

    assertEquals("completed", done.getString("state"), done.encodePrettily() + lan.logs());
    assertArrayEquals(data, Files.readAllBytes(lan.downloads("leecher").resolve("home.bin")));
    assertEquals(Set.of(lan.seenAt("home-seeder")), LanDownloads.sourceHosts(done), done.encodePrettily());
  }
}
