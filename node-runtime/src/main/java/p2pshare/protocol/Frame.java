package p2pshare.protocol;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;

/**
 * One frame read off a connection: a JSON frame's whole body (kind byte first, see {@link Frames#jsonOf}), or the
 * payload of a DATA frame, ready to read, in the target buffer its reader chose, with the request id it answers.
 */
public record Frame(Buffer body, int requestId, ByteBuffer data) {
  public boolean isData() {
    return data != null;
  }
}
