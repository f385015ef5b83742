package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import p2pshare.peer.download.DownloadException;
import p2pshare.peer.download.DownloadException.Reason;

/** The edge: each reason becomes the status docs/protocol.md promises, with the body the dashboard passes on. */
class PeerBusStatusesTest {

  @Test
  void everyReasonHasItsDocumentedStatus() {
    Map<Reason, Integer> documented = new EnumMap<>(Map.of(
        Reason.BAD_REQUEST, 400,
        Reason.UNKNOWN_FILE, 404, Reason.NO_SOURCE, 404, Reason.NO_SUCH_DOWNLOAD, 404,
        Reason.AMBIGUOUS_NAME, 409, Reason.ALREADY_HAVE, 409, Reason.ALREADY_FINISHED, 409,
        Reason.TRACKER_UNAVAILABLE, 503,
        Reason.NO_SPACE, 507, Reason.STORAGE, 500));
    documented.put(Reason.PUBLISH, 500);
    assertEquals(Reason.values().length, documented.size(), "every reason is documented");
    documented.forEach((reason, status) -> {
      ReplyException failure = PeerBus.failure(new DownloadException(reason, "why"));
      assertEquals(status, failure.failureCode(), reason.name());
      assertEquals(new JsonObject().put("error", "why"), new JsonObject(failure.getMessage()));
    });
  }

  @Test
  void anAmbiguousNameKeepsItsCandidatesInTheBody() {
    JsonArray candidates = new JsonArray().add(new JsonObject().put("fileId", "aa").put("name", "a.bin"))
        .add(new JsonObject().put("fileId", "bb").put("name", "a.bin"));

    ReplyException failure = PeerBus.failure(new DownloadException(Reason.AMBIGUOUS_NAME, "two files",
        new JsonObject().put("candidates", candidates)));

    assertEquals(409, failure.failureCode());
    assertEquals(new JsonObject().put("error", "two files").put("candidates", candidates),
        new JsonObject(failure.getMessage()));
  }

  @Test
  void notEnoughSpaceIs507WithTheMessage() {
    ReplyException failure = PeerBus.failure(new DownloadException(Reason.NO_SPACE,
        "not enough space in /d: needs 1.2 GB, 300 MB free"));

    assertEquals(507, failure.failureCode());
    assertEquals("not enough space in /d: needs 1.2 GB, 300 MB free",
        new JsonObject(failure.getMessage()).getString("error"));
  }

  @Test
  void aFailureMadeAtTheEdgeKeepsItsStatusAndAnythingElseIs500() {
    assertEquals(503, PeerBus.failure(PeerBus.failure(503, "tracker: gone")).failureCode());

    ReplyException other = PeerBus.failure(new IllegalStateException("boom"));

    assertEquals(500, other.failureCode());
    assertEquals(new JsonObject().put("error", "boom"), new JsonObject(other.getMessage()));
  }
}
