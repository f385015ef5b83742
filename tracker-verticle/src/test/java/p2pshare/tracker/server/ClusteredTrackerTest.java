package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.tracker.server.ClusterNodes.until;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.tls.TlsSettings;
import p2pshare.tracker.TrackerVerticle;

/** Two tracker nodes in one cluster are one tracker: what a peer does through one is seen through the other. */
@ExtendWith(VertxExtension.class)
class ClusteredTrackerTest {
  private static final JsonObject MOVIE = file("movie", "movie.mkv", 1000);
  private static final JsonObject SONG = file("song", "song.ogg", 10);

  private static int sources(TrackerTestClient asker, JsonObject file) {
    JsonObject reply = asker.call(request("sources").put("fileId", file.getString("fileId")));
    return reply.getString("type").equals("sources") ? reply.getJsonArray("peers").size() : 0;
  }

  private static int peers(TrackerTestClient asker) {
    return asker.call(request("peers")).getInteger("total");
  }

  @Test
  void whatAPeerDoesThroughOneNodeIsSeenThroughTheOther(Vertx vertx) throws Exception {
    try (ClusterNodes cluster = new ClusterNodes(2)) {
      TrackerVerticle a = cluster.start(0, new JsonObject());
      TrackerTestClient seeder = TrackerTestClient.joined(vertx, a.actualPort(), "seeder", 7001, MOVIE);
      // B starts after the seeder joined A: it reads A's peers when it becomes a member.
      TrackerVerticle b = cluster.start(1, new JsonObject());
      TrackerTestClient asker = TrackerTestClient.connect(vertx, b.actualPort());
      JsonObject joined = asker.call(TrackerTestClient.join("asker", 7002));
      JsonObject tracker = joined.getJsonObject("tracker");
      assertEquals(true, tracker.getBoolean("clustered"), joined.encode());
      until("B sees both members", 10, () -> b.clusterMembers() == 2);

      until("the seeder is found through B", 10, () -> sources(asker, MOVIE) == 1);
      JsonObject source = asker.call(request("sources").put("fileId", MOVIE.getString("fileId")))
          .getJsonArray("peers").getJsonObject(0);
      assertEquals(seeder.peerId, source.getString("peerId"));
      assertEquals(7001, source.getInteger("port"));
      JsonArray found = asker.call(request("search").put("q", "movie")).getJsonArray("files");
      assertEquals(1, found.size());

      // An update and a leave through A reach B; heartbeats stay on A.
      assertEquals("ok", seeder.call(request("update").put("add", new JsonArray().add(SONG))).getString("type"));
      until("the new file is found through B", 10, () -> sources(asker, SONG) == 1);
      until("the asker is seen through A", 10, () -> peers(seeder) == 2);
      // A partial source (a peer still downloading) through B is found through A as one.
      JsonObject partial = file("album", "album.zip", 5000).put("partial", true).put("chunks", 2);
      assertEquals("ok", asker.call(request("have").put("file", partial)).getString("type"));
      until("the partial source is found through A", 10, () -> {
        JsonArray peers = seeder.call(request("sources").put("fileId", partial.getString("fileId")))
            .getJsonArray("peers", new JsonArray());
        return peers.size() == 1 && peers.getJsonObject(0).getBoolean("partial")
            && peers.getJsonObject(0).getInteger("chunks") == 2;
      });
      seeder.call(request("leave"));
      until("the seeder is gone through B", 10, () -> sources(asker, MOVIE) == 0 && peers(asker) == 1);
    }
  }

  @Test
  void aReversalReachesASourceAttachedToTheOtherNode(Vertx vertx) throws Exception {
    try (ClusterNodes cluster = new ClusterNodes(2)) {
      // Its clients listen nowhere: unprobed, none is behind NAT, so each may ask.
      JsonObject unprobed = new JsonObject().put("probeReachability", false);
      TrackerVerticle a = cluster.start(0, unprobed);
      TrackerVerticle b = cluster.start(1, unprobed);
      until("both see both members", 10, () -> a.clusterMembers() == 2 && b.clusterMembers() == 2);
      TrackerTestClient source = TrackerTestClient.joined(vertx, a.actualPort(), "source", 7001);
      TrackerTestClient asker = TrackerTestClient.joined(vertx, b.actualPort(), "asker", 7002);
      until("the source is seen through B", 10, () -> peers(asker) == 2);

      JsonObject reply = asker.call(request("reverse").put("peerId", source.peerId));

      assertEquals("reversing", reply.getString("type"), reply.encode());
      JsonObject told = source.nextWithoutId();
      while (!"connect-to".equals(told.getString("type"))) {
        told = source.nextWithoutId(); // the cluster's members, told to every peer
      }
      assertEquals(new JsonObject().put("type", "connect-to").put("token", reply.getString("token"))
          .put("peerId", asker.peerId).put("name", "asker").put("host", "127.0.0.1").put("port", 7002), told);
    }
  }

  @Test
  void aPeerThatJoinsAgainThroughAnotherNodeKeepsItsIdAndIsListedOnce(Vertx vertx) throws Exception {
    try (ClusterNodes cluster = new ClusterNodes(2)) {
      TrackerVerticle a = cluster.start(0, new JsonObject());
      TrackerVerticle b = cluster.start(1, new JsonObject());
      until("both nodes see each other", 15, () -> a.clusterMembers() == 2 && b.clusterMembers() == 2);
      TrackerTestClient first = TrackerTestClient.connect(vertx, a.actualPort());
      JsonObject joined = first.call(TrackerTestClient.join("seeder", 7001, MOVIE));
      String peerId = joined.getString("peerId");
      String secret = joined.getString("secret");
      assertTrue(secret.matches("[0-9a-f]{32}"), joined.encode());
      TrackerTestClient watcher = TrackerTestClient.joined(vertx, b.actualPort(), "watcher", 7002);
      until("B lists the seeder", 10, () -> sources(watcher, MOVIE) == 1);

      // Nobody else can take its id.
      TrackerTestClient thief = TrackerTestClient.connect(vertx, b.actualPort());
      thief.expectError(TrackerTestClient.join("thief", 7003, SONG).put("peerId", peerId)
          .put("secret", "0".repeat(32)), "bad-request");

      // It joins again through B, at a new port: one entry, at the new port, through both nodes.
      TrackerTestClient again = TrackerTestClient.connect(vertx, b.actualPort());
      JsonObject rejoined = again.call(TrackerTestClient.join("seeder", 7004, MOVIE).put("peerId", peerId)
          .put("secret", secret));
      assertEquals(peerId, rejoined.getString("peerId"), rejoined.encode());
      first.assertClosed(); // A closed the connection the peer no longer uses
      for (TrackerTestClient asker : new TrackerTestClient[] {watcher,
          TrackerTestClient.joined(vertx, a.actualPort(), "asker", 7005)}) {
        until("one entry, at the new port", 10, () -> {
          JsonObject reply = asker.call(request("sources").put("fileId", MOVIE.getString("fileId")));
          JsonArray peers = reply.getJsonArray("peers", new JsonArray());
          return peers.size() == 1 && peers.getJsonObject(0).getInteger("port") == 7004;
        });
      }
      until("three peers through either node", 10, () -> peers(watcher) == 3);

      // Again through B, its own node now, after a change there: A takes the newest join, not its older copy.
      assertEquals("ok", again.call(request("update").put("add", new JsonArray().add(SONG))).getString("type"));
      TrackerTestClient third = TrackerTestClient.connect(vertx, b.actualPort());
      assertEquals(peerId, third.call(TrackerTestClient.join("seeder", 7006, MOVIE).put("peerId", peerId)
          .put("secret", secret)).getString("peerId"));
      again.assertClosed();
      TrackerTestClient askerOnA = TrackerTestClient.joined(vertx, a.actualPort(), "asker-2", 7007);
      until("A lists the seeder at its newest port, without the song it no longer offers", 10, () -> {
        JsonArray peers = askerOnA.call(request("sources").put("fileId", MOVIE.getString("fileId")))
            .getJsonArray("peers", new JsonArray());
        return peers.size() == 1 && peers.getJsonObject(0).getInteger("port") == 7006
            && sources(askerOnA, SONG) == 0;
      });
    }
  }

  @Test
  void theRegistryCrossesAnEventBusOfMutualTls(Vertx vertx, @TempDir Path keys) throws Exception {
    for (String[] args : List.of(new String[] {"init", keys.toString()}, new String[] {"tracker", keys.toString(), "a"},
        new String[] {"tracker", keys.toString(), "b"})) {
      List<String> command = new ArrayList<>(List.of("bash", "../scripts/network-keys.sh"));
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      assertEquals(0, process.waitFor(), output);
    }
    try (ClusterNodes cluster = new ClusterNodes(2)) {
      TrackerVerticle a = cluster.start(0, new JsonObject(), tls(keys, "a"));
      TrackerVerticle b = cluster.start(1, new JsonObject(), tls(keys, "b"));
      TrackerTestClient.joined(vertx, a.actualPort(), "seeder", 7001, MOVIE);
      TrackerTestClient asker = TrackerTestClient.joined(vertx, b.actualPort(), "asker", 7002);
      until("the seeder is found through B", 15, () -> sources(asker, MOVIE) == 1);
    }
  }

  private static TlsSettings tls(Path keys, String name) {
    return new TlsSettings(keys.resolve(name + ".crt"), keys.resolve(name + ".key"), keys.resolve("ca.crt"), null,
        "auto");
  }
}
