package p2pshare.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link FrameDecoder} the way {@link FrameStream} does, without a socket: bytes pushed in pieces, frames
 * and errors collected. A DATA frame comes out as a body like a JSON one (kind, request id, payload) so that tests
 * can compare what was sent with what came out.
 */
final class DecoderHarness {
  final List<Buffer> bodies = new ArrayList<>();
  final List<String> errors = new ArrayList<>();
  final FrameDecoder decoder;

  DecoderHarness(int maxFrameBytes, int maxDataBytes) {
    decoder = new FrameDecoder(maxFrameBytes, maxDataBytes, new FrameDecoder.Sink() {
      @Override
      public void frame(Frame frame) {
        if (frame.isData()) {
          byte[] payload = new byte[frame.data().remaining()];
          frame.data().get(payload);
          bodies.add(Buffer.buffer().appendByte(Frames.DATA).appendInt(frame.requestId()).appendBytes(payload));
        } else {
          bodies.add(frame.body());
        }
      }

      @Override
      public Future<ByteBuffer> dataTarget(int requestId, int length) {
        return Future.succeededFuture(ByteBuffer.allocate(length));
      }

      @Override
      public void broken(String why) {
        errors.add(why);
      }
    }, () -> { });
  }

  /** Decodes a piece; false once the decoder reads no more (it failed). */
  boolean push(Buffer piece) {
    ByteBuf in = Unpooled.wrappedBuffer(piece.getBytes());
    decoder.decode(in);
    return !decoder.failed();
  }
}
