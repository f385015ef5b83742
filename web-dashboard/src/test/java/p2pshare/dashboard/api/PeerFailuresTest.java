package p2pshare.dashboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import p2pshare.peer.PeerBus;

class PeerFailuresTest {
  @Test
  void peerFailureKeepsStatusAndBody() {
    JsonObject body = new JsonObject().put("error", "already finished").put("state", "completed");
    ApiError error = PeerFailures.toApiError(PeerBus.failure(409, body));
    assertEquals(409, error.status());
    assertEquals(body, error.body());
  }

  @Test
  void plainMessageIsWrapped() {
    ApiError error = PeerFailures.toApiError(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 400, "[1,2]"));
    assertEquals(new JsonObject().put("error", "[1,2]"), error.body());
  }

  @Test
  void missingOrSilentPeerIs503() {
    for (ReplyFailure type : new ReplyFailure[] {ReplyFailure.NO_HANDLERS, ReplyFailure.TIMEOUT}) {
      ApiError error = PeerFailures.toApiError(new ReplyException(type, -1, "whatever"));
      assertEquals(503, error.status());
      assertEquals(new JsonObject().put("error", "peer not available"), error.body());
    }
  }

  @Test
  void anythingElseIs500() {
    assertEquals(500, PeerFailures.toApiError(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 200, "x")).status());
    assertEquals(500, PeerFailures.toApiError(new ReplyException(ReplyFailure.ERROR, 404, "x")).status());
    assertEquals(new JsonObject().put("error", "NullPointerException"),
        PeerFailures.toApiError(new NullPointerException()).body());
  }
}
