package p2pshare.peer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import p2pshare.peer.PeerConfig;

/** The peer's {@code upload} settings are read as strictly as the rest of its configuration. */
class UploadSettingsTest {
  private static JsonObject withUpload(Object upload) {
    return new JsonObject().put("shareDir", "share").put("downloadDir", "downloads").put("upload", upload);
  }

  @Test
  void thereIsNoUploadLimitByDefault() {
    PeerConfig config = PeerConfig.from(new JsonObject().put("shareDir", "share").put("downloadDir", "downloads"));
    assertEquals(0, config.upload().maxBytesPerSecond());
  }

  @Test
  void aLimitIsReadInBytesPerSecond() {
    PeerConfig config = PeerConfig.from(withUpload(new JsonObject().put("maxBytesPerSecond", 2 * 1024 * 1024)));
    assertEquals(2 * 1024 * 1024, config.upload().maxBytesPerSecond());
    assertEquals(1_000_000_000_000L, PeerConfig.from(withUpload(new JsonObject()
        .put("maxBytesPerSecond", 1_000_000_000_000L))).upload().maxBytesPerSecond());
  }

  @Test
  void aBadLimitIsRefusedNamingTheNestedKey() {
    assertEquals("upload.maxBytesPerSecond must be an integer 0..1000000000000, got -1",
        assertThrows(IllegalArgumentException.class, () -> PeerConfig.from(withUpload(
            new JsonObject().put("maxBytesPerSecond", -1)))).getMessage());
    assertEquals("upload.maxBytesPerSecond must be an integer 0..1000000000000, got \"1M\"",
        assertThrows(IllegalArgumentException.class, () -> PeerConfig.from(withUpload(
            new JsonObject().put("maxBytesPerSecond", "1M")))).getMessage());
    assertEquals("upload must be an object, got 5",
        assertThrows(IllegalArgumentException.class, () -> PeerConfig.from(withUpload(5))).getMessage());
  }
}
