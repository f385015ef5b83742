package p2pshare.peer;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's edge on the event bus: answers a {@link PeerBus} address with a handler's result, and turns a failure
 * told in the domain's words into a status there ({@link PeerBus#failure(Throwable)}); one with no known reason is
 * logged.
 */
final class BusReplies {
  private static final Logger log = LoggerFactory.getLogger(BusReplies.class);

  private final Vertx vertx;

  BusReplies(Vertx vertx) {
    this.vertx = vertx;
  }

  void reply(String address, Function<JsonObject, Future<JsonObject>> handler) {
    Handler<Message<Object>> consumer = message -> {
      JsonObject body = message.body() instanceof JsonObject json ? json : new JsonObject();
      Future<JsonObject> result;
      try {
        result = handler.apply(body);
      } catch (RuntimeException e) {
        result = Future.failedFuture(PeerBus.failure(400, String.valueOf(e.getMessage())));
      }
      result.onComplete(ar -> {
        if (ar.succeeded()) {
          message.reply(ar.result());
        } else {
          ReplyException failure = PeerBus.failure(ar.cause());
          if (failure.failureCode() == 500) {
            log.warn("{} failed: {}", address, ar.cause().toString());
          }
          message.fail(failure.failureCode(), failure.getMessage());
        }
      });
    };
    vertx.eventBus().localConsumer(address, consumer);
  }
}
