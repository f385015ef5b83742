package p2pshare.peer;

import static p2pshare.testkit.Await.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import p2pshare.peer.download.Download;
import p2pshare.peer.download.DownloadEngine;
import p2pshare.peer.download.DownloadException;
import p2pshare.peer.download.DownloadFolders;
import p2pshare.peer.download.DownloadHooks;
import p2pshare.peer.download.DownloadSettings;
import p2pshare.peer.download.EngineSetup;
import p2pshare.peer.tracker.TrackerAddress;
import p2pshare.peer.tracker.TrackerClient;
import p2pshare.testkit.Poll;

/**
 * A download engine and its tracker client, without a verticle around them, so a test sees the engine's own
 * failures and sets how much room its disk has ({@link #freeBytes}). Runs them on one event loop of its own Vert.x.
 */
final class EngineNode implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final Path downloads;
  final Path parts;
  final Path records;
  /** What the engine is told the download folder has left. */
  final AtomicLong freeBytes = new AtomicLong(Long.MAX_VALUE);
  /** Every download the engine told the node of (its state changes), in order. */
  final List<Download> told = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Context context = vertx.getOrCreateContext();
  private TrackerClient tracker;
  private DownloadEngine engine;

  EngineNode(Path root, int trackerPort, DownloadSettings settings) throws Exception {
    this(root, trackerPort, settings, Files.createDirectories(root.resolve("engine").resolve("downloads")));
  }

  /** With the download folder at {@code downloads}, and its state outside it, so the test may break the folder. */
  EngineNode(Path root, int trackerPort, DownloadSettings settings, Path downloads) throws Exception {
    this.downloads = downloads;
    Path state = Files.isDirectory(downloads) ? downloads.resolve(".p2pshare") : root.resolve("engine-state");
    parts = Files.createDirectories(state.resolve("parts"));
    records = state.resolve("downloads");
    onLoop(() -> {
      tracker = new TrackerClient(vertx, List.of(new TrackerAddress("127.0.0.1", trackerPort)),
          "engine", () -> new JsonObject().put("name", "engine")
          .put("host", "127.0.0.1").put("port", 1).put("files", new JsonArray()), 1000, 5000);
      engine = new DownloadEngine(vertx, new EngineSetup("engine", settings, new DownloadFolders(parts, records, downloads),
          PeerMeters.none(), dir -> freeBytes.get()), tracker, new DownloadHooks(fileId -> false, file -> { }, told::add));
      tracker.start();
      return Future.succeededFuture();
    });
  }

  /** The states download {@code id} was told in, each change once. */
  List<String> statesOf(String id) {
    List<String> states = new java.util.ArrayList<>();
    told.stream().filter(d -> d.id().equals(id)).map(d -> d.state().label())
        .filter(state -> states.isEmpty() || !states.get(states.size() - 1).equals(state)).forEach(states::add);
    return states;
  }

  /** Waits until the tracker client has joined (bounded by 10 s). */
  EngineNode joined() throws Exception {
    awaitCondition(() -> tracker.connected(), "joined the tracker");
    return this;
  }

  Download start(JsonObject request) throws Exception {
    return onLoop(() -> engine.start(request));
  }

  Download cancel(String id) throws Exception {
    return onLoop(() -> engine.cancel(id));
  }

  Download pause(String id) throws Exception {
    return onLoop(() -> engine.pause(id));
  }

  Download resume(String id) throws Exception {
    return onLoop(() -> engine.resume(id));
  }

  Download get(String id) throws Exception {
    return onLoop(() -> Future.succeededFuture(engine.get(id)));
  }

  int count() throws Exception {
    return onLoop(() -> Future.succeededFuture(engine.list().size()));
  }

  void resumeSaved() throws Exception {
    onLoop(() -> engine.resumeSaved());
  }

  /** The domain failure of {@code call}; fails the test if it succeeds or fails otherwise. */
  DownloadException failure(EngineCall call) throws Exception {
    try {
      call.run(this);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DownloadException d) {
        return d;
      }
      throw new AssertionError("not a DownloadException: " + e.getCause(), e.getCause());
    }
    throw new AssertionError("the call succeeded");
  }

  /** Waits until download {@code id} satisfies {@code done} (bounded by 10 s) and returns it. */
  Download awaitDownload(String id, Predicate<Download> done) throws Exception {
    awaitCondition(() -> engine.get(id) != null && done.test(engine.get(id)), "download " + id + " as expected");
    return get(id);
  }

  private void awaitCondition(BooleanSupplier condition, String what) throws Exception {
    Poll.until(context, condition, 20, 10, what);
  }

  private <T> T onLoop(Supplier<Future<T>> call) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(result));
    return await(result.future());
  }

  @Override
  public void close() throws Exception {
    onLoop(() -> engine.close().eventually(tracker::stop));
    await(vertx.close());
  }

  /** A call on the engine that is expected to fail. */
  @FunctionalInterface
  interface EngineCall {
    void run(EngineNode node) throws Exception;
  }
}
