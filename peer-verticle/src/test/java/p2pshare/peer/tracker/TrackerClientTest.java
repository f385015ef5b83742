package p2pshare.peer.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;

/** Each transition of the tracker client, against a scripted tracker on a loopback port. */
class TrackerClientTest {
  private static final RetryDelays FAST = new RetryDelays(20, 100, 60_000);
  private static final long TIMEOUT_MS = 2000;
  private static final String FILE_X = "aa".repeat(32);
  private static final String FILE_Y = "bb".repeat(32);

  private final Vertx vertx = Vertx.vertx();
  private final Context loop = vertx.getOrCreateContext();
  private final List<Boolean> connections = new CopyOnWriteArrayList<>();
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> trackers = new CopyOnWriteArrayList<>();
  private TrackerClient client;

  @AfterEach
  void close() throws Exception {
    if (client != null) {
      onLoop(() -> client.stop());
    }
    for (AutoCloseable t : trackers) {
      t.close();
    }
    await(vertx.close());
  }

  @Test
  void startCompletesOnTheFirstJoinAndTheClientSubscribesToWhatItWants() throws Exception {
    ScriptedTracker tracker = tracker();
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    onLoop(() -> {
      client.interest(Set.of(FILE_X));
      return client.start();
    });
    assertEquals(TrackerState.JOINED, client.state());
    assertEquals("p1", client.peerId());
    assertEquals(new JsonObject().put("clustered", false), client.trackerNode());
    assertEquals(0, client.disconnectedSince());
    JsonObject join = tracker.received("join").get(0);
    assertEquals(new JsonArray().add(file("a")), join.getJsonArray("files"));
    assertNull(join.getValue("peerId"));
    eventually(() -> !tracker.received("subscribe").isEmpty());
    assertEquals(new JsonArray().add(FILE_X), tracker.received("subscribe").get(0).getJsonArray("fileIds"));
    eventually(() -> client.pushed(FILE_X));
    assertTrue(tracker.received("watch").isEmpty(), "a tracker that has subscriptions is not watched");
    assertEquals(List.of(true), connections);

    onLoop(() -> {
      client.interest(Set.of(FILE_Y));
      return Future.succeededFuture();
    });
    eventually(() -> tracker.received("unsubscribe").size() == 1 && tracker.received("subscribe").size() == 2);
    assertEquals(new JsonArray().add(FILE_X), tracker.received("unsubscribe").get(0).getJsonArray("fileIds"));
    assertEquals(new JsonArray().add(FILE_Y), tracker.received("subscribe").get(1).getJsonArray("fileIds"));
    assertFalse(client.pushed(FILE_X));
  }

  @Test
  void aTrackerAtItsLimitOfSubscriptionsTakesAsManyAsFitOneByOne() throws Exception {
    // This tracker takes two subscriptions per connection, and refuses any request that would pass them.
    Set<Object> held = ConcurrentHashMap.newKeySet();
    ScriptedTracker tracker = tracker().script(request -> {
      if ("subscribe".equals(request.getString("type"))) {
        JsonArray ids = request.getJsonArray("fileIds");
        if (held.size() + ids.size() > 2) {
          return Future.succeededFuture(ScriptedTracker.error("limit", "at most 2"));
        }
        held.addAll(ids.getList());
      }
      return ScriptedTracker.TAKES_ALL.apply(request);
    });
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    String third = "cc".repeat(32);
    onLoop(() -> {
      client.interest(new LinkedHashSet<>(List.of(FILE_X, FILE_Y, third)));
      return client.start();
    });
    eventually(() -> tracker.received("subscribe").size() == 4);
    eventually(() -> client.pushed(FILE_X) && client.pushed(FILE_Y));
    assertFalse(client.pushed(third), "the one that did not fit stays with lookups");
  }

  @Test
  void aTrackerOfVersionTwoIsWatchedAndItsSubscriptionsAreNotAskedFor() throws Exception {
    ScriptedTracker tracker = tracker().speaks(2);
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    onLoop(() -> {
      client.interest(Set.of(FILE_X));
      return client.start();
    });
    eventually(() -> !tracker.received("watch").isEmpty());
    assertTrue(tracker.received("subscribe").isEmpty(), tracker.requests.toString());
    assertFalse(client.pushed(FILE_X), "its downloads look their sources up as before");
  }

  @Test
  void theTrackersHeartbeatPaceIsFollowed() throws Exception {
    ScriptedTracker tracker = tracker().script(request -> Future.succeededFuture(
        "join".equals(request.getString("type"))
            ? new JsonObject().put("type", "joined").put("peerId", "p1").put("secret", "s1")
                .put("heartbeatSeconds", 0.05).put("tracker", new JsonObject().put("clustered", false))
            : new JsonObject().put("type", "ok")));
    // Its own pace would be a minute: the heartbeats that come are the tracker's.
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    onLoop(() -> client.start());
    eventually(() -> tracker.received("heartbeat").size() >= 3);
  }

  @Test
  void startFailsOnceEveryAddressFailedAndTheClientKeepsTrying() throws Exception {
    int first = freePort();
    int second = freePort();
    client = client(List.of(new TrackerAddress("127.0.0.1", first), new TrackerAddress("127.0.0.1", second)), FAST,
        60_000, TIMEOUT_MS);
    ProtocolException e = failure(() -> client.start());
    assertTrue(e.isLocal(ErrorCode.CLOSED), e.toString());
    assertNull(client.refusal());

    ScriptedTracker late = tracker(second);
    eventually(() -> client.connected());
    assertEquals("127.0.0.1:" + second, client.address());
    assertEquals(1, late.received("join").size());
  }

  @Test
  void aDeadAddressIsSkippedForTheNextOne() throws Exception {
    ScriptedTracker tracker = tracker();
    client = client(List.of(new TrackerAddress("127.0.0.1", freePort()), tracker.address()), FAST, 60_000,
        TIMEOUT_MS);
    onLoop(() -> client.start());
    assertEquals(tracker.address().toString(), client.address());
  }

  @Test
  void aRefusedJoinWaitsUntilRetryNow() throws Exception {
    ScriptedTracker tracker = tracker().script(request -> Future.succeededFuture(
        ScriptedTracker.error("limit", "at most 5 files per peer")));
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    ProtocolException e = failure(() -> client.start());
    assertTrue(e.isRefusal(ErrorCode.LIMIT), e.toString());
    assertEquals(TrackerState.REFUSED, client.state());
    assertTrue(client.refusal().contains("at most 5 files per peer"), client.refusal());
    assertEquals(List.of(false), connections);

    tracker.script(ScriptedTracker.TAKES_ALL);
    onLoop(() -> {
      client.retryNow();
      return Future.succeededFuture();
    });
    eventually(() -> client.connected());
    assertNull(client.refusal());
    assertEquals(2, tracker.received("join").size());
  }

  @Test
  void aRefusedJoinIsAskedAgainAfterTheRefusedDelay() throws Exception {
    ScriptedTracker tracker = tracker().script(request -> Future.succeededFuture(
        ScriptedTracker.error("forbidden", "bad name")));
    client = client(List.of(tracker.address()), new RetryDelays(20, 100, 300), 60_000, TIMEOUT_MS);
    failure(() -> client.start());
    assertEquals(TrackerState.REFUSED, client.state());
    tracker.script(ScriptedTracker.TAKES_ALL);
    eventually(() -> client.connected());
  }

  @Test
  void aLostConnectionJoinsAgainUnderTheSamePeerIdAndSecret() throws Exception {
    ScriptedTracker tracker = tracker();
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    onLoop(() -> client.start());
    tracker.dropAll();
    eventually(() -> tracker.received("join").size() == 2 && client.connected());
    JsonObject again = tracker.received("join").get(1);
    assertEquals("p1", again.getString("peerId"));
    assertEquals("s1", again.getString("secret"));
    assertEquals(List.of(true, false, true), connections);
  }

  @Test
  void aRefusedOldPeerIdJoinsAsANewPeer() throws Exception {
    ScriptedTracker tracker = tracker();
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    onLoop(() -> client.start());
    tracker.script(request -> request.getValue("peerId") != null
        ? Future.succeededFuture(ScriptedTracker.error("bad-request", "unknown peerId"))
        : ScriptedTracker.TAKES_ALL.apply(request));
    tracker.dropAll();
    eventually(() -> tracker.received("join").size() == 3 && client.connected());
    assertEquals("p1", tracker.received("join").get(1).getString("peerId"));
    assertNull(tracker.received("join").get(2).getValue("peerId"));
    assertNull(client.refusal());
  }

  @Test
  void stopLeavesAJoinedTrackerAndStops() throws Exception {
    ScriptedTracker tracker = tracker();
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    onLoop(() -> client.start());
    onLoop(() -> client.stop());
    assertEquals(TrackerState.STOPPED, client.state());
    assertEquals(1, tracker.received("leave").size());
    eventually(() -> tracker.closed.get() == 1);
    ProtocolException e = failure(() -> client.request(new JsonObject().put("type", "peers")));
    assertTrue(e.isLocal(ErrorCode.CLOSED), e.toString());
  }

  @Test
  void stopIsBoundedWhenTheTrackerDoesNotAnswerTheLeave() throws Exception {
    ScriptedTracker tracker = tracker();
    client = client(List.of(tracker.address()), FAST, 60_000, 300);
    onLoop(() -> client.start());
    tracker.script(request -> Promise.<JsonObject>promise().future());
    long began = System.nanoTime();
    onLoop(() -> client.stop());
    assertTrue(System.nanoTime() - began >= 300_000_000L);
    assertEquals(TrackerState.STOPPED, client.state());
    eventually(() -> tracker.closed.get() == 1);
  }

  @Test
  void stopWhileJoiningClosesTheConnectionAndFailsTheStart() throws Exception {
    ScriptedTracker tracker = tracker().script(request -> Promise.<JsonObject>promise().future());
    client = client(List.of(tracker.address()), FAST, 60_000, 60_000);
    Future<Void> start = onLoopFuture(() -> client.start());
    eventually(() -> tracker.received("join").size() == 1);
    assertEquals(TrackerState.JOINING, client.state());
    onLoop(() -> client.stop());
    assertEquals(TrackerState.STOPPED, client.state());
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(start));
    assertTrue(((ProtocolException) e.getCause()).isLocal(ErrorCode.CANCELLED));
    eventually(() -> tracker.closed.get() == 1);
    assertTrue(tracker.received("leave").isEmpty());
  }

  @Test
  void stopWhileDisconnectedEndsTheRetries() throws Exception {
    int port = freePort();
    client = client(List.of(new TrackerAddress("127.0.0.1", port)), new RetryDelays(200, 200, 60_000), 60_000,
        TIMEOUT_MS);
    failure(() -> client.start());
    onLoop(() -> client.stop());
    assertEquals(TrackerState.STOPPED, client.state());
    ScriptedTracker late = tracker(port);
    // The retry that was due in 200 ms would connect by now if the stop had not cancelled it.
    Promise<Void> waited = Promise.promise();
    vertx.setTimer(600, t -> waited.complete());
    await(waited.future());
    assertEquals(0, late.connections.get());
  }

  @Test
  void stopWhileConnectingClosesTheConnectionWhenItArrives() throws Exception {
    ScriptedTracker tracker = tracker();
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    Future<Void> start = onLoopFuture(() -> {
      Future<Void> starting = client.start();
      assertEquals(TrackerState.CONNECTING, client.state());
      return client.stop().map(v -> null).compose(v -> starting);
    });
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(start));
    assertTrue(((ProtocolException) e.getCause()).isLocal(ErrorCode.CANCELLED));
    assertEquals(TrackerState.STOPPED, client.state());
    eventually(() -> tracker.closed.get() == tracker.connections.get());
    assertTrue(tracker.requests.isEmpty());
  }

  @Test
  void aJoinWithoutAnswerTimesOutAndTheClientTriesAgain() throws Exception {
    ScriptedTracker tracker = tracker().script(request -> Promise.<JsonObject>promise().future());
    client = client(List.of(tracker.address()), FAST, 60_000, 200);
    ProtocolException e = failure(() -> client.start());
    assertTrue(e.isLocal(ErrorCode.TIMEOUT), e.toString());
    tracker.script(ScriptedTracker.TAKES_ALL);
    eventually(() -> client.connected());
  }

  @Test
  void stopWhileRefusedStops() throws Exception {
    ScriptedTracker tracker = tracker().script(request -> Future.succeededFuture(
        ScriptedTracker.error("limit", "full")));
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    failure(() -> client.start());
    assertEquals(TrackerState.REFUSED, client.state());
    onLoop(() -> client.stop());
    assertEquals(TrackerState.STOPPED, client.state());
    onLoop(() -> {
      client.retryNow();
      return Future.succeededFuture();
    });
    assertEquals(TrackerState.STOPPED, client.state());
    assertEquals(1, tracker.connections.get());
  }

  @Test
  void changesWhileNotJoinedAreLeftToTheNextJoin() throws Exception {
    ScriptedTracker tracker = tracker().script(request -> Future.succeededFuture(
        ScriptedTracker.error("limit", "full")));
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    failure(() -> client.start());
    tracker.script(ScriptedTracker.TAKES_ALL);
    onLoop(() -> {
      client.interest(Set.of(FILE_X)); // its subscription marks the end of the join's sequence
      client.update(new JsonArray().add(file("b")), new JsonArray());
      client.retryNow();
      return Future.succeededFuture();
    });
    eventually(() -> !tracker.received("subscribe").isEmpty());
    assertTrue(tracker.received("update").isEmpty(), tracker.requests.toString());
  }

  @Test
  void changesMadeWhileJoiningFollowTheJoin() throws Exception {
    Promise<JsonObject> joinReply = Promise.promise();
    ScriptedTracker tracker = tracker().script(request -> "join".equals(request.getString("type"))
        ? joinReply.future() : ScriptedTracker.TAKES_ALL.apply(request));
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    Future<Void> start = onLoopFuture(() -> client.start());
    eventually(() -> tracker.received("join").size() == 1);
    onLoop(() -> {
      client.update(new JsonArray().add(file("b")), new JsonArray());
      return Future.succeededFuture();
    });
    ScriptedTracker.TAKES_ALL.apply(new JsonObject().put("type", "join")).onSuccess(joinReply::complete);
    await(start);
    eventually(() -> tracker.received("update").size() == 1);
    assertEquals(new JsonArray().add(file("b")), tracker.received("update").get(0).getJsonArray("add"));
  }

  @Test
  void tooManyChangesWhileJoiningMeanANewJoinWithTheWholeList() throws Exception {
    Promise<JsonObject> firstJoinReply = Promise.promise();
    ScriptedTracker tracker = tracker().script(request -> "join".equals(request.getString("type"))
        && request.getValue("peerId") == null ? firstJoinReply.future() : ScriptedTracker.TAKES_ALL.apply(request));
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    Future<Void> start = onLoopFuture(() -> client.start());
    eventually(() -> tracker.received("join").size() == 1);
    onLoop(() -> {
      for (int i = 0; i <= TrackerStates.MAX_QUEUED; i++) {
        client.update(new JsonArray().add(file("f" + i)), new JsonArray());
      }
      return Future.succeededFuture();
    });
    ScriptedTracker.TAKES_ALL.apply(new JsonObject().put("type", "join")).onSuccess(firstJoinReply::complete);
    await(start);
    assertEquals(2, tracker.received("join").size());
    assertEquals("p1", tracker.received("join").get(1).getString("peerId"));
    assertTrue(tracker.received("update").isEmpty());
  }

  @Test
  void aFailedHeartbeatClosesTheConnectionAndTheClientJoinsAgain() throws Exception {
    ScriptedTracker tracker = tracker().script(request -> "heartbeat".equals(request.getString("type"))
        ? Future.succeededFuture(ScriptedTracker.error("not-joined", "who are you"))
        : ScriptedTracker.TAKES_ALL.apply(request));
    client = client(List.of(tracker.address()), FAST, 50, TIMEOUT_MS);
    onLoop(() -> client.start());
    eventually(() -> tracker.received("join").size() >= 2);
    assertTrue(connections.size() >= 2 && !connections.get(1), connections.toString());
  }

  @Test
  void aRefusedUpdateIsReportedAndALaterLossWaitsAsRefused() throws Exception {
    ScriptedTracker tracker = tracker();
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    onLoop(() -> client.start());
    tracker.script(request -> "update".equals(request.getString("type"))
        ? Future.succeededFuture(ScriptedTracker.error("limit", "too many files"))
        : ScriptedTracker.TAKES_ALL.apply(request));
    onLoop(() -> {
      client.update(new JsonArray().add(file("b")), new JsonArray());
      return Future.succeededFuture();
    });
    eventually(() -> client.refusal() != null);
    assertTrue(client.refusal().contains("too many files"), client.refusal());
    assertEquals(TrackerState.JOINED, client.state());
    tracker.dropAll();
    eventually(() -> client.state() == TrackerState.REFUSED);
    assertTrue(client.disconnectedSince() > 0);
  }

  @Test
  void aTrackerThatClosesAtHelloIsReportedAsOneThatWantsTls() throws Exception {
    ScriptedTracker tracker = tracker().closeAtHello();
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    ProtocolException e = failure(() -> client.start());
    assertTrue(e.isLocal(ErrorCode.TLS), e.toString());
    assertTrue(client.refusal().contains("probably requires TLS"), client.refusal());
    assertFalse(client.connected());
  }

  @Test
  void eventsReachTheHandlerAndAClusterEventUpdatesTheTrackerNode() throws Exception {
    ScriptedTracker tracker = tracker();
    client = client(List.of(tracker.address()), FAST, 60_000, TIMEOUT_MS);
    onLoop(() -> client.start());
    JsonObject node = new JsonObject().put("clustered", true).put("node", "n2");
    tracker.push(new JsonObject().put("type", "cluster").put("tracker", node));
    eventually(() -> events.size() == 1);
    assertEquals("cluster", events.get(0).getString("type"));
    assertEquals(node, client.trackerNode());
  }

  private ScriptedTracker tracker() throws Exception {
    return tracker(0);
  }

  private ScriptedTracker tracker(int port) throws Exception {
    ScriptedTracker tracker = new ScriptedTracker(port);
    trackers.add(tracker);
    return tracker;
  }

  private TrackerClient client(List<TrackerAddress> addresses, RetryDelays delays, long heartbeatMs, long timeoutMs)
      throws Exception {
    return onLoop(() -> Future.succeededFuture(new TrackerClient(vertx, addresses, "node",
        () -> new JsonObject().put("name", "node").put("host", "127.0.0.1").put("port", 1)
            .put("files", new JsonArray().add(file("a"))), heartbeatMs, timeoutMs, delays)
        .connectionHandler(connections::add)
        .eventHandler(events::add)));
  }

  private static JsonObject file(String name) {
    return new JsonObject().put("fileId", name.repeat(64)).put("name", name).put("size", 1);
  }

  private <T> T onLoop(Supplier<Future<T>> action) throws Exception {
    return await(onLoopFuture(action), 30);
  }

  private <T> Future<T> onLoopFuture(Supplier<Future<T>> action) {
    Promise<T> result = Promise.promise();
    loop.runOnContext(v -> action.get().onComplete(result));
    return result.future();
  }

  private <T> ProtocolException failure(Supplier<Future<T>> action) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> onLoop(action));
    return (ProtocolException) e.getCause();
  }

  /** Waits (on the client's event loop, bounded by 10 s) until {@code condition} holds. */
  private void eventually(BooleanSupplier condition) throws Exception {
    Promise<Void> met = Promise.promise();
    long deadline = System.currentTimeMillis() + 10_000;
    loop.runOnContext(v -> check(condition, deadline, met));
    await(met.future());
  }

  private void check(BooleanSupplier condition, long deadline, Promise<Void> met) {
    if (condition.getAsBoolean()) {
      met.complete();
    } else if (System.currentTimeMillis() > deadline) {
      met.fail("condition not met within 10 s; state " + client.state());
    } else {
      vertx.setTimer(10, t -> check(condition, deadline, met));
    }
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
