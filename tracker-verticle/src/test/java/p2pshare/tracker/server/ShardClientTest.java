package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.tracker.server.TrackerFixture.fileId;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.tracker.FileEntry;
import p2pshare.protocol.tracker.TrackerReply;
import p2pshare.protocol.tracker.TrackerRequest;
import p2pshare.tracker.registry.PeerEntry;
import p2pshare.tracker.registry.SearchOrder;
import p2pshare.tracker.registry.SwarmShardVerticle;

/** The front's typed requests reach the shards that own the files, and their answers merge in the order asked. */
@ExtendWith(VertxExtension.class)
class ShardClientTest {
  private static final int SHARDS = 3;
  private static final PeerEntry ALICE = new PeerEntry("p-alice", "alice", "127.0.0.1", 7001);
  private static final PeerEntry BOB = new PeerEntry("p-bob", "bob", "127.0.0.1", 7002);
  private ShardClient shards;

  @BeforeEach
  void deployShards(Vertx vertx) throws Exception {
    for (int shard = 0; shard < SHARDS; shard++) {
      vertx.deployVerticle(new SwarmShardVerticle(), new DeploymentOptions()
          .setConfig(new JsonObject().put("shard", shard))).await(10, TimeUnit.SECONDS);
    }
    shards = new ShardClient(vertx, SHARDS);
  }

  @Test
  void aSearchOverEveryShardKeepsTheFirstRowsInOrderAndCountsThemAll() throws Exception {
    List<FileEntry> files = List.of(file("c", "c.iso", 30), file("a", "a.iso", 10), file("d", "d.iso", 40),
        file("b", "b.iso", 20), file("e", "e.txt", 50));
    shards.add(ALICE, files).await(10, TimeUnit.SECONDS);

    TrackerReply.Files page = shards.search("iso", false, 3, SearchOrder.NAME).await(10, TimeUnit.SECONDS);
    assertEquals(List.of("a.iso", "b.iso", "c.iso"), names(page));
    assertTrue(page.more());
    page = shards.search("", false, 2, SearchOrder.SIZE_DESCENDING).await(10, TimeUnit.SECONDS);
    assertEquals(List.of("e.txt", "d.iso"), names(page));
    assertEquals(5, page.total());
    assertEquals(1, page.files().getJsonObject(0).getInteger("sources"));
  }

  @Test
  void sourcesComeFromTheOwningShardAndLeaveTheAskerOut() throws Exception {
    FileEntry shared = file("shared", "s.bin", 7);
    shards.add(ALICE, List.of(shared)).await(10, TimeUnit.SECONDS);
    shards.add(BOB, List.of(shared)).await(10, TimeUnit.SECONDS);

    JsonObject found = new JsonObject(shards.sources(shared.fileId(), ALICE.peerId(), 50)
        .await(10, TimeUnit.SECONDS));
    assertEquals(shared.fileId(), found.getString("fileId"));
    assertEquals(1, found.getJsonArray("peers").size());
    assertEquals("bob", found.getJsonArray("peers").getJsonObject(0).getString("name"));

    shards.remove(BOB.peerId(), List.of(shared.fileId())).await(10, TimeUnit.SECONDS);
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> shards.sources(shared.fileId(), ALICE.peerId(), 50).toCompletionStage().toCompletableFuture()
            .get(10, TimeUnit.SECONDS));
    assertTrue(refused.getCause() instanceof ProtocolException p && p.isRefusal(ErrorCode.UNKNOWN_FILE));
  }

  @Test
  void everyOrderAPeerMayAskForIsOneTheShardsKnow() {
    for (String sort : TrackerRequest.Search.SORTS) {
      assertNotNull(SearchOrder.of(sort), sort);
    }
    assertNull(SearchOrder.of("date"));
  }

  private static FileEntry file(String content, String name, long size) {
    return new FileEntry(fileId(content), name, size);
  }

  private static List<String> names(TrackerReply.Files page) {
    return page.files().stream().map(row -> ((JsonObject) row).getString("name")).toList();
  }
}
