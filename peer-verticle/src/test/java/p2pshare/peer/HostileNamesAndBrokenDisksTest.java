package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ManifestBuilder;
import p2pshare.protocol.FrameStream;
import p2pshare.protocol.Frames;

/** Names from strangers never reach outside the download folder, and a disk that fails ends a download clearly. */
class HostileNamesAndBrokenDisksTest {
  @TempDir
  Path root;

  private SwarmFixture swarm;
  private byte[] data;
  private Manifest manifest;

  @BeforeEach
  void setUp() throws Exception {
    swarm = new SwarmFixture(root);
    data = new byte[3 * 256 * 1024 + 5];
    new Random(13).nextBytes(data);
    manifest = ManifestBuilder.build(Files.write(root.resolve("reference.bin"), data), "x", 256 * 1024);
  }

  @AfterEach
  void tearDown() throws Exception {
    swarm.close();
  }

  /** Held for the test: an unreferenced client may be closed by the garbage collector, with its connection. */
  private NetClient mallory;

  /** Joins the tracker as a peer that offers {@code fileId} under {@code name}, and keeps the connection open. */
  private void offerUnderName(String name) throws Exception {
    mallory = swarm.trackerVertx.createNetClient();
    NetSocket socket = await(mallory.connect(swarm.trackerPort, "127.0.0.1"));
    Promise<JsonObject> joined = Promise.promise();
    new FrameStream(socket, 1 << 20, 0, null, null).handler(frame -> {
      try {
        joined.tryComplete(Frames.jsonOf(frame.body()));
      } catch (Exception e) {
        joined.tryFail(e);
      }
    }).exceptionHandler(joined::tryFail);
    socket.write(Frames.json(new JsonObject().put("type", "join").put("id", 1).put("name", "mallory")
        .put("host", "127.0.0.1").put("port", 1)
        .put("files", new JsonArray().add(new JsonObject().put("fileId", manifest.fileId()).put("name", name)
            .put("size", data.length)))));
    assertEquals("joined", await(joined.future()).getString("type"));
  }

  @Test
  void aTraversalNameFromTheNetworkIsSavedInsideTheDownloadFolder() throws Exception {
    offerUnderName("../../../escape.bin"); // first offer: the swarm is shown under this name
    TestNode seeder = swarm.node("seeder");
    Files.write(seeder.share.resolve("honest.bin"), data);
    seeder.start(swarm.trackerPort, new JsonObject());
    TestNode leecher = swarm.started("leecher");
    assertEquals("../../../escape.bin", leecher.request(PeerBus.FILES, new JsonObject().put("q", "escape"))
        .getJsonArray("files").getJsonObject(0).getString("name"));

    JsonObject done = leecher.download(new JsonObject().put("fileId", manifest.fileId()));

    assertEquals("completed", done.getString("state"), done.encodePrettily());
    Path saved = Path.of(done.getString("path"));
    assertEquals(leecher.downloads, saved.getParent());
    assertFalse(saved.getFileName().toString().contains("/"));
    assertArrayEquals(data, Files.readAllBytes(saved));
    try (Stream<Path> all = Files.walk(root)) {
      List<Path> escaped = all.filter(p -> p.getFileName().toString().contains("escape"))
          .filter(p -> !p.getParent().equals(leecher.downloads)).toList();
      assertEquals(List.of(), escaped, "nothing was created outside the download folder");
    }
  }

  @Test
  void aPartFileThatCannotBeWrittenFailsTheDownloadWithAClearError() throws Exception {
    TestNode seeder = swarm.node("seeder");
    Files.write(seeder.share.resolve("data.bin"), data);
    seeder.start(swarm.trackerPort, new JsonObject());
    TestNode leecher = swarm.started("leecher");
    // Where the part file must go stands a folder that cannot be removed: as good as a read-only disk.
    Path part = leecher.downloads.resolve(".p2pshare/parts/" + manifest.fileId() + ".part");
    Files.createDirectories(part);
    Files.writeString(part.resolve("in-the-way"), "x");

    JsonObject done = leecher.download(new JsonObject().put("name", "data.bin"));

    assertEquals("failed", done.getString("state"), done.encodePrettily());
    assertTrue(done.getString("error").contains(manifest.fileId() + ".part"), done.getString("error"));
    assertFalse(Files.exists(leecher.downloads.resolve("data.bin")), "nothing under the final name");
    assertTrue(leecher.request(PeerBus.DOWNLOAD_LIST, new JsonObject()).getJsonArray("downloads").size() == 1);
  }
}
