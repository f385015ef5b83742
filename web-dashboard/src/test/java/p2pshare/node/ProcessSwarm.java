package p2pshare.node;

import static p2pshare.testkit.Await.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import p2pshare.testkit.Poll;

/**
 * Trackers and peer nodes as separate processes, started the way a user starts them (scripts/tracker.sh and
 * scripts/peer.sh with a -conf file), each logging into the work folder, and driven over their HTTP APIs.
 */
final class ProcessSwarm implements AutoCloseable {
  static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();
  static final String TOKEN = "it-secret";

  final Path work;
  final Vertx vertx = Vertx.vertx();
  final WebClient http = WebClient.create(vertx);
  private final NetClient probe = vertx.createNetClient();
  private final List<Process> processes = new ArrayList<>();

  ProcessSwarm(Path work) {
    this.work = work;
  }

  /** Starts a tracker on {@code port} and waits until it accepts connections. */
  Process tracker(int port) throws Exception {
    return tracker(port, 0);
  }

  /** Starts a tracker on {@code port}, with /metrics and /health on {@code httpPort}. */
  Process tracker(int port, int httpPort) throws Exception {
    Path conf = Files.writeString(work.resolve("tracker.json"),
        new JsonObject().put("host", "127.0.0.1").put("port", port).put("peerTimeoutSeconds", 5)
            .put("httpPort", httpPort).put("warmUp", false).encode());
    Process tracker = start("tracker", "scripts/tracker.sh", conf);
    poll(() -> probe.connect(port, "127.0.0.1").compose(s -> s.close().map(true)), ok -> ok);
    return tracker;
  }

  /**
   * Starts one node of a tracker cluster on {@code port}, with /health on {@code httpPort}, as a user does
   * ({@code scripts/tracker.sh -cluster}) but with its own Hazelcast configuration; waits until it accepts connections.
   */
  Process clusteredTracker(String name, int port, int httpPort, Path clusterXml) throws Exception {
    Path conf = Files.writeString(work.resolve(name + ".json"),
        new JsonObject().put("host", "127.0.0.1").put("port", port).put("peerTimeoutSeconds", 5)
            .put("httpPort", httpPort).encode());
    Process tracker = start(name, "scripts/tracker.sh", conf, "-Dvertx.hazelcast.config=" + clusterXml, "-cluster");
    poll(() -> probe.connect(port, "127.0.0.1").compose(s -> s.close().map(true)), ok -> ok);
    return tracker;
  }

  /** Starts a peer node; {@code extra} is merged over the generated configuration. */
  Process peer(String name, int trackerPort, int apiPort, JsonObject extra) throws Exception {
    return peer(name, new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", trackerPort)), apiPort,
        extra);
  }

  /** Starts a peer node that knows these tracker nodes ({@code trackers}, in order). */
  Process peer(String name, JsonArray trackers, int apiPort, JsonObject extra) throws Exception {
    Path conf = Files.writeString(work.resolve(name + ".json"), new JsonObject()
        .put("name", name).put("host", "127.0.0.1").put("port", 0)
        .put("shareDir", share(name).toString()).put("downloadDir", downloads(name).toString())
        .put("trackers", trackers)
        .put("heartbeatSeconds", 1)
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", apiPort).put("token", TOKEN))
        .mergeIn(extra, true).encode());
    return start(name, "scripts/peer.sh", conf);
  }

  Path share(String name) throws IOException {
    return Files.createDirectories(work.resolve(name + "/share"));
  }

  Path downloads(String name) {
    return work.resolve(name + "/downloads");
  }

  Process start(String name, String script, Path conf) throws Exception {
    return start(name, script, conf, "");
  }

  /** Starts a script with {@code -conf conf} and {@code args}; {@code javaOpts} go to the JVM after -Xmx256m. */
  Process start(String name, String script, Path conf, String javaOpts, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", PROJECT.resolve(script).toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-conf", conf.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(work.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(name + ".log").toFile()));
    builder.environment().put("JAVA_OPTS", ("-Xmx256m " + javaOpts).trim());
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  Future<HttpResponse<Buffer>> get(int port, String uri) {
    return http.get(port, "127.0.0.1", uri).bearerTokenAuthentication(TOKEN).timeout(5_000).send();
  }

  Future<HttpResponse<Buffer>> post(int port, String uri, JsonObject body) {
    return http.post(port, "127.0.0.1", uri).bearerTokenAuthentication(TOKEN).timeout(5_000).sendJsonObject(body);
  }

  /** GETs {@code uri} every 100 ms until the JSON answer passes, for at most 60 s. */
  JsonObject pollJson(int port, String uri, Predicate<JsonObject> done) throws Exception {
    return poll(() -> get(port, uri).map(r -> r.statusCode() == 200 ? r.bodyAsJsonObject() : null),
        json -> json != null && done.test(json));
  }

  /** Repeats {@code attempt} every 100 ms until its result passes, for at most 60 s. */
  <T> T poll(Supplier<Future<T>> attempt, Predicate<T> done) throws Exception {
    try {
      return Poll.until(vertx, attempt, done, 100, 60);
    } catch (Exception e) {
      throw new AssertionError(e.getMessage() + logs(), e);
    }
  }

  String logs() {
    StringBuilder all = new StringBuilder();
    for (File log : work.toFile().listFiles((d, n) -> n.endsWith(".log"))) {
      try {
        all.append("\n--- ").append(log.getName()).append('\n').append(Files.readString(log.toPath()));
      } catch (IOException e) {
        all.append(e);
      }
    }
    return all.toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      p.waitFor(10, TimeUnit.SECONDS);
    }
    await(vertx.close());
  }
}
