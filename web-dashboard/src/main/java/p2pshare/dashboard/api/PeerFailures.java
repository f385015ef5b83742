package p2pshare.dashboard.api;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Turns a failed event-bus request to the peer verticle into the HTTP error the API answers with.
 * The peer reports failures as {@link p2pshare.peer.PeerBus#failure}: an HTTP status as the failure code and a JSON
 * object text as the message.
 */
public final class PeerFailures {
  static final String PEER_NOT_AVAILABLE = "peer not available";

  private PeerFailures() {
  }

  /**
   * A recipient failure with a code in 400..599 keeps its status and its JSON body (or {@code {"error": message}} if
   * the message is not a JSON object); no consumer or no reply in time is 503; anything else is 500.
   */
  public static ApiError toApiError(Throwable failure) {
    if (failure instanceof ApiError apiError) {
      return apiError;
    }
    if (failure instanceof ReplyException reply) {
      ReplyFailure type = reply.failureType();
      if (type == ReplyFailure.NO_HANDLERS || type == ReplyFailure.TIMEOUT) {
        return new ApiError(503, PEER_NOT_AVAILABLE);
      }
      int code = reply.failureCode();
      if (type == ReplyFailure.RECIPIENT_FAILURE && code >= 400 && code <= 599) {
        return new ApiError(code, body(reply.getMessage()));
      }
    }
    return new ApiError(500, describe(failure));
  }

  private static JsonObject body(String message) {
    if (message != null) {
      try {
        return new JsonObject(message);
      } catch (DecodeException | ClassCastException notAnObject) {
        // fall through: the message is plain text
      }
    }
    return new JsonObject().put("error", message != null ? message : "peer failure");
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message != null ? message : failure.getClass().getSimpleName();
  }
}
