package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tracker that refuses a peer for good (here: more files than it takes from one peer) is not asked again and
 * again: the node says why, and joins once its shared files change.
 */
class TrackerRefusalIsReportedTest {
  @TempDir
  Path root;

  private SwarmFixture swarm;

  @AfterEach
  void stopAll() throws Exception {
    swarm.close();
  }

  @Test
  void aRefusedJoinIsReportedAndRetriedWhenTheFilesChange() throws Exception {
    swarm = new SwarmFixture(root, new JsonObject().put("maxFilesPerPeer", 5));
    TestNode node = swarm.node("hoarder");
    for (int i = 0; i < 8; i++) {
      Files.writeString(node.share.resolve("file-" + i + ".txt"), "content " + i);
    }
    node.deploy(swarm.trackerPort, new JsonObject());

    JsonObject refused = node.awaitCondition(PeerBus.NODE, new JsonObject(),
        n -> n.getString("trackerRefusal") != null);
    assertFalse(refused.getBoolean("trackerConnected"));
    assertEquals("refused", refused.getString("trackerState"));
    assertTrue(refused.getString("trackerRefusal").contains("5"), refused.getString("trackerRefusal"));

    for (int i = 0; i < 4; i++) {
      Files.delete(node.share.resolve("file-" + i + ".txt"));
    }
    JsonObject joined = node.awaitCondition(PeerBus.NODE, new JsonObject(), n -> n.getBoolean("trackerConnected"));
    assertTrue(joined.getValue("trackerRefusal") == null, joined.encode());
    assertEquals("joined", joined.getString("trackerState"));
  }
}
