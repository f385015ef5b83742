package p2pshare.netty;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * A Netty buffer seen as a Vert.x buffer, without copying its bytes. The public {@code Buffer} factories copy
 * ({@code Buffer.buffer(byte[])} writes the array into a new buffer), so a JSON frame the decoder has gathered in a
 * Netty buffer would be copied once more for nothing. Vert.x's internal {@code BufferInternal.buffer(ByteBuf)} wraps
 * it instead, and is used here and nowhere else.
 */
public final class BufferViews {
  private BufferViews() {
  }

  /** A Vert.x buffer over {@code buf}, which it takes over. */
  public static Buffer wrap(ByteBuf buf) {
    return BufferInternal.buffer(buf);
  }
}
