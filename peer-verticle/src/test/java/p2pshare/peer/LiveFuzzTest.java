package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2pshare.testkit.Await.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.protocol.Frames;
import p2pshare.testkit.Poll;

/**
 * Thousands of random and mutated frames at a live tracker and a live peer. Afterwards both still serve normal
 * requests, and their open connections are back to what they were.
 */
class LiveFuzzTest {
  private static final int CONNECTIONS = 300;
  private static final int FRAMES_PER_CONNECTION = 10;

  @TempDir
  Path root;

  @Test
  void garbageFromManyConnectionsLeavesTrackerAndPeerWorking() throws Exception {
    try (SwarmFixture swarm = new SwarmFixture(root)) {
      byte[] data = new byte[700_000];
      new Random(3).nextBytes(data);
      TestNode seeder = swarm.node("seeder");
      Files.write(seeder.share.resolve("file.bin"), data);
      seeder.start(swarm.trackerPort, new JsonObject());
      int chunkPort = seeder.request(PeerBus.NODE, new JsonObject()).getInteger("port");
      int trackerBaseline = swarm.tracker.connections();

      Vertx vertx = swarm.trackerVertx;
      Random random = new Random(99);
      hammer(vertx, swarm.trackerPort, random);
      hammer(vertx, chunkPort, random);

      awaitTrue(vertx, () -> swarm.tracker.connections() == trackerBaseline);
      seeder.awaitCondition(PeerBus.NODE, new JsonObject(), node -> node.getInteger("connections") == 0);
      TestNode leecher = swarm.started("leecher");
      JsonObject done = leecher.download(new JsonObject().put("name", "file.bin"));
      assertEquals("completed", done.getString("state"), done.encodePrettily());
      assertArrayEquals(data, Files.readAllBytes(leecher.downloads.resolve("file.bin")));
    }
  }

  /** Opens connections in batches (under the per-address limit), sends mutated frames on each, then closes them. */
  private static void hammer(Vertx vertx, int port, Random random) throws Exception {
    NetClient client = vertx.createNetClient();
    for (int batch = 0; batch < CONNECTIONS / 50; batch++) {
      List<Future<NetSocket>> sockets = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        sockets.add(client.connect(port, "127.0.0.1"));
      }
      for (Future<NetSocket> connecting : sockets) {
        NetSocket socket = await(connecting);
        socket.handler(ignored -> { });
        for (int f = 0; f < FRAMES_PER_CONNECTION; f++) {
          socket.write(garbage(random));
        }
      }
      for (Future<NetSocket> connected : sockets) {
        await(connected.result().close().recover(e -> Future.succeededFuture()));
      }
    }
    await(client.close());
  }

  private static Buffer garbage(Random random) {
    String fileId = "ab".repeat(32);
    JsonObject[] seeds = {
        new JsonObject().put("type", "join").put("id", 1).put("name", "x").put("host", "127.0.0.1").put("port", 9)
            .put("files", new JsonArray().add(new JsonObject().put("fileId", fileId).put("name", "n").put("size", 1))),
        new JsonObject().put("type", "chunk").put("id", 2).put("fileId", fileId).put("index", random.nextInt()),
        new JsonObject().put("type", "search").put("id", 3).put("q", "x".repeat(random.nextInt(100))),
        new JsonObject().put("type", "manifest").put("id", 4).put("fileId", "../../etc/passwd")};
    byte[] bytes = Frames.json(seeds[random.nextInt(seeds.length)]).getBytes();
    switch (random.nextInt(4)) {
      case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
      case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
      case 2 -> {
        bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
      }
      default -> { }
    }
    return Buffer.buffer(bytes);
  }

  private static void awaitTrue(Vertx vertx, BooleanSupplier condition) throws Exception {
    Poll.until(vertx, condition, 50, 10, "met");
  }
}
