package p2pshare.tracker.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import p2pshare.protocol.FramedConnection;
import p2pshare.protocol.Frames;
import p2pshare.protocol.ProtocolException;

/**
 * Load generator for a running tracker: opens {@code --peers} connections (at most {@code --connect-concurrency}
 * being opened at once), joins each as a peer offering {@code --files} files, heartbeats every peer like a real one,
 * then sends {@code --lookups} lookups ({@code sources} by fileId, exact and substring {@code search} by name),
 * pipelined with at most {@code --in-flight} per connection, and measures each one's latency.
 *
 * <p>Every peer offers a few "hot" files (shared by many peers) and a long tail of files shared by a few peers, so
 * lookups get real source lists. Lookups only target files with at least two sources, so every answer should be a
 * non-empty {@code sources} or {@code files} reply; anything else counts as a bad answer.
 *
 * <p>Exit code 0 when every join, heartbeat and lookup got a good answer and the tracker reports every peer live.
 */
public final class TrackerLoad {
  private static final int MAX_FRAME = 64 << 20;

  enum Kind { JOIN, HEARTBEAT, SOURCES, EXACT, SUBSTRING, PEERS }

  private final Vertx vertx;
  private final LoadOptions o;
  private final int[][] peerFiles;
  private final String[] fileIds;
  private final int[] hotTargets;
  private final int[] tailTargets;

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
    int hot = o.hotFiles;
    int tail = o.tailCatalog();
    this.fileIds = new String[hot + tail];
    for (int k = 0; k < fileIds.length; k++) {
      fileIds[k] = fileId(o.seed, k);
    }
    Random random = new Random(o.seed);
    this.peerFiles = new int[o.peers][];
    int[] holders = new int[hot + tail];
    for (int p = 0; p < o.peers; p++) {
      int[] chosen = new int[o.files];
      int n = 0;
      n = pickDistinct(random, chosen, n, o.hotPerPeer, 0, hot);
      pickDistinct(random, chosen, n, o.files - o.hotPerPeer, hot, tail);
      for (int k : chosen) {
        holders[k]++;
      }
      peerFiles[p] = chosen;
    }
    this.hotTargets = filesWithTwoSources(holders, 0, hot);
    this.tailTargets = filesWithTwoSources(holders, hot, tail);
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
    result.catalog = fileIds.length;
    result.hotTargets = hotTargets.length;
    result.tailTargets = tailTargets.length;
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
        client.connect(o.port, o.host).onComplete(ar -> {
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
        long lookupStart = System.nanoTime();
        for (int w = 0; w < o.activeConnections; w++) {
          startNextLookupConn();
        }
        boolean finished = lookupsDone.await(o.timeoutSeconds, TimeUnit.SECONDS);
        result.lookupSeconds = (System.nanoTime() - lookupStart) / 1e9;
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
        asker.context.runOnContext(v -> asker.send(new JsonObject().put("type", "peers").put("limit", 1), Kind.PEERS,
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

  /** One peer: its connection to the tracker. Used only on its own event loop. */
  private final class Conn {
    final int index;
    final FramedConnection connection;
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
      this.connection = new FramedConnection(vertx, socket, new FramedConnection.Limits(MAX_FRAME, 0, 1, 0));
      connection.closeHandler(why -> {
        if (why.code().equals(ProtocolException.BAD_FRAME)) {
          problem("bad frame from the tracker: " + why.getMessage());
        }
        onClosed();
      });
    }

    void join(java.util.function.Consumer<Boolean> done) {
      JsonArray files = new JsonArray();
      for (int k : peerFiles[index]) {
        files.add(new JsonObject().put("fileId", fileIds[k]).put("name", name(k)).put("size", size(k)));
      }
      JsonObject join = new JsonObject().put("type", "join").put("name", "bench-" + index).put("host", "127.0.0.1")
          .put("port", 1024 + index % 60_000).put("files", files);
      send(join, Kind.JOIN, reply -> {
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
      send(new JsonObject().put("type", "heartbeat"), Kind.HEARTBEAT, reply -> {
        if ("ok".equals(reply.getString("type"))) {
          heartbeatsOk.incrementAndGet();
        } else {
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
      boolean hot = tailTargets.length == 0 || (hotTargets.length > 0 && random.nextInt(100) < o.hotLookupPercent);
      int[] targets = hot ? hotTargets : tailTargets;
      int k = targets[random.nextInt(targets.length)];
      int roll = random.nextInt(100);
      JsonObject request;
      Kind kind;
      if (roll < o.sourcesPercent) {
        kind = Kind.SOURCES;
        request = new JsonObject().put("type", "sources").put("fileId", fileIds[k]);
      } else if (roll < o.sourcesPercent + o.substringPercent) {
        kind = Kind.SUBSTRING;
        request = new JsonObject().put("type", "search").put("q", name(k));
      } else {
        kind = Kind.EXACT;
        request = new JsonObject().put("type", "search").put("q", name(k)).put("exact", true);
      }
      send(request, kind, reply -> {
        String type = reply.getString("type");
        boolean good;
        if (kind == Kind.SOURCES) {
          JsonArray peers = reply.getJsonArray("peers");
          good = "sources".equals(type) && peers != null && !peers.isEmpty();
          if (good) {
            sourcesReturned.addAndGet(peers.size());
          }
        } else {
          JsonArray files = reply.getJsonArray("files");
          good = "files".equals(type) && files != null && !files.isEmpty();
          if (good) {
            filesReturned.addAndGet(files.size());
          }
        }
        if (good) {
          lookupsOk.incrementAndGet();
        } else {
          lookupsBad.incrementAndGet();
          problem(kind + " answered " + reply.encode());
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

    void send(JsonObject request, Kind kind, java.util.function.Consumer<JsonObject> onReply) {
      if (closed) {
        onReply.accept(new JsonObject().put("type", "closed"));
        return;
      }
      long start = System.nanoTime();
      connection.call(request).onComplete(ar -> {
        if (ar.failed()) {
          if (!(kind == Kind.HEARTBEAT && stopping)) {
            onReply.accept(new JsonObject().put("type", "closed"));
          }
          return;
        }
        long now = System.nanoTime();
        Buffer body = ar.result().body();
        replyBytes.addAndGet(body == null ? 0 : body.length() + 4);
        JsonObject message;
        try {
          message = Frames.jsonOf(body);
        } catch (ProtocolException e) {
          problem("unreadable frame from the tracker: " + e.getMessage());
          message = new JsonObject().put("type", "unreadable");
        }
        if (kind == Kind.SOURCES || kind == Kind.EXACT || kind == Kind.SUBSTRING) {
          recordLatency(now - start, kind);
        }
        onReply.accept(message);
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

  // --- the workload --------------------------------------------------------------------------------------------

  static String name(int k) {
    return "file-" + k + ".bin";
  }

  static long size(int k) {
    return (1L + k % 1000) << 20;
  }

  static String fileId(long seed, int k) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(("p2pshare-bench-" + seed + "-" + k)
          .getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fills {@code count} distinct values of {@code from .. from+range-1} into {@code into} at {@code at}. */
  private static int pickDistinct(Random random, int[] into, int at, int count, int from, int range) {
    int end = at + count;
    while (at < end) {
      int k = from + random.nextInt(range);
      boolean seen = false;
      for (int i = 0; i < at; i++) {
        if (into[i] == k) {
          seen = true;
          break;
        }
      }
      if (!seen) {
        into[at++] = k;
      }
    }
    return at;
  }

  private static int[] filesWithTwoSources(int[] holders, int from, int range) {
    return java.util.stream.IntStream.range(from, from + range).filter(k -> holders[k] >= 2).toArray();
  }
}
