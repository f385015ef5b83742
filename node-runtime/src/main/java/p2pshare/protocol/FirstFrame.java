package p2pshare.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import p2pshare.netty.SocketReads;

/**
 * Reads the first frame of an accepted connection before anything else does, to tell one kind of connection from
 * the others by its first message (a reversed connection's {@code reverse}, docs/protocol.md "Reachability"). A
 * first frame that is a small JSON object of that type, and all the connection sent, goes to {@code matched}; for
 * any other start, what was read so far goes to {@code other}, which must hand it on (to
 * {@link FrameChannel#replay}) so that nothing is lost. At most {@link #MAX_BYTES} are read this way.
 */
final class FirstFrame {
  static final int MAX_BYTES = 512;

  private final NetSocket socket;
  private final String type;
  private final Handler<JsonObject> matched;
  private final Handler<ByteBuf> other;
  // Holds at most a short candidate frame, or the one socket read that decides (Netty reads at most 64 KiB at once).
  private ByteBuf read = Unpooled.buffer(64);

  private FirstFrame(NetSocket socket, String type, Handler<JsonObject> matched, Handler<ByteBuf> other) {
    this.socket = socket;
    this.type = type;
    this.matched = matched;
    this.other = other;
  }

  /** Starts reading {@code socket}'s first frame. */
  static void read(NetSocket socket, String type, Handler<JsonObject> matched, Handler<ByteBuf> other) {
    FirstFrame first = new FirstFrame(socket, type, matched, other);
    SocketReads.handle(socket, first::onRead);
    socket.closeHandler(v -> first.release());
  }

  private void onRead(ByteBuf buf) {
    if (read == null) {
      buf.release(); // decided already: whoever took the socket reads from now on
      return;
    }
    read.writeBytes(buf);
    buf.release();
    if (read.readableBytes() < 5) {
      return;
    }
    int length = read.getInt(0);
    boolean candidate = read.getByte(4) == Frames.JSON && length > 1 && length <= MAX_BYTES;
    if (candidate && read.readableBytes() < 4 + length) {
      return;
    }
    ByteBuf start = read;
    read = null;
    JsonObject first = candidate && start.readableBytes() == 4 + length ? parse(start, length) : null;
    if (first != null && type.equals(first.getValue("type"))) {
      start.release();
      matched.handle(first);
    } else {
      other.handle(start);
    }
  }

  private static JsonObject parse(ByteBuf frame, int length) {
    try {
      return new JsonObject(frame.toString(5, length - 1, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void release() {
    if (read != null) {
      read.release();
      read = null;
    }
  }
}
