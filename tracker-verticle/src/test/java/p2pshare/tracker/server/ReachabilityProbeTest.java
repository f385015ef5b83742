package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerFixture.fileId;
import static p2pshare.tracker.server.TrackerTestClient.join;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.RpcServer;

/** The tracker dials each joined peer's chunk port back, from where its connection comes, and says what it found. */
@ExtendWith(VertxExtension.class)
class ReachabilityProbeTest {
  private static final JsonObject PROBING = new JsonObject().put("probeReachability", true);

  @Test
  void aPeerWhoseChunkServerAnswersHelloIsReachable(Vertx vertx) {
    AtomicInteger hellos = new AtomicInteger();
    NetServer chunkServer = vertx.createNetServer().connectHandler(socket -> {
      hellos.incrementAndGet();
      new RpcServer(new FrameChannel(vertx, socket, new FrameChannel.Limits(65536, 0, 0)), 4).serveHello("alice");
    });
    int servePort = chunkServer.listen(0, "127.0.0.1").await().actualPort();
    int port = TrackerFixture.start(vertx, PROBING);

    TrackerTestClient alice = TrackerTestClient.connect(vertx, port);
    JsonObject joined = alice.call(join("alice", servePort, file("a", "a.bin", 3)));
    assertEquals("127.0.0.1", joined.getString("observedHost"));
    assertNull(joined.getValue("noProbe"), "a probing tracker says nothing of not probing");
    assertEquals(new JsonObject().put("type", "reachability").put("state", "reachable").put("host", "127.0.0.1")
        .put("port", servePort), alice.nextWithoutId());
    assertEquals(1, hellos.get());

    TrackerTestClient bob = TrackerTestClient.joined(vertx, port, "bob", 1);
    JsonObject listed = bob.call(request("sources").put("fileId", fileId("a"))).getJsonArray("peers").getJsonObject(0);
    assertFalse(listed.containsKey("reach"), "a reachable source is listed as before: " + listed);
    assertEquals("reachable", peer(bob, "alice").getString("reach"));
  }

  @Test
  void aPeerNobodyCanConnectToIsBehindNatAndListedSo(Vertx vertx) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort(); // free once closed: nothing listens there
    }
    int port = TrackerFixture.start(vertx, PROBING);
    TrackerTestClient bob = TrackerTestClient.joined(vertx, port, "bob", 1);
    bob.call(request("subscribe").put("fileIds", new JsonArray().add(fileId("n"))));

    TrackerTestClient nat = TrackerTestClient.connect(vertx, port);
    nat.call(join("natted", closedPort, file("n", "n.bin", 3)));
    JsonObject reach = nat.nextWithoutId();
    assertEquals("behind-nat", reach.getString("state"), reach.encode());
    assertEquals(closedPort, reach.getInteger("port"));
    assertTrue(reach.getString("why").contains("refused"), reach.encode());

    // The subscriber hears of the source, and then of it marked; a lookup lists it marked.
    JsonObject marked = null;
    while (marked == null) {
      JsonObject event = bob.nextWithoutId();
      for (Object source : event.getJsonArray("sources", new JsonArray())) {
        if ("behind-nat".equals(((JsonObject) source).getString("reach"))) {
          marked = (JsonObject) source;
        }
      }
    }
    assertEquals("natted", marked.getString("name"));
    JsonObject listed = bob.call(request("sources").put("fileId", fileId("n"))).getJsonArray("peers").getJsonObject(0);
    assertEquals("behind-nat", listed.getString("reach"));
    assertEquals("behind-nat", peer(bob, "natted").getString("reach"));
  }

  @Test
  void aTrackerThatListsAdvertisedHostsDialsNobodyAndSaysWhy(Vertx vertx) {
    AtomicInteger dialled = new AtomicInteger();
    NetServer chunkServer = vertx.createNetServer().connectHandler(socket -> dialled.incrementAndGet());
    int servePort = chunkServer.listen(0, "127.0.0.1").await().actualPort();
    int port = TrackerFixture.start(vertx, PROBING.copy().put("trustAdvertisedHosts", true));

    TrackerTestClient alice = TrackerTestClient.connect(vertx, port);
    JsonObject joined = alice.call(join("alice", servePort, file("a", "a.bin", 3)));
    assertTrue(joined.getString("noProbe").contains("trustAdvertisedHosts"), joined.encode());
    assertEquals("unknown", peer(alice, "alice").getString("reach"));
    alice.call(request("heartbeat"));
    assertEquals(0, dialled.get());
    assertEquals(0, alice.waitingWithoutId(), "no reachability event from a tracker that does not probe");
  }

  private static JsonObject peer(TrackerTestClient client, String name) {
    for (Object peer : client.call(request("peers")).getJsonArray("peers")) {
      if (name.equals(((JsonObject) peer).getString("name"))) {
        return (JsonObject) peer;
      }
    }
    throw new AssertionError("no peer " + name);
  }
}
