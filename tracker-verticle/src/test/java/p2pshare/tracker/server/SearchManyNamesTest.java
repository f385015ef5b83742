package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A search matching many names returns its limit and says that more matched, and how many when that is cheap. */
@ExtendWith(VertxExtension.class)
class SearchManyNamesTest {

  @Test
  void anEmptyQueryOverManyNamesReturnsItsLimitWithMoreAndTotal(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    JsonObject[] files = new JsonObject[600];
    for (int i = 0; i < files.length; i++) {
      files[i] = file("content-" + i, String.format("name-%04d.bin", i), i + 1);
    }
    TrackerTestClient peer = TrackerTestClient.joined(vertx, port, "many", 7001, files);

    JsonObject page = peer.call(request("search").put("q", "").put("limit", 50));
    JsonArray rows = page.getJsonArray("files");
    assertEquals(50, rows.size());
    assertTrue(page.getBoolean("more"), page.encode());
    assertEquals(600, page.getInteger("total"));
    List<String> names = new ArrayList<>();
    rows.forEach(r -> names.add(((JsonObject) r).getString("name")));
    assertEquals(List.of("name-0000.bin", "name-0001.bin"), names.subList(0, 2), "sorted across the shards");
    assertEquals("name-0049.bin", names.get(49));

    JsonObject byDefault = peer.call(request("search"));
    assertEquals(500, byDefault.getJsonArray("files").size());
    assertTrue(byDefault.getBoolean("more"));

    JsonObject shortQuery = peer.call(request("search").put("q", "e-").put("limit", 10));
    assertEquals(10, shortQuery.getJsonArray("files").size());
    assertTrue(shortQuery.getBoolean("more"));

    JsonObject few = peer.call(request("search").put("q", "name-012").put("limit", 50));
    assertEquals(10, few.getJsonArray("files").size());
    assertFalse(few.getBoolean("more"));
    assertEquals(10, few.getInteger("total"));
  }

  @Test
  void aSortedSearchIsSortedAcrossTheShardsBeforeTheCut(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    JsonObject[] files = new JsonObject[600];
    for (int i = 0; i < files.length; i++) {
      // Sizes out of name order: the largest is named name-0298.
      files[i] = file("content-" + i, String.format("name-%04d.bin", i), ((i + 301) % 600) + 1);
    }
    TrackerTestClient peer = TrackerTestClient.joined(vertx, port, "many", 7001, files);

    JsonObject largest = peer.call(request("search").put("q", "").put("limit", 20).put("sort", "-size"));
    List<Long> sizes = new ArrayList<>();
    largest.getJsonArray("files").forEach(r -> sizes.add(((JsonObject) r).getLong("size")));
    assertEquals(20, sizes.size());
    assertEquals(600L, sizes.get(0));
    assertEquals(581L, sizes.get(19));
    assertEquals("name-0298.bin", largest.getJsonArray("files").getJsonObject(0).getString("name"));
    assertTrue(largest.getBoolean("more"));

    JsonObject smallest = peer.call(request("search").put("q", "name").put("limit", 3).put("sort", "size"));
    assertEquals(1L, smallest.getJsonArray("files").getJsonObject(0).getLong("size"));
    JsonObject lastName = peer.call(request("search").put("q", "bin").put("limit", 3).put("sort", "-name"));
    assertEquals("name-0599.bin", lastName.getJsonArray("files").getJsonObject(0).getString("name"));

    JsonObject refused = peer.call(request("search").put("sort", "sources"));
    assertEquals("error", refused.getString("type"), refused.encode());
    assertEquals("bad-request", refused.getString("code"));
  }
}
