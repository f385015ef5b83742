package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.HexFormat;
import p2pshare.peer.share.Manifest;

/**
 * The file a download is assembled in: chunks are written at their offsets as they arrive, in any order. It lives
 * in the state folder, never under its final name, next to a bitmap of the chunks already written, so a download
 * that is stopped (or killed) resumes where it was. The bitmap is only a hint: on {@link #open} every chunk it
 * claims is hashed again and kept only if it matches. {@link #publish} checks the whole file and only then links
 * it into the download folder under a name nobody uses yet, so an existing file is never overwritten and nothing
 * incomplete ever carries the final name.
 */
public final class PartFile {
  private static final long BITMAP_SAVE_DELAY_MS = 250;

  private final Vertx vertx;
  private final Path path;
  private final Path bitmapPath;
  private final Manifest manifest;
  private final BitSet done;
  private AsyncFile file;
  private Future<Void> fileClosed;
  private long saveTimer = -1;
  private boolean closed;

  private PartFile(Vertx vertx, Path dir, Manifest manifest, BitSet done) {
    this.vertx = vertx;
    this.path = partPath(dir, manifest.fileId());
    this.bitmapPath = dir.resolve(manifest.fileId() + ".bitmap");
    this.manifest = manifest;
    this.done = done;
  }

  static Path partPath(Path dir, String fileId) {
    return dir.resolve(fileId + ".part");
  }

  /** Opens (or creates) the part file of {@code manifest} in {@code dir}, keeping the chunks that still verify. */
  public static Future<PartFile> open(Vertx vertx, Path dir, Manifest manifest) {
    return vertx.executeBlocking(() -> new PartFile(vertx, dir, manifest, verifiedChunks(dir, manifest)), false)
        .compose(part -> vertx.fileSystem()
            .open(part.path.toString(), new OpenOptions().setWrite(true).setCreate(true))
            .map(f -> {
              part.file = f;
              return part;
            }));
  }

  public Path path() {
    return path;
  }

  public boolean has(int index) {
    return done.get(index);
  }

  public long doneBytes() {
    long bytes = 0;
    for (int i = done.nextSetBit(0); i >= 0; i = done.nextSetBit(i + 1)) {
      bytes += manifest.length(i);
    }
    return bytes;
  }

  /** Writes a verified chunk at its offset and records it in the bitmap (saved a moment later). */
  public Future<Void> write(int index, Buffer data) {
    return file.write(data, manifest.offset(index)).onSuccess(v -> {
      done.set(index);
      scheduleBitmapSave();
    });
  }

  /** Closes the file and saves the bitmap: the download can resume from here. */
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    cancelSave();
    byte[] bitmap = done.toByteArray();
    return closeFile().compose(v -> vertx.executeBlocking(() -> {
      saveBitmap(bitmap);
      return null;
    }, false));
  }

  /** Closes the file once, however many of close, publish and discard ask for it. */
  private Future<Void> closeFile() {
    if (fileClosed == null) {
      fileClosed = file == null ? Future.succeededFuture() : file.close();
    }
    return fileClosed;
  }

  /**
   * Closes the part file, verifies every byte against the manifest, and moves it to {@code dir/name} or, when
   * that name is taken, {@code dir/name (n)}. Returns the final path.
   */
  public Future<Path> publish(Path dir, String name) {
    closed = true;
    cancelSave();
    return file.flush().compose(v -> closeFile()).compose(v -> vertx.executeBlocking(() -> {
      if (!wholeFileMatches(path, manifest)) {
        throw new IOException("the assembled file does not match its manifest");
      }
      Path target = linkUnique(dir, name);
      deleteState(path.getParent(), manifest.fileId());
      return target;
    }, false));
  }

  /** Closes and deletes the part file, its bitmap and its saved manifest. */
  public Future<Void> discard() {
    closed = true;
    cancelSave();
    return closeFile().recover(e -> Future.succeededFuture()).compose(v -> vertx.executeBlocking(() -> {
      deleteState(path.getParent(), manifest.fileId());
      return null;
    }, false));
  }

  /** Deletes everything kept for {@code fileId}'s download in {@code dir}. Blocking. */
  static void deleteState(Path dir, String fileId) throws IOException {
    Files.deleteIfExists(partPath(dir, fileId));
    Files.deleteIfExists(dir.resolve(fileId + ".bitmap"));
    Files.deleteIfExists(dir.resolve(fileId + ".bitmap.tmp"));
    Files.deleteIfExists(ManifestStore.path(dir, fileId));
  }

  private void scheduleBitmapSave() {
    if (saveTimer >= 0 || closed) {
      return;
    }
    saveTimer = vertx.setTimer(BITMAP_SAVE_DELAY_MS, t -> {
      saveTimer = -1;
      if (!closed) {
        byte[] bitmap = done.toByteArray();
        vertx.executeBlocking(() -> {
          saveBitmap(bitmap);
          return null;
        }, true);
      }
    });
  }

  private void cancelSave() {
    if (saveTimer >= 0) {
      vertx.cancelTimer(saveTimer);
      saveTimer = -1;
    }
  }

  private void saveBitmap(byte[] bitmap) throws IOException {
    Path tmp = bitmapPath.resolveSibling(bitmapPath.getFileName() + ".tmp");
    Files.write(tmp, bitmap);
    Files.move(tmp, bitmapPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The chunks the saved bitmap claims that still match their hash in the part file. Blocking. */
  private static BitSet verifiedChunks(Path dir, Manifest manifest) throws IOException {
    BitSet verified = new BitSet(manifest.chunkCount());
    Path part = partPath(dir, manifest.fileId());
    BitSet claimed;
    try {
      claimed = BitSet.valueOf(Files.readAllBytes(dir.resolve(manifest.fileId() + ".bitmap")));
    } catch (NoSuchFileException e) {
      Files.deleteIfExists(part); // no record of what it holds: start over
      return verified;
    }
    if (!Files.exists(part)) {
      return verified;
    }
    try (FileChannel channel = FileChannel.open(part, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(manifest.chunkSize());
      for (int i = claimed.nextSetBit(0); i >= 0 && i < manifest.chunkCount(); i = claimed.nextSetBit(i + 1)) {
        buffer.clear().limit(manifest.length(i));
        while (buffer.hasRemaining() && channel.read(buffer, manifest.offset(i) + buffer.position()) > 0) {
          // read the whole chunk
        }
        buffer.flip();
        if (buffer.remaining() == manifest.length(i)
            && HexFormat.of().formatHex(Manifest.sha256().digest(toArray(buffer))).equals(manifest.chunks().get(i))) {
          verified.set(i);
        }
      }
    }
    return verified;
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private static boolean wholeFileMatches(Path path, Manifest manifest) throws IOException {
    return Files.size(path) == manifest.size()
        && p2pshare.peer.share.ManifestBuilder.build(path, manifest.name(), manifest.chunkSize()).fileId()
            .equals(manifest.fileId());
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
