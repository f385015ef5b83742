package p2pshare.peer.download;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import p2pshare.peer.wire.ChunkBuffers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A part file opened a second time for direct I/O ({@code O_DIRECT}): verified chunks go from their receive buffer
 * to the disk without a copy into the page cache. That copy, and the page-cache memory it fills, was the largest
 * single cost of a download (a third of the leecher's CPU in a 1 GiB download, far more on a virtual machine whose
 * free memory goes back to its host and must be faulted in again); a downloaded file is read again only to be served,
 * which the page cache then holds as for any shared file.
 *
 * <p>Direct I/O needs the buffer's address, the offset and the length aligned to the file system's block size. A
 * write that is not (the last chunk of most files, a chunk size that is not a multiple of it, a buffer from
 * elsewhere) is left to the caller's ordinary channel, and so is every write after the file system refused one
 * (some take the flag at open and fail the writes): nothing is lost, it only costs the copy again. Both channels
 * write to the same inode, so one {@code force} makes both durable. Thread-safe: writes come from worker threads.
 */
final class DirectWrites {
  private static final Logger log = LoggerFactory.getLogger(DirectWrites.class);

  private final FileChannel channel;
  private final int alignment;
  private volatile boolean refused;

  private DirectWrites(FileChannel channel, int alignment) {
    this.channel = channel;
    this.alignment = alignment;
  }

  /**
   * Opens {@code path} (which exists) for direct writes, or returns null where it cannot help: a chunk size that is
   * not a multiple of the block size, or a file system that does not take {@code O_DIRECT} (some network and FUSE
   * file systems, say). Blocking.
   */
  static DirectWrites open(Path path, int chunkSize) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(path, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
      int alignment = Math.toIntExact(path.getFileSystem().provider().getFileStore(path).getBlockSize());
      // Receive buffers are aligned to ChunkBuffers.ALIGNMENT: a file system with larger blocks gets no direct writes.
      if (alignment <= 0 || alignment > ChunkBuffers.ALIGNMENT || Integer.bitCount(alignment) != 1
          || chunkSize % alignment != 0) {
        channel.close();
        return null;
      }
      return new DirectWrites(channel, alignment);
    } catch (IOException | UnsupportedOperationException | ArithmeticException e) {
      log.debug("{}: no direct I/O ({}); chunks are written through the page cache", path, e.toString());
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // Nothing was written through it.
        }
      }
      return null;
    }
  }

  /**
   * Writes all of {@code data} at {@code offset} if direct I/O can take it; false (nothing written) when it cannot,
   * and the caller writes it through the page cache. Blocking.
   */
  boolean tryWrite(ByteBuffer data, long offset) throws IOException {
    if (refused || !data.isDirect() || offset % alignment != 0 || data.remaining() % alignment != 0
        || data.alignmentOffset(data.position(), alignment) != 0) {
      return false;
    }
    int start = data.position();
    try {
      while (data.hasRemaining()) {
        channel.write(data, offset + data.position() - start);
      }
      return true;
    } catch (IOException e) {
      if (!channel.isOpen()) {
        throw e;
      }
      // A file system that took the flag but not the write: the page cache it is, from now on.
      refused = true;
      log.info("direct writes refused ({}); this download writes through the page cache", e.toString());
      data.position(start);
      return false;
    }
  }

  void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // The ordinary channel's force and close report what matters.
    }
  }
}
