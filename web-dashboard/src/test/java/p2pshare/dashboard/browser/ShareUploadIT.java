package p2pshare.dashboard.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.PeerBus;

/** {@code POST /api/shares}: a file streamed from the page joins the node's shares, and bad uploads leave nothing. */
class ShareUploadIT {
  private static final long LIMIT = 60L << 20;

  @TempDir
  Path root;
  private DashboardSwarm swarm;
  private DashboardSwarm.Seeder other;
  private final Vertx client = Vertx.vertx();
  private WebClient web;

  @BeforeEach
  void start() throws Exception {
    swarm = new DashboardSwarm(root);
    other = swarm.seeder("other", "unrelated.txt", "hello".getBytes());
    swarm.startNode("laptop", new JsonObject().put("http", new JsonObject().put("maxUploadBytes", LIMIT)));
    web = WebClient.create(client);
  }

  @AfterEach
  void stop() throws Exception {
    await(client.close());
    swarm.close();
  }

  @Test
  void anUploadedFileIsSharedAndAnotherPeerDownloadsIt() throws Exception {
    byte[] content = randomBytes(50 << 20, 1);
    HttpResponse<Buffer> response = upload("song.bin", content);
    assertEquals(201, response.statusCode(), response.bodyAsString());
    assertEquals(new JsonObject().put("name", "song.bin").put("size", content.length), response.bodyAsJsonObject());
    assertArrayEquals(content, Files.readAllBytes(swarm.nodeShare().resolve("song.bin")));
    assertEquals(List.of("song.bin"), entries(swarm.nodeShare()));

    // The other peer finds it in the network and downloads it, byte-identical.
    DashboardSwarm.askUntil(other.vertx(), PeerBus.FILES, new JsonObject().put("q", "song.bin"),
        files -> !files.getJsonArray("files").isEmpty());
    JsonObject started = await(other.vertx().eventBus().<JsonObject>request(PeerBus.DOWNLOAD_START,
        new JsonObject().put("name", "song.bin"))).body();
    JsonObject done = DashboardSwarm.askUntil(other.vertx(), PeerBus.DOWNLOAD_GET,
        new JsonObject().put("id", started.getString("id")),
        d -> List.of("completed", "failed").contains(d.getString("state")));
    assertEquals("completed", done.getString("state"), done.encode());
    assertArrayEquals(content, Files.readAllBytes(Path.of(done.getString("path"))));
  }

  @Test
  void aTakenNameIsNeverOverwrittenAndAHostileNameStaysInside() throws Exception {
    byte[] first = randomBytes(1000, 2);
    byte[] second = randomBytes(2000, 3);
    assertEquals(201, upload("a.txt", first).statusCode());
    HttpResponse<Buffer> again = upload("a.txt", second);
    assertEquals("a (1).txt", again.bodyAsJsonObject().getString("name"));
    assertArrayEquals(first, Files.readAllBytes(swarm.nodeShare().resolve("a.txt")));
    assertArrayEquals(second, Files.readAllBytes(swarm.nodeShare().resolve("a (1).txt")));

    HttpResponse<Buffer> hostile = upload("../../x", first);
    assertEquals(201, hostile.statusCode());
    String name = hostile.bodyAsJsonObject().getString("name");
    assertFalse(name.contains("/") || name.startsWith("."), name);
    assertArrayEquals(first, Files.readAllBytes(swarm.nodeShare().resolve(name)));
    assertFalse(Files.exists(root.resolve("x")));
    assertFalse(Files.exists(swarm.nodeShare().getParent().getParent().resolve("x")));
    assertEquals(Stream.of("a (1).txt", "a.txt", name).sorted().toList(), entries(swarm.nodeShare()));
  }

  @Test
  void refusedUploadsLeaveNothingOnDisk() throws Exception {
    byte[] content = randomBytes(1 << 20, 4);
    HttpResponse<Buffer> noToken = upload("x.bin", content, false);
    assertEquals(401, noToken.statusCode());
    HttpResponse<Buffer> foreign = send(request("x.bin", true).putHeader("Origin", "http://evil.example"), content);
    assertEquals(403, foreign.statusCode());
    assertEquals(400, upload("", content).statusCode());
    assertEquals(List.of(), entries(swarm.nodeShare()));
  }

  @Test
  void aFileOverTheLimitIsRefusedAndRemoved() throws Exception {
    byte[] content = randomBytes((int) LIMIT + 1, 5);
    // Declared too large: refused before any byte is read.
    assertEquals(413, upload("big.bin", content).statusCode());
    // Sent without a length (chunked): refused once the count passes the limit, its partial file removed.
    Path source = root.resolve("big-source.bin");
    Files.write(source, content);
    AsyncFile file = await(client.fileSystem().open(source.toString(), new OpenOptions().setRead(true)));
    HttpResponse<Buffer> chunked = await(request("big.bin", true).sendStream(file));
    await(file.close());
    assertEquals(413, chunked.statusCode());
    assertTrue(chunked.bodyAsString().contains("http.maxUploadBytes"), chunked.bodyAsString());
    assertEquals(List.of(), entries(swarm.nodeShare()));
  }

  private HttpResponse<Buffer> upload(String name, byte[] content) throws Exception {
    return send(request(name, true), content);
  }

  private HttpResponse<Buffer> upload(String name, byte[] content, boolean token) throws Exception {
    return send(request(name, token), content);
  }

  private HttpRequest<Buffer> request(String name, boolean token) {
    HttpRequest<Buffer> request = web.postAbs(swarm.url("/api/shares")).addQueryParam("name", name);
    return token ? request.bearerTokenAuthentication(DashboardSwarm.TOKEN) : request;
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, byte[] content) throws Exception {
    return await(request.sendBuffer(Buffer.buffer(content)));
  }

  /** Every entry of a folder, hidden ones included, sorted. */
  private static List<String> entries(Path dir) throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
