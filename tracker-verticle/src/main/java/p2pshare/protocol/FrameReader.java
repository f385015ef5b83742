package p2pshare.protocol;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.core.streams.ReadStream;

/**
 * Splits a byte stream into frame bodies with a {@link RecordParser}: 4 bytes of length, then the body.
 * Pausing the reader pauses the socket underneath, so backpressure is kept. A length outside
 * 1..maxFrameBytes is reported once to the error handler and the reader stops; the owner closes the connection.
 */
public final class FrameReader {
  private final RecordParser parser;
  private final int maxFrameBytes;
  private final Handler<Buffer> onFrame;
  private final Handler<String> onError;
  private boolean inBody;
  private int expected;
  private boolean failed;

  public FrameReader(ReadStream<Buffer> in, int maxFrameBytes, Handler<Buffer> onFrame, Handler<String> onError) {
    this.maxFrameBytes = maxFrameBytes;
    this.onFrame = onFrame;
    this.onError = onError;
    this.parser = RecordParser.newFixed(4, in);
    parser.handler(this::onRecord);
  }

  private void onRecord(Buffer record) {
    if (failed) {
      return;
    }
    if (!inBody) {
      if (record.length() < 4) {
        return; // the stream ended inside a length prefix: nothing to deliver
      }
      int length = record.getInt(0);
      if (length <= 0 || length > maxFrameBytes) {
        failed = true;
        parser.pause();
        onError.handle("frame length " + Integer.toUnsignedString(length) + " outside 1.." + maxFrameBytes);
        return;
      }
      inBody = true;
      expected = length;
      parser.fixedSizeMode(length);
    } else {
      inBody = false;
      parser.fixedSizeMode(4);
      if (record.length() == expected) {
        onFrame.handle(record);
      } // else the stream ended inside a frame: a truncated frame is dropped
    }
  }

  public void pause() {
    parser.pause();
  }

  public void resume() {
    if (!failed) {
      parser.resume();
    }
  }
}
