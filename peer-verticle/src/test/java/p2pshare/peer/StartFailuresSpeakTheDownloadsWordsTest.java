package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.download.DownloadException;
import p2pshare.peer.download.DownloadException.Reason;
import p2pshare.peer.download.DownloadSettings;

/** The engine fails with reasons, never with HTTP statuses; which reasons make a running download wait. */
class StartFailuresSpeakTheDownloadsWordsTest {
  private static final DownloadSettings SETTINGS = new DownloadSettings(4, 32, 2_000, 3, 10, 3);

  @TempDir
  Path root;

  private SwarmFixture swarm;
  private EngineNode engine;

  @BeforeEach
  void startTracker() throws Exception {
    swarm = new SwarmFixture(root);
  }

  @AfterEach
  void stopAll() throws Exception {
    if (engine != null) {
      engine.close();
    }
    swarm.close();
  }

  @Test
  void aNameNobodyOffersIsAnUnknownFile() throws Exception {
    engine = new EngineNode(root, swarm.trackerPort, SETTINGS).joined();

    DownloadException e = engine.failure(n -> n.start(new JsonObject().put("name", "missing.txt")));

    assertEquals(Reason.UNKNOWN_FILE, e.reason());
    assertEquals("no file called missing.txt in the network", e.getMessage());
  }

  @Test
  void aFileIdNobodyOffersIsAnUnknownFile() throws Exception {
    engine = new EngineNode(root, swarm.trackerPort, SETTINGS).joined();

    DownloadException e = engine.failure(n -> n.start(new JsonObject().put("fileId", "0".repeat(64))));

    assertEquals(Reason.UNKNOWN_FILE, e.reason());
  }

  @Test
  void aNameOfDifferentFilesIsAmbiguousAndListsTheCandidates() throws Exception {
    TestNode one = swarm.node("one");
    Files.writeString(one.share.resolve("same.txt"), "one");
    one.start(swarm.trackerPort, new JsonObject());
    TestNode two = swarm.node("two");
    Files.writeString(two.share.resolve("same.txt"), "two, longer");
    two.start(swarm.trackerPort, new JsonObject());
    engine = new EngineNode(root, swarm.trackerPort, SETTINGS).joined();

    DownloadException e = engine.failure(n -> n.start(new JsonObject().put("name", "same.txt")));

    assertEquals(Reason.AMBIGUOUS_NAME, e.reason());
    assertTrue(e.getMessage().contains("same.txt"), e.getMessage());
    JsonArray candidates = e.details().getJsonArray("candidates");
    assertEquals(Set.of(3L, 11L), candidates.stream().map(c -> ((JsonObject) c).getLong("size"))
        .collect(Collectors.toSet()));
    assertEquals(2, candidates.stream().map(c -> ((JsonObject) c).getString("fileId")).distinct().count());
    assertEquals(0, engine.count(), "nothing is queued");
  }

  @Test
  void withoutATrackerTheStartFailsAsTrackerUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    engine = new EngineNode(root, closedPort, SETTINGS);

    DownloadException byName = engine.failure(n -> n.start(new JsonObject().put("name", "a.bin")));
    DownloadException byId = engine.failure(n -> n.start(new JsonObject().put("fileId", "a".repeat(64))));

    assertEquals(Reason.TRACKER_UNAVAILABLE, byName.reason());
    assertEquals(Reason.TRACKER_UNAVAILABLE, byId.reason());
    assertTrue(byName.retryable(), "a download under way waits for the tracker");
  }

  @Test
  void badRequestsAreBadRequests() throws Exception {
    engine = new EngineNode(root, swarm.trackerPort, SETTINGS).joined();

    for (JsonObject request : new JsonObject[] {new JsonObject(), new JsonObject().put("fileId", "../../x"),
        new JsonObject().put("name", ""), new JsonObject().put("name", "a").put("fileId", "b".repeat(64))}) {
      DownloadException e = engine.failure(n -> n.start(request));
      assertEquals(Reason.BAD_REQUEST, e.reason(), request.encode());
      assertFalse(e.retryable());
    }
  }

  @Test
  void cancellingADownloadThatDoesNotExistIsNoSuchDownload() throws Exception {
    engine = new EngineNode(root, swarm.trackerPort, SETTINGS);

    assertEquals(Reason.NO_SUCH_DOWNLOAD, engine.failure(n -> n.cancel("nope")).reason());
  }

  @Test
  void onlySourceAndTrackerTroubleIsWaitedOut() {
    Set<Reason> waited = Set.of(Reason.values()).stream().filter(Reason::retryable).collect(Collectors.toSet());

    assertEquals(Set.of(Reason.NO_SOURCE, Reason.UNKNOWN_FILE, Reason.TRACKER_UNAVAILABLE), waited);
  }
}
