package p2pshare.peer.download;

import io.reactivex.rxjava3.disposables.Disposable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.peer.PeerBus;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.SharedFile;
import p2pshare.peer.tracker.TrackerClient;
import p2pshare.peer.tracker.TrackerException;
import p2pshare.peer.tracker.TrackerUnavailableException;

/**
 * Starts, queues, runs and cancels downloads. A request names a file by fileId or by exact name; the tracker
 * resolves it to its sources, and a {@link SwarmDownload} fetches it. Failed requests are {@code ReplyException}s
 * carrying an HTTP status (see {@link PeerBus}). Use it from the peer verticle's event loop only.
 */
public final class DownloadEngine {
  private static final Logger log = LoggerFactory.getLogger(DownloadEngine.class);
  private static final int MAX_HISTORY = 200;

  private final Vertx vertx;
  private final TrackerClient tracker;
  private final DownloadSettings settings;
  private final Path partDir;
  private final Path downloadDir;
  private final java.util.function.Predicate<String> alreadyShared;
  private final Consumer<SharedFile> onCompleted;
  private final Consumer<Download> onChange;
  private final NetClient client;
  private final Map<String, Download> downloads = new LinkedHashMap<>();
  private final Map<String, Disposable> running = new HashMap<>();

  public DownloadEngine(Vertx vertx, TrackerClient tracker, DownloadSettings settings, Path partDir,
      Path downloadDir, java.util.function.Predicate<String> alreadyShared, Consumer<SharedFile> onCompleted,
      Consumer<Download> onChange) {
    this.vertx = vertx;
    this.tracker = tracker;
    this.settings = settings;
    this.partDir = partDir;
    this.downloadDir = downloadDir;
    this.alreadyShared = alreadyShared;
    this.onCompleted = onCompleted;
    this.onChange = onChange;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) settings.stallMillis())
        .setTcpNoDelay(true).setReceiveBufferSize(1024 * 1024));
  }

  /** Starts a download of {@code {"fileId": …}} or {@code {"name": …}}. */
  public Future<Download> start(JsonObject request) {
    Object fileId = request.getValue("fileId");
    Object name = request.getValue("name");
    if ((fileId == null) == (name == null)) {
      return Future.failedFuture(PeerBus.failure(400, "give exactly one of fileId or name"));
    }
    if (fileId != null && !(fileId instanceof String id && Manifest.isFileId(id))) {
      return Future.failedFuture(PeerBus.failure(400, "fileId must be 64 lowercase hex digits"));
    }
    if (name != null && !(name instanceof String n && !n.isEmpty())) {
      return Future.failedFuture(PeerBus.failure(400, "name must be a non-empty string"));
    }
    Future<String> resolved = fileId != null ? Future.succeededFuture((String) fileId) : resolveName((String) name);
    return resolved.compose(this::sources).compose(this::enqueue);
  }

  public List<Download> list() {
    return new ArrayList<>(downloads.values());
  }

  public Download get(String id) {
    return downloads.get(id);
  }

  /** Cancels a queued or running download and removes its part file. */
  public Future<Download> cancel(String id) {
    Download download = downloads.get(id);
    if (download == null) {
      return Future.failedFuture(PeerBus.failure(404, "no download " + id));
    }
    if (download.state().finished()) {
      return Future.failedFuture(PeerBus.failure(409, "download is already " + download.state().label()));
    }
    Disposable transfer = running.remove(id);
    if (transfer != null) {
      transfer.dispose();
    }
    download.cancelled();
    log.info("download {} ({}) cancelled", download.name(), shortId(download.fileId()));
    changed(download);
    startQueued();
    return Future.succeededFuture(download);
  }

  /** Stops every transfer (their part files are removed). */
  public void close() {
    running.values().forEach(Disposable::dispose);
    running.clear();
    client.close();
  }

  private Future<String> resolveName(String name) {
    return tracker.request(new JsonObject().put("type", "search").put("q", name).put("exact", true).put("limit", 50))
        .recover(this::trackerFailure)
        .compose(reply -> {
          JsonArray files = reply.getJsonArray("files", new JsonArray());
          List<JsonObject> matches = new ArrayList<>();
          for (int i = 0; i < files.size(); i++) {
            if (name.equals(files.getJsonObject(i).getString("name"))) {
              matches.add(files.getJsonObject(i));
            }
          }
          if (matches.isEmpty()) {
            return Future.failedFuture(PeerBus.failure(404, "no file called " + name + " in the network"));
          }
          if (matches.stream().map(m -> m.getString("fileId")).distinct().count() > 1) {
            return Future.failedFuture(PeerBus.failure(409, new JsonObject()
                .put("error", "several different files are called " + name + "; ask for one by fileId")
                .put("candidates", new JsonArray(new ArrayList<>(matches)))));
          }
          return Future.succeededFuture(matches.get(0).getString("fileId"));
        });
  }

  /** The tracker's {@code sources} reply: fileId, name, size and peers. */
  private Future<JsonObject> sources(String fileId) {
    if (alreadyShared.test(fileId)) {
      return Future.failedFuture(PeerBus.failure(409, "this node already has file " + fileId));
    }
    return tracker.request(new JsonObject().put("type", "sources").put("fileId", fileId))
        .recover(this::trackerFailure);
  }

  private <T> Future<T> trackerFailure(Throwable e) {
    if (e instanceof TrackerException t && "unknown-file".equals(t.code())) {
      return Future.failedFuture(PeerBus.failure(404, "no peer offers that file"));
    }
    if (e instanceof TrackerUnavailableException) {
      return Future.failedFuture(PeerBus.failure(503, e.getMessage()));
    }
    return Future.failedFuture(PeerBus.failure(502, "tracker error: " + e.getMessage()));
  }

  private Future<Download> enqueue(JsonObject swarm) {
    String fileId = swarm.getString("fileId");
    for (Download existing : downloads.values()) {
      if (existing.fileId().equals(fileId) && !existing.state().finished()) {
        return Future.succeededFuture(existing);
      }
    }
    Download download = new Download(UUID.randomUUID().toString(), fileId,
        FileNames.sanitize(swarm.getString("name"), fileId), swarm.getLong("size", 0L));
    downloads.put(download.id(), download);
    trimHistory();
    if (running.size() < settings.maxActive()) {
      run(download, peersOf(swarm));
    } else {
      log.info("download {} ({}) queued", download.name(), shortId(fileId));
      changed(download);
    }
    return Future.succeededFuture(download);
  }

  private void run(Download download, List<JsonObject> peers) {
    download.running();
    log.info("download {} ({}) started from {} sources", download.name(), shortId(download.fileId()), peers.size());
    changed(download);
    SwarmDownload transfer = new SwarmDownload(vertx, client, download, peers, settings, partDir, downloadDir);
    long started = System.nanoTime();
    running.put(download.id(), transfer.run()
        .subscribe(path -> completed(download, transfer, path, started), error -> failed(download, error)));
  }

  private void completed(Download download, SwarmDownload transfer, Path path, long started) {
    running.remove(download.id());
    vertx.fileSystem().props(path.toString()).onComplete(props -> {
      if (props.failed()) {
        failed(download, props.cause());
        return;
      }
      double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
      log.info("download {} ({}) completed in {} s at {} MB/s: {}", download.name(), shortId(download.fileId()),
          String.format("%.2f", seconds), String.format("%.1f", download.bytesDone() / seconds / 1e6), path);
      download.completed(path);
      onCompleted.accept(new SharedFile(path, props.result().size(), props.result().lastModifiedTime(),
          transfer.manifest()));
      changed(download);
      startQueued();
    });
  }

  private void failed(Download download, Throwable error) {
    running.remove(download.id());
    if (download.state().finished()) {
      return;
    }
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    download.failed(message);
    log.warn("download {} ({}) failed: {}", download.name(), shortId(download.fileId()), message);
    changed(download);
    startQueued();
  }

  private void startQueued() {
    for (Download next : downloads.values()) {
      if (running.size() >= settings.maxActive()) {
        return;
      }
      if (next.state() == Download.State.QUEUED) {
        running.put(next.id(), Disposable.empty()); // holds the slot while the sources are looked up
        sources(next.fileId()).onComplete(ar -> {
          running.remove(next.id());
          if (next.state() != Download.State.QUEUED) {
            return;
          }
          if (ar.succeeded()) {
            run(next, peersOf(ar.result()));
          } else {
            failed(next, new DownloadException(new JsonObject(ar.cause().getMessage()).getString("error")));
          }
        });
      }
    }
  }

  private void changed(Download download) {
    onChange.accept(download);
  }

  private void trimHistory() {
    var it = downloads.values().iterator();
    while (downloads.size() > MAX_HISTORY && it.hasNext()) {
      if (it.next().state().finished()) {
        it.remove();
      }
    }
  }

  private static List<JsonObject> peersOf(JsonObject swarm) {
    JsonArray peers = swarm.getJsonArray("peers", new JsonArray());
    List<JsonObject> list = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      list.add(peers.getJsonObject(i));
    }
    return list;
  }

  static String shortId(String fileId) {
    return fileId.substring(0, 12);
  }
}
