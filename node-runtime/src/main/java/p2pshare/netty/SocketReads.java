package p2pshare.netty;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * Hands over what a socket reads as Netty's own pooled buffers. A public {@code NetSocket.handler} gets a private
 * heap copy of every read, and a frame reader would then copy a chunk's bytes a second time into its target; with
 * the pooled buffer the payload goes from the socket's direct buffer to its target in one copy. Vert.x offers this
 * only through its internal {@code NetSocketInternal.messageHandler}, so it is used here and nowhere else.
 */
public final class SocketReads {
  private SocketReads() {
  }

  /**
   * Sends each read of {@code socket} to {@code handler}, which owns the buffer from then on and must release it.
   * Anything that is not a byte buffer (none is expected on a plain TCP socket) is released here.
   */
  public static void handle(NetSocket socket, Handler<ByteBuf> handler) {
    ((NetSocketInternal) socket).messageHandler(message -> {
      if (message instanceof ByteBuf buf) {
        handler.handle(buf);
      } else {
        ReferenceCountUtil.release(message);
      }
    });
  }
}
