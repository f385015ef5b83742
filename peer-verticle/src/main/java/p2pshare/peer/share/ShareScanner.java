package p2pshare.peer.share;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the shared folders and returns what they offer, each file with its {@link FileIdentity}. Files whose
 * identity (size, mtime and file key) matches a known entry are not hashed again. Hidden entries (names starting with
 * '.') and symbolic links inside the folders are skipped. A folder given as a symbolic link is followed on purpose:
 * it is resolved once, here, and its target is walked (and logged), rather than the link being skipped as an entry,
 * which would share nothing without a word. Blocking: run it on a worker thread.
 */
public final class ShareScanner {
  private static final Logger log = LoggerFactory.getLogger(ShareScanner.class);
  private static final int MAX_DEPTH = 32;

  private final List<Path> roots;
  private final int chunkSize;
  private final int maxFiles;

  public ShareScanner(List<Path> roots, int chunkSize, int maxFiles) {
    this.roots = roots.stream().map(ShareScanner::followRootLink).toList();
    this.chunkSize = chunkSize;
    this.maxFiles = maxFiles;
  }

  /**
   * Scans every root.
   *
   * @param known files already hashed, by path (the cache); reused while unchanged
   */
  public List<SharedFile> scan(Map<Path, SharedFile> known) throws IOException {
    Map<Path, SharedFile> found = new LinkedHashMap<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root) || !Files.isReadable(root)) {
        // Not "no files": a folder that vanished must not withdraw everything silently.
        throw new IOException(root + " is gone or unreadable");
      }
      Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return !dir.equals(root) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && !hidden(file) && !found.containsKey(file)) {
                if (found.size() >= maxFiles) {
                  log.warn("share limit of {} files reached; {} and later files are not offered", maxFiles, file);
                  return FileVisitResult.TERMINATE;
                }
                SharedFile shared = describe(file, attrs, known.get(file));
                if (shared != null) {
                  found.put(file, shared);
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              log.warn("cannot read {}: {}", file, e.getMessage());
              return FileVisitResult.CONTINUE;
            }
          });
    }
    return new ArrayList<>(found.values());
  }

  /** The folder a root that is a symbolic link leads to; any other root as it is (a missing one fails the scan). */
  private static Path followRootLink(Path root) {
    if (!Files.isSymbolicLink(root)) {
      return root;
    }
    try {
      Path target = root.toRealPath();
      log.info("{} is a symbolic link: sharing the folder it leads to, {}", root, target);
      return target;
    } catch (IOException e) {
      return root; // dangling: the scan says the folder is gone
    }
  }

  private SharedFile describe(Path file, BasicFileAttributes attrs, SharedFile cached) {
    FileIdentity identity = FileIdentity.of(attrs);
    if (cached != null && cached.identity().matches(identity) && cached.manifest().chunkSize() == chunkSize) {
      // Trusted only while it is the same file: another one put in its place with the same size and mtime has
      // another key and is hashed again. An entry known without a key (a finished download) gets it recorded.
      return cached.identity().equals(identity) ? cached : new SharedFile(file, identity, cached.manifest());
    }
    try {
      Manifest manifest = ManifestBuilder.build(file, file.getFileName().toString(), chunkSize);
      FileIdentity after = FileIdentity.of(file);
      if (after.size() != manifest.size() || !after.equals(identity)) {
        log.info("{} changed while being hashed; it is offered once it settles", file);
        return null;
      }
      return new SharedFile(file, identity, manifest);
    } catch (IOException e) {
      log.warn("cannot hash {}: {}", file, e.getMessage());
      return null;
    }
  }

  private static boolean hidden(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }
}
