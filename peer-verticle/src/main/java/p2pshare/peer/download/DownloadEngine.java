package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.peer.download.DownloadException.Reason;
import p2pshare.peer.tracker.TrackerClient;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.peer.wire.PeerDialer;
import p2pshare.peer.wire.Reverser;
import p2pshare.protocol.ReceiveBudget;
import p2pshare.tls.NetworkTls;

/**
 * The node's downloads: each is a {@link DownloadJob}, and the engine keeps their slots (at most
 * {@code download.maxActive} starting, running or waiting for a source) and their queue, oldest first. A request
 * names a file by fileId or by exact name; the tracker resolves it to its sources ({@link SourceLookup}). Unfinished
 * downloads are remembered ({@link DownloadStore}) and taken up again by {@link #resumeSaved}. Before a download
 * starts, and each time it starts again, the download folder must have room for what it still misses
 * ({@link SpaceCheck}). Failed requests are {@link DownloadException}s, whose reason says what went wrong. Use it from
 * the peer verticle's event loop only.
 */
public final class DownloadEngine {
  private static final Logger log = LoggerFactory.getLogger(DownloadEngine.class);
  private static final int MAX_HISTORY = 200;
  private static final long REFRESH_DEBOUNCE_MILLIS = 300;

  private final Vertx vertx;
  private final DownloadSettings settings;
  private final DownloadHooks hooks;
  private final StartLookup startLookup;
  private final SpaceCheck space;
  private final BanList bans;
  private final ChunkBuffers buffers;
  private final SwarmTransfers transfers;
  private final DownloadJob.Setup jobs;
  private final Map<String, DownloadJob> downloads = new LinkedHashMap<>();
  private long refreshTimer = -1;

  public DownloadEngine(Vertx vertx, EngineSetup setup, TrackerClient tracker, DownloadHooks hooks) {
    this.vertx = vertx;
    this.settings = setup.settings();
    DownloadFolders folders = setup.folders();
    this.hooks = hooks;
    SourceLookup lookup = new SourceLookup(tracker);
    this.startLookup = new StartLookup(vertx, lookup, folders.parts());
    this.space = new SpaceCheck(vertx, setup.freeSpace(), folders.downloads(), folders.parts());
    // Next to the records, in the node's state folder: downloadDir/.p2pshare/bans.json.
    this.bans = BanList.at(vertx, folders.records().resolveSibling("bans.json"), settings.banMillis());
    // One budget for everything the node's downloads receive: chunk buffers and the frames being read.
    this.buffers = new ChunkBuffers(new ReceiveBudget(settings.maxReceiveBytes()));
    // No fixed receive buffer: the kernel tunes it, and Netty's pooled, adaptive reads stay in place.
    Dialing dialing = new Dialing(vertx, PeerDialer.open(vertx.createNetClient(clientOptions())), buffers,
        setup.self(), new Unreachable(System::currentTimeMillis));
    this.transfers = new SwarmTransfers(new SwarmSetup(dialing, settings, folders, setup.meters(), bans), lookup,
        space);
    this.jobs = new DownloadJob.Setup(vertx, transfers, new DownloadStore(vertx, folders.records()), settings);
  }

  /** Bytes received and not yet verified and written, over all downloads (see {@link ReceiveBudget#held}). */
  public long receivedBytesHeld() {
    return buffers.budget().held();
  }

  /** The network the sources are in: TLS, and the check that each is the peer the tracker listed. */
  public DownloadEngine tls(NetworkTls tls) {
    transfers.dialWith(new PeerDialer(vertx.createNetClient(tls.client(clientOptions())), tls)).close();
    return this;
  }

  /** Sources behind NAT are reached through {@code reverser} from now on. Set after {@link #tls}. */
  public DownloadEngine reverseWith(Reverser reverser) {
    transfers.dialWith(transfers.dialer().reversingWith(reverser));
    return this;
  }

  private NetClientOptions clientOptions() {
    return new NetClientOptions().setConnectTimeout((int) settings.stallMillis()).setTcpNoDelay(true);
  }

  /** Where running downloads offer their verified chunks to other peers. */
  public DownloadEngine partialOffers(PartialOffers offers) {
    transfers.offerWith(offers);
    return this;
  }

  /** The tracker says a peer left: running downloads stop asking it. */
  public void peerLeft(String peerId) {
    downloads.values().forEach(job -> job.peerLeft(peerId));
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
      downloads.values().forEach(DownloadJob::sourcesChanged);
    });
  }

  /**
   * The tracker pushed changes of the sources of {@code fileId} (event {@code sources-changed}): its download, if one
   * is under way, takes them ({@link DownloadJob#sourcesPushed}).
   */
  public void sourcesPushed(String fileId, List<JsonObject> sources, List<String> gone, boolean more) {
    for (DownloadJob job : downloads.values()) {
      if (job.progress().fileId.equals(fileId) && !job.state().finished()) {
        job.sourcesPushed(sources, gone, more);
      }
    }
  }

  /** Takes up the downloads that were unfinished when the node stopped. */
  public Future<Void> resumeSaved() {
    return vertx.executeBlocking(jobs.store()::loadAll, false).map(records -> {
      for (JsonObject r : records) {
        DownloadProgress progress = new DownloadProgress(r.getString("id"), r.getString("fileId"),
            r.getString("name"), r.getLong("size", 0L), r.getLong("createdAt", 0L));
        boolean paused = DownloadStore.paused(r);
        downloads.put(progress.id, new DownloadJob(jobs, progress, paused ? JobState.PAUSED : JobState.QUEUED,
            this::moved));
        log.info("download {} ({}) taken up again{}", progress.name, shortId(progress.fileId),
            paused ? ", paused" : "");
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
    return startLookup.fileIdOf(request).compose(id -> {
      for (DownloadJob existing : downloads.values()) {
        if (existing.progress().fileId.equals(id) && !existing.state().finished()) {
          return Future.succeededFuture(existing.snapshot());
        }
      }
      if (hooks.alreadyShared().test(id)) {
        return Future.failedFuture(new DownloadException(Reason.ALREADY_HAVE, "this node already has file " + id));
      }
      // Until a manifest proves the size, only the smallest size offered is sure to be needed; the run checks again
      // with the proven one.
      return startLookup.swarm(id)
          .compose(swarm -> space.roomFor(id, SourceLookup.smallestSize(swarm)).map(swarm))
          .compose(this::enqueue);
    });
  }

  /** Snapshots of every download, oldest first. */
  public List<Download> list() {
    return downloads.values().stream().map(DownloadJob::snapshot).toList();
  }

  /** A snapshot of download {@code id}, or null. */
  public Download get(String id) {
    DownloadJob job = downloads.get(id);
    return job == null ? null : job.snapshot();
  }

  /** The bytes done of each running download, by id: cheaper than a snapshot, for progress events. */
  public Map<String, Long> runningBytes() {
    Map<String, Long> running = new LinkedHashMap<>();
    downloads.values().stream().filter(job -> job.state().shown() == Download.State.RUNNING)
        .forEach(job -> running.put(job.progress().id, job.progress().bytesDone()));
    return running;
  }

  /** Cancels a download under way and removes its part file; fails if there is none such under way. */
  public Future<Download> cancel(String id) {
    return underWay(id).compose(job -> {
      Future<Void> removed = job.cancel();
      Download cancelled = job.snapshot();
      return removed.map(cancelled);
    });
  }

  /**
   * Pauses a queued, running or waiting download ({@link DownloadJob#pause}); its slot goes to the next queued one.
   * Pausing a paused download changes nothing; fails if there is no such download or it is finished.
   */
  public Future<Download> pause(String id) {
    return underWay(id).compose(job -> {
      if (job.state() == JobState.PAUSED) {
        return Future.succeededFuture(job.snapshot());
      }
      Future<Void> paused = job.pause();
      Download snapshot = job.snapshot();
      return paused.map(snapshot);
    });
  }

  /**
   * Puts a paused download back in the queue, in its place by age: it runs when a slot is free and goes on from its
   * part file. Resuming a download that is not paused changes nothing; fails if there is no such download or it is
   * finished.
   */
  public Future<Download> resume(String id) {
    return underWay(id).compose(job -> {
      if (job.state() != JobState.PAUSED) {
        return Future.succeededFuture(job.snapshot());
      }
      Future<Void> saved = job.resume();
      startQueued();
      Download snapshot = job.snapshot();
      return saved.map(snapshot);
    });
  }

  /**
   * Stops every transfer and completes once their part files are closed and their bitmaps saved: they stay for the
   * next start. Fails if a bitmap could not be saved.
   */
  public Future<Void> close() {
    vertx.cancelTimer(refreshTimer);
    List<Future<Void>> stopped = new ArrayList<>();
    downloads.values().forEach(job -> stopped.add(job.close()));
    return Future.join(stopped).<Void>mapEmpty().eventually(bans::flushed)
        .eventually(() -> transfers.dialer().close());
  }

  private Future<DownloadJob> underWay(String id) {
    DownloadJob job = downloads.get(id);
    if (job == null) {
      return Future.failedFuture(new DownloadException(Reason.NO_SUCH_DOWNLOAD, "no download " + id));
    }
    if (job.state().finished()) {
      return Future.failedFuture(new DownloadException(Reason.ALREADY_FINISHED,
          "download is already " + job.state().shown().label()));
    }
    return Future.succeededFuture(job);
  }

  private Future<Download> enqueue(JsonObject swarm) {
    String fileId = swarm.getString("fileId");
    DownloadProgress progress = new DownloadProgress(UUID.randomUUID().toString(), fileId,
        FileNames.sanitize(swarm.getString("name"), fileId), swarm.getLong("size", 0L));
    DownloadJob job = new DownloadJob(jobs, progress, JobState.QUEUED, this::moved);
    downloads.put(progress.id, job);
    trimHistory();
    return bans.loaded().compose(v -> jobs.store().save(job.snapshot())).map(v -> {
      if (job.state() != JobState.QUEUED) {
        return job.snapshot(); // paused or cancelled while its record was written
      }
      if (slotsTaken() < settings.maxActive()) {
        job.start(SourceLookup.peersOf(swarm));
      } else {
        log.info("download {} ({}) queued", progress.name, shortId(fileId));
        hooks.onChange().accept(job.snapshot());
      }
      return job.snapshot();
    });
  }

  /**
   * A job moved: the node hears of it, a slot it gave up goes to the next queued download, and the tracker pushes the
   * sources of the files of the downloads that hold a slot, and of no others.
   */
  private void moved(DownloadJob job, JobState from) {
    if (from.holdsSlot() != job.state().holdsSlot()) {
      transfers.interest(downloads.values().stream().filter(j -> j.state().holdsSlot())
          .map(j -> j.progress().fileId).collect(Collectors.toSet()));
    }
    if (job.state() == JobState.COMPLETED) {
      hooks.onCompleted().accept(job.published());
    }
    hooks.onChange().accept(job.snapshot());
    if (from.holdsSlot() && !job.state().holdsSlot()) {
      startQueued();
    }
  }

  private void startQueued() {
    for (DownloadJob job : new ArrayList<>(downloads.values())) {
      if (slotsTaken() >= settings.maxActive()) {
        return;
      }
      if (job.state() == JobState.QUEUED) {
        job.start();
      }
    }
  }

  private int slotsTaken() {
    return (int) downloads.values().stream().filter(job -> job.state().holdsSlot()).count();
  }

  private void trimHistory() {
    var it = downloads.values().iterator();
    while (downloads.size() > MAX_HISTORY && it.hasNext()) {
      if (it.next().state().finished()) {
        it.remove();
      }
    }
  }

  static String shortId(String fileId) {
    return fileId.substring(0, 12);
  }
}
