package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.download.Download;
import p2pshare.peer.download.DownloadSettings;

/**
 * A download folder that will not take a finished file never costs its verified chunks: the download fails saying
 * why and where they are, its part file stays, and a retry publishes it without fetching a byte, even once no
 * source is left. A final name taken by a folder only moves the file to the next free name.
 */
class PublishFailureKeepsVerifiedChunksTest {
  private static final int CHUNK = 256 * 1024;

  @TempDir
  Path root;

  private SwarmFixture swarm;
  private TestNode seeder;
  private EngineNode engine;
  private byte[] data;
  private String fileId;

  @BeforeEach
  void startSeeder() throws Exception {
    swarm = new SwarmFixture(root);
    seeder = swarm.node("seeder");
    data = new byte[3 * CHUNK + 17];
    new Random(6).nextBytes(data);
    Files.write(seeder.share.resolve("data.bin"), data);
    seeder.start(swarm.trackerPort, new JsonObject());
    fileId = seeder.request(PeerBus.SHARES, new JsonObject()).getJsonArray("shares").getJsonObject(0)
        .getString("fileId");
  }

  @AfterEach
  void stopAll() throws Exception {
    if (engine != null) {
      engine.close();
    }
    swarm.close();
  }

  @Test
  void aFolderThatRefusesTheFileKeepsThePartForARetryThatNeedsNoSource() throws Exception {
    // Where the download folder should be stands a plain file: nothing can be created in it.
    Path downloads = Files.writeString(root.resolve("downloads"), "not a folder");
    engine = new EngineNode(root, swarm.trackerPort, new DownloadSettings(4, 32, 2_000, 3, 10, 3), downloads)
        .joined();

    Download first = engine.start(new JsonObject().put("fileId", fileId));
    Download failed = engine.awaitDownload(first.id(), d -> d.state().finished());

    assertEquals(Download.State.FAILED, failed.state());
    String error = failed.toJson().getString("error");
    assertTrue(error.contains("complete and verified") && error.contains(downloads.toString())
        && error.contains("kept"), error);
    Path part = engine.parts.resolve(fileId + ".part");
    assertArrayEquals(data, Files.readAllBytes(part), "the verified bytes are all kept");
    assertTrue(Files.exists(engine.parts.resolve(fileId + ".manifest.json")), "with its manifest");

    Files.delete(downloads);
    Files.createDirectories(downloads);
    seeder.stop(); // the tracker forgets the file: the retry has no source at all
    Download retry = engine.start(new JsonObject().put("fileId", fileId));
    Download done = engine.awaitDownload(retry.id(), d -> d.state().finished());

    assertEquals(Download.State.COMPLETED, done.state(), done.toJson().encodePrettily());
    assertEquals(downloads.resolve("data.bin"), done.path());
    assertArrayEquals(data, Files.readAllBytes(done.path()));
    assertEquals(0, done.bytesFetched(), "nothing fetched again");
    assertFalse(Files.exists(part), "the part file is gone once published");
  }

  @Test
  void aFolderInPlaceOfTheFinalNameOnlyMovesTheFileToTheNextName() throws Exception {
    engine = new EngineNode(root, swarm.trackerPort, new DownloadSettings(4, 32, 2_000, 3, 10, 3)).joined();
    Path squatter = Files.createDirectories(engine.downloads.resolve("data.bin"));
    Files.writeString(squatter.resolve("inside.txt"), "mine");

    Download started = engine.start(new JsonObject().put("fileId", fileId));
    Download done = engine.awaitDownload(started.id(), d -> d.state().finished());

    assertEquals(Download.State.COMPLETED, done.state(), done.toJson().encodePrettily());
    assertEquals(engine.downloads.resolve("data (1).bin"), done.path());
    assertArrayEquals(data, Files.readAllBytes(done.path()));
    assertEquals("mine", Files.readString(squatter.resolve("inside.txt")), "the folder is left alone");
  }
}
