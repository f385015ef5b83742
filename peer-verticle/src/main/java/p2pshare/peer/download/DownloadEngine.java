package p2pshare.peer.download;

import io.reactivex.rxjava3.disposables.Disposable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.peer.wire.PeerDialer;
import p2pshare.protocol.ReceiveBudget;
import p2pshare.tls.NetworkTls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.share.FileIdentity;
import p2pshare.peer.download.DownloadException.Reason;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.SharedFile;

/**
 * Starts, queues, runs, pauses, resumes and cancels downloads. A request names a file by fileId or by exact name; the
 * tracker resolves it to its sources ({@link SourceLookup}) and a {@link SwarmDownload} fetches it. When no source
 * is left the download waits, asks the tracker again with a growing delay, and goes on from its part file.
 * A paused download gives up its transfer and its slot but keeps its part file, and stays paused until it is resumed,
 * across restarts too. Unfinished downloads are remembered ({@link DownloadStore}) and taken up again by
 * {@link #resumeSaved}. Before a download starts, and each time it starts again, the download folder must have room
 * for what it still misses ({@link SpaceCheck}). Failed requests are {@link DownloadException}s, whose reason says
 * what went wrong. Use it from the peer verticle's event loop only.
 */
public final class DownloadEngine {
  private static final Logger log = LoggerFactory.getLogger(DownloadEngine.class);
  private static final int MAX_HISTORY = 200;

  /** What an active download holds: its current transfer, or the timer of its next attempt. */
  private static final class Run {
    SwarmDownload transfer;
    Disposable disposable = Disposable.empty();
    long retryTimer = -1;
    int waits;
  }

  private final Vertx vertx;
  private final SourceLookup lookup;
  private final SpaceCheck space;
  private final DownloadSettings settings;
  private final Path partDir;
  private final Path downloadDir;
  private final Predicate<String> alreadyShared;
  private final Consumer<SharedFile> onCompleted;
  private final Consumer<Download> onChange;
  private final DownloadStore store;
  private final BanList bans;
  private final PeerMeters meters;
  private PeerDialer client;
  private final ChunkBuffers buffers;
  private final String self;
  private final Map<String, Download> downloads = new LinkedHashMap<>();
  private final Map<String, Run> active = new HashMap<>();
  private static final long REFRESH_DEBOUNCE_MILLIS = 300;
  private PartialOffers offers = PartialOffers.NONE;
  private long refreshTimer = -1;
  /**
   * The last transfer of each paused download that ran since this start (and of a resumed one until it runs again),
   * its part file closed or closing: the chunks it verified stay within reach, and the next run opens the part file
   * only after this one has closed it.
   */
  private final Map<String, SwarmDownload> paused = new HashMap<>();

  /** @param self this node's name, given in the hello to sources */
  public DownloadEngine(Vertx vertx, String self, p2pshare.peer.tracker.TrackerClient tracker,
      DownloadSettings settings,
      Path partDir, Path recordDir, Path downloadDir, Predicate<String> alreadyShared,
      Consumer<SharedFile> onCompleted, Consumer<Download> onChange, PeerMeters meters) {
    this(vertx, self, tracker, settings, partDir, recordDir, downloadDir, alreadyShared, onCompleted, onChange,
        meters, FreeSpace.FILE_STORE);
  }

  /** @param freeSpace how much room the download folder has left (tests give a small figure) */
  public DownloadEngine(Vertx vertx, String self, p2pshare.peer.tracker.TrackerClient tracker,
      DownloadSettings settings,
      Path partDir, Path recordDir, Path downloadDir, Predicate<String> alreadyShared,
      Consumer<SharedFile> onCompleted, Consumer<Download> onChange, PeerMeters meters, FreeSpace freeSpace) {
    this.vertx = vertx;
    this.self = self;
    this.meters = meters;
    this.lookup = new SourceLookup(tracker);
    this.space = new SpaceCheck(vertx, freeSpace, downloadDir, partDir);
    this.settings = settings;
    this.partDir = partDir;
    this.downloadDir = downloadDir;
    this.alreadyShared = alreadyShared;
    this.onCompleted = onCompleted;
    this.onChange = onChange;
    this.store = new DownloadStore(vertx, recordDir);
    // Next to the records, in the node's state folder: downloadDir/.p2pshare/bans.json.
    this.bans = BanList.at(vertx, recordDir.resolveSibling("bans.json"), settings.banMillis());
    // No fixed receive buffer: the kernel tunes it, and Netty's pooled, adaptive reads stay in place.
    this.client = PeerDialer.open(vertx.createNetClient(clientOptions(settings)));
    // One budget for everything the node's downloads receive: chunk buffers and the frames being read.
    this.buffers = new ChunkBuffers(new ReceiveBudget(settings.maxReceiveBytes()));
  }

  /** Bytes received and not yet verified and written, over all downloads (see {@link ReceiveBudget#held}). */
  public long receivedBytesHeld() {
    return buffers.budget().held();
  }

  /** The network the sources are in: TLS, and the check that each is the peer the tracker listed. */
  public DownloadEngine tls(NetworkTls tls) {
    PeerDialer open = client;
    client = new PeerDialer(vertx.createNetClient(tls.client(clientOptions(settings))), tls);
    open.close();
    return this;
  }

  private static NetClientOptions clientOptions(DownloadSettings settings) {
    return new NetClientOptions().setConnectTimeout((int) settings.stallMillis()).setTcpNoDelay(true);
  }

  /** Where running downloads offer their verified chunks to other peers. */
  public DownloadEngine partialOffers(PartialOffers offers) {
    this.offers = offers;
    return this;
  }

  /** The tracker says a peer left: running downloads stop asking it. */
  public void peerLeft(String peerId) {
    active.values().stream().filter(run -> run.transfer != null).forEach(run -> run.transfer.peerLeft(peerId));
  }

  /**
   * The tracker says peers or their files changed: running downloads ask it for sources again, at most once per
   * {@link #REFRESH_DEBOUNCE_MILLIS} however many events come.
   */
  public void sourcesChanged() {
    if (refreshTimer >= 0) {
      return;
    }
    refreshTimer = vertx.setTimer(REFRESH_DEBOUNCE_MILLIS, t -> {
      refreshTimer = -1;
      active.values().stream().filter(run -> run.transfer != null).forEach(run -> run.transfer.refreshSources());
    });
  }

  /** Takes up the downloads that were unfinished when the node stopped. */
  public Future<Void> resumeSaved() {
    return vertx.executeBlocking(store::loadAll, false).map(records -> {
      for (JsonObject r : records) {
        Download d = new Download(r.getString("id"), r.getString("fileId"), r.getString("name"),
            r.getLong("size", 0L), r.getLong("createdAt", 0L));
        if (DownloadStore.paused(r)) {
          d.paused();
        }
        downloads.put(d.id(), d);
        log.info("download {} ({}) taken up again{}", d.name(), shortId(d.fileId()),
            d.state() == Download.State.PAUSED ? ", paused" : "");
      }
      startQueued();
      return null;
    });
  }

  /**
   * Starts a download of {@code {"fileId": …}} or {@code {"name": …}}, or returns the one already under way. Fails
   * with a {@link DownloadException} when the request is bad, the name is unknown or ambiguous, the tracker cannot
   * answer, this node has the file, or the disk has no room for it; nothing is queued then.
   */
  public Future<Download> start(JsonObject request) {
    Object fileId = request.getValue("fileId");
    Object name = request.getValue("name");
    if ((fileId == null) == (name == null)) {
      return Future.failedFuture(new DownloadException(Reason.BAD_REQUEST, "give exactly one of fileId or name"));
    }
    if (fileId != null && !(fileId instanceof String id && Manifest.isFileId(id))) {
      return Future.failedFuture(new DownloadException(Reason.BAD_REQUEST, "fileId must be 64 lowercase hex digits"));
    }
    if (name != null && !(name instanceof String n && !n.isEmpty())) {
      return Future.failedFuture(new DownloadException(Reason.BAD_REQUEST, "name must be a non-empty string"));
    }
    Future<String> resolved = fileId != null ? Future.succeededFuture((String) fileId) : lookup.fileIdOf((String) name);
    return resolved.compose(id -> {
      for (Download existing : downloads.values()) {
        if (existing.fileId().equals(id) && !existing.state().finished()) {
          return Future.succeededFuture(existing);
        }
      }
      if (alreadyShared.test(id)) {
        return Future.failedFuture(new DownloadException(Reason.ALREADY_HAVE, "this node already has file " + id));
      }
      // Until a manifest proves the size, only the smallest size offered is sure to be needed; the run checks again
      // with the proven one.
      return lookup.sources(id)
          .recover(e -> keptEarlier(id, e))
          .compose(swarm -> space.roomFor(id, SourceLookup.smallestSize(swarm)).map(swarm))
          .compose(this::enqueue);
    });
  }

  /**
   * With no source to be had, a download whose part file an earlier one kept (one that could not be published, or
   * a leftover of a crash) starts from it anyway, with no peers: complete, it is published; else it waits for one.
   */
  private Future<JsonObject> keptEarlier(String fileId, Throwable noSources) {
    if (!(noSources instanceof DownloadException d && d.retryable())) {
      return Future.failedFuture(noSources);
    }
    return ManifestStore.load(vertx, partDir, fileId).compose(manifest -> manifest == null
        ? Future.failedFuture(noSources)
        : Future.succeededFuture(new JsonObject().put("fileId", fileId).put("name", manifest.name())
            .put("size", manifest.size()).put("peers", new io.vertx.core.json.JsonArray())));
  }

  public List<Download> list() {
    return new ArrayList<>(downloads.values());
  }

  public Download get(String id) {
    return downloads.get(id);
  }

  /**
   * Cancels a queued, running or paused download and removes its part file; fails if there is none such under way.
   */
  public Future<Download> cancel(String id) {
    Download download = downloads.get(id);
    if (download == null) {
      return noSuchDownload(id);
    }
    if (download.state().finished()) {
      return alreadyFinished(download);
    }
    download.cancelled();
    log.info("download {} ({}) cancelled", download.name(), shortId(download.fileId()));
    Future<Void> removed = end(download, true);
    changed(download);
    startQueued();
    return removed.map(download);
  }

  /**
   * Pauses a queued, running or waiting download: its transfer stops (chunks being checked or written still land),
   * its slot goes to the next queued download, and its part file stays. Its record says it is paused, so it stays
   * paused after a restart too. Completes once the part file is closed and the record saved. Pausing a paused
   * download changes nothing; fails if there is no such download or it is finished.
   */
  public Future<Download> pause(String id) {
    Download download = downloads.get(id);
    if (download == null) {
      return noSuchDownload(id);
    }
    if (download.state().finished()) {
      return alreadyFinished(download);
    }
    if (download.state() == Download.State.PAUSED) {
      return Future.succeededFuture(download);
    }
    Run run = active.remove(id);
    Future<Void> closed = Future.succeededFuture();
    if (run != null) {
      run.disposable.dispose();
      vertx.cancelTimer(run.retryTimer);
      if (run.transfer != null) {
        paused.put(id, run.transfer);
        closed = run.transfer.stop().recover(e -> {
          // Only a hint is lost: the next run fetches again what the saved bitmap does not claim.
          log.warn("download {} ({}) paused, but its chunk bitmap could not be saved: {}", download.name(),
              shortId(download.fileId()), messageOf(e));
          return Future.succeededFuture();
        });
      }
    }
    download.paused();
    log.info("download {} ({}) paused", download.name(), shortId(download.fileId()));
    Future<Void> saved = saveRecord(download);
    changed(download);
    startQueued();
    return closed.compose(v -> saved).map(download);
  }

  /**
   * Puts a paused download back in the queue, in its place by age: it runs when a slot is free and goes on from its
   * part file. Resuming a download that is not paused changes nothing; fails if there is no such download or it is
   * finished.
   */
  public Future<Download> resume(String id) {
    Download download = downloads.get(id);
    if (download == null) {
      return noSuchDownload(id);
    }
    if (download.state().finished()) {
      return alreadyFinished(download);
    }
    if (download.state() != Download.State.PAUSED) {
      return Future.succeededFuture(download);
    }
    download.queued();
    log.info("download {} ({}) resumed", download.name(), shortId(download.fileId()));
    Future<Void> saved = saveRecord(download);
    changed(download);
    startQueued();
    return saved.map(download);
  }

  /**
   * Stops every transfer and completes once their part files are closed and their bitmaps saved: they stay for the
   * next start. Fails if a bitmap could not be saved.
   */
  public Future<Void> close() {
    List<Future<Void>> stopped = new ArrayList<>();
    active.values().forEach(run -> {
      run.disposable.dispose();
      vertx.cancelTimer(run.retryTimer);
      if (run.transfer != null) {
        stopped.add(run.transfer.stop());
      }
    });
    active.clear();
    paused.values().forEach(transfer -> stopped.add(transfer.stop()));
    return Future.join(stopped).<Void>mapEmpty().eventually(bans::flushed).eventually(client::close);
  }

  private Future<Download> enqueue(JsonObject swarm) {
    String fileId = swarm.getString("fileId");
    Download download = new Download(UUID.randomUUID().toString(), fileId,
        FileNames.sanitize(swarm.getString("name"), fileId), swarm.getLong("size", 0L));
    downloads.put(download.id(), download);
    trimHistory();
    return bans.loaded().compose(v -> store.save(download)).map(v -> {
      if (download.state() != Download.State.QUEUED) {
        return download; // paused or cancelled while its record was written
      }
      if (active.size() < settings.maxActive()) {
        active.put(download.id(), new Run());
        run(download, SourceLookup.peersOf(swarm));
      } else {
        log.info("download {} ({}) queued", download.name(), shortId(fileId));
        changed(download);
      }
      return download;
    });
  }

  private void run(Download download, List<JsonObject> peers) {
    Run run = active.get(download.id());
    download.running();
    log.info("download {} ({}) running with {} sources", download.name(), shortId(download.fileId()), peers.size());
    changed(download);
    SwarmDownload transfer = new SwarmDownload(vertx, client, buffers, self, download, peers, settings, partDir,
        downloadDir, meters, () -> lookup.sources(download.fileId()).map(SourceLookup::peersOf), offers::offer, bans,
        manifest -> proven(download, manifest));
    run.transfer = transfer;
    long started = System.nanoTime();
    run.disposable = transfer.run().subscribe(
        path -> completed(download, transfer, path, started),
        error -> stopped(download, error));
  }

  /**
   * The manifest proved the file's size: the disk must have room for it (the start could only count on the smallest
   * size offered), and the record keeps it.
   */
  private Future<Void> proven(Download download, Manifest manifest) {
    return space.roomFor(download.fileId(), manifest.size())
        .compose(v -> download.state() == Download.State.RUNNING ? saveRecord(download) : Future.succeededFuture());
  }

  /**
   * Looks the sources up again and runs, waits some more, or ends: the disk may have filled up since the download
   * was queued or last ran. Sources banned from the file do not count.
   */
  private void attempt(Download download, Run run) {
    bans.loaded().compose(v -> lookup.sources(download.fileId()))
        .compose(swarm -> {
          List<JsonObject> peers = SourceLookup.peersOf(swarm);
          long banned = peers.stream().filter(peer -> bans.banned(BanList.Key.of(download.fileId(), peer))).count();
          if (banned == peers.size()) {
            return Future.failedFuture(DownloadException.noSource(
                banned == 0 ? "no source" : "no source but " + banned + " banned for bad chunks"));
          }
          return space.roomFor(download.fileId(), SourceLookup.smallestSize(swarm)).map(swarm);
        })
        .onComplete(ar -> {
          if (download.state().finished() || active.get(download.id()) != run) {
            return; // ended, or paused (and maybe resumed with another run) in the meantime
          }
          if (ar.succeeded()) {
            run(download, SourceLookup.peersOf(ar.result()));
          } else {
            stopped(download, ar.cause());
          }
        });
  }

  private void stopped(Download download, Throwable error) {
    Run run = active.get(download.id());
    if (download.state().finished() || run == null) {
      return;
    }
    String message = messageOf(error);
    if (!(error instanceof DownloadException d && d.retryable())) {
      download.failed(message);
      log.warn("download {} ({}) failed: {}", download.name(), shortId(download.fileId()), message);
      // Verified chunks that only could not be published stay for a retry; no longer offered, though.
      boolean keep = error instanceof DownloadException d && d.reason() == Reason.PUBLISH;
      if (keep) {
        offers.withdraw(download.fileId(), false);
      }
      end(download, !keep);
      changed(download);
      startQueued();
      return;
    }
    long delay = Math.min(settings.retryMaxMillis(), settings.retryMinMillis() << Math.min(run.waits++, 20));
    download.waiting("waiting for a source (" + message + "); next try in " + (delay + 999) / 1000 + " s",
        System.currentTimeMillis() + delay);
    log.warn("download {} ({}) has no source: {}; trying again in {} ms", download.name(),
        shortId(download.fileId()), message, delay);
    changed(download);
    run.retryTimer = vertx.setTimer(delay, t -> {
      run.retryTimer = -1;
      attempt(download, run);
    });
  }

  private void completed(Download download, SwarmDownload transfer, Path path, long started) {
    vertx.executeBlocking(() -> FileIdentity.of(path), false).onComplete(identity -> {
      if (identity.failed()) {
        stopped(download, identity.cause());
        return;
      }
      double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
      log.info("download {} ({}) completed in {} s at {} MB/s: {}", download.name(), shortId(download.fileId()),
          String.format("%.2f", seconds), String.format("%.1f", download.bytesFetched() / seconds / 1e6), path);
      download.completed(path);
      end(download, false);
      onCompleted.accept(new SharedFile(path, identity.result(), transfer.checkedManifest()));
      offers.withdraw(download.fileId(), true);
      changed(download);
      startQueued();
    });
  }

  /** Releases the download's slot and record, and with {@code discard} its part file. */
  private Future<Void> end(Download download, boolean discard) {
    Run run = active.remove(download.id());
    SwarmDownload last = paused.remove(download.id());
    Future<Void> removed = Future.succeededFuture();
    if (run != null) {
      run.disposable.dispose();
      vertx.cancelTimer(run.retryTimer);
      last = run.transfer;
    }
    if (discard) {
      offers.withdraw(download.fileId(), false); // before its part file goes
      removed = last != null
          ? last.discard()
          : vertx.executeBlocking(() -> {
            PartFile.deleteState(partDir, download.fileId());
            return null;
          }, false);
    }
    return removed.eventually(() -> store.delete(download.id()));
  }

  private void startQueued() {
    for (Download next : downloads.values()) {
      if (active.size() >= settings.maxActive()) {
        return;
      }
      if (next.state() == Download.State.QUEUED && !active.containsKey(next.id())) {
        Run run = new Run();
        active.put(next.id(), run);
        next.running();
        changed(next);
        // A resumed download's last transfer closes its part file before the next run opens it again.
        run.transfer = paused.remove(next.id());
        Future<Void> closed = run.transfer == null ? Future.succeededFuture() : run.transfer.stop();
        closed.onComplete(ar -> {
          if (active.get(next.id()) == run) {
            attempt(next, run);
          }
        });
      }
    }
  }

  /** Saves the download's record; a failure is the download's storage problem. */
  private Future<Void> saveRecord(Download download) {
    return store.save(download).recover(e -> Future.failedFuture(new DownloadException(Reason.STORAGE,
        "could not save the download's record: " + messageOf(e))));
  }

  private static <T> Future<T> noSuchDownload(String id) {
    return Future.failedFuture(new DownloadException(Reason.NO_SUCH_DOWNLOAD, "no download " + id));
  }

  private static <T> Future<T> alreadyFinished(Download download) {
    return Future.failedFuture(new DownloadException(Reason.ALREADY_FINISHED,
        "download is already " + download.state().label()));
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

  private static String messageOf(Throwable error) {
    return error.getMessage() == null ? error.toString() : error.getMessage();
  }

  static String shortId(String fileId) {
    return fileId.substring(0, 12);
  }
}
