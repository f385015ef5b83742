package p2pshare.dashboard.api;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/** Sends requests to the peer verticle's {@link p2pshare.peer.PeerBus} addresses, each bounded by a timeout. */
public final class PeerBusClient {
  private final EventBus bus;
  private final DeliveryOptions options;

  public PeerBusClient(EventBus bus, long timeoutMillis) {
    this.bus = bus;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  /**
   * The peer's reply body, which must be a JSON object. The future fails with the bus's
   * {@link io.vertx.core.eventbus.ReplyException} if the peer fails, is missing or does not answer in time.
   */
  public Future<JsonObject> request(String address, JsonObject body) {
    return bus.request(address, body, options).compose(reply -> reply.body() instanceof JsonObject json
        ? Future.succeededFuture(json)
        : Future.failedFuture(new IllegalStateException("peer replied to " + address + " with no JSON object")));
  }
}
