package p2pshare.tracker.bench;

import io.vertx.core.Context;
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
  private final LoadRun run;
  final int index;
  final LoadConnection connection;
  final Context context;
  boolean joined;
  boolean closed;
  long heartbeatTimer = -1;
  int quota;
  int sent;
  int answered;

  SimulatedPeer(int index, NetSocket socket, Context context, LoadRun run) {
    this.run = run;
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
        long period = TimeUnit.SECONDS.toMillis(run.options().heartbeatSeconds);
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

  void heartbeat() {
    if (closed || run.lookups().stopping) {
      return;
    }
    call(new JsonObject().put("type", "heartbeat"), reply -> {
      if ("ok".equals(reply.getString("type"))) {
        run.counters().heartbeatsOk.incrementAndGet();
      } else if (!run.lookups().stopping) {
        run.counters().heartbeatsBad.incrementAndGet();
        run.counters().problem("heartbeat answered " + reply.encode());
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
    sent++;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    boolean hot = run.work().tailTargets.length == 0
        || (run.work().hotTargets.length > 0 && random.nextInt(100) < run.options().hotLookupPercent);
    int[] targets = hot ? run.work().hotTargets : run.work().tailTargets;
    int k = targets[random.nextInt(targets.length)];
    int roll = random.nextInt(100);
    Kind kind = roll < run.options().sourcesPercent ? Kind.SOURCES
        : roll < run.options().sourcesPercent + run.options().substringPercent ? Kind.SUBSTRING : Kind.EXACT;
    // Bench names and fileIds are plain ASCII: no escaping needed.
    String request = switch (kind) {
      case SOURCES -> "{\"type\":\"sources\",\"fileId\":\"" + run.work().fileIds[k] + "\"";
      case SUBSTRING -> "{\"type\":\"search\",\"q\":\"" + Workload.name(k) + "\"";
      default -> "{\"type\":\"search\",\"exact\":true,\"q\":\"" + Workload.name(k) + "\"";
    };
    long start = System.nanoTime();
    connection.send(request, (id, body) -> {
      long latency = System.nanoTime() - start;
      ReplyCheck check = ReplyCheck.check(body, id, kind == Kind.SOURCES ? "sources" : "files");
      if (body != null) {
        run.counters().recordLatency(latency, kind);
        run.counters().replyBytes.addAndGet(body.length() + 4);
      }
      if (check.problem == null) {
        run.counters().lookupsOk.incrementAndGet();
        LoadCounters counters = run.counters();
        (kind == Kind.SOURCES ? counters.sourcesReturned : counters.filesReturned).addAndGet(check.count);
      } else {
        run.counters().lookupsBad.incrementAndGet();
        run.counters().problem(kind + " answered badly: " + check.problem);
      }
      lookupAnswered();
    });
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
    run.counters().lookupsBad.addAndGet(left);
    answered = quota;
    for (int i = 0; i < left; i++) {
      run.lookups().done.countDown();
    }
    run.lookups().startNext();
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
            run.counters().problem("reply to request " + id + " came with id " + reply.getValue("id"));
          }
        } catch (ProtocolException | ClassCastException e) {
          run.counters().problem("unreadable frame from the tracker: " + e.getMessage());
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
        run.counters().lookupsBad.addAndGet(unsent);
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
