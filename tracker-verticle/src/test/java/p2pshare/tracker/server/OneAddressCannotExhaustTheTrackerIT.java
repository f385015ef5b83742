package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.protocol.Frames;

/**
 * The attack of one machine on the tracker's memory, played against the tracker jar in a JVM of 256 MiB: from
 * 127.0.0.1, more connections than it may have, each joining with 1,000 files under distinct names of 255 UTF-8 bytes
 * made of rare three-letter pieces (the costliest for the name index), then adding 1,000 more four times. The
 * tracker keeps only what the budget of the address allows and refuses the rest with {@code limit}; peers from
 * 127.0.0.2 still join and are found; and the heap after a full GC stays under {@link #HEAP_BOUND_MIB}.
 */
@Timeout(value = 110, unit = TimeUnit.SECONDS)
class OneAddressCannotExhaustTheTrackerIT {
  /** The budget of one address (768 KiB of names) costs at most ~110 MB of heap; the tracker itself ~25 MB. */
  private static final long HEAP_BOUND_MIB = 150;
  private static final int ATTACK_CONNECTIONS = 200;
  private static final int FILES_PER_FRAME = 1000;
  private static final int FRAMES_PER_CONNECTION = 5;
  private static final int VARIANTS = 4;
  private static final Pattern LISTENING = Pattern.compile("tracker listening on 127\\.0\\.0\\.1:(\\d+)");

  @TempDir
  Path work;

  private final Vertx vertx = Vertx.vertx();
  private Process tracker;

  @AfterEach
  void stop() throws Exception {
    if (tracker != null) {
      tracker.destroy();
      if (!tracker.waitFor(10, TimeUnit.SECONDS)) {
        tracker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void oneAddressGetsItsBudgetAndNoMoreWhileOthersStillJoin() throws Exception {
    int port = startTracker();
    Random random = new Random(42);
    // Distinct file lists for the frames that may be kept; the rest reuse them, since they are refused anyway.
    Buffer[][] frames = new Buffer[VARIANTS][FRAMES_PER_CONNECTION];
    for (int v = 0; v < VARIANTS; v++) {
      for (int f = 0; f < FRAMES_PER_CONNECTION; f++) {
        frames[v][f] = hostileFrame(random, v, f);
      }
    }

    List<TrackerTestClient> attackers = new ArrayList<>();
    for (int i = 0; i < ATTACK_CONNECTIONS; i++) {
      attackers.add(TrackerTestClient.connectFrom(vertx, port, "127.0.0.1"));
    }
    int kept = 0;
    int refused = 0;
    for (int f = 0; f < FRAMES_PER_CONNECTION; f++) {
      List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
      for (int i = 0; i < attackers.size(); i++) {
        if (!attackers.get(i).isClosed()) {
          replies.add(attackers.get(i).sendEncoded(f + 1, frames[i % VARIANTS][f]).exceptionally(e -> null));
        }
      }
      for (CompletableFuture<JsonObject> reply : replies) {
        JsonObject answer = reply.completeOnTimeout(null, 60, TimeUnit.SECONDS).get();
        if (answer == null) {
          continue; // a connection beyond the limit, closed on arrival
        }
        if ("limit".equals(answer.getString("code"))) {
          refused++;
        } else if (!"error".equals(answer.getString("type"))) {
          kept++;
        }
      }
    }
    long open = attackers.stream().filter(c -> !c.isClosed()).count();
    assertTrue(open < ATTACK_CONNECTIONS, "one address kept all of its " + open + " connections");
    assertTrue(refused > 0 && kept > 0, "kept " + kept + ", refused " + refused);

    // Honest peers elsewhere: each joins with 200 files and is found.
    List<TrackerTestClient> honest = new ArrayList<>();
    for (int p = 0; p < 10; p++) {
      JsonArray files = new JsonArray();
      for (int i = 0; i < 200; i++) {
        files.add(TrackerFixture.file("honest-" + p + "-" + i, "holiday-" + p + "-" + i + ".jpg", 1000 + i));
      }
      TrackerTestClient peer = TrackerTestClient.connectFrom(vertx, port, "127.0.0.2");
      JsonObject joined = peer.call(new JsonObject().put("type", "join").put("name", "honest-" + p)
          .put("host", "127.0.0.2").put("port", 7000 + p).put("files", files));
      assertEquals("joined", joined.getString("type"), joined.encode());
      honest.add(peer);
    }
    JsonArray found = honest.get(0).call(new JsonObject().put("type", "search").put("q", "holiday-9-199.jpg"))
        .getJsonArray("files");
    assertEquals(1, found.size(), found.encode());
    assertEquals(1, found.getJsonObject(0).getInteger("sources"));

    long heapMib = heapAfterFullGcMib();
    assertTrue(heapMib < HEAP_BOUND_MIB, "heap after a full GC: " + heapMib + " MiB, bound " + HEAP_BOUND_MIB);
    assertTrue(tracker.isAlive());
    System.out.printf("one address: %d frames kept, %d refused, %d connections open; heap after GC %d MiB%n",
        kept, refused, open, heapMib);
  }

  private int startTracker() throws Exception {
    Path conf = work.resolve("tracker.json");
    Files.writeString(conf, new JsonObject().put("host", "127.0.0.1").put("port", 0).put("httpPort", -1)
        .put("peerTimeoutSeconds", 120).encode());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    tracker = new ProcessBuilder(java.toString(), "-Xmx256m", "-jar", Path.of("target", "tracker.jar").toString(),
        "-conf", conf.toString()).redirectErrorStream(true).start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(tracker.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
          if (line.contains("OutOfMemoryError")) {
            System.err.println(line);
          }
        }
      } catch (IOException e) {
        port.completeExceptionally(e);
      }
      port.completeExceptionally(new IllegalStateException("the tracker exited before it listened"));
    }, "tracker-output");
    reader.setDaemon(true);
    reader.start();
    return port.get(30, TimeUnit.SECONDS);
  }

  /** A join (frame 0) or an update that adds 1,000 files with names of 255 UTF-8 bytes of random 2-byte letters. */
  private static Buffer hostileFrame(Random random, int variant, int frame) {
    JsonArray files = new JsonArray();
    byte[] id = new byte[32];
    for (int i = 0; i < FILES_PER_FRAME; i++) {
      random.nextBytes(id);
      StringBuilder name = new StringBuilder();
      for (int c = 0; c < 127; c++) {
        name.append((char) (0x400 + random.nextInt(0x400)));
      }
      files.add(new JsonObject().put("fileId", HexFormat.of().formatHex(id)).put("name", name.append('x').toString())
          .put("size", 1 + random.nextInt(1 << 20)));
    }
    JsonObject message = frame == 0
        ? new JsonObject().put("type", "join").put("name", "a".repeat(255)).put("host", "b".repeat(255))
            .put("port", 7000 + variant).put("files", files)
        : new JsonObject().put("type", "update").put("add", files);
    return Frames.json(message.put("id", frame + 1));
  }

  /** Runs a full GC in the tracker's JVM and reads the heap in use after it. */
  private long heapAfterFullGcMib() throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    String pid = String.valueOf(tracker.pid());
    run(jcmd, pid, "GC.run");
    String info = run(jcmd, pid, "GC.heap_info");
    Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
    assertTrue(used.find(), info);
    return Long.parseLong(used.group(1)) / 1024;
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, out);
    return out;
  }
}
