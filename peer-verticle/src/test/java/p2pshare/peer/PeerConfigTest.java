package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2pshare.peer.download.DownloadSettings;
import p2pshare.peer.tracker.TrackerAddress;

/** The peer's configuration is read strictly: a bad value stops the start with a message naming its key. */
class PeerConfigTest {

  /** The least a peer needs: its two folders (they are only resolved here, not touched). */
  private static JsonObject minimal() {
    return new JsonObject().put("shareDir", "share").put("downloadDir", "downloads");
  }

  private static String refusal(JsonObject config) {
    return assertThrows(IllegalArgumentException.class, () -> PeerConfig.from(config)).getMessage();
  }

  @Test
  void theShippedPeerConfigIsAccepted() throws Exception {
    JsonObject shipped = new JsonObject(Files.readString(Path.of("../conf/peer.json")));
    PeerConfig config = PeerConfig.from(shipped);
    assertEquals(shipped.getString("name"), config.name());
    assertEquals(5000, config.heartbeatMillis());
    assertEquals(Path.of("share").toAbsolutePath().normalize(), config.shareDir());
  }

  @Test
  void defaultsApply() {
    PeerConfig config = PeerConfig.from(minimal());
    assertEquals("peer", config.name());
    assertEquals("127.0.0.1", config.host());
    assertEquals(0, config.port());
    assertEquals("127.0.0.1", config.advertiseHost());
    assertEquals(List.of(new TrackerAddress("127.0.0.1", 6881)), config.trackers());
    assertEquals(5000, config.heartbeatMillis());
    assertEquals(10_000, config.trackerTimeoutMillis());
    assertEquals(5000, config.rescanMillis());
    assertEquals(1024 * 1024, config.chunkSize());
    assertEquals(256, config.maxConnections());
    assertEquals(64, config.maxConnectionsPerIp());
    assertEquals(120, config.idleTimeoutSeconds());
    assertEquals(10_000, config.maxSharedFiles());
    DownloadSettings download = config.download();
    assertEquals(4, download.perSourceInFlight());
    assertEquals(32, download.maxInFlight());
    assertEquals(10_000, download.stallMillis());
    assertEquals(3, download.maxSourceFailures());
    assertEquals(10, download.maxChunkAttempts());
    assertEquals(3, download.maxActive());
    assertEquals(0, download.maxBytesPerSecond());
    assertEquals(1000, download.retryMinMillis());
    assertEquals(30_000, download.retryMaxMillis());
    assertEquals(1000, download.endgameMillis());
    assertFalse(download.verifyOnPublish());
    assertTrue(download.directWrites());
    assertEquals(64L * 1024 * 1024, download.syncEveryBytes());
    assertEquals(86_400_000L, download.banMillis());
  }

  @Test
  void banSecondsAreReadAndChecked() {
    assertEquals(60_000L, PeerConfig.from(minimal().put("download", new JsonObject().put("banSeconds", 60)))
        .download().banMillis());
    assertEquals("download.banSeconds must be an integer 1..31536000, got 0",
        refusal(minimal().put("download", new JsonObject().put("banSeconds", 0))));
  }

  @Test
  void aFractionalMaxInFlightIsRefusedNamingTheNestedKey() {
    String message = refusal(minimal().put("download", new JsonObject().put("maxInFlight", 1.5)));
    assertEquals("download.maxInFlight must be an integer 1..4096, got 1.5", message);
  }

  @Test
  void aPortGivenAsAStringIsRefused() {
    assertEquals("port must be an integer 0..65535, got \"80\"", refusal(minimal().put("port", "80")));
    assertEquals("tracker.port must be an integer 1..65535, got \"6881\"",
        refusal(minimal().put("tracker", new JsonObject().put("port", "6881"))));
  }

  @Test
  void aNegativeHeartbeatIsRefused() {
    assertEquals("heartbeatSeconds must be a number of seconds 0.01..3600, got -1",
        refusal(minimal().put("heartbeatSeconds", -1)));
  }

  @Test
  void fractionsOfASecondAreAllowedForPeriods() {
    PeerConfig config = PeerConfig.from(minimal().put("heartbeatSeconds", 0.5).put("rescanSeconds", 0.2));
    assertEquals(500, config.heartbeatMillis());
    assertEquals(200, config.rescanMillis());
  }

  @Test
  void theWarmUpIsOnUnlessTurnedOff() {
    assertTrue(PeerConfig.from(minimal()).warmUp());
    assertFalse(PeerConfig.from(minimal().put("warmUp", false)).warmUp());
    assertEquals("warmUp must be true or false, got \"no\"", refusal(minimal().put("warmUp", "no")));
  }

  @Test
  void directWritesCanBeTurnedOff() {
    assertFalse(PeerConfig.from(minimal().put("download", new JsonObject().put("directWrites", false))).download()
        .directWrites());
    assertEquals("download.directWrites must be true or false, got 1",
        refusal(minimal().put("download", new JsonObject().put("directWrites", 1))));
  }

  @Test
  void theTwoPublishingSettingsAreReadAndChecked() {
    DownloadSettings download = PeerConfig.from(minimal().put("download",
        new JsonObject().put("verifyOnPublish", true).put("syncEveryBytes", 1 << 20))).download();
    assertTrue(download.verifyOnPublish());
    assertEquals(1 << 20, download.syncEveryBytes());
    assertEquals("download.syncEveryBytes must be an integer 1048576..1099511627776, got 4096",
        refusal(minimal().put("download", new JsonObject().put("syncEveryBytes", 4096))));
    assertEquals("download.verifyOnPublish must be true or false, got \"yes\"",
        refusal(minimal().put("download", new JsonObject().put("verifyOnPublish", "yes"))));
  }

  @Test
  void otherMistakesNameTheirKey() {
    assertEquals("shareDir is required", refusal(new JsonObject().put("downloadDir", "d")));
    assertEquals("chunkSize must be an integer 16384..16777216, got 1024", refusal(minimal().put("chunkSize", 1024)));
    assertEquals("download must be an object, got [1]",
        refusal(minimal().put("download", new JsonArray().add(1))));
    assertEquals("tracker.host must be a non-empty string, got true",
        refusal(minimal().put("tracker", new JsonObject().put("host", true))));
    assertEquals("download.retryMaxMillis must be at least download.retryMinMillis (5000), got 2000",
        refusal(minimal().put("download", new JsonObject().put("retryMinMillis", 5000).put("retryMaxMillis", 2000))));
    assertTrue(refusal(minimal().put("host", "0.0.0.0")).contains("set advertiseHost"));
  }

  @Test
  void unknownKeysAreAllowed() {
    PeerConfig config = PeerConfig.from(minimal().put("comment", "lab machine").put("download",
        new JsonObject().put("note", 1)));
    assertEquals(32, config.download().maxInFlight());
  }

  @Test
  void aListOfTrackersIsTakenInOrderAndCheckedEntryByEntry() {
    JsonObject two = minimal().put("trackers", new JsonArray()
        .add(new JsonObject().put("host", "10.0.0.1").put("port", 7000))
        .add(new JsonObject().put("port", 7001)));
    assertEquals(List.of(new TrackerAddress("10.0.0.1", 7000), new TrackerAddress("127.0.0.1", 7001)),
        PeerConfig.from(two).trackers());
    IllegalArgumentException badPort = assertThrows(IllegalArgumentException.class, () -> PeerConfig.from(minimal()
        .put("trackers", new JsonArray().add(new JsonObject().put("port", 0)))));
    assertEquals("trackers[0].port must be an integer 1..65535, got 0", badPort.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PeerConfig.from(minimal().put("trackers", new JsonArray())));
    assertThrows(IllegalArgumentException.class, () -> PeerConfig.from(two.copy()
        .put("tracker", new JsonObject().put("port", 1))));
    assertThrows(IllegalArgumentException.class, () -> PeerConfig.from(minimal().put("trackers",
        new JsonArray().add("127.0.0.1:6881"))));
  }
}
