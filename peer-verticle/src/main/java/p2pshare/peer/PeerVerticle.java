package p2pshare.peer;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** The peer: share index, chunk server, tracker client and download engine, answering {@link PeerBus}. */
public class PeerVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
