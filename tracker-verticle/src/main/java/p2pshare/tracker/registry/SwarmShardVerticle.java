package p2pshare.tracker.registry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.observe.Observability;

/**
 * One shard of the swarm registry on its own event-loop thread. Answers {@code p2p.tracker.shard.<shard>}
 * (config key {@code shard}) with the actions of docs/protocol.md. Its only client is the tracker's own front,
 * which validates everything first.
 */
public final class SwarmShardVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SwarmShardVerticle.class);
  private final SwarmRegistry registry = new SwarmRegistry();

  @Override
  public Future<?> start() {
    int shard = config().getInteger("shard", 0);
    MeterRegistry meters = Observability.registry(vertx);
    if (meters != null) {
      // Read from the scrape's thread: a stale count is fine for a gauge.
      Gauge.builder("p2p_tracker_swarms", registry, SwarmRegistry::swarmCount).tag("shard", String.valueOf(shard))
          .description("files with at least one live source, per shard").register(meters);
    }
    // Local: under -cluster a plain consumer would take requests from every node, splitting the registry.
    return vertx.eventBus().<JsonObject>localConsumer(Shards.address(shard), this::handle).completion();
  }

  private void handle(Message<JsonObject> message) {
    String action = message.headers().get(Shards.ACTION);
    JsonObject body = message.body();
    try {
      switch (action == null ? "" : action) {
        case Shards.ADD -> {
          PeerEntry peer = PeerEntry.fromJson(body.getJsonObject("peer"));
          List<FileEntry> files = new ArrayList<>();
          body.getJsonArray("files").forEach(f -> files.add(FileEntry.fromJson((JsonObject) f)));
          registry.add(peer, files);
          message.reply(new JsonObject());
        }
        case Shards.REMOVE -> {
          List<String> fileIds = new ArrayList<>();
          body.getJsonArray("fileIds").forEach(id -> fileIds.add((String) id));
          registry.remove(body.getString("peerId"), fileIds);
          message.reply(new JsonObject());
        }
        case Shards.SEARCH -> message.reply(search(body));
        case Shards.SOURCES -> sources(message, body);
        default -> message.fail(400, "unknown action " + action);
      }
    } catch (RuntimeException e) {
      // A bug in the front must not take the shard down; the caller sees a failure.
      LOG.warn("shard request {} failed: {}", action, e.toString());
      message.fail(500, e.toString());
    }
  }

  private JsonObject search(JsonObject body) {
    SwarmRegistry.SearchResult result = registry.search(body.getString("q", ""), body.getBoolean("exact", false),
        body.getInteger("limit"), SearchOrder.valueOf(body.getString("order", SearchOrder.NAME.name())));
    JsonArray files = new JsonArray();
    result.matches().forEach(match -> files.add(match.toJson()));
    return new JsonObject().put("files", files).put("more", result.more()).put("total", result.total());
  }

  /** Replies with the encoded sources reply ({@link SwarmRegistry#sources}), a Buffer: nothing to build again. */
  private void sources(Message<JsonObject> message, JsonObject body) {
    Buffer sources = registry.sources(body.getString("fileId"), body.getString("exclude"), body.getInteger("limit"));
    if (sources == null) {
      message.fail(Shards.NOT_FOUND, "no other source of " + body.getString("fileId"));
    } else {
      message.reply(sources);
    }
  }
}
