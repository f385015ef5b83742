package p2pshare.netty;

import io.netty.channel.DefaultFileRegion;
import io.netty.handler.stream.ChunkedNioFile;
import io.vertx.core.Future;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Writes part of a file the caller has open to a socket. The public {@code NetSocket.sendFile} takes a path and
 * opens it again, so the bytes sent might come from another file than the one the caller checked; this writes from
 * the caller's own channel instead, the way {@code sendFile} does underneath: a Netty file region (zero-copy, from
 * the page cache to the socket) without TLS, Netty's chunked file over TLS, where the bytes must pass through the
 * encryption. Both need Vert.x's internal {@code NetSocketInternal.writeMessage}, used here and nowhere else.
 */
public final class OpenFileWrites {
  /**
   * Over TLS, a file is read and encrypted this many bytes at a time (measured: 64 KiB pieces cost the seeders a
   * third more CPU than 1 MiB ones). One piece per connection is in memory while it goes out.
   */
  private static final int TLS_PIECE = 1024 * 1024;

  private OpenFileWrites() {
  }

  /**
   * Writes {@code length} bytes of {@code file} from {@code offset}; completes once they are written. Over TLS the
   * chunked file closes {@code file} when done; either way the caller closes it once the future completes.
   */
  public static Future<Void> write(NetSocket socket, FileChannel file, long offset, int length) {
    NetSocketInternal internal = (NetSocketInternal) socket;
    if (socket.isSsl()) {
      try {
        return internal.writeMessage(new ChunkedNioFile(file, offset, length, TLS_PIECE));
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
    }
    // Retained: Netty releases the region once written, which would close the caller's channel under it.
    return internal.writeMessage(new DefaultFileRegion(file, offset, length).retain());
  }
}
