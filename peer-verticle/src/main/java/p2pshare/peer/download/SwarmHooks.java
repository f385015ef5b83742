package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import p2pshare.peer.share.Manifest;

/**
 * How one transfer talks back to its download.
 *
 * @param lookup asks the tracker for the file's sources again while the transfer runs
 * @param pushed true while the tracker pushes the changes of the file's sources: the transfer then looks them up
 *     seldom
 * @param onOpened told when the part file is open, so its verified chunks can be offered to others
 * @param onProven checks the manifest once it is proven (the file's true size), before the part file is opened; its
 *     failure ends the run
 */
record SwarmHooks(Supplier<Future<List<JsonObject>>> lookup, BooleanSupplier pushed, Consumer<PartFile> onOpened,
    Function<Manifest, Future<Void>> onProven) {

  /** Sources known from the start and no more, nothing offered, nothing to check (tests). */
  static final SwarmHooks NONE = new SwarmHooks(() -> Future.succeededFuture(List.of()), () -> false, part -> { },
      manifest -> Future.succeededFuture());
}
