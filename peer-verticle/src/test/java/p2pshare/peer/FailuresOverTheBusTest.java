package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static p2pshare.testkit.Await.await;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real peer node's bus replies: the engine's reasons arrive as the documented statuses and bodies. */
class FailuresOverTheBusTest {
  @TempDir
  Path root;

  private SwarmFixture swarm;

  @BeforeEach
  void startTracker() throws Exception {
    swarm = new SwarmFixture(root);
  }

  @AfterEach
  void stopAll() throws Exception {
    swarm.close();
  }

  @Test
  void anAmbiguousNameAnswers409WithTheCandidates() throws Exception {
    for (String name : new String[] {"one", "two"}) {
      TestNode seeder = swarm.node(name);
      Files.writeString(seeder.share.resolve("same.txt"), name);
      seeder.start(swarm.trackerPort, new JsonObject());
    }
    TestNode leecher = swarm.started("leecher");

    ReplyException failure = failure(leecher, PeerBus.DOWNLOAD_START, new JsonObject().put("name", "same.txt"));

    assertEquals(409, failure.failureCode());
    JsonObject body = new JsonObject(failure.getMessage());
    assertEquals("several different files are called same.txt; ask for one by fileId", body.getString("error"));
    assertEquals(2, body.getJsonArray("candidates").size());
  }

  @Test
  void unknownDownloadsAnswer404() throws Exception {
    TestNode leecher = swarm.started("leecher");

    assertEquals(404, failure(leecher, PeerBus.DOWNLOAD_GET, new JsonObject().put("id", "nope")).failureCode());
    ReplyException cancel = failure(leecher, PeerBus.DOWNLOAD_CANCEL, new JsonObject().put("id", "nope"));
    assertEquals(404, cancel.failureCode());
    assertEquals(new JsonObject().put("error", "no download nope"), new JsonObject(cancel.getMessage()));
  }

  @Test
  void cancellingAFinishedDownloadAnswers409() throws Exception {
    TestNode seeder = swarm.node("seeder");
    Files.writeString(seeder.share.resolve("doc.txt"), "hello");
    seeder.start(swarm.trackerPort, new JsonObject());
    TestNode leecher = swarm.started("leecher");
    JsonObject done = leecher.download(new JsonObject().put("name", "doc.txt"));

    ReplyException failure = failure(leecher, PeerBus.DOWNLOAD_CANCEL,
        new JsonObject().put("id", done.getString("id")));

    assertEquals(409, failure.failureCode());
    assertEquals("download is already completed", new JsonObject(failure.getMessage()).getString("error"));
  }

  @Test
  void withTheTrackerGoneAStartAnswers503() throws Exception {
    TestNode leecher = swarm.started("leecher");
    await(swarm.trackerVertx.close());

    assertEquals(503, failure(leecher, PeerBus.DOWNLOAD_START, new JsonObject().put("name", "a.bin")).failureCode());
  }

  private static ReplyException failure(TestNode node, String address, JsonObject body) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> node.request(address, body));
    return (ReplyException) e.getCause();
  }
}
