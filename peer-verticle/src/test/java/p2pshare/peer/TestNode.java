package p2pshare.peer;

import static p2pshare.testkit.Await.await;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** One peer in its own Vert.x instance (the peer's bus addresses are per node), driven over its event bus. */
final class TestNode implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final String name;
  final Path share;
  final Path downloads;
  private String deployment;

  TestNode(Path root, String name) throws Exception {
    this.name = name;
    this.share = Files.createDirectories(root.resolve(name).resolve("share"));
    this.downloads = root.resolve(name).resolve("downloads");
  }

  TestNode start(int trackerPort, JsonObject extra) throws Exception {
    deploy(trackerPort, extra);
    awaitCondition(PeerBus.NODE, new JsonObject(), node -> node.getBoolean("trackerConnected"));
    return this;
  }

  /** Starts the node without waiting for it to join. */
  TestNode deploy(int trackerPort, JsonObject extra) throws Exception {
    JsonObject config = new JsonObject().put("name", name).put("host", "127.0.0.1").put("port", 0)
        .put("shareDir", share.toString()).put("downloadDir", downloads.toString())
        .put("tracker", new JsonObject().put("host", "127.0.0.1").put("port", trackerPort))
        .put("heartbeatSeconds", 1).put("rescanSeconds", 0.2).put("chunkSize", 256 * 1024)
        .mergeIn(extra);
    deployment = await(vertx.deployVerticle(PeerVerticle.class.getName(), new DeploymentOptions().setConfig(config)));
    return this;
  }

  JsonObject request(String address, JsonObject body) throws Exception {
    return await(vertx.eventBus().<JsonObject>request(address, body).map(Message::body));
  }

  /** Asks {@code address} until the reply satisfies {@code done} (bounded by 10 s). */
  JsonObject awaitCondition(String address, JsonObject body, Predicate<JsonObject> done) throws Exception {
    Promise<JsonObject> result = Promise.promise();
    ask(address, body, done, System.currentTimeMillis() + 10_000, result);
    return await(result.future());
  }

  /**
   * One question, and the next 50 ms after its answer. (Not a periodic timer: cancelling one from an answer that
   * came before {@code setPeriodic} returned to this thread fails inside Vert.x.)
   */
  private void ask(String address, JsonObject body, Predicate<JsonObject> done, long deadline,
      Promise<JsonObject> result) {
    vertx.eventBus().<JsonObject>request(address, body).onComplete(ar -> {
      if (ar.succeeded() && done.test(ar.result().body())) {
        result.tryComplete(ar.result().body());
      } else if (System.currentTimeMillis() > deadline) {
        result.tryFail("condition not met on " + address + ": " + (ar.succeeded() ? ar.result().body() : ar.cause()));
      } else {
        vertx.setTimer(50, t -> ask(address, body, done, deadline, result));
      }
    });
  }

  /** Starts a download and waits for the published event that says it finished. */
  JsonObject download(JsonObject request) throws Exception {
    Promise<JsonObject> finished = Promise.promise();
    MessageConsumer<JsonObject> events = vertx.eventBus().consumer(PeerBus.EVENTS, m -> {
      JsonObject d = m.body().getJsonObject("download");
      if (d != null && d.getString("state").matches("completed|failed|cancelled")) {
        finished.tryComplete(d);
      }
    });
    await(events.completion());
    request(PeerBus.DOWNLOAD_START, request);
    JsonObject result = await(finished.future().timeout(60, TimeUnit.SECONDS));
    events.unregister();
    return request(PeerBus.DOWNLOAD_GET, new JsonObject().put("id", result.getString("id")));
  }

  void stop() throws Exception {
    if (deployment != null) {
      await(vertx.undeploy(deployment));
      deployment = null;
    }
  }

  @Override
  public void close() throws Exception {
    await(vertx.close());
  }
}
