package p2pshare.lan;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import p2pshare.testkit.Await;
import p2pshare.testkit.Poll;

/**
 * An emulated network for one test class (scripts/lan.sh: a network namespace per host, a switch, NAT routers), with
 * the tracker and the peer nodes as separate processes in their hosts, started from the fat jars the build made and
 * driven over their HTTP APIs through each host's management address.
 *
 * <p>Register it as a static field with {@code @RegisterExtension}: the network is built before the class's first
 * test and removed, with every process in it, after its last. Without root, ip, tc or nft each test is skipped,
 * with the reason; in CI ({@code CI=true}) the class fails instead, so a missing tool cannot pass for a green build. Every wait
 * has a deadline. Used from the test thread.
 */
public final class EmulatedLan implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();
  static final Path SCRIPT = PROJECT.resolve("scripts/lan.sh");
  static final String TOKEN = "lan-test-token-0123456789";
  static final int TRACKER_PORT = 6881;
  static final int TRACKER_HTTP_PORT = 6882;
  static final int PEER_HTTP_PORT = 8080;
  private static final long START_SECONDS = 90;

  /** One host of the network, as scripts/lan.sh recorded it in hosts.tsv. */
  public record Host(String name, boolean behindNat, String ipv4, String ipv6, String management) {
  }

  private final List<String> lanHosts = new ArrayList<>();
  private final List<String> natHosts = new ArrayList<>();
  private boolean ipv6Only;
  private boolean natRandom;
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, Process> trackers = new LinkedHashMap<>();
  private String unavailable;
  private Path work;
  private Path state;
  private Vertx vertx;
  private WebClient http;

  private EmulatedLan() {
  }

  /** A network whose hosts are all on the LAN; the first is the tracker's (10.77.0.10, then .11, .12, ...). */
  public static EmulatedLan hosts(String... names) {
    EmulatedLan lan = new EmulatedLan();
    lan.lanHosts.addAll(List.of(names));
    return lan;
  }

  /** Adds hosts that sit each behind a NAT router of its own. */
  public EmulatedLan behindNat(String... names) {
    natHosts.addAll(List.of(names));
    return this;
  }

  /** The NAT routers map ports at random (nftables {@code masquerade fully-random}). */
  public EmulatedLan natRandom() {
    natRandom = true;
    return this;
  }

  /** The LAN is fd77::/64 only: no IPv4 on the hosts' LAN links. */
  public EmulatedLan ipv6Only() {
    ipv6Only = true;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path trackerJar = PROJECT.resolve("tracker-verticle/target/tracker.jar");
    Path peerJar = PROJECT.resolve("web-dashboard/target/peer-node.jar");
    if (!Files.isRegularFile(trackerJar) || !Files.isRegularFile(peerJar)) {
      throw new IllegalStateException("the emulated network runs the fat jars: build them first (mvn package)");
    }
    Result check = run(30, "bash", SCRIPT.toString(), "check");
    if (check.code() != 0) {
      String why = "no emulated network on this machine: " + check.output().strip();
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why + " (in CI this fails rather than skips; .ci/run installs the tools)");
      }
      // Each test is then reported as skipped with the reason (a class-level abort shows as no test at all).
      unavailable = why;
      System.err.println(context.getDisplayName() + " skipped: " + why);
      return;
    }
    work = Files.createTempDirectory("p2pshare-lan");
    state = work.resolve("lan");
    List<String> up = new ArrayList<>(List.of("bash", SCRIPT.toString(), "up", "--state", state.toString()));
    lanHosts.forEach(name -> up.addAll(List.of("--host", name)));
    natHosts.forEach(name -> up.addAll(List.of("--nat-host", name)));
    if (ipv6Only) {
      up.add("--ipv6-only");
    }
    if (natRandom) {
      up.add("--nat-random");
    }
    Result built = run(60, up.toArray(String[]::new));
    if (built.code() != 0) {
      throw new IllegalStateException("scripts/lan.sh up failed: " + built.output());
    }
    for (String line : Files.readAllLines(state.resolve("hosts.tsv"))) {
      String[] f = line.split("\t");
      hosts.put(f[0], new Host(f[0], f[1].equals("nat"), dash(f[2]), dash(f[3]), f[4]));
    }
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Assumptions.assumeTrue(unavailable == null, unavailable);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (vertx != null) {
      Await.await(vertx.close());
    }
    if (state != null) {
      // Also stops whatever a test started in a host and left behind.
      Result down = run(60, "bash", SCRIPT.toString(), "down", "--state", state.toString());
      if (down.code() != 0) {
        throw new IllegalStateException("scripts/lan.sh down failed: " + down.output());
      }
    }
    if (work != null) {
      try (Stream<Path> all = Files.walk(work)) {
        all.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  public Host host(String name) {
    Host host = hosts.get(name);
    if (host == null) {
      throw new IllegalArgumentException("no host " + name + " in this network");
    }
    return host;
  }

  /** The address {@code name}'s nodes use on the LAN: IPv6 on an IPv6-only network, IPv4 otherwise. */
  public String address(String name) {
    Host host = host(name);
    return host.ipv4() != null ? host.ipv4() : host.ipv6();
  }

  /** Where the other peers see {@code name}'s connections come from: its NAT router's outside address if it has one. */
  public String seenAt(String name) {
    Host host = host(name);
    if (!host.behindNat()) {
      return address(name);
    }
    return "10.77.1." + host.ipv4().split("\\.")[2];
  }

  /**
   * Starts the tracker in host {@code name}, unless it runs already, and waits until its /health answers; the
   * tracker stays up for the class's other tests.
   */
  public Process startTracker(String name) throws Exception {
    if (trackers.containsKey(name)) {
      return trackers.get(name);
    }
    Host host = host(name);
    JsonObject conf = new JsonObject().put("host", ipv6Only ? "::" : "0.0.0.0").put("port", TRACKER_PORT)
        .put("httpPort", TRACKER_HTTP_PORT).put("httpAllowedHosts", new JsonArray().add(host.management()))
        .put("peerTimeoutSeconds", 5).put("warmUp", false);
    Process tracker = start(name, "scripts/tracker.sh", conf);
    poll(() -> http.get(TRACKER_HTTP_PORT, host.management(), "/health").timeout(5_000).send()
        .map(HttpResponse::statusCode), code -> code == 200, tracker, name);
    trackers.put(name, tracker);
    return tracker;
  }

  /**
   * Starts a peer node in host {@code name} that joins the tracker in host {@code tracker}, and waits until it has
   * joined; {@code extra} is merged over its configuration.
   */
  public Process startPeer(String name, String tracker, JsonObject extra) throws Exception {
    Host host = host(name);
    // A host behind NAT has IPv4 only, and reaches the tracker through its router.
    String trackerAddress = host.behindNat() ? host(tracker).ipv4() : address(tracker);
    JsonObject conf = new JsonObject()
        .put("name", name).put("host", address(name)).put("port", 0)
        .put("shareDir", share(name).toString()).put("downloadDir", downloads(name).toString())
        .put("trackers", new JsonArray().add(new JsonObject().put("host", trackerAddress).put("port", TRACKER_PORT)))
        .put("heartbeatSeconds", 1)
        .put("http", new JsonObject().put("host", host.management()).put("port", PEER_HTTP_PORT).put("token", TOKEN))
        .mergeIn(extra, true);
    Process peer = start(name, "scripts/peer.sh", conf);
    poll(() -> get(name, "/api/node").map(r -> r.statusCode() == 200 ? r.bodyAsJsonObject() : null),
        node -> node != null && "joined".equals(node.getString("trackerState")), peer, name);
    return peer;
  }

  public Path share(String name) throws IOException {
    return Files.createDirectories(work.resolve(name + "/share"));
  }

  public Path downloads(String name) {
    return work.resolve(name + "/downloads");
  }

  public Future<HttpResponse<Buffer>> get(String name, String uri) {
    return http.get(PEER_HTTP_PORT, host(name).management(), uri).bearerTokenAuthentication(TOKEN).timeout(5_000)
        .send();
  }

  public Future<HttpResponse<Buffer>> post(String name, String uri, JsonObject body) {
    return http.post(PEER_HTTP_PORT, host(name).management(), uri).bearerTokenAuthentication(TOKEN).timeout(5_000)
        .sendJsonObject(body);
  }

  /** GETs {@code uri} from {@code name}'s API every 200 ms until the answer passes, for at most {@code seconds}. */
  public JsonObject pollJson(String name, String uri, Predicate<JsonObject> done, long seconds) throws Exception {
    try {
      return Poll.until(vertx, () -> get(name, uri).map(r -> r.statusCode() == 200 ? r.bodyAsJsonObject() : null),
          json -> json != null && done.test(json), 200, seconds);
    } catch (Exception e) {
      throw new AssertionError(e.getMessage() + logs(), e);
    }
  }

  /** Runs {@code command} in host {@code name} and returns its exit code and output, for at most 30 s. */
  public Result exec(String name, String... command) throws Exception {
    List<String> all = new ArrayList<>(List.of("bash", SCRIPT.toString(), "exec", "--state", state.toString(), name));
    all.addAll(List.of(command));
    return run(30, all.toArray(String[]::new));
  }

  /** The logs of every node started so far, for a failure message. */
  public String logs() {
    StringBuilder all = new StringBuilder();
    File[] logs = work.toFile().listFiles((d, n) -> n.endsWith(".log"));
    for (File log : logs == null ? new File[0] : logs) {
      try {
        all.append("\n--- ").append(log.getName()).append('\n').append(Files.readString(log.toPath()));
      } catch (IOException e) {
        all.append(e);
      }
    }
    return all.toString();
  }

  /** A command's exit code and its output (stdout and stderr together). */
  public record Result(int code, String output) {
  }

  private Process start(String name, String script, JsonObject conf) throws Exception {
    Path file = Files.writeString(work.resolve(name + ".json"), conf.encodePrettily());
    ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "exec", "--state", state.toString(), name,
        "bash", PROJECT.resolve(script).toString(), "-conf", file.toString())
        .directory(work.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(name + ".log").toFile()));
    builder.environment().put("JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC");
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /**
   * Repeats {@code attempt} every 200 ms until its result passes {@code done}, for at most {@link #START_SECONDS};
   * gives up at once if the node's process ends.
   */
  private <T> void poll(Supplier<Future<T>> attempt, Predicate<T> done, Process process, String name)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    Object last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + logs());
      }
      try {
        T result = Await.await(attempt.get(), 10);
        if (done.test(result)) {
          return;
        }
        last = result;
      } catch (Exception e) {
        last = e;
      }
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
    throw new AssertionError(name + " did not come up within " + START_SECONDS + " s; last: " + last + logs());
  }

  private static String dash(String field) {
    return field.equals("-") ? null : field;
  }

  private static Result run(long seconds, String... command) throws Exception {
    File output = File.createTempFile("lan-", ".out");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(output)).start();
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not end within " + seconds + " s");
      }
      return new Result(process.exitValue(), Files.readString(output.toPath()));
    } finally {
      output.delete();
    }
  }
}
