package p2pshare.tracker.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import p2pshare.launch.CompilerQuiet;

/**
 * Load generator for a running tracker: opens {@code --peers} connections (at most {@code --connect-concurrency}
 * being opened at once), from several loopback source addresses when one has too few ports for them
 * ({@code --source-addresses}), joins each as a peer offering {@code --files} files, heartbeats every peer at the
 * pace its {@code joined} reply names, then sends {@code --lookups} lookups ({@code sources} by fileId, exact and
 * substring {@code search} by name), pipelined with at most {@code --in-flight} per connection, and measures each
 * one's latency.
 *
 * <p>The generator shares the tracker's cores, so what it spends per lookup is kept small: requests are encoded
 * beforehand with only their id written per request ({@link RequestFrames}), and answers are checked cheaply.
 *
 * <p>The files are those of {@link Workload}, so every lookup should get a non-empty {@code sources} or {@code files}
 * reply. Every answer's framing, type and id are checked ({@link ReplyHead}); every {@code --full-check-every}-th
 * lookup of the run (numbered across all connections), and every answer that does not start as expected (an error
 * reply among them), is parsed and checked whole ({@link ReplyCheck}). Anything else counts as a bad answer. With
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

  private final LoadCounters counters;
  private final LookupQueue lookups = new LookupQueue();
  private final LoadRun loadRun;
  private final List<SimulatedPeer> conns = new ArrayList<>();

  TrackerLoad(Vertx vertx, LoadOptions options) {
    this.vertx = vertx;
    this.o = options;
    this.work = new Workload(options);
    this.counters = new LoadCounters(o.lookups);
    this.loadRun = new LoadRun(vertx, options, work, new RequestFrames(work), counters, lookups);
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
    VertxOptions vertxOptions = new VertxOptions();
    if (options.eventLoops > 0) {
      vertxOptions.setEventLoopPoolSize(options.eventLoops);
    }
    Vertx vertx = Vertx.vertx(vertxOptions);
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
    // One client per source address: an address has about 28,000 ephemeral ports towards one tracker port.
    List<NetClient> clients = new ArrayList<>();
    int sources = o.sourceAddressCount();
    for (int n = 0; n < Math.max(1, sources); n++) {
      NetClientOptions options = new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(30_000);
      clients.add(vertx.createNetClient(sources == 0 ? options : options.setLocalAddress(o.sourceAddress(n))));
    }
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
      // Each peer's time to connect, then from connected to its joined reply: which of the two the joins wait on.
      long[] connectNanos = new long[o.peers];
      long[] joinNanos = new long[o.peers];
      for (int p = 0; p < o.peers; p++) {
        long left = deadline - System.nanoTime();
        if (!opening.tryAcquire(Math.max(0, left), TimeUnit.NANOSECONDS)) {
          counters.problem("joins did not finish within " + o.timeoutSeconds + " s");
          break;
        }
        int index = p;
        long connecting = System.nanoTime();
        clients.get(index % clients.size()).connect(o.portOf(index), o.host).onComplete(ar -> {
          long connected = System.nanoTime();
          connectNanos[index] = connected - connecting;
          if (ar.failed()) {
            counters.joinsFailed.incrementAndGet();
            counters.problem("connect failed: " + ar.cause());
            opening.release();
            joined.countDown();
            return;
          }
          SimulatedPeer conn = new SimulatedPeer(index, ar.result(), vertx.getOrCreateContext(), loadRun);
          synchronized (conns) {
            conns.add(conn);
          }
          conn.join(ok -> {
            if (ok) {
              joinNanos[index] = System.nanoTime() - connected;
            }
            opening.release();
            joined.countDown();
          });
        });
      }
      boolean allJoined = joined.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      result.joinSeconds = (System.nanoTime() - joinStart) / 1e9;
      result.joinsOk = counters.joinsOk.get();
      result.joinsFailed = counters.joinsFailed.get() + (allJoined ? 0 : (int) joined.getCount());
      result.setJoinLatencies(connectNanos, joinNanos);

      // Phase 2: lookups, spread over every joined connection, activeConnections at a time.
      List<SimulatedPeer> live;
      synchronized (conns) {
        live = conns.stream().filter(c -> c.joined).toList();
      }
      if (o.ports.size() > 1 && !live.isEmpty()) {
        awaitEveryNodeListsEveryPeer(live, deadline);
      }
      boolean warmed = true;
      if (!live.isEmpty() && o.lookups > 0) {
        if (o.warmupLookups > 0) {
          // Lookups before the measured ones, checked alike, so that both JVMs have compiled the lookup path.
          LoadCounters warm = new LoadCounters(0);
          warmed = lookupPass(live, o.warmupLookups, warm);
          result.warmupLookupsBad = warm.lookupsBad.intValue() + (warmed ? 0 : (int) lookups.done.getCount());
          if (!warmed) {
            counters.problem("the warm-up lookups did not finish within " + o.timeoutSeconds + " s");
          } else {
            result.jitSettleSeconds = awaitQuietCompilers();
          }
        }
      }
      if (!live.isEmpty() && o.lookups > 0 && warmed) {
        mark("LOOKUPS-START");
        long cpuStart = processCpuNanos();
        ThreadCpu threadsStart = ThreadCpu.read();
        long lookupStart = System.nanoTime();
        boolean finished = lookupPass(live, o.lookups, counters);
        result.lookupSeconds = (System.nanoTime() - lookupStart) / 1e9;
        result.generatorLookupCpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        ThreadCpu threadsEnd = ThreadCpu.read();
        result.generatorLookupThreads = threadsStart == null || threadsEnd == null ? null
            : threadsEnd.since(threadsStart);
        mark("LOOKUPS-END");
        if (!finished) {
          counters.problem("lookups did not finish within " + o.timeoutSeconds + " s (" + lookups.done.getCount()
              + " left)");
          result.lookupsMissing = (int) lookups.done.getCount();
        }
      } else if (o.lookups > 0) {
        result.lookupsMissing = o.lookups; // no live peer, or the warm-up timed out: the tracker is not answering
      }

      // Phase 3: does the tracker still hold every peer?
      if (!live.isEmpty()) {
        SimulatedPeer asker = live.get(0);
        CountDownLatch answered = new CountDownLatch(1);
        AtomicInteger total = new AtomicInteger(-1);
        asker.context.runOnContext(v -> asker.call(new JsonObject().put("type", "peers").put("limit", 1),
            reply -> {
              if ("peers".equals(reply.getString("type"))) {
                total.set(reply.getInteger("total", -1));
              } else {
                counters.problem("peers answered " + reply.encode());
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
      lookups.stopping = true;
      counters.fill(result);
      List<SimulatedPeer> all;
      synchronized (conns) {
        all = new ArrayList<>(conns);
      }
      for (SimulatedPeer conn : all) {
        conn.context.runOnContext(v -> conn.close());
      }
      clients.forEach(NetClient::close);
    }
    return result;
  }

  /**
   * Sends {@code total} lookups, spread over the {@code live} connections, {@code --active-connections} of them
   * sending at a time, counted in {@code into}; true when all were answered within {@code --timeout-seconds}.
   */
  private boolean lookupPass(List<SimulatedPeer> live, int total, LoadCounters into) throws InterruptedException {
    int base = total / live.size();
    int extra = total % live.size();
    int first = 0;
    lookups.done = new CountDownLatch(total);
    for (int i = 0; i < live.size(); i++) {
      SimulatedPeer conn = live.get(i);
      conn.quota = base + (i < extra ? 1 : 0);
      conn.sent = 0;
      conn.answered = 0;
      conn.firstLookup = first;
      conn.lookupCounters = into;
      first += conn.quota;
      if (conn.quota > 0) {
        lookups.add(conn);
      }
    }
    for (int w = 0; w < o.activeConnections; w++) {
      lookups.startNext();
    }
    return lookups.done.await(o.timeoutSeconds, TimeUnit.SECONDS);
  }

  /**
   * Waits until the JIT compilers have finished what the warm-up gave them ({@link CompilerQuiet}, at most 30 s);
   * returns the seconds waited.
   */
  private double awaitQuietCompilers() throws InterruptedException {
    long start = System.nanoTime();
    try {
      CompilerQuiet.await(vertx, 30_000).await(40, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // CompilerQuiet ends by itself after 30 s: this is only a guard; the lookups go on either way.
    }
    return (System.nanoTime() - start) / 1e9;
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

  /**
   * In a cluster, each node learns of the peers joined through the others a little later: asks one peer of each node
   * for the peer count until every node counts them all, so that every lookup has its answer.
   */
  private void awaitEveryNodeListsEveryPeer(List<SimulatedPeer> live, long deadline) throws InterruptedException {
    for (int node = 0; node < o.ports.size(); node++) {
      SimulatedPeer asker = live.get(0);
      for (SimulatedPeer conn : live) {
        if (conn.index % o.ports.size() == node) {
          asker = conn;
          break;
        }
      }
      while (true) {
        CompletableFuture<Integer> total = new CompletableFuture<>();
        SimulatedPeer chosen = asker;
        chosen.context.runOnContext(v -> chosen.call(new JsonObject().put("type", "peers").put("limit", 1),
            reply -> total.complete(reply.getInteger("total", -1))));
        int seen;
        try {
          seen = total.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          counters.problem("node " + o.ports.get(node) + " did not count the peers: " + e);
          return;
        }
        if (seen >= live.size()) {
          break;
        }
        if (System.nanoTime() > deadline) {
          counters.problem("node " + o.ports.get(node) + " lists " + seen + " of " + live.size() + " peers");
          return;
        }
        Thread.sleep(100); // the generator's own thread, polling the cluster
      }
    }
  }
}
