package p2pshare.peer.download;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Gives a finished file its name in the download folder: a name nobody uses yet, never replacing a file, and the
 * fileId's name when the file system refuses the one the file came with. Blocking: worker threads only.
 */
public final class FinalName {
  private FinalName() {
  }

  /** Makes the new name itself durable. */
  static void syncFolder(Path dir) {
    try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
      folder.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some file systems cannot sync a folder; the data itself is already synced.
    }
  }

  /**
   * Gives a finished file its name, never replacing an existing one; when the file system refuses the name itself,
   * the fileId's name ({@link FileNames#fallback}), which any file system takes. Blocking.
   */
  public static Path link(Path from, Path dir, String name, String fileId) throws IOException {
    try {
      return linkUnderFreeName(from, dir, name);
    } catch (IOException | InvalidPathException refused) {
      String fallback = FileNames.fallback(fileId);
      if (name.equals(fallback)) {
        throw refused;
      }
      try {
        return linkUnderFreeName(from, dir, fallback);
      } catch (IOException | InvalidPathException alsoRefused) {
        throw refused; // not the name, then: the folder. The first cause says best why.
      }
    }
  }

  private static Path linkUnderFreeName(Path from, Path dir, String name) throws IOException {
    for (int n = 0; n < 10_000; n++) {
      Path target = dir.resolve(n == 0 ? name : FileNames.numbered(name, n));
      try {
        // A hard link fails when the target exists: an atomic "create if absent" that never overwrites.
        Files.createLink(target, from);
        return target;
      } catch (FileAlreadyExistsException taken) {
        continue;
      } catch (UnsupportedOperationException | IOException noLinks) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        Files.move(from, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
      }
    }
    throw new IOException("no free name for " + name + " in " + dir);
  }

  static String describe(Throwable e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    if (e instanceof NoSuchFileException) {
      return "no such folder: " + e.getMessage();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
