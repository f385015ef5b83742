package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntConsumer;
import p2pshare.peer.download.DownloadException.Reason;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ManifestBuilder;
import p2pshare.peer.share.PartialShare;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file a download is assembled in: verified chunks are written at their offsets as they arrive, in any order,
 * on the node's two chunk-writer threads ({@link #write}: positional writes, with direct I/O where the file system and
 * the chunk allow it, {@link DirectWrites}, else through one {@link FileChannel} and the page cache). It lives in the
 * state folder, never under its final name, next to a bitmap of the chunks written ({@link ChunkBitmap}), so a
 * download that is stopped or killed resumes where it was: on {@link #open} every chunk the bitmap claims is hashed
 * again and kept only if it matches. The data is made durable in steps ({@code syncEveryBytes}) so the last sync is
 * short.
 *
 * <p>{@link #publish} needs no second pass over the data: the fileId is the hash of the manifest and every chunk was
 * checked against it before it was written. It checks what that proof does not cover (every chunk present, every
 * write finished, the size), syncs, and links the file into the download folder under a name nobody uses yet, so
 * an existing file is never overwritten and nothing unverified ever carries the final name. A folder that refuses
 * the file keeps the verified chunks where they are ({@link Reason#PUBLISH}), for a later try.
 *
 * <p>State changes run on the download engine's event loop; {@link #write} does its I/O on a worker.
 */
public final class PartFile implements PartialShare {
  private static final Logger log = LoggerFactory.getLogger(PartFile.class);
  private static final long BITMAP_SAVE_DELAY_MS = 250;
  /**
   * Threads that hash and write chunks, shared by every download of the node: two keep a core busy hashing while the
   * other waits on the disk, without the lock contention and cold code of many threads writing one file.
   */
  static final int CHUNK_WRITERS = 2;

  private final Vertx vertx;
  private final Path path;
  private final ChunkBitmap bitmap;
  private final Manifest manifest;
  private final BitSet done;
  private final long syncEveryBytes;
  private final List<IntConsumer> haveListeners = new ArrayList<>();
  private long unsynced;
  private Future<Void> lastSync = Future.succeededFuture();
  private FileChannel channel;
  private WorkerExecutor writers;
  /** The same file opened for direct I/O (O_DIRECT), or null where the file system does not take it. */
  private volatile DirectWrites direct;
  private int writing;
  private Promise<Void> writesDone;
  private long saveTimer = -1;
  private Future<Void> lastSave = Future.succeededFuture();
  private Throwable saveFailure;
  private Future<Void> closed;

  private PartFile(Vertx vertx, Path dir, Manifest manifest, BitSet done, long syncEveryBytes) {
    this.vertx = vertx;
    this.path = partPath(dir, manifest.fileId());
    this.bitmap = new ChunkBitmap(dir, manifest.fileId());
    this.manifest = manifest;
    this.done = done;
    this.syncEveryBytes = syncEveryBytes;
  }

  static Path partPath(Path dir, String fileId) {
    return dir.resolve(fileId + ".part");
  }

  /**
   * Opens (or creates) the part file of {@code manifest} in {@code dir}, keeping the chunks that still verify.
   *
   * @param directWrites write aligned chunks with direct I/O where the file system takes it ({@link DirectWrites})
   */
  public static Future<PartFile> open(Vertx vertx, Path dir, Manifest manifest, long syncEveryBytes,
      boolean directWrites) {
    return vertx.executeBlocking(() -> {
      PartFile part = new PartFile(vertx, dir, manifest, ChunkBitmap.verifiedChunks(dir, manifest), syncEveryBytes);
      part.channel = FileChannel.open(part.path, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      part.direct = directWrites ? DirectWrites.open(part.path, manifest.chunkSize()) : null;
      part.writers = vertx.createSharedWorkerExecutor("p2pshare-chunk-writer", CHUNK_WRITERS);
      return part;
    }, false);
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public Manifest manifest() {
    return manifest;
  }

  @Override
  public boolean has(int index) {
    return done.get(index);
  }

  @Override
  public BitSet have() {
    return (BitSet) done.clone();
  }

  @Override
  public Runnable onHave(IntConsumer listener) {
    haveListeners.add(listener);
    return () -> haveListeners.remove(listener);
  }

  public long doneBytes() {
    long bytes = 0;
    for (int i = done.nextSetBit(0); i >= 0; i = done.nextSetBit(i + 1)) {
      bytes += manifest.length(i);
    }
    return bytes;
  }

  /**
   * Checks a received chunk against its SHA-256 and, when it matches, writes it at its offset, both on one worker
   * thread; completes with whether it matched. {@code data} is only read; the caller gives it back to its pool after.
   * Fails when the progress cannot be saved (a full disk): the download cannot go on safely then.
   */
  public Future<Boolean> write(int index, ByteBuffer data) {
    if (saveFailure != null) {
      return Future.failedFuture(new DownloadException(Reason.STORAGE,
          "cannot save the download's progress: " + saveFailure.getMessage()));
    }
    if (closed != null) {
      return Future.failedFuture(DownloadException.noSource("the part file is closed"));
    }
    writing++;
    String expected = manifest.chunks().get(index);
    long offset = manifest.offset(index);
    // Not ordered: while the kernel holds one writer back (dirty pages being written out), others go on. Measured
    // with one ordered writer instead, a 4 GiB download was 14 % slower.
    return writers.executeBlocking(() -> {
      if (data.remaining() != manifest.length(index) || !ManifestBuilder.sha256Hex(data.duplicate()).equals(expected)) {
        return false;
      }
      DirectWrites directNow = direct;
      if (directNow != null && directNow.tryWrite(data.duplicate(), offset)) {
        return true;
      }
      ByteBuffer view = data.duplicate();
      while (view.hasRemaining()) {
        channel.write(view, offset + view.position());
      }
      return true;
    }, false).andThen(ar -> {
      if (ar.succeeded() && ar.result() && !done.get(index)) {
        done.set(index);
        new ArrayList<>(haveListeners).forEach(listener -> listener.accept(index));
        scheduleBitmapSave();
        syncNowAndThen(manifest.length(index));
      }
      if (--writing == 0 && writesDone != null) {
        writesDone.tryComplete();
      }
    });
  }

  /** Closes the file after the writes under way and saves the bitmap: the download can resume from here. */
  public Future<Void> close() {
    if (closed == null) {
      cancelSave();
      // After the writes and the last periodic save, so no save lands after a discard has deleted the bitmap.
      closed = allWritten().compose(v -> lastSave.recover(e -> Future.succeededFuture()))
          .compose(v -> lastSync.recover(e -> Future.succeededFuture()))
          .compose(v -> vertx.executeBlocking(() -> {
            closeWriters();
            channel.close();
            bitmap.save(done, manifest.chunkCount());
            return null;
          }, false));
    }
    return closed;
  }

  /**
   * Checks that every chunk is in and every write done, syncs, and links the file to {@code dir/name} or, when that
   * name is taken, {@code dir/name (n)}. With {@code verifyWhole} every byte is also hashed again from disk first.
   * Returns the final path.
   */
  public Future<Path> publish(Path dir, String name, boolean verifyWhole) {
    cancelSave();
    closed = allWritten().compose(v -> lastSave.recover(e -> Future.succeededFuture()))
        .compose(v -> lastSync)
        .compose(v -> vertx.executeBlocking(() -> {
          closeWriters();
          try (FileChannel finished = channel) {
            if (done.cardinality() != manifest.chunkCount()) {
              throw new DownloadException(Reason.STORAGE, "only " + done.cardinality() + " of "
                  + manifest.chunkCount() + " chunks are in");
            }
            if (finished.size() != manifest.size()) {
              throw new DownloadException(Reason.STORAGE, "the assembled file has " + finished.size()
                  + " bytes, not " + manifest.size());
            }
            finished.force(false);
          }
          if (verifyWhole && !ManifestBuilder.build(path, manifest.name(), manifest.chunkSize()).fileId()
              .equals(manifest.fileId())) {
            throw new DownloadException(Reason.STORAGE, "the assembled file does not match its manifest");
          }
          return null;
        }, false));
    return closed.compose(v -> vertx.executeBlocking(() -> {
      Path target;
      try {
        target = FinalName.link(path, dir, name, manifest.fileId());
      } catch (IOException | RuntimeException e) {
        // Every chunk is verified: keep them, and say so, so that a later try publishes without fetching again.
        bitmap.save(done, manifest.chunkCount());
        throw new DownloadException(Reason.PUBLISH, "the file is complete and verified, but could not be saved in "
            + dir + " (" + FinalName.describe(e) + "); its " + manifest.chunkCount() + " chunks are kept in " + path
            + " and a retry publishes them");
      }
      FinalName.syncFolder(dir);
      try {
        deleteState(path.getParent(), manifest.fileId());
      } catch (IOException e) {
        log.warn("{} is published, but its part file's state could not be removed: {}", target, e.toString());
      }
      return target;
    }, false));
  }

  /** Closes, then deletes the part file, its bitmap and its saved manifest, in that order. */
  public Future<Void> discard() {
    return close().recover(e -> Future.succeededFuture()).compose(v -> vertx.executeBlocking(() -> {
      deleteState(path.getParent(), manifest.fileId());
      return null;
    }, false));
  }

  /** Deletes everything kept for {@code fileId}'s download in {@code dir}. Blocking. */
  static void deleteState(Path dir, String fileId) throws IOException {
    Files.deleteIfExists(partPath(dir, fileId));
    ChunkBitmap.delete(dir, fileId);
    Files.deleteIfExists(ManifestStore.path(dir, fileId));
  }

  /** Once every write is done: the writer threads are given back and the direct channel closed. */
  private void closeWriters() {
    writers.close();
    DirectWrites d = direct;
    direct = null;
    if (d != null) {
      d.close();
    }
  }

  private Future<Void> allWritten() {
    if (writing == 0) {
      return Future.succeededFuture();
    }
    if (writesDone == null) {
      writesDone = Promise.promise();
    }
    return writesDone.future();
  }

  /**
   * Every {@code syncEveryBytes} written, makes them durable on a worker of its own, beside the writes (which go on)
   * and at most one at a time, so that the sync before publishing has little left to do.
   */
  private void syncNowAndThen(int written) {
    unsynced += written;
    if (unsynced >= syncEveryBytes && lastSync.isComplete() && closed == null) {
      unsynced = 0;
      lastSync = vertx.executeBlocking(() -> {
        channel.force(false);
        return null;
      }, false);
      lastSync.onFailure(e -> saveFailure = e);
    }
  }

  private void scheduleBitmapSave() {
    if (saveTimer >= 0 || closed != null) {
      return;
    }
    saveTimer = vertx.setTimer(BITMAP_SAVE_DELAY_MS, t -> {
      saveTimer = -1;
      if (closed == null) {
        BitSet snapshot = (BitSet) done.clone();
        lastSave = vertx.executeBlocking(() -> {
          bitmap.save(snapshot, manifest.chunkCount());
          return null;
        }, true);
        lastSave.onFailure(e -> saveFailure = e);
      }
    });
  }

  private void cancelSave() {
    if (saveTimer >= 0) {
      vertx.cancelTimer(saveTimer);
      saveTimer = -1;
    }
  }
}
