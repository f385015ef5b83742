package p2pshare.peer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.serve.ChunkRecheck.Outcome;
import p2pshare.peer.share.ShareScanner;
import p2pshare.peer.share.SharedFile;

/** A reported chunk is hashed again from disk, within limits that reports cannot get around. */
@ExtendWith(VertxExtension.class)
class ChunkRecheckTest {
  private static final int CHUNK = 16 * 1024;

  @TempDir
  Path dir;

  private static <T> T on(Vertx vertx, Supplier<Future<T>> call) throws Exception {
    Promise<T> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> call.get().onComplete(result));
    return result.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private List<SharedFile> shared(int files) throws Exception {
    Path share = Files.createDirectories(dir.resolve("share"));
    for (int i = 0; i < files; i++) {
      byte[] data = new byte[4 * CHUNK];
      new Random(i).nextBytes(data);
      Files.write(share.resolve("f" + i + ".bin"), data);
    }
    List<SharedFile> scanned = new ArrayList<>(new ShareScanner(List.of(share), CHUNK, 100).scan(Map.of()));
    scanned.sort((a, b) -> a.path().compareTo(b.path()));
    return scanned;
  }

  @Test
  void aFlippedByteIsFoundAndAnIntactChunkIsNot(Vertx vertx) throws Exception {
    SharedFile file = shared(1).get(0);
    List<SharedFile> corrupt = new ArrayList<>();
    ChunkRecheck recheck = new ChunkRecheck(vertx, corrupt::add);
    FileTime mtime = Files.getLastModifiedTime(file.path());
    try (RandomAccessFile raf = new RandomAccessFile(file.path().toFile(), "rw")) {
      raf.seek(CHUNK + 3);
      int b = raf.read();
      raf.seek(CHUNK + 3);
      raf.write(b ^ 0x80);
    }
    Files.setLastModifiedTime(file.path(), mtime);

    assertEquals(Outcome.INTACT, on(vertx, () -> recheck.check(file, 0)));
    assertEquals(List.of(), corrupt);
    assertEquals(Outcome.CORRUPT, on(vertx, () -> recheck.check(file, 1)));
    assertEquals(List.of(file), corrupt);
    assertEquals(Outcome.IGNORED, on(vertx, () -> recheck.check(file, 4)), "no such chunk");
  }

  @Test
  void reportsCannotMakeANodeHashWithoutEnd(Vertx vertx) throws Exception {
    List<SharedFile> files = shared(3);
    List<Promise<Outcome>> hashing = new ArrayList<>();
    ChunkRecheck recheck = new ChunkRecheck((file, index) -> {
      Promise<Outcome> done = Promise.promise();
      hashing.add(done);
      return done.future();
    }, f -> { });
    // One check per file at a time, and at most MAX_RUNNING at once.
    List<Outcome> burst = on(vertx, () -> {
      List<Future<Outcome>> asked = List.of(recheck.check(files.get(0), 0), recheck.check(files.get(0), 1),
          recheck.check(files.get(1), 0), recheck.check(files.get(2), 0));
      hashing.forEach(p -> p.complete(Outcome.INTACT));
      return Future.all(asked).map(all -> all.<Outcome>list());
    });
    assertEquals(List.of(Outcome.INTACT, Outcome.IGNORED, Outcome.INTACT, Outcome.IGNORED), burst);
    assertEquals(2, hashing.size());
    // At most MAX_PER_MINUTE a minute, however they come.
    for (int checked = 2; checked < ChunkRecheck.MAX_PER_MINUTE; checked++) {
      assertEquals(Outcome.INTACT, on(vertx, () -> {
        Future<Outcome> one = recheck.check(files.get(0), 2);
        hashing.get(hashing.size() - 1).tryComplete(Outcome.INTACT);
        return one;
      }));
    }
    assertEquals(Outcome.IGNORED, on(vertx, () -> recheck.check(files.get(1), 3)));
    assertEquals(ChunkRecheck.MAX_PER_MINUTE, hashing.size());
  }
}
