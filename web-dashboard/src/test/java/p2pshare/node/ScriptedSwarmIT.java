package p2pshare.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The way a user runs it: the fat jars started through scripts/tracker.sh and scripts/peer.sh as separate
 * processes, a download asked for over the HTTP API, and SIGTERM to stop.
 */
class ScriptedSwarmIT {
  private static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();
  private static final String TOKEN = "it-secret";

  @TempDir
  Path work;

  private final Vertx vertx = Vertx.vertx();
  private final WebClient http = WebClient.create(vertx);
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    await(vertx.close());
  }

  @Test
  void downloadThroughTheHttpApiBetweenSeparateProcesses() throws Exception {
    byte[] data = new byte[12 * 1024 * 1024 + 7];
    new Random(5).nextBytes(data);
    int trackerPort = freePort();
    Path trackerConf = Files.writeString(work.resolve("tracker.json"),
        new JsonObject().put("host", "127.0.0.1").put("port", trackerPort).put("peerTimeoutSeconds", 5).encode());
    start("tracker", "scripts/tracker.sh", trackerConf);

    int[] api = new int[3];
    Process[] peers = new Process[3];
    for (int i = 0; i < 3; i++) {
      String name = i < 2 ? "seeder-" + (i + 1) : "leecher";
      Path share = Files.createDirectories(work.resolve(name + "/share"));
      if (i < 2) {
        Files.write(share.resolve("data.bin"), data);
      }
      api[i] = freePort();
      Path conf = Files.writeString(work.resolve(name + ".json"), new JsonObject()
          .put("name", name).put("host", "127.0.0.1").put("port", 0)
          .put("shareDir", share.toString()).put("downloadDir", work.resolve(name + "/downloads").toString())
          .put("tracker", new JsonObject().put("host", "127.0.0.1").put("port", trackerPort))
          .put("heartbeatSeconds", 1)
          .put("http", new JsonObject().put("host", "127.0.0.1").put("port", api[i]).put("token", TOKEN))
          .encode());
      peers[i] = start(name, "scripts/peer.sh", conf);
    }
    int leecher = api[2];
    poll(() -> get(leecher, "/api/files?q=data.bin"),
        r -> r.statusCode() == 200 && r.bodyAsJsonObject().getJsonArray("files").size() == 1
            && r.bodyAsJsonObject().getJsonArray("files").getJsonObject(0).getInteger("sources") == 2);

    HttpResponse<Buffer> unauthorized = await(http.get(leecher, "127.0.0.1", "/api/node").send());
    assertEquals(401, unauthorized.statusCode());

    HttpResponse<Buffer> started = await(http.post(leecher, "127.0.0.1", "/api/downloads").bearerTokenAuthentication(TOKEN)
        .sendJsonObject(new JsonObject().put("name", "data.bin")));
    assertEquals(202, started.statusCode(), started.bodyAsString());
    String id = started.bodyAsJsonObject().getString("id");

    JsonObject done = poll(() -> get(leecher, "/api/downloads/" + id),
        r -> r.bodyAsJsonObject().getString("state").matches("completed|failed")).bodyAsJsonObject();
    assertEquals("completed", done.getString("state"), done.encodePrettily());
    assertArrayEquals(data, Files.readAllBytes(work.resolve("leecher/downloads/data.bin")));
    assertEquals(2, done.getJsonArray("sources").size());

    // SIGTERM: the seeder leaves the tracker on its way out, so it is gone at once.
    peers[0].destroy();
    assertTrue(peers[0].waitFor(20, TimeUnit.SECONDS), "seeder stops on SIGTERM");
    JsonObject list = await(get(leecher, "/api/peers")).bodyAsJsonObject();
    assertEquals(2, list.getJsonArray("peers").size(), list.encodePrettily());
  }

  @Test
  void badConfigurationStopsTheStartWithOneClearLine() throws Exception {
    Path conf = Files.writeString(work.resolve("bad.json"), new JsonObject()
        .put("shareDir", work.resolve("no-such-folder").toString())
        .put("downloadDir", work.resolve("downloads").toString())
        .put("http", new JsonObject().put("port", 0)).encode());
    Process peer = start("bad", "scripts/peer.sh", conf);
    assertTrue(peer.waitFor(60, TimeUnit.SECONDS));
    assertTrue(peer.exitValue() != 0);
    List<String> output = Files.readAllLines(work.resolve("bad.log"));
    assertEquals(List.of("peer failed to start: shareDir " + work.resolve("no-such-folder") + " is not a folder"),
        output);
  }

  private Process start(String name, String script, Path conf) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", PROJECT.resolve(script).toString(), "-conf", conf.toString())
        .directory(work.toFile())
        .redirectErrorStream(true)
        .redirectOutput(work.resolve(name + ".log").toFile());
    builder.environment().put("JAVA_OPTS", "-Xmx256m");
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private Future<HttpResponse<Buffer>> get(int port, String uri) {
    return http.get(port, "127.0.0.1", uri).bearerTokenAuthentication(TOKEN).timeout(5_000).send();
  }

  /** Repeats a request every 100 ms until its response passes, for at most 60 s. */
  private HttpResponse<Buffer> poll(java.util.function.Supplier<Future<HttpResponse<Buffer>>> request,
      Function<HttpResponse<Buffer>, Boolean> done) throws Exception {
    Promise<HttpResponse<Buffer>> result = Promise.promise();
    long deadline = System.currentTimeMillis() + 60_000;
    vertx.setPeriodic(0, 100, timer -> request.get().onComplete(ar -> {
      if (ar.succeeded() && done.apply(ar.result())) {
        vertx.cancelTimer(timer);
        result.tryComplete(ar.result());
      } else if (System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(timer);
        result.tryFail("gave up waiting; logs in " + work + ": " + logs());
      }
    }));
    return await(result.future());
  }

  private String logs() {
    StringBuilder all = new StringBuilder();
    for (File log : work.toFile().listFiles((d, n) -> n.endsWith(".log"))) {
      try {
        all.append("\n--- ").append(log.getName()).append('\n').append(Files.readString(log.toPath()));
      } catch (Exception e) {
        all.append(e);
      }
    }
    return all.toString();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
  }
}
