package p2pshare.tracker.registry;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Hands the shard messages ({@link ShardRequest}, and the search results that answer them) from one event loop to
 * another as they are: no JSON in between. Local only: the shards' addresses are registered with
 * {@code localConsumer}, so nothing sent with this codec ever leaves the process.
 */
public final class ShardCodec implements MessageCodec<Object, Object> {
  public static final String NAME = "p2p.tracker.shard.local";
  private static final ShardCodec INSTANCE = new ShardCodec();

  private ShardCodec() {
  }

  /** Registers the codec on {@code bus} unless it is there already (the front and every shard call this). */
  public static void register(EventBus bus) {
    try {
      bus.registerCodec(INSTANCE);
    } catch (IllegalStateException registeredAlready) {
      // The same stateless codec: the one there serves as well.
    }
  }

  /** Options that send a message with this codec. */
  public static DeliveryOptions options() {
    return new DeliveryOptions().setCodecName(NAME);
  }

  @Override
  public void encodeToWire(Buffer buffer, Object message) {
    throw new UnsupportedOperationException("shard messages never leave the process");
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("shard messages never leave the process");
  }

  @Override
  public Object transform(Object message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
