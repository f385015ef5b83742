package p2pshare.peer.share;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.function.IntConsumer;

/**
 * A file this node offers while it is still downloading it: only the chunks it has verified, read from its part
 * file at their offsets (written once, never rewritten with other bytes). Used on the peer verticle's event loop.
 */
public interface PartialShare {
  Manifest manifest();

  /** The part file: chunk {@code i} is at {@code manifest().offset(i)} once {@link #has} says so. */
  Path path();

  /** True once chunk {@code index} is verified and written, never false again for this file. */
  boolean has(int index);

  /** A copy of the verified chunks. */
  BitSet have();

  /**
   * Tells {@code listener} the index of every chunk verified from now on, until the returned handle runs.
   *
   * @return stops the listening
   */
  Runnable onHave(IntConsumer listener);
}
