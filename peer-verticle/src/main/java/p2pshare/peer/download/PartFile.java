package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ManifestBuilder;

/**
 * The file a download is assembled in: chunks are written at their offsets as they arrive, in any order. It lives
 * in the state folder, never under its final name; {@link #publish} checks the whole file against its manifest and
 * only then links it into the download folder under a name nobody uses yet, so an existing file is never
 * overwritten and nothing incomplete ever carries the final name.
 */
public final class PartFile {
  private final Vertx vertx;
  private final Path path;
  private final Manifest manifest;
  private AsyncFile file;

  private PartFile(Vertx vertx, Path path, Manifest manifest) {
    this.vertx = vertx;
    this.path = path;
    this.manifest = manifest;
  }

  /** Creates (or truncates) the part file. */
  public static Future<PartFile> create(Vertx vertx, Path path, Manifest manifest) {
    PartFile part = new PartFile(vertx, path, manifest);
    return vertx.fileSystem()
        .open(path.toString(), new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
        .map(f -> {
          part.file = f;
          return part;
        });
  }

  public Path path() {
    return path;
  }

  /** Writes a verified chunk at its offset. */
  public Future<Void> write(int index, Buffer data) {
    return file.write(data, manifest.offset(index));
  }

  /**
   * Closes the part file, verifies every byte against the manifest, and moves it to {@code dir/name} or, when
   * that name is taken, {@code dir/name (n)}. Returns the final path.
   */
  public Future<Path> publish(Path dir, String name) {
    return file.flush().compose(v -> file.close()).compose(v -> vertx.executeBlocking(() -> {
      Manifest actual = ManifestBuilder.build(path, manifest.name(), manifest.chunkSize());
      if (!actual.fileId().equals(manifest.fileId())) {
        throw new IOException("the assembled file does not match its manifest");
      }
      return linkUnique(dir, name);
    }, false));
  }

  /** Closes and deletes the part file. */
  public Future<Void> discard() {
    Future<Void> closed = file == null ? Future.succeededFuture() : file.close().recover(e -> Future.succeededFuture());
    return closed.compose(v -> vertx.executeBlocking(() -> {
      Files.deleteIfExists(path);
      return null;
    }, false));
  }

  private Path linkUnique(Path dir, String name) throws IOException {
    for (int n = 0; n < 10_000; n++) {
      Path target = dir.resolve(n == 0 ? name : FileNames.numbered(name, n));
      try {
        // A hard link fails when the target exists: an atomic "create if absent" that never overwrites.
        Files.createLink(target, path);
        Files.delete(path);
        return target;
      } catch (FileAlreadyExistsException taken) {
        continue;
      } catch (UnsupportedOperationException | IOException noLinks) {
        if (Files.exists(target)) {
          continue;
        }
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
      }
    }
    throw new IOException("no free name for " + name + " in " + dir);
  }
}
