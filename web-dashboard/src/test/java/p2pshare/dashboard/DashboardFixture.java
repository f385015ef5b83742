package p2pshare.dashboard;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import p2pshare.testkit.Await;

/**
 * A dashboard on 127.0.0.1 with a free port, and a fake peer made of event-bus consumers registered by the test.
 * Its {@link #client()} sends the dashboard's token; {@link #rawClient()} sends no credentials.
 */
public final class DashboardFixture {
  private final Vertx vertx;
  private final DashboardVerticle dashboard = new DashboardVerticle();
  private WebClient raw;
  private WebClient client;

  private DashboardFixture(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Deploys a dashboard with {@code http} settings merged over {host: 127.0.0.1, port: 0}. */
  public static DashboardFixture start(Vertx vertx, JsonObject http) {
    DashboardFixture fixture = new DashboardFixture(vertx);
    JsonObject config = new JsonObject()
        .put("name", "test-peer")
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).mergeIn(http));
    await(vertx.deployVerticle(fixture.dashboard, new DeploymentOptions().setConfig(config)));
    fixture.raw = WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(fixture.dashboard.actualPort()));
    fixture.client = WebClientSession.create(fixture.raw)
        .addHeader("Authorization", "Bearer " + fixture.dashboard.token());
    return fixture;
  }

  public static DashboardFixture start(Vertx vertx) {
    return start(vertx, new JsonObject());
  }

  /** Sends {@code Authorization: Bearer <the dashboard's token>} on every request. */
  public WebClient client() {
    return client;
  }

  public WebClient rawClient() {
    return raw;
  }

  public int port() {
    return dashboard.actualPort();
  }

  public String token() {
    return dashboard.token();
  }

  /** Registers a fake peer consumer at {@code address}; it returns once the consumer is registered. */
  public void peerAnswers(String address, Consumer<Message<JsonObject>> handler) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, handler::accept);
    await(consumer.completion());
  }

  /** Waits (bounded) for a future from a test thread. */
  public static <T> T await(Future<T> future) {
    try {
      return Await.await(future, 10);
    } catch (Exception e) {
      throw new AssertionError("future did not succeed: " + e, e);
    }
  }
}
