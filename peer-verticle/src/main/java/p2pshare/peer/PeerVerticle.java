package p2pshare.peer;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.launch.CompilerQuiet;
import p2pshare.net.HostText;
import p2pshare.peer.download.DownloadEngine;
import p2pshare.peer.download.DownloadFolders;
import p2pshare.peer.download.DownloadHooks;
import p2pshare.peer.download.EngineSetup;
import p2pshare.peer.reverse.ReversedConnections;
import p2pshare.peer.serve.ChunkServer;
import p2pshare.peer.share.HashCache;
import p2pshare.peer.share.ManifestBuilder;
import p2pshare.peer.share.PartialShare;
import p2pshare.peer.share.ShareIndex;
import p2pshare.peer.share.ShareScanner;
import p2pshare.peer.share.ShareUploads;
import p2pshare.peer.share.ShareWatcher;
import p2pshare.peer.share.SharedFile;
import p2pshare.peer.tracker.TrackerClient;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.tracker.TrackerCodec;
import p2pshare.protocol.tracker.TrackerEvent;
import p2pshare.protocol.tracker.TrackerReplyCodec;
import p2pshare.protocol.tracker.TrackerRequest;
import p2pshare.tls.NetworkTls;

/**
 * The peer: wires the share index, the chunk server, the tracker client and the download engine, and answers the
 * {@link PeerBus} addresses. All of their state lives on this verticle's event loop.
 */
public class PeerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PeerVerticle.class);
  private static final long UPLOADS_MILLIS = 1000;
  private static final int PEER_LIMIT = 500;
  /** Files being added from the dashboard at once; each holds a temporary file open. */
  private static final int MAX_UPLOADS = 8;
  /** The longest a start waits for the compilers to catch up with its warm-up ({@link CompilerQuiet}). */
  private static final long MAX_COMPILE_WAIT_MILLIS = 10_000;
  private PeerConfig cfg;
  private final ShareIndex shares = new ShareIndex();
  private DownloadsOnTheBus downloadsBus;
  private long uploadsPublished;
  private ShareWatcher watcher;
  private ShareUploads uploads;
  private ChunkServer chunkServer;
  private ReversedConnections reversals;
  private TrackerClient tracker;
  private NetworkTls tls = NetworkTls.open();
  private DownloadEngine engine;
  private int port;
  private PeerMeters meters;

  @Override
  public Future<?> start() {
    try {
      cfg = PeerConfig.from(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture("bad peer configuration: " + e.getMessage());
    }
    downloadsBus = new DownloadsOnTheBus(vertx);
    return vertx.executeBlocking(cfg::prepareFolders, false)
        .compose(v -> NetworkTls.start(vertx, cfg.tls(), "peer " + cfg.name(), cfg.name()))
        .compose(started -> {
          tls = started;
          ShareScanner scanner = new ShareScanner(List.of(cfg.shareDir(), cfg.downloadDir()), cfg.chunkSize(),
              cfg.maxSharedFiles());
          HashCache cache = new HashCache(cfg.stateDir().resolve("hash-cache.json"));
          watcher = new ShareWatcher(vertx, shares, scanner, cache, cfg.rescanMillis(), this::sharesChanged);
          uploads = new ShareUploads(vertx, cfg.shareDir(), MAX_UPLOADS, watcher::rescanNow);
          return uploads.clearLeftovers().compose(v2 -> watcher.start());
        })
        .compose(v -> {
          meters = PeerMeters.of(vertx);
          chunkServer = new ChunkServer(vertx, cfg.name(), shares, cfg.serverLimits(), cfg.upload(), meters, stale -> {
            log.warn("{} changed or disappeared since it was indexed; no longer serving it until rescanned",
                stale.path());
            watcher.rescanNow();
          }).corruptionHandler(this::corrupted).tls(tls);
          reversals = new ReversedConnections(vertx, tls, cfg.download().stallMillis());
          chunkServer.handOff(ReversedConnections.FIRST, reversals::take);
          return chunkServer.listen(cfg.host(), cfg.port());
        })
        .compose(bound -> warmUp().map(bound))
        .onSuccess(bound -> {
          port = bound;
          tracker = new TrackerClient(vertx, cfg.trackers(), cfg.name(), this::joinRequest,
              cfg.heartbeatMillis(), cfg.trackerTimeoutMillis())
              .eventHandler(this::trackerEvent)
              .connectionHandler(this::trackerConnection)
              .tls(tls);
          engine = new DownloadEngine(vertx, new EngineSetup(cfg.name(), cfg.download(),
              new DownloadFolders(cfg.partDir(), cfg.recordDir(), cfg.downloadDir()), meters), tracker,
              new DownloadHooks(shares::has, this::downloaded, downloadsBus::publish))
              .partialOffers(new OffersWhileDownloading(shares, tracker))
              .tls(tls)
              .reverseWith(reversals.start(tracker, chunkServer::serveDialled));
          meters.gauge("p2p_chunk_server_connections", chunkServer::connections);
          meters.gauge("p2p_shared_files", () -> shares.files().size());
          meters.gauge("p2p_tracker_connected", () -> tracker.connected() ? 1 : 0);
          meters.gauge("p2p_receive_buffered_bytes", engine::receivedBytesHeld);
          registerConsumers();
          vertx.setPeriodic(UPLOADS_MILLIS, t -> publishUploads());
          // The node serves and downloads before it joins: a failed first round is told, and joining goes on.
          tracker.start().onFailure(e -> {
            if (!(e instanceof ProtocolException p && p.isLocal(ErrorCode.CANCELLED))) {
              log.warn("not joined to a tracker yet ({}); still trying", e.getMessage());
            }
          });
          engine.resumeSaved().onFailure(e -> log.warn("could not take up unfinished downloads: {}", e.getMessage()));
          log.info("peer {} sharing {} files, serving chunks on {}, tracker {}", cfg.name(),
              shares.files().size(), HostText.withPort(cfg.advertiseHost(), port), tracker.address());
        });
  }

  @Override
  public Future<?> stop() {
    if (watcher != null) {
      watcher.stop();
    }
    // Part files are closed and their bitmaps saved before the verticle is gone, so the next start resumes.
    Future<Void> stopped = engine == null ? Future.succeededFuture() : engine.close()
        .onFailure(e -> log.error("could not save the state of the downloads: {}", e.getMessage()));
    Future<Void> left = tracker == null ? Future.succeededFuture() : tracker.stop();
    tls.stop();
    if (reversals != null) {
      reversals.close();
    }
    return Future.join(stopped, left)
        .transform(ar -> chunkServer == null ? Future.succeededFuture() : chunkServer.close());
  }

  private JsonObject joinRequest() {
    return new JsonObject().put("name", cfg.name()).put("host", cfg.advertiseHost()).put("port", port)
        .put("files", shares.entries());
  }

  private void sharesChanged(ShareIndex.Change change) {
    if (tracker == null) {
      return; // the first scan, before joining: the join carries the whole list
    }
    tracker.retryNow();
    publishEvent(new JsonObject().put("type", "shares").put("shares", sharesJson()));
    JsonArray add = new JsonArray();
    JsonArray remove = new JsonArray();
    change.added().forEach(f -> add.add(f.manifest().entry()));
    change.removed().forEach(f -> remove.add(f.fileId()));
    tracker.update(add, remove);
  }

  /**
   * A shared file's chunk no longer matches its hash on this disk (a downloader reported it, and the chunk server
   * checked): the file is offered no more, to the tracker either, and hashed again, so that what it holds now is
   * offered under its true fileId.
   */
  private void corrupted(SharedFile file) {
    log.warn("{} no longer matches what was indexed; no longer offering {} and hashing it again", file.path(),
        file.fileId().substring(0, 12));
    if (shares.withdraw(file)) {
      publishEvent(new JsonObject().put("type", "shares").put("shares", sharesJson()));
      if (tracker != null) {
        tracker.update(new JsonArray(), new JsonArray().add(file.fileId()));
      }
    }
    watcher.rehash(file.path());
  }

  private void downloaded(SharedFile file) {
    boolean fresh = watcher.add(file);
    publishEvent(new JsonObject().put("type", "shares").put("shares", sharesJson()));
    if (fresh && tracker.connected()) {
      tracker.request(new JsonObject().put("type", TrackerRequest.Have.TYPE).put("file", file.manifest().entry()))
          .onFailure(e -> log.warn("could not tell the tracker about {}: {}", file.path(), e.getMessage()));
    }
  }

  /**
   * Compiles the paths every transfer takes before the node joins, so that its first download and upload do not pay
   * for it (docs/performance.md): hashing ({@link ManifestBuilder#warmUp}), then chunks through a loopback chunk
   * server of its own ({@link ChunkPathWarmUp}), and waits for the compilers to catch up ({@link CompilerQuiet}).
   * A few seconds at start; {@code "warmUp": false} skips all but the hashing.
   */
  private Future<Void> warmUp() {
    Future<Void> hashed = vertx.executeBlocking(() -> {
      ManifestBuilder.warmUp();
      return null;
    }, false);
    if (!cfg.warmUp()) {
      return hashed;
    }
    return hashed.compose(v -> ChunkPathWarmUp.run(vertx, cfg.stateDir(), tls, cfg.name()))
        .compose(chunks -> CompilerQuiet.await(vertx, MAX_COMPILE_WAIT_MILLIS));
  }

  private void publishEvent(JsonObject event) {
    vertx.eventBus().publish(PeerBus.EVENTS, event);
  }

  /**
   * Downloads learn of sources coming and going: pushed for their files ({@code sources-changed}), or from every
   * event at a tracker of version 2. The dashboard hears of the cluster's members.
   */
  private void trackerEvent(JsonObject event) {
    String type = event.getString("type");
    if (TrackerReplyCodec.decodeEvent(event) instanceof TrackerEvent.SourcesChanged pushed) {
      List<JsonObject> sources = new ArrayList<>();
      pushed.sources().forEach(source -> sources.add((JsonObject) source));
      engine.sourcesPushed(pushed.fileId(), sources, pushed.gone(), pushed.more());
    } else if ("peer-left".equals(type) && event.getValue("peerId") instanceof String peerId) {
      engine.peerLeft(peerId);
    } else if ("peer-joined".equals(type) || "files-changed".equals(type)) {
      engine.sourcesChanged();
    } else if (TrackerReplyCodec.decodeEvent(event) instanceof TrackerEvent.ConnectTo connect) {
      reversals.connectTo(connect);
    } else if ("cluster".equals(type)) {
      // The tracker cluster's members changed: the dashboard shows them.
      publishEvent(new JsonObject().put("type", "node").put("node", nodeJson()));
    } else if ("resync".equals(type)) {
      // The tracker dropped events this node was too slow to read: look again at what they would have said.
      engine.sourcesChanged();
      publishPeers();
    }
  }

  private void trackerConnection(boolean joined) {
    publishEvent(new JsonObject().put("type", "node").put("node", nodeJson()));
    if (joined) {
      // Events missed while disconnected: the dashboard gets the whole list again.
      publishPeers();
    }
  }

  private void publishPeers() {
    tracker.request(TrackerCodec.encode(new TrackerRequest.Peers(PEER_LIMIT)))
        .onSuccess(r -> publishEvent(new JsonObject().put("type", "peers").put("peers", r.getJsonArray("peers"))));
  }

  private JsonObject nodeJson() {
    return new JsonObject()
        .put("name", cfg.name()).put("peerId", tracker.peerId()).put("host", cfg.advertiseHost()).put("port", port)
        .put("trackerConnected", tracker.connected()).put("trackerState", tracker.state().wire())
        .put("tracker", tracker.address())
        .put("trackerNode", tracker.trackerNode())
        .put("reachability", tracker.reachability())
        .put("tls", tls.status())
        .put("connections", chunkServer.connections())
        .put("trackerDisconnectedSince", tracker.connected() ? null : tracker.disconnectedSince())
        .put("trackerRefusal", tracker.refusal())
        .put("shareDirReadable", watcher.lastScanOk())
        .put("shareDir", cfg.shareDir().toString()).put("downloadDir", cfg.downloadDir().toString());
  }

  private JsonArray sharesJson() {
    JsonArray list = new JsonArray();
    shares.files().forEach(f -> list.add(f.manifest().entry().put("path", f.path().toString())));
    return list;
  }

  private JsonObject uploadsJson() {
    return meters.uploads().toJson(fileId -> {
      SharedFile file = shares.get(fileId);
      PartialShare partial = file == null ? shares.partial(fileId) : null;
      return file != null ? file.manifest().name() : partial != null ? partial.manifest().name() : null;
    });
  }

  /** The uploads, at most once a second and only when something was sent. */
  private void publishUploads() {
    long changes = meters.uploads().changes();
    if (changes != uploadsPublished) {
      uploadsPublished = changes;
      publishEvent(new JsonObject().put("type", "uploads").put("uploads", uploadsJson()));
    }
  }

  private void registerConsumers() {
    BusReplies bus = new BusReplies(vertx);
    bus.reply(PeerBus.NODE, body -> Future.succeededFuture(nodeJson()));
    bus.reply(PeerBus.PEERS, body -> trackerQuery(new TrackerRequest.Peers(PEER_LIMIT))
        .map(r -> new JsonObject().put("peers", r.getJsonArray("peers")).put("total", r.getValue("total"))));
    bus.reply(PeerBus.FILES, body -> trackerQuery(new TrackerRequest.Search(body.getString("q", ""), false,
        TrackerRequest.MAX_SEARCH, body.getString("sort", "name")))
        .map(r -> new JsonObject().put("files", r.getJsonArray("files")).put("more", r.getValue("more"))
            .put("total", r.getValue("total"))));
    bus.reply(PeerBus.SHARES, body -> Future.succeededFuture(new JsonObject().put("shares", sharesJson())));
    bus.reply(PeerBus.UPLOADS, body -> Future.succeededFuture(uploadsJson()));
    downloadsBus.serve(engine, bus);
    bus.reply(PeerBus.SHARE_UPLOAD_BEGIN, uploads::begin);
    bus.reply(PeerBus.SHARE_UPLOAD_FINISH, uploads::finish);
    bus.reply(PeerBus.SHARE_UPLOAD_ABORT, uploads::abort);
  }

  private Future<JsonObject> trackerQuery(TrackerRequest request) {
    return tracker.request(TrackerCodec.encode(request))
        .recover(e -> Future.failedFuture(PeerBus.failure(503, "tracker: " + e.getMessage())));
  }

}
