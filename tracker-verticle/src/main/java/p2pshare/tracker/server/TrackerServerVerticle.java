package p2pshare.tracker.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.net.HostText;
import p2pshare.observe.Observability;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.FrameServer;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.RpcServer;
import p2pshare.tls.Certificates;
import p2pshare.tls.NetworkTls;
import p2pshare.tracker.TrackerConfig;
import p2pshare.tracker.reach.ProbeLimits;
import p2pshare.tracker.reach.ReachabilityProbe;
import p2pshare.tracker.registry.PeerDirectory;
import p2pshare.tracker.registry.SwarmRegistry;

/**
 * The tracker's TCP front: accepts peer connections, owns the peer directory and expires silent peers.
 * Takes a {@link TrackerConfig} as its config; the shards must already be deployed.
 */
public final class TrackerServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TrackerServerVerticle.class);
  /** Requests one connection may have waiting before the tracker stops reading from it. */
  static final int MAX_WAITING = 32;
  /**
   * Write queue mark of a connection: a request is handled only while the queue is below it, and events for a watcher
   * are dropped while it is above, so a connection holds at most this plus one reply unsent.
   */
  static final int WRITE_QUEUE_BYTES = 128 * 1024;
  /**
   * The kernel's send buffer of a connection, fixed: left to itself it grows to megabytes for a reader that stops
   * reading. With the write queue, a connection holds at most about 384 KiB plus one reply unsent.
   */
  static final int SEND_BUFFER_BYTES = 256 * 1024;
  /** Events are gathered this long and go out together (see {@link EventFanout}). */
  static final long EVENT_WINDOW_MILLIS = 100;
  /**
   * Changes of a file's sources are gathered this long and go out together to its subscribers (see
   * {@link SwarmInterest}): the most a subscriber gets about one source is one update per window.
   */
  static final long INTEREST_WINDOW_MILLIS = 250;

  private FrameServer server;
  private Membership membership;
  private RequestHandler handler;
  private TrackerConfig settings;
  private final LongAdder buffered = new LongAdder();
  private final LongAdder eventsDropped = new LongAdder();
  private long expiryTimer = -1;
  private volatile ClusterLink cluster;
  private NetworkTls tls = NetworkTls.open();
  private volatile int actualPort = -1;
  private boolean quiet;
  private ReachabilityProbe probe;

  /**
   * A tracker front for the start-up warm-up: no metrics (its gauges would shadow the real front's), no cluster, no
   * line per peer. Set before deployment.
   */
  public TrackerServerVerticle quiet() {
    this.quiet = true;
    return this;
  }

  /** The network this tracker serves: its TLS options and checks. Set before deployment; open by default. */
  public void tls(NetworkTls tls) {
    this.tls = tls;
  }

  @Override
  public Future<?> start() {
    settings = TrackerConfig.from(config());
    ShardClient shards = new ShardClient(vertx, settings.shards());
    OfferBudget budget = new OfferBudget(new OfferBudget.Limits(settings.maxFilesPerAddress(),
        settings.maxNameBytesPerAddress(), settings.maxFiles(), settings.maxNameBytes()));
    SwarmInterest interest = new SwarmInterest(vertx, INTEREST_WINDOW_MILLIS,
        settings.maxSubscriptionsPerConnection());
    membership = new Membership(vertx, new PeerDirectory(System::currentTimeMillis), new Offers(shards, interest),
        settings.peerTimeoutSeconds(), settings.maxFilesPerPeer(), budget, EVENT_WINDOW_MILLIS);
    if (quiet) {
      membership.quiet();
    }
    MeterRegistry meters = quiet ? null : Observability.registry(vertx);
    handler = new RequestHandler(membership, settings, meters, this::node, reachCheck(meters),
        new Reversals(membership, (node, peerId, event) -> cluster == null
            ? Future.failedFuture("not clustered") : cluster.tell(node, peerId, event)));
    if (meters != null) {
      Gauge.builder("p2p_tracker_live_peers", membership, Membership::livePeers).register(meters);
      Gauge.builder("p2p_tracker_connections", this, TrackerServerVerticle::connections).register(meters);
      Gauge.builder("p2p_tracker_offers", budget, OfferBudget::offers)
          .description("files offered, counted once per peer offering them").register(meters);
      Gauge.builder("p2p_tracker_name_bytes", budget, OfferBudget::nameBytes)
          .description("UTF-8 bytes of the names of the offered files").register(meters);
      io.micrometer.core.instrument.FunctionCounter.builder("p2p_tracker_events_dropped_total", eventsDropped,
          LongAdder::sum).description("events dropped for watchers that read too slowly").register(meters);
      if (shards.inline() != null) {
        Gauge.builder("p2p_tracker_swarms", shards.inline(), SwarmRegistry::swarmCount).tag("shard", "front")
            .description("files with at least one live source, per shard").register(meters);
      }
      Gauge.builder("p2p_tracker_subscriptions", interest, SwarmInterest::subscriptions)
          .description("files subscribed to, counted once per connection subscribed").register(meters);
      Gauge.builder("p2p_tracker_cluster_members", this, v -> v.cluster == null ? 0 : v.cluster.members().size())
          .description("tracker nodes this one sees in its cluster, itself included; 0 when not clustered")
          .register(meters);
      Gauge.builder("p2p_tracker_buffered_bytes", buffered, LongAdder::sum)
          .description("bytes of requests read and not yet answered, and of frames not yet sent").register(meters);
    }
    // Check a few times per timeout, and at least every second, so a peer expires at most ~1 s late.
    long every = Math.min(1000L, settings.peerTimeoutSeconds() * 1000L / 4);
    expiryTimer = vertx.setPeriodic(every, id -> membership.expireSilent());
    server = new FrameServer(vertx, tls, new FrameServer.Settings("tracker", "this tracker", "tracker",
        settings.maxConnections(), settings.maxConnectionsPerIp(),
        new FrameChannel.Limits(settings.maxFrameBytes(), 0, 0), MAX_WAITING), this::serve)
        .writeQueueMaxSize(WRITE_QUEUE_BYTES).countBufferedIn(buffered);
    return server.listen(new NetServerOptions().setSendBufferSize(SEND_BUFFER_BYTES), settings.host(), settings.port())
        .compose(port -> {
          actualPort = port;
          if (quiet || !vertx.isClustered()) {
            return Future.succeededFuture();
          }
          cluster = new ClusterLink(vertx, membership, new JsonObject().put("host", settings.host())
              .put("port", actualPort));
          return cluster.start().onSuccess(v -> LOG.info("tracker node {} in a cluster of {}", cluster.nodeId(),
              cluster.members().size()));
        });
  }

  /**
   * Probes only the address a connection comes from: with {@code trustAdvertisedHosts} the listed address is the
   * peer's word, and the warm-up's simulated peers listen nowhere.
   */
  private ReachCheck reachCheck(MeterRegistry meters) {
    String why = quiet ? "warm-up" : settings.trustAdvertisedHosts()
        ? "this tracker lists the hosts peers advertise (trustAdvertisedHosts) and does not dial them"
        : !settings.probeReachability() ? "this tracker does not probe (probeReachability is false)" : null;
    if (why == null) {
      probe = new ReachabilityProbe(vertx, tls, settings.probeTimeoutSeconds() * 1000L,
          new ProbeLimits(System::currentTimeMillis));
    }
    return new ReachCheck(membership, probe, why, meters);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(expiryTimer);
    if (probe != null) {
      probe.close();
    }
    return cluster == null ? server.close() : cluster.stop().eventually(() -> server.close());
  }

  /**
   * This tracker node as a join reply names it: {@code {"clustered": false}} alone, or with {@code node} (its id) and
   * {@code members} ({@code [{node, host, port}]}, this node first).
   */
  public JsonObject node() {
    ClusterLink link = cluster;
    return link == null ? new JsonObject().put("clustered", false)
        : new JsonObject().put("clustered", true).put("node", link.nodeId()).put("members", link.members());
  }

  /** The port the server is bound to (useful when configured with 0), or -1 before it listens. */
  public int actualPort() {
    return actualPort;
  }

  /** Open connections, for tests and metrics. */
  public int connections() {
    return server == null ? 0 : server.connections();
  }

  /** Bytes all connections hold: requests read and not yet answered, frames written and not yet sent. */
  public long bufferedBytes() {
    return buffered.sum();
  }

  /** Events dropped for watchers that did not read them fast enough, since the start. */
  public long eventsDropped() {
    return eventsDropped.sum();
  }

  private Handler<ProtocolException> serve(RpcServer connection, NetSocket socket) {
    PeerSession session = new PeerSession(connection, handler, eventsDropped, Certificates.peerName(socket));
    // A client that connects and never joins (or joins a byte at a time) does not keep its connection.
    vertx.setTimer(settings.joinTimeoutSeconds() * 1000L, t -> {
      if (session.peerId() == null && session.isOpen()) {
        LOG.info("closing {}: no join within {} s", HostText.of(socket.remoteAddress()), settings.joinTimeoutSeconds());
        session.close();
      }
    });
    return why -> membership.closed(session);
  }
}
