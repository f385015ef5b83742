package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Refuses a download the download folder has no room for, before it starts rather than when the disk fills up
 * halfway. Counts only what is still missing: the part file a resume keeps already holds its bytes. The part file
 * is linked, not copied, into the download folder at the end, so the file needs its room once. Looks at the disk
 * on a worker thread; call it from the engine's event loop.
 */
final class SpaceCheck {
  /** Room kept free beyond the file itself, for its bitmap, manifest and record, and the file system's own needs. */
  static final long MARGIN = 8L * 1024 * 1024;

  private final Vertx vertx;
  private final FreeSpace freeSpace;
  private final Path downloadDir;
  private final Path partDir;

  SpaceCheck(Vertx vertx, FreeSpace freeSpace, Path downloadDir, Path partDir) {
    this.vertx = vertx;
    this.freeSpace = freeSpace;
    this.downloadDir = downloadDir;
    this.partDir = partDir;
  }

  /** Succeeds when the file of {@code size} bytes fits; fails with {@link DownloadException.Reason#NO_SPACE} if not. */
  Future<Void> roomFor(String fileId, long size) {
    return vertx.executeBlocking(() -> {
      long needed = Math.max(0, size - partBytes(fileId, size)) + MARGIN;
      long free = freeSpace.usableBytes(downloadDir);
      if (free < needed) {
        throw new DownloadException(DownloadException.Reason.NO_SPACE, "not enough space in " + downloadDir
            + ": needs " + readable(needed) + ", " + readable(free) + " free");
      }
      return null;
    }, false);
  }

  /** The length of the part file an earlier run left (its chunks arrive about in order, so it has few holes). */
  private long partBytes(String fileId, long size) throws IOException {
    try {
      return Math.min(size, Files.size(PartFile.partPath(partDir, fileId)));
    } catch (NoSuchFileException none) {
      return 0;
    }
  }

  /** {@code 1.2 GB}, {@code 300 MB}: decimal units, as disk tools and file managers show them. */
  static String readable(long bytes) {
    String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    double value = bytes;
    int unit = 0;
    while (value >= 999.95 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return unit == 0 ? bytes + " B"
        : String.format(Locale.ROOT, value < 9.95 ? "%.1f %s" : "%.0f %s", value, units[unit]);
  }
}
