package p2pshare.netty;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;

/**
 * Vert.x buffers and Netty's as views of each other, without copying bytes. The public {@code Buffer} API only
 * copies ({@code Buffer.buffer(byte[])}, {@code getBytes()}); a JSON frame read into a Netty buffer, or a file's
 * bytes being hashed, would then cost a copy each for nothing. Vert.x's internal {@code BufferInternal} does it
 * without, and is used here and nowhere else.
 */
public final class BufferViews {
  private BufferViews() {
  }

  /** A Vert.x buffer over {@code buf}, which it takes over. */
  public static Buffer wrap(ByteBuf buf) {
    return BufferInternal.buffer(buf);
  }

  /** The readable bytes of {@code buffer} as a byte buffer sharing its memory (its position is independent). */
  public static ByteBuffer nioView(Buffer buffer) {
    return ((BufferInternal) buffer).getByteBuf().nioBuffer();
  }
}
