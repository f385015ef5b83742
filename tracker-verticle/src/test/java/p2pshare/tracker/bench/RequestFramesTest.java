package p2pshare.tracker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import p2pshare.protocol.Frames;
import p2pshare.tracker.bench.TrackerLoad.Kind;

/** A request encoded beforehand, with only its id written per request, is the frame its JsonObject would give. */
class RequestFramesTest {
  private static final long[] IDS = {0, 1, 9, 10, 99, 100, 12_345, 1L << 31, Long.MAX_VALUE};

  private static Buffer sent(byte[] head, long id) {
    return RequestFrames.frame(head, 0, head.length, id);
  }

  @Test
  void everyKindOfLookupEqualsItsJsonObjectFrameForManyIds() {
    LoadOptions options = LoadOptions.parse("--peers", "40", "--files", "10", "--hot-files", "10",
        "--hot-per-peer", "3", "--tail-files", "60");
    Workload work = new Workload(options);
    RequestFrames frames = new RequestFrames(work);
    int k = work.tailTargets[0];
    for (Kind kind : Kind.values()) {
      JsonObject request = RequestFrames.request(kind, work.fileIds[k], Workload.name(k));
      for (long id : IDS) {
        Buffer expected = Frames.json(request.copy().put("id", id));
        assertEquals(expected, frames.lookup(kind, k, id), kind + " with id " + id);
      }
    }
  }

  @Test
  void theLookupsNameTheirFileAsTheProtocolAsks() {
    assertEquals(new JsonObject().put("type", "sources").put("fileId", "ab12"),
        RequestFrames.request(Kind.SOURCES, "ab12", "file-3.bin"));
    assertEquals(new JsonObject().put("type", "search").put("exact", true).put("q", "file-3.bin"),
        RequestFrames.request(Kind.EXACT, "ab12", "file-3.bin"));
    assertEquals(new JsonObject().put("type", "search").put("q", "file-3.bin"),
        RequestFrames.request(Kind.SUBSTRING, "ab12", "file-3.bin"));
  }

  @Test
  void aHeartbeatEqualsItsJsonObjectFrame() {
    for (long id : IDS) {
      assertEquals(Frames.json(new JsonObject().put("type", "heartbeat").put("id", id)),
          sent(RequestFrames.HEARTBEAT, id));
    }
  }

  @Test
  void aHeadKeepsEscapesAndNonAsciiNames() {
    JsonObject join = new JsonObject().put("type", "join").put("name", "caf\u00e9 \"q\"\\")
        .put("files", new io.vertx.core.json.JsonArray().add(new JsonObject().put("size", 3)));
    assertEquals(Frames.json(join.copy().put("id", 42)), sent(RequestFrames.head(join), 42));
  }
}
