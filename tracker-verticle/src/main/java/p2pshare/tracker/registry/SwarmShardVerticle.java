package p2pshare.tracker.registry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.observe.Observability;

/**
 * One shard of the swarm registry on its own event-loop thread. Answers {@code p2p.tracker.shard.<shard>}
 * (config key {@code shard}) with the {@link ShardRequest}s of docs/protocol.md, passed by reference. Its only client
 * is the tracker's own front, which validates everything first.
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
    ShardCodec.register(vertx.eventBus());
    // Local: under -cluster a plain consumer would take requests from every node, splitting the registry.
    return vertx.eventBus().<ShardRequest>localConsumer(Shards.address(shard), this::handle).completion();
  }

  private void handle(Message<ShardRequest> message) {
    ShardRequest request = message.body();
    try {
      if (request instanceof ShardRequest.Add add) {
        registry.add(add.peer(), add.files());
        message.reply(null);
      } else if (request instanceof ShardRequest.Remove remove) {
        registry.remove(remove.peerId(), remove.fileIds());
        message.reply(null);
      } else if (request instanceof ShardRequest.Search search) {
        message.reply(registry.search(search.q(), search.exact(), search.limit(), search.order()),
            ShardCodec.options());
      } else if (request instanceof ShardRequest.Sources sources) {
        sources(message, sources);
      } else {
        message.fail(400, "not a shard request: " + request);
      }
    } catch (RuntimeException e) {
      // A bug in the front must not take the shard down; the caller sees a failure.
      LOG.warn("shard request {} failed: {}", request, e.toString());
      message.fail(500, e.toString());
    }
  }

  /** Replies with the encoded sources reply ({@link SwarmRegistry#sources}), a Buffer: nothing to build again. */
  private void sources(Message<ShardRequest> message, ShardRequest.Sources request) {
    Buffer sources = registry.sources(request.fileId(), request.exclude(), request.limit());
    if (sources == null) {
      message.fail(Shards.NOT_FOUND, "no other source of " + request.fileId());
    } else {
      message.reply(sources);
    }
  }
}
