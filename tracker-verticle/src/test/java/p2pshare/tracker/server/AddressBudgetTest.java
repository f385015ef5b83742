package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerTestClient.join;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The files and name bytes of the peers of one address have a budget, and so has the tracker in all: what goes beyond
 * gets {@code limit} naming the setting, while peers at other addresses still join.
 */
@ExtendWith(VertxExtension.class)
class AddressBudgetTest {
  private static final String ATTACKER = "127.0.0.1";
  private static final String HONEST = "127.0.0.2";

  @Test
  void peersOfOneAddressCannotOfferMoreFilesThanItsBudget(Vertx vertx) {
    int port = TrackerFixture.start(vertx, new JsonObject().put("maxFilesPerAddress", 5));
    TrackerTestClient first = TrackerTestClient.joinedFrom(vertx, port, ATTACKER, "first", 7001, files("a", 3));
    JsonObject second = TrackerTestClient.connectFrom(vertx, port, ATTACKER).call(join("second", 7002,
        files("b", 3)));
    assertLimit(second, "maxFilesPerAddress");
    assertLimit(first.call(request("update").put("add", new JsonArray(List.of((Object[]) files("c", 3))))),
        "maxFilesPerAddress");
    assertEquals("ok", first.call(request("have").put("file", file("d0", "d0", 1))).getString("type"));
    assertEquals("ok", first.call(request("have").put("file", file("d1", "d1", 1))).getString("type"));
    assertLimit(first.call(request("have").put("file", file("d2", "d2", 1))), "maxFilesPerAddress");

    TrackerTestClient honest = TrackerTestClient.joinedFrom(vertx, port, HONEST, "honest", 7003, files("e", 5));
    assertEquals(5, listed(honest, honest.peerId).getInteger("files"));

    first.call(request("leave"));
    first.assertClosed();
    TrackerTestClient again = TrackerTestClient.joinedFrom(vertx, port, ATTACKER, "again", 7004, files("f", 5));
    assertEquals(5, listed(honest, again.peerId).getInteger("files"), "a leave gives the budget back");
  }

  @Test
  void namesOfOneAddressCannotTakeMoreBytesThanItsBudget(Vertx vertx) {
    int port = TrackerFixture.start(vertx, new JsonObject().put("maxNameBytesPerAddress", 1000));
    String longName = "é".repeat(127); // 254 UTF-8 bytes
    TrackerTestClient first = TrackerTestClient.joinedFrom(vertx, port, ATTACKER, "first", 7001,
        file("n1", longName + "1", 1), file("n2", longName + "2", 1), file("n3", longName + "3", 1));
    assertLimit(first.call(request("have").put("file", file("n4", longName + "4", 1))), "maxNameBytesPerAddress");
    // A rename to a shorter name fits, and frees room for one more.
    assertEquals("ok", first.call(request("have").put("file", file("n1", "short", 1))).getString("type"));
    assertEquals("ok", first.call(request("have").put("file", file("n4", longName + "4", 1))).getString("type"));

    TrackerTestClient honest = TrackerTestClient.joinedFrom(vertx, port, HONEST, "honest", 7002,
        file("h1", longName + "h", 1), file("h2", longName + "i", 1), file("h3", longName + "j", 1));
    assertEquals(3, listed(honest, honest.peerId).getInteger("files"));

    first.close();
    TrackerTestClient again = TrackerTestClient.joinedFrom(vertx, port, ATTACKER, "again", 7003,
        file("n5", longName + "5", 1), file("n6", longName + "6", 1), file("n7", longName + "7", 1));
    assertEquals(3, listed(honest, again.peerId).getInteger("files"), "a closed connection gives the budget back");
  }

  @Test
  void theTrackerRefusesFilesBeyondItsGlobalBudget(Vertx vertx) {
    int port = TrackerFixture.start(vertx, new JsonObject().put("maxFiles", 6).put("maxNameBytes", 600));
    TrackerTestClient one = TrackerTestClient.joinedFrom(vertx, port, "127.0.0.3", "one", 7001, files("a", 4));
    assertLimit(TrackerTestClient.connectFrom(vertx, port, "127.0.0.4").call(join("two", 7002, files("b", 3))),
        "maxFiles");
    // Renames that make the names longer: each adds 244 bytes (a0.bin is 6).
    assertEquals("ok", one.call(request("have").put("file", file("a0", "x".repeat(250), 1))).getString("type"));
    assertEquals("ok", one.call(request("have").put("file", file("a1", "y".repeat(250), 2))).getString("type"));
    assertLimit(one.call(request("have").put("file", file("a2", "z".repeat(250), 3))), "maxNameBytes");
    TrackerTestClient two = TrackerTestClient.joinedFrom(vertx, port, "127.0.0.4", "two", 7002, files("b", 2));
    assertEquals(2, listed(one, two.peerId).getInteger("files"));
  }

  @Test
  void oneAddressDoesNotTakeEveryConnectionByDefault(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    List<TrackerTestClient> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(TrackerTestClient.connectFrom(vertx, port, ATTACKER));
    }
    many.get(many.size() - 1).assertClosed();
    assertTrue(many.stream().limit(100).noneMatch(TrackerTestClient::isClosed), "the first ones are served");
    TrackerTestClient honest = TrackerTestClient.joinedFrom(vertx, port, HONEST, "honest", 7001);
    assertEquals("ok", honest.call(request("heartbeat")).getString("type"));
  }

  private static JsonObject[] files(String prefix, int count) {
    JsonObject[] files = new JsonObject[count];
    for (int i = 0; i < count; i++) {
      files[i] = file(prefix + i, prefix + i + ".bin", i + 1);
    }
    return files;
  }

  private static void assertLimit(JsonObject reply, String setting) {
    assertEquals("limit", reply.getString("code"), reply.encode());
    assertTrue(reply.getString("message").contains(setting), reply.encode());
  }

  private static JsonObject listed(TrackerTestClient asker, String peerId) {
    return asker.call(request("peers")).getJsonArray("peers").stream().map(p -> (JsonObject) p)
        .filter(p -> p.getString("id").equals(peerId)).findFirst().orElseThrow();
  }
}
