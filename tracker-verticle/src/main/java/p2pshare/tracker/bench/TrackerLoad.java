package p2pshare.tracker.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import p2pshare.protocol.Frames;
import p2pshare.protocol.ProtocolException;

/**
 * Load generator for a running tracker: opens {@code --peers} connections (at most {@code --connect-concurrency}
 * being opened at once), joins each as a peer offering {@code --files} files, heartbeats every peer like a real one,
 * then sends {@code --lookups} lookups ({@code sources} by fileId, exact and substring {@code search} by name),
 * pipelined with at most {@code --in-flight} per connection, and measures each one's latency.
 *
 * <p>The files are those of {@link Workload}, so every lookup should get a non-empty {@code sources} or {@code files}
 * reply; each answer is checked ({@link ReplyCheck}) and anything else counts as a bad answer. With
 * {@code --hold-seconds}, the lookup phase is marked on stdout ({@code LOOKUPS-START}, {@code LOOKUPS-END}, each
 * followed by a second without lookups) so that a script can read the tracker's CPU time around it.
 *
 * <p>Exit code 0 when every join, heartbeat and lookup got a good answer and the tracker reports every peer live.
 */
public final class TrackerLoad {
  enum Kind { SOURCES, EXACT, SUBSTRING }

  private final Vertx vertx;
  private final LoadOptions o;
  private final Workload work;

  private final AtomicInteger joinsOk = new AtomicInteger();
  private final AtomicInteger joinsFailed = new AtomicInteger();
  private final AtomicLong heartbeatsOk = new AtomicLong();
  private final AtomicLong heartbeatsBad = new AtomicLong();
  private final AtomicInteger lookupsOk = new AtomicInteger();
  private final AtomicInteger lookupsBad = new AtomicInteger();
  private final AtomicInteger connectionsLost = new AtomicInteger();
  private final AtomicReference<String> firstProblem = new AtomicReference<>();
  private final AtomicLong sourcesReturned = new AtomicLong();
  private final AtomicLong filesReturned = new AtomicLong();
  private final AtomicLong replyBytes = new AtomicLong();

  private final long[] latencies;
  private final byte[] latencyKinds;
  private final AtomicInteger recorded = new AtomicInteger();
  private volatile CountDownLatch lookupsDone;
  private final ConcurrentLinkedQueue<Conn> lookupQueue = new ConcurrentLinkedQueue<>();
  private final List<Conn> conns = new ArrayList<>();
  private volatile boolean stopping;

  TrackerLoad(Vertx vertx, LoadOptions options) {
    this.vertx = vertx;
    this.o = options;
    this.work = new Workload(options);
    this.latencies = new long[o.lookups];
    this.latencyKinds = new byte[o.lookups];
  }

  public static void main(String[] args) {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    int exit;
    try {
      LoadResult result = run(vertx, options);
      System.out.println(result.report());
      exit = result.allGood() ? 0 : 1;
    } catch (Exception e) {
      System.err.println("tracker load failed: " + e);
      exit = 1;
    }
    try {
      vertx.close().await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      // exiting anyway
    }
    System.exit(exit);
  }

  /** Runs the whole load against the tracker in {@code options}; blocks, so never call it on an event loop. */
  public static LoadResult run(Vertx vertx, LoadOptions options) throws InterruptedException {
    return new TrackerLoad(vertx, options).run();
  }

  private LoadResult run() throws InterruptedException {
    NetClient client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(30_000));
    LoadResult result = new LoadResult(o);
    result.catalog = work.fileIds.length;
    result.hotTargets = work.hotTargets.length;
    result.tailTargets = work.tailTargets.length;
    try {
      // Phase 1: connect and join, at most connectConcurrency being opened at once.
      Semaphore opening = new Semaphore(o.connectConcurrency);
      CountDownLatch joined = new CountDownLatch(o.peers);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.timeoutSeconds);
      long joinStart = System.nanoTime();
      for (int p = 0; p < o.peers; p++) {
        long left = deadline - System.nanoTime();
        if (!opening.tryAcquire(Math.max(0, left), TimeUnit.NANOSECONDS)) {
          problem("joins did not finish within " + o.timeoutSeconds + " s");
          break;
        }
        int index = p;
        client.connect(o.portOf(index), o.host).onComplete(ar -> {
          if (ar.failed()) {
            joinsFailed.incrementAndGet();
            problem("connect failed: " + ar.cause());
            opening.release();
            joined.countDown();
            return;
          }
          Conn conn = new Conn(index, ar.result(), vertx.getOrCreateContext());
          synchronized (conns) {
            conns.add(conn);
          }
          conn.join(ok -> {
            opening.release();
            joined.countDown();
          });
        });
      }
      boolean allJoined = joined.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      result.joinSeconds = (System.nanoTime() - joinStart) / 1e9;
      result.joinsOk = joinsOk.get();
      result.joinsFailed = joinsFailed.get() + (allJoined ? 0 : (int) joined.getCount());

      // Phase 2: lookups, spread over every joined connection, activeConnections at a time.
      List<Conn> live;
      synchronized (conns) {
        live = conns.stream().filter(c -> c.joined).toList();
      }
      if (o.ports.size() > 1 && !live.isEmpty()) {
        awaitEveryNodeListsEveryPeer(live, deadline);
      }
      if (!live.isEmpty() && o.lookups > 0) {
        int base = o.lookups / live.size();
        int extra = o.lookups % live.size();
        for (int i = 0; i < live.size(); i++) {
          Conn conn = live.get(i);
          conn.quota = base + (i < extra ? 1 : 0);
          if (conn.quota > 0) {
            lookupQueue.add(conn);
          }
        }
        lookupsDone = new CountDownLatch(o.lookups);
        mark("LOOKUPS-START");
        long cpuStart = processCpuNanos();
        long lookupStart = System.nanoTime();
        for (int w = 0; w < o.activeConnections; w++) {
          startNextLookupConn();
        }
        boolean finished = lookupsDone.await(o.timeoutSeconds, TimeUnit.SECONDS);
        result.lookupSeconds = (System.nanoTime() - lookupStart) / 1e9;
        result.generatorLookupCpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        mark("LOOKUPS-END");
        if (!finished) {
          problem("lookups did not finish within " + o.timeoutSeconds + " s (" + lookupsDone.getCount() + " left)");
          result.lookupsMissing = (int) lookupsDone.getCount();
        }
      } else if (o.lookups > 0) {
        result.lookupsMissing = o.lookups;
      }

      // Phase 3: does the tracker still hold every peer?
      if (!live.isEmpty()) {
        Conn asker = live.get(0);
        CountDownLatch answered = new CountDownLatch(1);
        AtomicInteger total = new AtomicInteger(-1);
        asker.context.runOnContext(v -> asker.call(new JsonObject().put("type", "peers").put("limit", 1),
            reply -> {
              if ("peers".equals(reply.getString("type"))) {
                total.set(reply.getInteger("total", -1));
              } else {
                problem("peers answered " + reply.encode());
              }
              answered.countDown();
            }));
        answered.await(30, TimeUnit.SECONDS);
        result.livePeers = total.get();
      }
      if (o.holdSeconds > 0) {
        System.out.println("HOLDING " + result.livePeers + " live peers for " + o.holdSeconds + " s");
        System.out.flush();
        Thread.sleep(TimeUnit.SECONDS.toMillis(o.holdSeconds));
      }
    } finally {
      stopping = true;
      result.lookupsOk = lookupsOk.get();
      result.lookupsBad = lookupsBad.get();
      result.heartbeatsOk = heartbeatsOk.get();
      result.heartbeatsBad = heartbeatsBad.get();
      result.connectionsLost = connectionsLost.get();
      result.firstProblem = firstProblem.get();
      result.sourcesReturned = sourcesReturned.get();
      result.filesReturned = filesReturned.get();
      result.replyBytes = replyBytes.get();
      int n = Math.min(recorded.get(), latencies.length);
      result.setLatencies(latencies, latencyKinds, n);
      List<Conn> all;
      synchronized (conns) {
        all = new ArrayList<>(conns);
      }
      for (Conn conn : all) {
        conn.context.runOnContext(v -> conn.close());
      }
      client.close();
    }
    return result;
  }

  /** With --hold-seconds, tells a watching script where the lookups start or end, then leaves it a quiet second. */
  private void mark(String line) throws InterruptedException {
    if (o.holdSeconds > 0) {
      System.out.println(line);
      System.out.flush();
      Thread.sleep(1000);
    }
  }

  /** CPU time of this whole process (every thread), or -1 when the JVM does not say. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  private void startNextLookupConn() {
    Conn next = lookupQueue.poll();
    if (next != null) {
      next.context.runOnContext(v -> next.startLookups());
    }
  }

  private void problem(String what) {
    firstProblem.compareAndSet(null, what);
  }

  private void recordLatency(long nanos, Kind kind) {
    int i = recorded.getAndIncrement();
    if (i < latencies.length) {
      latencies[i] = nanos;
      latencyKinds[i] = (byte) kind.ordinal();
    }
  }

  /**
   * In a cluster, each node learns of the peers joined through the others a little later: asks one peer of each node
   * for the peer count until every node counts them all, so that every lookup has its answer.
   */
  private void awaitEveryNodeListsEveryPeer(List<Conn> live, long deadline) throws InterruptedException {
    for (int node = 0; node < o.ports.size(); node++) {
      Conn asker = live.get(0);
      for (Conn conn : live) {
        if (conn.index % o.ports.size() == node) {
          asker = conn;
          break;
        }
      }
      while (true) {
        CompletableFuture<Integer> total = new CompletableFuture<>();
        Conn chosen = asker;
        chosen.context.runOnContext(v -> chosen.call(new JsonObject().put("type", "peers").put("limit", 1),
            reply -> total.complete(reply.getInteger("total", -1))));
        int seen;
        try {
          seen = total.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          problem("node " + o.ports.get(node) + " did not count the peers: " + e);
          return;
        }
        if (seen >= live.size()) {
          break;
        }
        if (System.nanoTime() > deadline) {
          problem("node " + o.ports.get(node) + " lists " + seen + " of " + live.size() + " peers");
          return;
        }
        Thread.sleep(100); // the generator's own thread, polling the cluster
      }
    }
  }

  /** One peer: its connection to the tracker. Used only on its own event loop. */
  private final class Conn {
    final int index;
    final LoadConnection connection;
    final Context context;
    boolean joined;
    boolean closed;
    long heartbeatTimer = -1;
    int quota;
    int sent;
    int answered;

    Conn(int index, NetSocket socket, Context context) {
      this.index = index;
      this.context = context;
      this.connection = new LoadConnection(socket).closeHandler(this::onClosed);
    }

    void join(Consumer<Boolean> done) {
      JsonArray files = new JsonArray();
      for (int k : work.peerFiles[index]) {
        files.add(new JsonObject().put("fileId", work.fileIds[k]).put("name", Workload.name(k))
            .put("size", Workload.size(k)));
      }
      JsonObject join = new JsonObject().put("type", "join").put("name", "bench-" + index).put("host", "127.0.0.1")
          .put("port", 1024 + index % 60_000).put("files", files);
      call(join, reply -> {
        if ("joined".equals(reply.getString("type"))) {
          joined = true;
          joinsOk.incrementAndGet();
          long period = TimeUnit.SECONDS.toMillis(o.heartbeatSeconds);
          // Spread the heartbeats over the period, as real peers starting at different times would.
          long first = 1 + ThreadLocalRandom.current().nextLong(period);
          heartbeatTimer = vertx.setTimer(first, t -> {
            heartbeat();
            heartbeatTimer = vertx.setPeriodic(period, t2 -> heartbeat());
          });
          done.accept(true);
        } else {
          joinsFailed.incrementAndGet();
          problem("join answered " + reply.encode());
          done.accept(false);
        }
      });
    }

    void heartbeat() {
      if (closed || stopping) {
        return;
      }
      call(new JsonObject().put("type", "heartbeat"), reply -> {
        if ("ok".equals(reply.getString("type"))) {
          heartbeatsOk.incrementAndGet();
        } else if (!stopping) {
          heartbeatsBad.incrementAndGet();
          problem("heartbeat answered " + reply.encode());
        }
      });
    }

    void startLookups() {
      if (closed) {
        failRemainingLookups();
        return;
      }
      while (sent < quota && sent - answered < o.inFlight) {
        sendLookup();
      }
    }

    void sendLookup() {
      sent++;
      ThreadLocalRandom random = ThreadLocalRandom.current();
      boolean hot = work.tailTargets.length == 0
          || (work.hotTargets.length > 0 && random.nextInt(100) < o.hotLookupPercent);
      int[] targets = hot ? work.hotTargets : work.tailTargets;
      int k = targets[random.nextInt(targets.length)];
      int roll = random.nextInt(100);
      Kind kind = roll < o.sourcesPercent ? Kind.SOURCES
          : roll < o.sourcesPercent + o.substringPercent ? Kind.SUBSTRING : Kind.EXACT;
      // Bench names and fileIds are plain ASCII: no escaping needed.
      String request = switch (kind) {
        case SOURCES -> "{\"type\":\"sources\",\"fileId\":\"" + work.fileIds[k] + "\"";
        case SUBSTRING -> "{\"type\":\"search\",\"q\":\"" + Workload.name(k) + "\"";
        default -> "{\"type\":\"search\",\"exact\":true,\"q\":\"" + Workload.name(k) + "\"";
      };
      long start = System.nanoTime();
      connection.send(request, (id, body) -> {
        long latency = System.nanoTime() - start;
        ReplyCheck check = ReplyCheck.check(body, id, kind == Kind.SOURCES ? "sources" : "files");
        if (body != null) {
          recordLatency(latency, kind);
          replyBytes.addAndGet(body.length() + 4);
        }
        if (check.problem == null) {
          lookupsOk.incrementAndGet();
          (kind == Kind.SOURCES ? sourcesReturned : filesReturned).addAndGet(check.count);
        } else {
          lookupsBad.incrementAndGet();
          problem(kind + " answered badly: " + check.problem);
        }
        lookupAnswered();
      });
    }

    void lookupAnswered() {
      answered++;
      lookupsDone.countDown();
      if (answered == quota) {
        startNextLookupConn();
      } else if (sent < quota) {
        sendLookup();
      }
    }

    void failRemainingLookups() {
      int left = quota - answered;
      if (left <= 0) {
        return;
      }
      lookupsBad.addAndGet(left);
      answered = quota;
      for (int i = 0; i < left; i++) {
        lookupsDone.countDown();
      }
      startNextLookupConn();
    }

    /** Sends a request other than a lookup and hands its parsed reply on ({@code {"type":"closed"}} if none). */
    void call(JsonObject request, Consumer<JsonObject> onReply) {
      String json = request.encode();
      connection.send(json.substring(0, json.length() - 1), (id, body) -> {
        JsonObject reply = new JsonObject().put("type", "closed");
        if (body != null) {
          try {
            reply = Frames.jsonOf(body);
            if (!Long.valueOf(id).equals(reply.getLong("id"))) {
              problem("reply to request " + id + " came with id " + reply.getValue("id"));
            }
          } catch (ProtocolException | ClassCastException e) {
            problem("unreadable frame from the tracker: " + e.getMessage());
            reply = new JsonObject().put("type", "unreadable");
          }
        }
        onReply.accept(reply);
      });
    }

    void onClosed() {
      if (closed) {
        return;
      }
      closed = true;
      if (heartbeatTimer >= 0) {
        vertx.cancelTimer(heartbeatTimer);
      }
      if (!stopping) {
        connectionsLost.incrementAndGet();
        problem("the tracker closed connection " + index);
      }
      if (!stopping && lookupsDone != null && sent > 0) {
        // Lookups this connection had not sent yet can no longer be answered.
        int unsent = quota - sent;
        if (unsent > 0) {
          sent = quota;
          answered += unsent;
          lookupsBad.addAndGet(unsent);
          for (int i = 0; i < unsent; i++) {
            lookupsDone.countDown();
          }
          if (answered >= quota) {
            startNextLookupConn();
          }
        }
      }
    }

    void close() {
      if (heartbeatTimer >= 0) {
        vertx.cancelTimer(heartbeatTimer);
      }
      if (!closed) {
        connection.close();
      }
    }
  }
}
