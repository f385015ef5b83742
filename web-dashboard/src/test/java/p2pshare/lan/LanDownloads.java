package p2pshare.lan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2pshare.testkit.Await.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/** The steps the network tests share: a file of random bytes, a download asked for over the API, its end. */
final class LanDownloads {
  private LanDownloads() {
  }

  /** A few MiB of random bytes (and an odd tail, so the last chunk is short). */
  static byte[] randomFile(long seed) {
    byte[] data = new byte[4 * 1024 * 1024 + 4321];
    new Random(seed).nextBytes(data);
    return data;
  }

  /** Puts {@code data} in {@code seeder}'s shareDir as {@code fileName}; do it before the seeder starts. */
  static void share(EmulatedLan lan, String seeder, String fileName, byte[] data) throws Exception {
    Files.write(lan.share(seeder).resolve(fileName), data);
  }

  /** Waits until {@code leecher} finds {@code fileName} on {@code sources} peers through the tracker. */
  static void awaitSources(EmulatedLan lan, String leecher, String fileName, int sources) throws Exception {
    lan.pollJson(leecher, "/api/files?q=" + fileName, r -> r.getJsonArray("files").size() == 1
        && r.getJsonArray("files").getJsonObject(0).getInteger("sources") == sources, 60);
  }

  /** Asks {@code leecher} for {@code fileName} and returns the download once it has ended, completed or not. */
  static JsonObject download(EmulatedLan lan, String leecher, String fileName) throws Exception {
    HttpResponse<Buffer> started = await(lan.post(leecher, "/api/downloads", new JsonObject().put("name", fileName)));
    assertEquals(202, started.statusCode(), started.bodyAsString());
    String id = started.bodyAsJsonObject().getString("id");
    return lan.pollJson(leecher, "/api/downloads/" + id, d -> d.getString("state").matches("completed|failed"), 90);
  }

  /** The hosts a download's sources were listed at. */
  static Set<String> sourceHosts(JsonObject download) {
    return download.getJsonArray("sources").stream().map(s -> ((JsonObject) s).getString("host"))
        .collect(Collectors.toSet());
  }

  /** The hosts the tracker lists its peers at, as {@code name}'s API shows them. */
  static Set<String> listedHosts(EmulatedLan lan, String name) throws Exception {
    JsonObject peers = await(lan.get(name, "/api/peers")).bodyAsJsonObject();
    return peers.getJsonArray("peers").stream().map(p -> ((JsonObject) p).getString("host"))
        .collect(Collectors.toSet());
  }
}
