package p2pshare.peer.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectWritesTest {
  private static final int CHUNK = 64 * 1024;

  @Test
  void alignedChunksGoStraightToTheFileAndTheRestIsLeftToThePageCache(@TempDir Path dir) throws Exception {
    Path file = Files.createFile(dir.resolve("a.part"));
    DirectWrites direct = DirectWrites.open(file, CHUNK);
    assumeTrue(direct != null, "the test folder's file system does not take O_DIRECT");
    byte[] bytes = new byte[CHUNK];
    new Random(7).nextBytes(bytes);
    ByteBuffer aligned = ByteBuffer.allocateDirect(CHUNK + 4096).alignedSlice(4096).limit(CHUNK).slice();
    aligned.put(bytes).flip();

    assertTrue(direct.tryWrite(aligned.duplicate(), CHUNK));
    assertFalse(direct.tryWrite(ByteBuffer.wrap(bytes), 0), "a heap buffer");
    assertFalse(direct.tryWrite(aligned.duplicate(), 100), "an offset off the block size");
    assertFalse(direct.tryWrite(aligned.duplicate().limit(1000), 0), "a length off the block size");
    ByteBuffer offAddress = ByteBuffer.allocateDirect(CHUNK + 8192).alignedSlice(4096).position(1).slice()
        .limit(CHUNK);
    assertFalse(direct.tryWrite(offAddress, 0), "a buffer whose address is off the block size");
    direct.close();

    byte[] written = Files.readAllBytes(file);
    assertArrayEquals(bytes, Arrays.copyOfRange(written, CHUNK, 2 * CHUNK));
    assertArrayEquals(new byte[CHUNK], Arrays.copyOfRange(written, 0, CHUNK), "nothing else was written");
  }

  @Test
  void aChunkSizeOffTheBlockSizeGetsNoDirectWrites(@TempDir Path dir) throws Exception {
    Path file = Files.createFile(dir.resolve("b.part"));
    assertNull(DirectWrites.open(file, CHUNK + 512));
  }
}
