package p2pshare.peer.serve;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.SharedFile;

/**
 * Hashes a shared file's chunk again when a downloader reports that the bytes it got from this node do not match
 * the chunk's hash ({@code bad-chunk}, docs/protocol.md). If this node's own copy no longer matches its manifest (a
 * bit flipped on its disk, a file changed without its size or mtime changing), {@code onCorrupt} is told, so the node
 * stops offering the file and indexes it again; an honest seeder thus recovers instead of being banned everywhere
 * without knowing why. Reports cannot make it hash without end: one check per file at a time, at most
 * {@link #MAX_RUNNING} at once and {@link #MAX_PER_MINUTE} a minute for the whole node; others are ignored. The
 * hashing runs on worker threads, 64 KiB at a time. Use it from the chunk server's event loop.
 */
final class ChunkRecheck {
  static final int MAX_RUNNING = 2;
  static final int MAX_PER_MINUTE = 30;
  private static final long MINUTE_NANOS = 60_000_000_000L;
  private static final Logger log = LoggerFactory.getLogger(ChunkRecheck.class);

  /** What a report came to. */
  enum Outcome { INTACT, CORRUPT, CHANGED, IGNORED }

  private final BiFunction<SharedFile, Integer, Future<Outcome>> hash;
  private final Consumer<SharedFile> onCorrupt;
  private final Set<String> checking = new HashSet<>();
  private long windowStart = System.nanoTime();
  private int inWindow;

  /** @param onCorrupt told (on the event loop) of a file whose copy here no longer matches its manifest */
  ChunkRecheck(Vertx vertx, Consumer<SharedFile> onCorrupt) {
    this((file, index) -> vertx.executeBlocking(() -> outcome(file, index), false), onCorrupt);
  }

  /** @param hash hashes a chunk from disk (off the event loop) and says how it compares with the manifest */
  ChunkRecheck(BiFunction<SharedFile, Integer, Future<Outcome>> hash, Consumer<SharedFile> onCorrupt) {
    this.hash = hash;
    this.onCorrupt = onCorrupt;
  }

  /** Checks chunk {@code index} of {@code file} again, unless a limit says not now. */
  Future<Outcome> check(SharedFile file, int index) {
    long now = System.nanoTime();
    if (now - windowStart >= MINUTE_NANOS) {
      windowStart = now;
      inWindow = 0;
    }
    if (index < 0 || index >= file.manifest().chunkCount() || checking.size() >= MAX_RUNNING
        || inWindow >= MAX_PER_MINUTE || !checking.add(file.fileId())) {
      return Future.succeededFuture(Outcome.IGNORED);
    }
    inWindow++;
    return hash.apply(file, index)
        .andThen(ar -> {
          checking.remove(file.fileId());
          if (ar.succeeded() && ar.result() == Outcome.CORRUPT) {
            log.warn("chunk {} of {} ({}) no longer matches its hash on this node's disk", index, file.path(),
                file.fileId().substring(0, 12));
            onCorrupt.accept(file);
          } else if (ar.failed()) {
            log.warn("could not check chunk {} of {} again: {}", index, file.path(), ar.cause().toString());
          }
        });
  }

  /** Blocking: hashes the chunk from disk, if the file is still the one indexed (otherwise a rescan handles it). */
  static Outcome outcome(SharedFile file, int index) throws IOException {
    if (!file.unchangedOnDisk()) {
      return Outcome.CHANGED;
    }
    Manifest manifest = file.manifest();
    MessageDigest digest = Manifest.sha256();
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    long position = manifest.offset(index);
    long end = position + manifest.length(index);
    try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      while (position < end) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
        int read = channel.read(buffer, position);
        if (read < 0) {
          return Outcome.CHANGED; // shorter than indexed
        }
        buffer.flip();
        digest.update(buffer);
        position += read;
      }
    }
    return HexFormat.of().formatHex(digest.digest()).equals(manifest.chunks().get(index))
        ? Outcome.INTACT : Outcome.CORRUPT;
  }
}
