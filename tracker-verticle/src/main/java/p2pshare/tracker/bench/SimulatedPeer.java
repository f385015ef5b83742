package p2pshare.tracker.bench;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import p2pshare.protocol.Frames;
import p2pshare.protocol.ProtocolException;
import p2pshare.tracker.bench.TrackerLoad.Kind;

/** One simulated peer: its connection to the tracker, its join, heartbeats and lookups. Used only on its own loop. */
final class SimulatedPeer {
  private static final ReplyHead SOURCES = new ReplyHead("sources");
  private static final ReplyHead FILES = new ReplyHead("files");
  private static final ReplyHead OK = new ReplyHead("ok");

  private final LoadRun run;
  final int index;
  final LoadConnection connection;
  final Context context;
  boolean joined;
  boolean closed;
  long heartbeatTimer = -1;
  int quota;
  /** The number, in the whole run, of this connection's first lookup. */
  int firstLookup;
  /** Where its lookups are counted: the run's counters, or a warm-up's. Problems go to the run's in any case. */
  LoadCounters lookupCounters;
  int sent;
  int answered;

  SimulatedPeer(int index, NetSocket socket, Context context, LoadRun run) {
    this.run = run;
    this.lookupCounters = run.counters();
    this.index = index;
    this.context = context;
    this.connection = new LoadConnection(socket).closeHandler(this::onClosed);
  }

  void join(Consumer<Boolean> done) {
    JsonArray files = new JsonArray();
    for (int k : run.work().peerFiles[index]) {
      files.add(new JsonObject().put("fileId", run.work().fileIds[k]).put("name", Workload.name(k))
          .put("size", Workload.size(k)));
    }
    JsonObject join = new JsonObject().put("type", "join").put("name", "bench-" + index).put("host", "127.0.0.1")
        .put("port", 1024 + index % 60_000).put("files", files);
    call(join, reply -> {
      if ("joined".equals(reply.getString("type"))) {
        joined = true;
        run.counters().joinsOk.incrementAndGet();
        long period = heartbeatMillis(reply);
        // Spread the heartbeats over the period, as real peers starting at different times would.
        long first = 1 + ThreadLocalRandom.current().nextLong(period);
        heartbeatTimer = run.vertx().setTimer(first, t -> {
          heartbeat();
          heartbeatTimer = run.vertx().setPeriodic(period, t2 -> heartbeat());
        });
        done.accept(true);
      } else {
        run.counters().joinsFailed.incrementAndGet();
        run.counters().problem("join answered " + reply.encode());
        done.accept(false);
      }
    });
  }

  /**
   * The heartbeat period the tracker asks for in its {@code joined} reply ({@code heartbeatSeconds}, fractions
   * allowed), or {@code --heartbeat-seconds} when the reply has none (a tracker from before version 3).
   */
  private long heartbeatMillis(JsonObject joined) {
    long millis = joined.getValue("heartbeatSeconds") instanceof Number seconds
        ? Math.round(seconds.doubleValue() * 1000) : -1;
    if (millis <= 0) {
      run.counters().heartbeatFallback.increment();
      millis = TimeUnit.SECONDS.toMillis(run.options().heartbeatSeconds);
    }
    run.counters().heartbeatMillis(millis);
    return millis;
  }

  void heartbeat() {
    if (closed || run.lookups().stopping) {
      return;
    }
    connection.send(RequestFrames.HEARTBEAT, (id, body) -> {
      if (OK.matches(body, id)) {
        run.counters().heartbeatsOk.increment();
        return;
      }
      JsonObject reply = parse(id, body);
      if ("ok".equals(reply.getValue("type")) && reply.getValue("id") instanceof Number n && n.longValue() == id) {
        run.counters().heartbeatsOk.increment();
      } else if (!run.lookups().stopping) {
        run.counters().heartbeatsBad.increment();
        run.counters().problem("heartbeat " + id + " answered " + reply.encode());
      }
    });
  }

  void startLookups() {
    if (closed) {
      failRemainingLookups();
      return;
    }
    while (sent < quota && sent - answered < run.options().inFlight) {
      sendLookup();
    }
  }

  void sendLookup() {
    int number = firstLookup + sent++;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    boolean hot = run.work().tailTargets.length == 0
        || (run.work().hotTargets.length > 0 && random.nextInt(100) < run.options().hotLookupPercent);
    int[] targets = hot ? run.work().hotTargets : run.work().tailTargets;
    int k = targets[random.nextInt(targets.length)];
    int roll = random.nextInt(100);
    Kind kind = roll < run.options().sourcesPercent ? Kind.SOURCES
        : roll < run.options().sourcesPercent + run.options().substringPercent ? Kind.SUBSTRING : Kind.EXACT;
    long start = System.nanoTime();
    run.frames().sendLookup(connection, kind, k, (id, body) -> {
      long latency = System.nanoTime() - start;
      if (body != null) {
        lookupCounters.recordLatency(latency, kind);
        lookupCounters.replyBytes.add(body.length() + 4);
      }
      ReplyHead expected = kind == Kind.SOURCES ? SOURCES : FILES;
      String problem = checkLookup(expected, number, id, body, kind);
      if (problem == null) {
        lookupCounters.lookupsOk.increment();
      } else {
        lookupCounters.lookupsBad.increment();
        run.counters().problem(kind + " answered badly: " + problem);
      }
      lookupAnswered();
    });
  }

  /**
   * Checks lookup {@code number} of the run (numbered across all connections): every answer's framing, type and id
   * through its head ({@link ReplyHead}); the whole answer ({@link ReplyCheck}) for every {@code --full-check-every}-th
   * lookup, and for every answer whose head is not the expected one (error replies included). Returns the problem,
   * or null.
   */
  private String checkLookup(ReplyHead expected, int number, long id, Buffer body, Kind kind) {
    ReplyCheck check = expected.check(body, id, number % run.options().fullCheckEvery == 0);
    if (check.parsed) {
      LoadCounters counters = lookupCounters;
      counters.fullyChecked.increment();
      if (check.problem == null) {
        (kind == Kind.SOURCES ? counters.sourcesChecked : counters.searchesChecked).increment();
        (kind == Kind.SOURCES ? counters.sourcesReturned : counters.filesReturned).add(check.count);
      }
    }
    return check.problem;
  }

  void lookupAnswered() {
    answered++;
    run.lookups().done.countDown();
    if (answered == quota) {
      run.lookups().startNext();
    } else if (sent < quota) {
      sendLookup();
    }
  }

  void failRemainingLookups() {
    int left = quota - answered;
    if (left <= 0) {
      return;
    }
    lookupCounters.lookupsBad.add(left);
    answered = quota;
    for (int i = 0; i < left; i++) {
      run.lookups().done.countDown();
    }
    run.lookups().startNext();
  }

  /** Sends a request other than a lookup and hands its parsed reply on ({@code {"type":"closed"}} if none). */
  void call(JsonObject request, Consumer<JsonObject> onReply) {
    connection.send(RequestFrames.head(request), (id, body) -> onReply.accept(parse(id, body)));
  }

  /** The reply to request {@code id} as JSON: {@code closed} when none came, {@code unreadable} when not JSON. */
  private JsonObject parse(long id, Buffer body) {
    if (body == null) {
      return new JsonObject().put("type", "closed");
    }
    try {
      JsonObject reply = Frames.jsonOf(body);
      if (!(reply.getValue("id") instanceof Number n && n.longValue() == id)) {
        run.counters().problem("reply to request " + id + " came with id " + reply.getValue("id"));
      }
      return reply;
    } catch (ProtocolException e) {
      run.counters().problem("unreadable frame from the tracker: " + e.getMessage());
      return new JsonObject().put("type", "unreadable");
    }
  }

  void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    if (heartbeatTimer >= 0) {
      run.vertx().cancelTimer(heartbeatTimer);
    }
    if (!run.lookups().stopping) {
      run.counters().connectionsLost.incrementAndGet();
      run.counters().problem("the tracker closed connection " + index);
    }
    if (!run.lookups().stopping && run.lookups().done != null && sent > 0) {
      // Lookups this connection had not sent yet can no longer be answered.
      int unsent = quota - sent;
      if (unsent > 0) {
        sent = quota;
        answered += unsent;
        lookupCounters.lookupsBad.add(unsent);
        for (int i = 0; i < unsent; i++) {
          run.lookups().done.countDown();
        }
        if (answered >= quota) {
          run.lookups().startNext();
        }
      }
    }
  }

  void close() {
    if (heartbeatTimer >= 0) {
      run.vertx().cancelTimer(heartbeatTimer);
    }
    if (!closed) {
      connection.close();
    }
  }
}
