package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.peer.wire.PeerDialer;
import p2pshare.protocol.ReceiveBudget;
import p2pshare.tls.NetworkTls;

/**
 * Runs the download flow itself ({@link SwarmDownload}: the manifest's proof, picking, receiving, verifying, writing
 * and publishing) a few times over against one loopback source at start, so that the JIT has compiled it before the
 * first real download. The file should be small, with small chunks: it is the per-chunk code that needs the turns,
 * not the bytes. Each round publishes into a folder of the warm-up's own, under {@code dir}, removed at the end;
 * nothing reaches the tracker, the metrics, the node's bans or its download records.
 */
public final class DownloadWarmUp {
  static final String FOLDER = "warm-up-downloads";

  private DownloadWarmUp() {
  }

  /**
   * Downloads {@code manifest}'s file {@code rounds} times from {@code source} (a source entry as the tracker lists
   * them) with the node's {@code settings} less any bandwidth limit; completes with the chunks verified and written,
   * or fails with the first round that failed. The folder is removed however it ends.
   */
  public static Future<Integer> run(Vertx vertx, NetworkTls tls, String self, DownloadSettings settings, Path dir,
      JsonObject source, Manifest manifest, int rounds) {
    Path folder = dir.resolve(FOLDER);
    PeerDialer dialer = new PeerDialer(vertx.createNetClient(tls.client(new NetClientOptions()
        .setConnectTimeout((int) settings.stallMillis()).setTcpNoDelay(true))), tls);
    Dialing dialing = new Dialing(vertx, dialer, new ChunkBuffers(new ReceiveBudget(settings.maxReceiveBytes())),
        self);
    SwarmSetup setup = new SwarmSetup(dialing, settings.unlimited(), new DownloadFolders(folder.resolve("parts"),
        folder.resolve("records"), folder.resolve("downloads")), PeerMeters.none(),
        BanList.inMemory(vertx, settings.banMillis()));
    return vertx.executeBlocking(() -> {
      removeTree(folder); // left by a node killed during its warm-up
      Files.createDirectories(setup.folders().parts());
      Files.createDirectories(setup.folders().downloads());
      return null;
    }, false).compose(v -> round(setup, source, manifest, 0, rounds))
        .eventually(dialer::close)
        .eventually(() -> vertx.executeBlocking(() -> {
          removeTree(folder);
          return null;
        }, false));
  }

  private static Future<Integer> round(SwarmSetup setup, JsonObject source, Manifest manifest, int done,
      int rounds) {
    if (done == rounds) {
      return Future.succeededFuture(done * manifest.chunkCount());
    }
    Vertx vertx = setup.dialing().vertx();
    DownloadProgress progress = new DownloadProgress("warm-up-" + done, manifest.fileId(), manifest.name(),
        manifest.size());
    Promise<Path> published = Promise.promise();
    new SwarmDownload(setup, progress, List.of(source), SwarmHooks.NONE).run()
        .subscribe(file -> published.complete(file.path()), published::fail);
    return published.future()
        .compose(path -> vertx.executeBlocking(() -> Files.deleteIfExists(path), false))
        .compose(deleted -> round(setup, source, manifest, done + 1, rounds));
  }

  private static void removeTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(folder)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
