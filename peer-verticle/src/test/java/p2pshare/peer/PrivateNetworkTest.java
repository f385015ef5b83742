package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.peer.wire.PeerConnection;
import p2pshare.peer.wire.PeerDialer;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.ReceiveBudget;
import p2pshare.protocol.RpcClient;
import p2pshare.tls.NetworkTls;
import p2pshare.tls.TlsSettings;

/**
 * A private network made with scripts/network-keys.sh: only members with a certificate from its CA join the tracker
 * and fetch chunks, under their certificate's name; revocation takes effect without a restart; a member and an
 * open-network node that meet fail at once with a message.
 */
class PrivateNetworkTest {
  @TempDir
  static Path keys;
  @TempDir
  Path root;

  private SwarmFixture swarm;
  private final List<Vertx> extra = new java.util.ArrayList<>();
  // Held: a client nobody refers to is closed when it is garbage-collected, with its connections.
  private final List<Object> clients = new java.util.ArrayList<>();

  @BeforeAll
  static void makeKeys() throws Exception {
    keys("init", keys.resolve("net").toString());
    keys("tracker", keys.resolve("net").toString(), "tracker");
    keys("tracker", keys.resolve("net").toString(), "tracker-to-revoke");
    for (String node : List.of("seeder", "leecher", "mallory", "revoked")) {
      keys("node", keys.resolve("net").toString(), node);
    }
    keys("init", keys.resolve("other").toString());
    keys("node", keys.resolve("other").toString(), "leecher");
  }

  private static void keys(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("bash", "../scripts/network-keys.sh"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), output);
  }

  /** The tls settings of member {@code name} of network {@code network}. */
  private static JsonObject tls(String network, String name) {
    Path dir = keys.resolve(network);
    return new JsonObject().put("cert", dir.resolve(name + ".crt").toString())
        .put("key", dir.resolve(name + ".key").toString()).put("ca", dir.resolve("ca.crt").toString())
        .put("revoked", keys.resolve("net/revoked.txt").toString());
  }

  private void startTracker(boolean withTls) throws Exception {
    swarm = new SwarmFixture(root, withTls ? new JsonObject().put("tls", tls("net", "tracker")) : new JsonObject());
  }

  @AfterEach
  void stop() throws Exception {
    for (Vertx vertx : extra) {
      await(vertx.close());
    }
    if (swarm != null) {
      swarm.close();
    }
  }

  private TestNode seeder(byte[] data) throws Exception {
    TestNode seeder = swarm.node("seeder");
    Files.write(seeder.share.resolve("secret.bin"), data);
    return seeder.start(swarm.trackerPort, new JsonObject().put("tls", tls("net", "seeder")));
  }

  @Test
  void membersJoinAndDownloadAndOutsidersCannotJoinOrFetch() throws Exception {
    startTracker(true);
    byte[] data = new byte[3 * 1024 * 1024 + 11];
    new Random(1).nextBytes(data);
    TestNode seeder = seeder(data);
    JsonObject seederNode = seeder.request(PeerBus.NODE, new JsonObject());
    assertEquals(true, seederNode.getJsonObject("tls").getBoolean("enabled"), seederNode.encode());

    // A member joins and downloads, byte-identical.
    TestNode leecher = swarm.node("leecher-ok");
    leecher.start(swarm.trackerPort, new JsonObject().put("name", "leecher").put("tls", tls("net", "leecher")));
    JsonObject done = leecher.download(new JsonObject().put("name", "secret.bin"));
    assertEquals("completed", done.getString("state"), done.encode());
    assertArrayEquals(data, Files.readAllBytes(leecher.downloads.resolve("secret.bin")));

    // Another network's certificate, and no certificate at all: no join, and the node says why.
    TestNode stranger = swarm.node("leecher").deploy(swarm.trackerPort,
        new JsonObject().put("tls", tls("other", "leecher")));
    stranger.awaitCondition(PeerBus.NODE, new JsonObject(), n -> !n.getBoolean("trackerConnected")
        && String.valueOf(n.getString("trackerRefusal")).contains("TLS handshake"));
    stranger.stop();
    TestNode open = swarm.node("open").deploy(swarm.trackerPort, new JsonObject());
    JsonObject refused = open.awaitCondition(PeerBus.NODE, new JsonObject(), n -> n.getString("trackerRefusal") != null);
    assertTrue(refused.getString("trackerRefusal").contains("TLS"), refused.encode());
    assertEquals(false, refused.getBoolean("trackerConnected"));

    // Nor can they fetch a chunk from a member's chunk server.
    int chunkPort = seederNode.getInteger("port");
    String fileId = seeder.request(PeerBus.SHARES, new JsonObject()).getJsonArray("shares").getJsonObject(0)
        .getString("fileId");
    assertTrue(!manifestFails(settings("net", "leecher"), "leecher", chunkPort, fileId), "a member read no manifest");
    assertTrue(manifestFails(TlsSettings.OPEN, "x", chunkPort, fileId), "a node without TLS read a manifest");
    assertTrue(manifestFails(settings("other", "leecher"), "leecher", chunkPort, fileId),
        "another network's node read a manifest");
  }

  /**
   * The seeder's chunk server listens on 127.0.0.2 while its tracker connection comes from 127.0.0.1, where the
   * tracker lists it: as behind a NAT, nothing reaches it there. The leecher has it connect out instead (connection
   * reversal), over mutual TLS with each side's certificate checked against the peer the tracker named.
   */
  @Test
  void aMemberBehindNatServesByConnectingOutOverTls() throws Exception {
    startTracker(true);
    byte[] data = new byte[2 * 1024 * 1024 + 5];
    new Random(2).nextBytes(data);
    TestNode seeder = swarm.node("seeder");
    Files.write(seeder.share.resolve("home.bin"), data);
    seeder.start(swarm.trackerPort, new JsonObject().put("host", "127.0.0.2").put("tls", tls("net", "seeder")));
    JsonObject reach = seeder.awaitCondition(PeerBus.NODE, new JsonObject(),
        n -> "behind-nat".equals(n.getJsonObject("reachability").getString("state"))).getJsonObject("reachability");
    assertEquals("127.0.0.1", reach.getString("observedHost"), reach.encode());

    TestNode leecher = swarm.node("leecher").start(swarm.trackerPort,
        new JsonObject().put("tls", tls("net", "leecher")));
    JsonObject done = leecher.download(new JsonObject().put("name", "home.bin"));

    assertEquals("completed", done.getString("state"), done.encode());
    assertArrayEquals(data, Files.readAllBytes(leecher.downloads.resolve("home.bin")));
    JsonObject source = done.getJsonArray("sources").getJsonObject(0);
    assertEquals("seeder", source.getString("name"), done.encode());
    assertEquals("127.0.0.1", source.getString("host"), "listed where nothing listens: " + done.encode());
  }

  @Test
  void aNodeCannotJoinUnderAnotherNameNorStartWithAnotherNamesCertificate() throws Exception {
    startTracker(true);
    // mallory's certificate, the name leecher: the node does not even start.
    Exception failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> swarm.node("leecher")
        .deploy(swarm.trackerPort, new JsonObject().put("tls", tls("net", "mallory"))));
    assertTrue(failure.getMessage().contains("names mallory, but this node is named leecher"), failure.getMessage());
    // Said on the wire anyway, the tracker refuses it.
    JsonObject reply = joinAs(settings("net", "mallory"), "mallory", "leecher");
    assertEquals("forbidden", reply.getString("code"), reply.encode());
    assertTrue(reply.getString("message").contains("names it mallory"), reply.encode());
  }

  @Test
  void aRevokedCertificateIsRefusedWithoutARestart() throws Exception {
    startTracker(true);
    TestNode member = swarm.node("revoked").start(swarm.trackerPort,
        new JsonObject().put("tls", tls("net", "revoked")));
    keys("revoke", keys.resolve("net").toString(), "revoked");
    // Its open connection is closed, and it cannot join again: it says why.
    member.awaitCondition(PeerBus.NODE, new JsonObject(), n -> !n.getBoolean("trackerConnected")
        && String.valueOf(n.getString("trackerRefusal")).contains("revoked"));
    long deadline = System.currentTimeMillis() + 15_000;
    JsonObject reply;
    do {
      reply = joinAs(settings("net", "revoked"), "revoked", "revoked");
    } while (!"error".equals(reply.getString("type")) && System.currentTimeMillis() < deadline);
    assertEquals("forbidden", reply.getString("code"), reply.encode());
    assertTrue(reply.getString("message").contains("revoked"), reply.encode());
  }

  @Test
  void aNodeLeavesATrackerWhoseCertificateIsRevoked() throws Exception {
    swarm = new SwarmFixture(root, new JsonObject().put("tls", tls("net", "tracker-to-revoke")));
    TestNode member = swarm.node("seeder").start(swarm.trackerPort, new JsonObject().put("tls", tls("net", "seeder")));
    keys("revoke", keys.resolve("net").toString(), "tracker-to-revoke");
    member.awaitCondition(PeerBus.NODE, new JsonObject(), n -> !n.getBoolean("trackerConnected")
        && String.valueOf(n.getString("trackerRefusal")).contains("revoked"));
  }

  @Test
  void aPrivateNodeMeetingAnOpenTrackerSaysWhy() throws Exception {
    startTracker(false);
    TestNode member = swarm.node("leecher").deploy(swarm.trackerPort,
        new JsonObject().put("tls", tls("net", "leecher")));
    member.awaitCondition(PeerBus.NODE, new JsonObject(), n -> !n.getBoolean("trackerConnected")
        && String.valueOf(n.getString("trackerRefusal")).contains("TLS handshake"));
  }

  private static TlsSettings settings(String network, String name) {
    JsonObject tls = tls(network, name);
    return new TlsSettings(Path.of(tls.getString("cert")), Path.of(tls.getString("key")),
        Path.of(tls.getString("ca")), null, "auto");
  }

  /** Says hello and joins as {@code name} over a connection made with these settings; the tracker's answer. */
  private JsonObject joinAs(TlsSettings settings, String certName, String name) throws Exception {
    Vertx vertx = Vertx.vertx();
    extra.add(vertx);
    NetworkTls tls = settings.enabled() ? await(NetworkTls.start(vertx, settings, "test", certName))
        : NetworkTls.open();
    io.vertx.core.net.NetClient client = vertx.createNetClient(tls.client(new NetClientOptions()));
    clients.add(client);
    Future<JsonObject> answer = client.connect(swarm.trackerPort, "127.0.0.1").compose(socket -> {
          RpcClient c = new RpcClient(new FrameChannel(vertx, socket, new FrameChannel.Limits(1 << 20, 0, 0)));
          return c.hello(name).compose(h -> c.request(new JsonObject().put("type", "join").put("name", name)
              .put("host", "127.0.0.1").put("port", 9).put("files", new JsonArray())))
              .recover(e -> Future.succeededFuture(new JsonObject().put("type", "error")
                  .put("code", e instanceof p2pshare.protocol.ProtocolException p ? p.code().wire() : "?")
                  .put("message", e.getMessage())))
              .eventually(() -> { c.close(); return Future.succeededFuture(); });
        });
    return await(answer);
  }

  /** Whether a node with these settings fails to read a manifest from the chunk server on {@code port}. */
  private boolean manifestFails(TlsSettings settings, String name, int port, String fileId) throws Exception {
    Vertx vertx = Vertx.vertx();
    extra.add(vertx);
    NetworkTls tls = settings.enabled() ? await(NetworkTls.start(vertx, settings, "test", name)) : NetworkTls.open();
    PeerDialer dialer = new PeerDialer(vertx.createNetClient(tls.client(new NetClientOptions())), tls);
    clients.add(dialer);
    Future<Boolean> failed = Future.<Boolean>succeededFuture().compose(v -> PeerConnection.connect(vertx, dialer,
            "127.0.0.1", port, "seeder", name, 5_000, new ChunkBuffers(new ReceiveBudget(64 << 20))))
        .compose(c -> c.manifest(fileId)).map(offer -> false).recover(e -> Future.succeededFuture(true));
    return await(failed);
  }
}
