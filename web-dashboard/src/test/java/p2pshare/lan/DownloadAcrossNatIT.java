package p2pshare.lan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.Disabled;
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
  }

  @Test
  @Disabled("needs connection reversal: the seeder behind NAT is listed at its router's address, where no connection"
      + " gets in; the tracker would have to ask it to connect out to the leecher instead")
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
