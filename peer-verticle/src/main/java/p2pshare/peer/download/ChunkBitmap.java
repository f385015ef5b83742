package p2pshare.peer.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ManifestBuilder;

/**
 * The record of which chunks a part file holds, next to it as {@code <fileId>.bitmap}: the bytes {@code P2PB}, a
 * format version (2), the chunk count (4 bytes), then the bits. A file without that header is version 1 (bits
 * only). The record is only a hint: {@link #verifiedChunks} hashes every chunk it claims again, so a stale, foreign
 * or unknown record costs a re-download, never a wrong byte. Blocking: worker threads only.
 */
final class ChunkBitmap {
  static final int VERSION = 2;
  private static final byte[] MAGIC = {'P', '2', 'P', 'B'};
  private static final int HEADER = MAGIC.length + 1 + 4;

  private final Path file;

  ChunkBitmap(Path dir, String fileId) {
    this.file = path(dir, fileId);
  }

  static Path path(Path dir, String fileId) {
    return dir.resolve(fileId + ".bitmap");
  }

  /** Writes the bits to a temporary file and moves it into place, so a crash never leaves half a record. */
  void save(BitSet done, int chunkCount) throws IOException {
    byte[] bits = done.toByteArray();
    ByteBuffer out = ByteBuffer.allocate(HEADER + bits.length).put(MAGIC).put((byte) VERSION).putInt(chunkCount)
        .put(bits);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, out.array());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The chunks claimed, or null when there is no record (or one in a format this version does not know). */
  BitSet load(int chunkCount) throws IOException {
    byte[] saved;
    try {
      saved = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (saved.length < HEADER || !Arrays.equals(MAGIC, 0, MAGIC.length, saved, 0, MAGIC.length)) {
      return BitSet.valueOf(saved); // version 1
    }
    ByteBuffer in = ByteBuffer.wrap(saved, MAGIC.length, saved.length - MAGIC.length);
    if (in.get() != VERSION || in.getInt() != chunkCount) {
      return null;
    }
    return BitSet.valueOf(in);
  }

  static void delete(Path dir, String fileId) throws IOException {
    Path file = path(dir, fileId);
    Files.deleteIfExists(file);
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".tmp"));
  }

  /** The chunks the saved record claims that still match their hash in the part file. */
  static BitSet verifiedChunks(Path dir, Manifest manifest) throws IOException {
    BitSet verified = new BitSet(manifest.chunkCount());
    Path part = PartFile.partPath(dir, manifest.fileId());
    BitSet claimed = new ChunkBitmap(dir, manifest.fileId()).load(manifest.chunkCount());
    if (claimed == null) {
      Files.deleteIfExists(part); // no usable record of what it holds: start over
      return verified;
    }
    if (!Files.exists(part)) {
      return verified;
    }
    try (FileChannel channel = FileChannel.open(part, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(manifest.chunkSize());
      for (int i = claimed.nextSetBit(0); i >= 0 && i < manifest.chunkCount(); i = claimed.nextSetBit(i + 1)) {
        buffer.clear().limit(manifest.length(i));
        while (buffer.hasRemaining() && channel.read(buffer, manifest.offset(i) + buffer.position()) > 0) {
          // read the whole chunk
        }
        buffer.flip();
        if (buffer.remaining() == manifest.length(i)
            && ManifestBuilder.sha256Hex(buffer).equals(manifest.chunks().get(i))) {
          verified.set(i);
        }
      }
    }
    return verified;
  }
}
