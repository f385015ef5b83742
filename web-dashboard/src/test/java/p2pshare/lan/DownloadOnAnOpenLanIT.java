package p2pshare.lan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Four hosts on one switch, each node a process in a host of its own, reachable only at its LAN address. */
class DownloadOnAnOpenLanIT {
  @RegisterExtension
  static final EmulatedLan lan = EmulatedLan.hosts("tracker", "seeder-1", "seeder-2", "leecher");

  @Test
  void aLeecherDownloadsFromTwoSeedersAtTheirLanAddresses() throws Exception {
    byte[] data = LanDownloads.randomFile(1);
    lan.startTracker("tracker");
    for (String seeder : new String[] {"seeder-1", "seeder-2"}) {
      LanDownloads.share(lan, seeder, "data.bin", data);
      lan.startPeer(seeder, "tracker", new JsonObject());
    }
    lan.startPeer("leecher", "tracker", new JsonObject());
    LanDownloads.awaitSources(lan, "leecher", "data.bin", 2);

    JsonObject done = LanDownloads.download(lan, "leecher", "data.bin");

    assertEquals("completed", done.getString("state"), done.encodePrettily() + lan.logs());
    assertArrayEquals(data, Files.readAllBytes(lan.downloads("leecher").resolve("data.bin")));
    assertEquals(Set.of("10.77.0.11", "10.77.0.12"), LanDownloads.sourceHosts(done), done.encodePrettily());
    assertEquals(Set.of(lan.address("seeder-1"), lan.address("seeder-2")), LanDownloads.sourceHosts(done));
  }
}
