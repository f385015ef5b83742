package p2pshare.peer.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What room a download needs: what its part file still misses, plus the margin. */
@ExtendWith(VertxExtension.class)
class SpaceCheckTest {
  private static final String FILE_ID = "ab".repeat(32);

  @TempDir
  Path downloads;

  private Path parts;

  private DownloadException.Reason check(Vertx vertx, long free, long size) throws Exception {
    parts = parts != null ? parts : Files.createDirectories(downloads.resolve("parts"));
    SpaceCheck check = new SpaceCheck(vertx, dir -> {
      assertEquals(downloads, dir, "the download folder's disk is asked");
      return free;
    }, downloads, parts);
    try {
      check.roomFor(FILE_ID, size).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return ((DownloadException) e.getCause()).reason();
    }
  }

  @Test
  void aFileFitsWhenTheFreeSpaceCoversItAndTheMargin(Vertx vertx) throws Exception {
    assertEquals(null, check(vertx, 1_000_000 + SpaceCheck.MARGIN, 1_000_000));
    assertEquals(DownloadException.Reason.NO_SPACE, check(vertx, 1_000_000 + SpaceCheck.MARGIN - 1, 1_000_000));
  }

  @Test
  void thePartFileOfAnEarlierRunAlreadyHoldsItsBytes(Vertx vertx) throws Exception {
    parts = Files.createDirectories(downloads.resolve("parts"));
    Files.write(parts.resolve(FILE_ID + ".part"), new byte[600_000]);

    assertEquals(null, check(vertx, 400_000 + SpaceCheck.MARGIN, 1_000_000));
    assertEquals(DownloadException.Reason.NO_SPACE, check(vertx, 400_000 + SpaceCheck.MARGIN - 1, 1_000_000));
  }

  @Test
  void sizesReadAsDiskToolsShowThem() {
    assertEquals("0 B", SpaceCheck.readable(0));
    assertEquals("999 B", SpaceCheck.readable(999));
    assertEquals("1.0 kB", SpaceCheck.readable(1000));
    assertEquals("1.0 MB", SpaceCheck.readable(999_999));
    assertEquals("300 MB", SpaceCheck.readable(300_000_000));
    assertEquals("1.2 GB", SpaceCheck.readable(1_200_000_000));
    assertEquals("12 TB", SpaceCheck.readable(12_000_000_000_000L));
  }

  @Test
  void theDefaultAsksTheRealDisk() throws Exception {
    assertTrue(FreeSpace.FILE_STORE.usableBytes(downloads) > 0);
  }
}
