package p2pshare.peer.share;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Hashes a file chunk by chunk. Blocking: call it from a worker thread only. */
public final class ManifestBuilder {
  private static final int READ_BUFFER = 256 * 1024;

  private ManifestBuilder() {
  }

  public static Manifest build(Path file, String name, int chunkSize) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      List<String> chunks = new ArrayList<>((int) Manifest.chunkCount(size, chunkSize));
      ByteBuffer buffer = ByteBuffer.allocateDirect(Math.min(READ_BUFFER, chunkSize));
      MessageDigest digest = Manifest.sha256();
      HexFormat hex = HexFormat.of();
      long position = 0;
      while (position < size) {
        long chunkEnd = Math.min(size, position + chunkSize);
        while (position < chunkEnd) {
          buffer.clear().limit((int) Math.min(buffer.capacity(), chunkEnd - position));
          int read = channel.read(buffer, position);
          if (read < 0) {
            throw new IOException(file + " shrank while being hashed");
          }
          buffer.flip();
          digest.update(buffer);
          position += read;
        }
        chunks.add(hex.formatHex(digest.digest()));
      }
      return Manifest.of(name, size, chunkSize, chunks);
    }
  }

  /**
   * Hashes 64 MiB of zeros the way received chunks are hashed, so that the JIT has compiled that path (with the
   * CPU's SHA instructions) before a download needs it: measured, a cold node otherwise spends about a second of
   * CPU per download hashing in unoptimised code while the compiler catches up. Blocking, once, at start.
   */
  public static void warmUp() {
    ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
    for (int i = 0; i < 64; i++) {
      sha256Hex(zeros.clear());
    }
  }

  /** SHA-256 of the remaining bytes of {@code data}, which it consumes. */
  public static String sha256Hex(ByteBuffer data) {
    MessageDigest digest = Manifest.sha256();
    digest.update(data);
    return HexFormat.of().formatHex(digest.digest());
  }
}
