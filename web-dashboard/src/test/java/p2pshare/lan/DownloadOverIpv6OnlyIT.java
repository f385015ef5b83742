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
 * The open LAN's download on a network with no IPv4 at all between the hosts (fd77::/64), and the addresses the
 * tracker lists and the downloader shows written as RFC 5952 has them ({@code fd77::11}).
 */
class DownloadOverIpv6OnlyIT {
  @RegisterExtension
  static final EmulatedLan lan = EmulatedLan.hosts("tracker", "seeder-1", "seeder-2", "leecher").ipv6Only();

  @Test
  void aLeecherDownloadsFromTwoSeedersOverIpv6Only() throws Exception {
    EmulatedLan.Result v4 = lan.exec("leecher", "ip", "-4", "-o", "addr", "show", "dev", "eth0");
    assertEquals(0, v4.code(), v4.output());
    assertEquals("", v4.output().strip(), "no IPv4 address on the LAN");
    byte[] data = LanDownloads.randomFile(2);
    lan.startTracker("tracker");
    for (String seeder : new String[] {"seeder-1", "seeder-2"}) {
      LanDownloads.share(lan, seeder, "data.bin", data);
      lan.startPeer(seeder, "tracker", new JsonObject());
    }
    lan.startPeer("leecher", "tracker", new JsonObject());
    LanDownloads.awaitSources(lan, "leecher", "data.bin", 2);

    assertEquals(Set.of("fd77::11", "fd77::12", "fd77::13"), LanDownloads.listedHosts(lan, "leecher"));

    JsonObject done = LanDownloads.download(lan, "leecher", "data.bin");

    assertEquals("completed", done.getString("state"), done.encodePrettily() + lan.logs());
    assertArrayEquals(data, Files.readAllBytes(lan.downloads("leecher").resolve("data.bin")));
    assertEquals(Set.of("fd77::11", "fd77::12"), LanDownloads.sourceHosts(done), done.encodePrettily());
    JsonObject node = lan.pollJson("leecher", "/api/node", n -> true, 10);
    assertEquals("[fd77::10]:6881", node.getString("tracker"), node.encodePrettily());
    assertTrue(lan.logs().contains("serving chunks on [fd77::11]:"), "the seeder logs its address in brackets");
    // The tracker dialled the seeder back over IPv6 and says where it sees it from.
    JsonObject reach = lan.pollJson("seeder-1", "/api/node",
        n -> "reachable".equals(n.getJsonObject("reachability").getString("state")), 20).getJsonObject("reachability");
    assertEquals("fd77::11", reach.getString("observedHost"), reach.encode());
  }
}
